from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import click

from ..io.atomic import write_new_text
from ..io.csvcells import safe_row
from ..io.loader import load_scenario
from ..model.numbers import as_given, days_figure, format_days, interval, number, share
from ..sim.montecarlo import simulate
from ..sim.results import ItemRow, SimulationResult
from ..sim.settings import RunSettings
from .common import answer, scenario_argument
from .options import progress_bar, simulation_options
from .table import table


@click.command()
@scenario_argument()
@simulation_options()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/simulate-json.md).")
@click.option("--items-csv", type=click.Path(dir_okay=False, writable=True),
              help="Also write every item's first awareness at every node to this new CSV file.")
@click.option("--force", is_flag=True, help="Let --items-csv replace an existing file.")
def simulate_command(file: str, settings: RunSettings, as_json: bool, items_csv: str | None,
                     force: bool) -> None:
    """Simulate how fast information reaches the statutory Directors, the Chief Executive and the
    Lead Members, and test the scenario's oversight standards."""
    loaded = load_scenario(file)
    if items_csv and Path(items_csv).exists() and not force:
        # Refused before the run, not after minutes of simulation.
        raise click.BadParameter(f"{items_csv} already exists; choose a new file name, or add "
                                 "--force to replace it", param_hint="--items-csv")
    with progress_bar(settings.replications) as progress:
        result = simulate(loaded.scenario, settings, loaded.content_hash, progress,
                          keep_items=items_csv is not None)
    if items_csv:
        write_new_text(Path(items_csv), items_csv_text(result.item_rows), force=True)
    answer(result, as_json, lambda: render(result))


simulate_command.name = "simulate"


def items_csv_text(rows: tuple[ItemRow, ...]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["replication", "item", "team", "kind", "arrival_day", "node", "known_day",
                     "days_to_awareness"])
    for r in rows:
        writer.writerow(safe_row([r.replication, r.item, r.team, r.kind, f"{r.arrival:.6f}",
                                  r.node, f"{r.known_at:.6f}", f"{r.known_at - r.arrival:.6f}"]))
    return out.getvalue()


# Terminal tables show figures in the fixed style: one decimal, '-' for a missing share.
_days = functools.partial(days_figure, fixed=True)
_share = functools.partial(share, fixed=True)


def render(result: SimulationResult) -> str:
    st, n = result.settings, result.settings.replications
    title = f"Simulation: {result.scenario_name}"
    lines = [title, "=" * len(title),
             f"  {n} replications of {as_given(st.horizon)} days, seed {st.seed}, "
             f"scenario hash {result.scenario_hash[:12]}, "
             f"{as_given(result.metrics.items_per_replication)} items per replication", "",
             "Days to awareness (all teams each person answers for)"]
    lines.append(table(
        ["who", "item", "items/run", "known", "mean", "p50", "p90", "p90 95% CI", "p99",
         "stale at meetings"],
        [(r.observer, r.item, number(r.items / n, fixed=True),
          _share(r.share_known_by_horizon.value), _days(r.mean_days.value),
          _days(r.p50_days.value), _days(r.p90_days.value), interval(r.p90_days.ci95, fixed=True),
          _days(r.p99_days.value), _days(r.staleness.at_meetings_mean))
         for r in result.rows if r.for_all_teams]))
    origin = [r for r in result.rows if not r.for_all_teams and r.item == "serious_incident"]
    if origin:
        lines += ["", "Serious incidents by unit of origin"]
        lines.append(table(["who", "from", "items/run", "mean", "p50", "p90", "p90 95% CI"],
                           [(r.observer, r.origin, number(r.items / n, fixed=True),
                             _days(r.mean_days.value), _days(r.p50_days.value),
                             _days(r.p90_days.value), interval(r.p90_days.ci95, fixed=True))
                            for r in origin]))
    lines += ["", "Standards", _standards_table(result)]
    if result.metrics.step_ins:
        lines += ["", "Step-in rights that fired"]
        lines.append(table(["right", "share of runs", "mean day"],
                           [(x.right, _share(x.share_of_replications), _days(x.mean_day))
                            for x in result.metrics.step_ins]))
    lines += ["", f"Findings ({len(result.findings)})"]
    lines += [f"  [{f.severity.value.upper()}] {f.title} ({f.citation})" for f in result.findings]
    if not result.findings:
        lines.append(f"  {nothing_found(result)}")
    lines += ["", "Assumptions"] + [f"  - {a}" for a in result.assumptions]
    return "\n".join(lines)


def nothing_found(result: SimulationResult) -> str:
    """What an empty list of findings means: every standard met, or that some (or all) could
    not be tested because no item of theirs arose, which is not the same thing."""
    standards = result.standards
    if not standards:
        return ("none, but nothing was tested: the scenario has no standards and no default "
                "applies (no team delivers a statutory function)")
    untested = [s.id for s in standards if s.met is None]
    if not result.metrics.items_per_replication:
        return ("none, but nothing could be tested: no item arose (no team has items, or the "
                "horizon is too short for any); lengthen --horizon or give the teams item rates")
    if len(untested) == len(standards):
        return ("none, but nothing could be tested: no item of any standard's kind arose within "
                "the horizon; lengthen --horizon")
    if untested:
        return (f"none among the {len(standards) - len(untested)} standard(s) tested; "
                f"{len(untested)} could not be tested, as no item of theirs arose within the "
                f"horizon: {', '.join(untested)}")
    return "none: every standard met"


def _standards_table(result: SimulationResult) -> str:
    return table(["standard", "who", "item", "within", "target", "achieved", "95% CI", "met"],
                 [(s.id, s.who, s.item, format_days(s.within_days), _share(s.target_share),
                   _share(s.share_within.value),
                   "" if not s.share_within.ci95 else
                   f"[{_share(s.share_within.ci95[0])}, {_share(s.share_within.ci95[1])}]",
                   {True: "yes", False: "NO", None: "-"}[s.met]) for s in result.standards])
