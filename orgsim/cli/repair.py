"""`orgsim repair OPTION --against BASE`: the least set of protocol mechanisms that restores the
statutory Directors' oversight, as a YAML snippet for the option file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..analysis.compare import CompareSettings
from ..analysis.repair import RepairResult, repair
from ..io.atomic import write_new_text
from ..io.loader import load_scenario
from .common import echo_json
from .compare import simulation_options


@click.command()
@click.argument("option", type=click.Path(exists=True, dir_okay=False))
@click.option("--against", "base", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The baseline scenario the option must do as well as.")
@simulation_options
@click.option("--search-replications", type=click.IntRange(min=2), default=20, show_default=True,
              help="Replications per scenario while searching; the result is verified at "
                   "--replications.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the YAML snippet to this new file (never replaces an existing one).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def repair_command(option: str, base: str, replications: int, seed: int, horizon: float,
                   drain: float, workers: int, search_replications: int, output: str | None,
                   as_json: bool) -> None:
    """Search the menu of mechanisms (one-to-ones, immediate notification, information rights,
    board membership, faster reports, accountability with a management agreement, step-in) for
    the smallest set that clears the option's new red checks and weakenings against BASE.

    Exit status: 1 when something remains unrepaired, else 0.
    """
    loaded_base, loaded = load_scenario(base), load_scenario(option)
    if output and Path(output).exists():
        raise click.BadParameter(f"{output} already exists; choose a new file name",
                                 param_hint="-o")
    settings = CompareSettings(seed, replications, horizon, drain, 0.25, workers)
    say = (lambda m: click.echo(f"  {m}", err=True)) if sys.stderr.isatty() and not as_json \
        else None
    result = repair(loaded_base.scenario, loaded.scenario, settings, search_replications,
                    option, say)
    if output:
        write_new_text(Path(output), result.snippet)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(render(result, output))
    if result.unrepaired:
        sys.exit(1)


repair_command.name = "repair"


def render(r: RepairResult, output: str | None) -> str:
    title = f"Repair of {r.after.result.name}"
    lines = [title, "=" * len(title),
             f"  search: {r.method}; {r.search_settings.replications} replications per trial",
             f"  verification: seed {r.settings.seed}, {r.settings.replications} replications, "
             f"horizon {r.settings.horizon:g} days",
             f"  problems (new red checks + weakenings): {r.before.problems} -> {r.after.problems}",
             f"  mechanisms: {len(r.mechanisms)}, meeting time {r.after.hours:g} hours a year", ""]
    lines += ["Steps"] + [f"  - {s}" for s in r.steps] + [""]
    lines += ["Before -> after (serious kinds and anything that weakened)"]
    after = {(x.role, x.item, x.origin): x for x in r.after.result.rows}
    for row in r.before.result.rows:
        if row.verdict != "worse":
            continue
        now = after.get((row.role, row.item, row.origin))
        p90, p90n = row.change("p90_days"), now.change("p90_days") if now else None
        if p90 and p90n:
            lines.append(f"  {row.role} {row.item} from {row.origin}: p90 {p90.base:.1f} days "
                         f"(baseline); option {p90.option:.1f} -> repaired {p90n.option:.1f} "
                         f"({now.verdict})")
    if r.unrepaired:
        lines += ["", "Not repaired by the menu (a structural change is needed)"]
        lines += [f"  - {u}" for u in r.unrepaired]
    lines += ["", f"Snippet{' (written to ' + output + ')' if output else ''}", "", r.snippet]
    return "\n".join(lines)
