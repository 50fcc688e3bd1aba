from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
from pathlib import Path

import click

from ..io.atomic import write_new_text
from ..io.loader import load_scenario
from ..model.units import format_days, parse_duration
from ..sim.montecarlo import ItemRow, RunSettings, SimulationResult, simulate
from .common import echo_json, scenario_argument
from .table import table


class _Duration(click.ParamType):
    name = "duration"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@click.command()
@scenario_argument()
@click.option("--replications", "-n", type=click.IntRange(min=1), default=200, show_default=True,
              help="Simulated runs of the horizon.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Seed; the same seed gives the same figures whatever --workers is.")
@click.option("--horizon", type=_Duration(), default="3y", show_default=True,
              help="Length of each run over which items arise (e.g. 3y, 18m, 400d).")
@click.option("--drain", type=_Duration(), default="1y", show_default=True,
              help="Extra time after the horizon, with no new items, for late items to arrive.")
@click.option("--escalation-delay", type=_Duration(), default="0.25d", show_default=True,
              help="Mean delay of an escalation up the line.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="number of CPUs", help="Worker processes.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/simulate-json.md).")
@click.option("--items-csv", type=click.Path(dir_okay=False, writable=True),
              help="Also write every item's first awareness at every node to this new CSV file.")
@click.option("--force", is_flag=True, help="Let --items-csv replace an existing file.")
def simulate_command(file: str, replications: int, seed: int, horizon: float, drain: float,
                     escalation_delay: float, workers: int, as_json: bool,
                     items_csv: str | None, force: bool) -> None:
    """Simulate how fast information reaches the statutory Directors, the Chief Executive and the
    Lead Members, and test the scenario's oversight standards."""
    loaded = load_scenario(file)
    if items_csv and Path(items_csv).exists() and not force:
        # Refused before the run, not after minutes of simulation.
        raise click.BadParameter(f"{items_csv} already exists; choose a new file name, or add "
                                 "--force to replace it", param_hint="--items-csv")
    settings = RunSettings(seed, replications, horizon, drain, escalation_delay, workers)
    with _progress(replications) as progress:
        result = simulate(loaded.scenario, settings, loaded.content_hash, progress,
                          keep_items=items_csv is not None)
    if items_csv:
        write_new_text(Path(items_csv), items_csv_text(result.item_rows), force=True)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(render(result))


simulate_command.name = "simulate"


@contextlib.contextmanager
def _progress(total: int):
    """A progress bar on a terminal (stderr); silent when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="replications", file=sys.stderr) as bar:
        yield bar.update


def items_csv_text(rows: tuple[ItemRow, ...]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["replication", "item", "team", "kind", "arrival_day", "node", "known_day",
                     "days_to_awareness"])
    for r in rows:
        writer.writerow([r.replication, r.item, r.team, r.kind, f"{r.arrival:.6f}", r.node,
                         f"{r.known_at:.6f}", f"{r.known_at - r.arrival:.6f}"])
    return out.getvalue()


def _days(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ci(ci: list | None) -> str:
    if not ci:
        return ""
    high = "inf" if ci[1] is None else f"{ci[1]:.1f}"
    return f"[{ci[0]:.1f}, {high}]"


def render(result: SimulationResult) -> str:
    d = result.to_dict()
    title = f"Simulation: {d['scenario']['name']}"
    lines = [title, "=" * len(title),
             f"  {d['replications']} replications of {d['horizon_days']:g} days, seed {d['seed']}, "
             f"scenario hash {d['scenario']['hash'][:12]}, "
             f"{d['items_per_replication']:g} items per replication", "",
             "Days to awareness (all teams each person answers for)"]
    rows = [r for r in d["metrics"] if r["origin"] == "all"]
    lines.append(table(
        ["who", "item", "items/run", "known", "mean", "p50", "p90", "p90 95% CI", "p99",
         "stale at meetings"],
        [(r["observer"], r["item"], f"{r['items'] / d['replications']:.1f}",
          _share(r["share_known_by_horizon"]), _days(r["mean_days"]), _days(r["p50_days"]),
          _days(r["p90_days"]), _ci(r["p90_days_ci95"]), _days(r["p99_days"]),
          _days(r["staleness_at_meetings_mean_days"])) for r in rows]))
    origin = [r for r in d["metrics"] if r["origin"] != "all" and r["item"] == "serious_incident"]
    if origin:
        lines += ["", "Serious incidents by unit of origin"]
        lines.append(table(["who", "from", "items/run", "mean", "p50", "p90", "p90 95% CI"],
                           [(r["observer"], r["origin"], f"{r['items'] / d['replications']:.1f}",
                             _days(r["mean_days"]), _days(r["p50_days"]), _days(r["p90_days"]),
                             _ci(r["p90_days_ci95"])) for r in origin]))
    lines += ["", "Standards"]
    lines.append(table(["standard", "who", "item", "within", "target", "achieved", "95% CI", "met"],
                       [(s["id"], s["who"], s["item"], format_days(s["within_days"]),
                         _share(s["target_share"]), _share(s["share_within"]),
                         "" if not s["share_within_ci95"] else
                         f"[{_share(s['share_within_ci95'][0])}, "
                         f"{_share(s['share_within_ci95'][1])}]",
                         {True: "yes", False: "NO", None: "-"}[s["met"]])
                        for s in d["standards"]]))
    if d["step_ins"]:
        lines += ["", "Step-in rights that fired"]
        lines.append(table(["right", "share of runs", "mean day"],
                           [(k, _share(v["share_of_replications"]), _days(v["mean_day"]))
                            for k, v in d["step_ins"].items()]))
    lines += ["", f"Findings ({len(d['findings'])})"]
    for f in d["findings"]:
        lines.append(f"  [{f['severity'].upper()}] {f['title']} ({f['citation']})")
    if not d["findings"]:
        lines.append("  none: every standard met")
    lines += ["", "Assumptions"] + [f"  - {a}" for a in d["assumptions"]]
    return "\n".join(lines)
