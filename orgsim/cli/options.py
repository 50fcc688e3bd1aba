"""The simulation options every simulating command shares (`simulate`, `compare`, `repair`,
`report`, `run`), gathered into one `RunSettings` argument."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from datetime import date

import click

from ..model.units import parse_duration
from ..sim.budget import DEFAULT_MAX_ITEMS
from ..sim.executor import LOCAL, check_cluster
from ..sim.settings import ESCALATION_DELAY_DAYS, RunSettings


class Duration(click.ParamType):
    name = "duration"

    def __init__(self, positive: bool = False):
        self.positive = positive  # a horizon of 0 days simulates nothing and tests nothing

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            days = value
        else:
            try:
                days = parse_duration(value)
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
        if self.positive and days <= 0:
            self.fail("must be longer than 0 days; write a period such as 1y or 400d", param,
                      ctx)
        return days


class Day(click.ParamType):
    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2014-09-01",
                      param, ctx)


def as_of_option(command):
    """--as-of DATE: judge by the law in force on that day instead of the scenario's own date."""
    return click.option(
        "--as-of", "as_of", type=Day(), default=None, metavar="YYYY-MM-DD",
        help="Judge by the law in force on this date; default: each scenario's own `as_of`, "
             "else today.")(command)


SEED_HELP = {
    "simulate": "Seed; the same seed gives the same figures whatever --workers is.",
    "paired": "Seed of every scenario's run; its blocks of consecutive replications are paired "
              "across scenarios.",
    "paper": "Seed; recorded in the paper.",
}


def simulation_options(replications: int = 200, at_least: int = 1, seed_help: str = "simulate",
                       paired: bool = False):
    """-n/--replications, --seed, --horizon, --drain, --escalation-delay, -w/--workers and
    --scheduler / --cluster (where the tasks run; and for
    commands that compare scenarios in paired blocks, --min-replications), passed to the command
    as one `settings: RunSettings` keyword argument."""
    runs = ("Simulated runs of the horizon per scenario; where options are compared, the most: "
            "blocks are added until every verdict is settled or this is reached." if paired else
            "Simulated runs of the horizon.")
    first = click.option(
        "--min-replications", type=click.IntRange(min=2), default=RunSettings.min_replications,
        show_default=True,
        help="Replications per scenario before the first look at the verdicts.")
    options = (
        click.option("--replications", "-n", type=click.IntRange(min=at_least),
                     default=replications, show_default=True, help=runs),
        *((first,) if paired else ()),
        click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
                     help=SEED_HELP[seed_help]),
        click.option("--horizon", type=Duration(positive=True), default="3y", show_default=True,
                     help="Length of each run over which items arise (e.g. 3y, 18m, 400d)."),
        click.option("--drain", type=Duration(), default="1y", show_default=True,
                     help="Extra time after the horizon, with no new items, for late items to "
                          "arrive."),
        click.option("--escalation-delay", type=Duration(), default=f"{ESCALATION_DELAY_DAYS}d",
                     show_default=True,
                     help="Mean delay of an escalation up the line (an assumption: the guidance "
                          "fixes no figure)."),
        click.option("--workers", "-w", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                     show_default="number of CPUs",
                     help="Worker processes; the figures do not depend on their number."),
        click.option("--max-items", type=click.IntRange(min=1), default=DEFAULT_MAX_ITEMS,
                     show_default=True,
                     help="Refuse, before running, a simulation whose replications would each "
                          "draw more items than this (rate x horizon, summed over teams)."),
        click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
                     help="Run the replication blocks on the Dask cluster of this scheduler "
                          "(docs/sensitivity.md); the figures are the same as on the pool."),
        click.option("--cluster", type=click.Choice([LOCAL]), default=None,
                     help="`local`: run them on a Dask cluster of --workers processes started "
                          "on this machine (no faster than the default pool; for trying a "
                          "cluster run)."),
    )

    def decorate(command):
        @functools.wraps(command)
        def with_settings(*args, replications, seed, horizon, drain, escalation_delay, workers,
                          max_items, scheduler, cluster,
                          min_replications=RunSettings.min_replications, **kwargs):
            settings = RunSettings(seed, replications, horizon, drain, escalation_delay, workers,
                                   min_replications, max_items=max_items,
                                   cluster=_cluster(scheduler, cluster))
            return command(*args, settings=settings, **kwargs)

        for option in reversed(options):
            with_settings = option(with_settings)
        return with_settings
    return decorate


def _cluster(scheduler: str | None, cluster: str | None) -> str | None:
    if scheduler and cluster:
        raise click.UsageError("give --scheduler or --cluster local, not both")
    try:
        return check_cluster(scheduler or cluster)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--scheduler") from None


@contextlib.contextmanager
def progress_bar(total: int, label: str = "replications"):
    """A progress bar on a terminal (stderr); silent when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
