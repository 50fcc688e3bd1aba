"""The simulation options every simulating command shares (`simulate`, `compare`, `repair`,
`report`, `run`), gathered into one `RunSettings` argument."""

from __future__ import annotations

import contextlib
import functools
import os
import sys

import click

from ..model.units import parse_duration
from ..sim.budget import DEFAULT_MAX_ITEMS
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


SEED_HELP = {
    "simulate": "Seed; the same seed gives the same figures whatever --workers is.",
    "paired": "Seed of every scenario's run; its blocks of consecutive replications are paired "
              "across scenarios.",
    "paper": "Seed; recorded in the paper.",
}


def simulation_options(replications: int = 200, at_least: int = 1, seed_help: str = "simulate",
                       paired: bool = False):
    """-n/--replications, --seed, --horizon, --drain, --escalation-delay and -w/--workers (and for
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
    )

    def decorate(command):
        @functools.wraps(command)
        def with_settings(*args, replications, seed, horizon, drain, escalation_delay, workers,
                          max_items, min_replications=RunSettings.min_replications, **kwargs):
            settings = RunSettings(seed, replications, horizon, drain, escalation_delay, workers,
                                   min_replications, max_items=max_items)
            return command(*args, settings=settings, **kwargs)

        for option in reversed(options):
            with_settings = option(with_settings)
        return with_settings
    return decorate


@contextlib.contextmanager
def progress_bar(total: int, label: str = "replications"):
    """A progress bar on a terminal (stderr); silent when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
