"""`orgsim repair OPTION [--against BASE]`: the least set of protocol mechanisms that restores the
statutory Directors' oversight, as a YAML snippet for the option file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..analysis.materiality import Verdict
from ..analysis.repair import DEFAULT_SEARCH_REPLICATIONS, RepairResult, repair
from ..io.atomic import write_new_text
from ..io.loader import load_scenario
from .common import answer, default_baseline
from ..sim.settings import RunSettings
from .options import as_of_option, simulation_options


@click.command()
@click.argument("option", type=click.Path(exists=True, dir_okay=False))
@click.option("--against", "base", type=click.Path(exists=True, dir_okay=False),
              help="The baseline scenario the option must do as well as (default: the file "
                   "the option's `extends` names).")
@simulation_options(at_least=2, seed_help="paired", paired=True)
@click.option("--search-replications", type=click.IntRange(min=2),
              default=DEFAULT_SEARCH_REPLICATIONS, show_default=True,
              help="Replications per trial while searching (at most --replications); the result "
                   "is verified at --replications with the same seed, and the search goes on at "
                   "that count if problems remain.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the YAML snippet to this new file (never replaces an existing one).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@as_of_option
def repair_command(option: str, base: str | None, settings: RunSettings, search_replications: int,
                   output: str | None, as_json: bool, as_of: date | None) -> None:
    """Search the menu of mechanisms (one-to-ones, immediate notification, information rights,
    board membership, faster reports, accountability with a management agreement, step-in; and
    for red checks a direct line to the Chief Executive, a management team seat, direct access to
    members) for the smallest set that clears the option's new red checks and weakenings against
    BASE. Trials run in parallel across --workers; the result does not depend on their number.

    Exit status: 1 when something remains unrepaired, else 0.
    """
    loaded = load_scenario(option)
    loaded_base = load_scenario(base or default_baseline(loaded, "repair OPTION --against BASE"))
    loaded, loaded_base = loaded.judged_on(as_of), loaded_base.judged_on(as_of)
    if output and Path(output).exists():
        raise click.BadParameter(f"{output} already exists; choose a new file name",
                                 param_hint="-o")
    say = (lambda m: click.echo(f"  {m}", err=True)) if sys.stderr.isatty() and not as_json \
        else None
    result = repair(loaded_base.scenario, loaded.scenario, settings, search_replications,
                    option, say)
    if output:
        write_new_text(Path(output), result.snippet)
    answer(result, as_json, lambda: render(result, output), bool(result.unrepaired))


repair_command.name = "repair"


def render(r: RepairResult, output: str | None) -> str:
    title = f"Repair of {r.after.result.name}"
    lines = [title, "=" * len(title),
             f"  search: {r.method}; {r.search_settings.replications} replications per trial; "
             f"{r.simulations} scenario simulations in all",
             f"  verification: seed {r.settings.seed}, {r.settings.replications} replications, "
             f"horizon {r.settings.horizon:g} days (as `orgsim compare` with the same settings)",
             f"  problems (new red checks + weakenings): {r.before.problems} -> {r.after.problems}",
             f"  mechanisms: {len(r.mechanisms)}, meeting time {r.after.hours:g} hours a year", ""]
    lines += ["Mechanisms"] + [f"  - {m.kind}: {m.text} ({m.citation})" for m in r.mechanisms]
    lines += ["", "Steps"] + [f"  - {s}" for s in r.steps] + [""]
    lines += ["Before -> after (serious kinds and anything that weakened)"]
    after = {(x.role, x.item, x.origin): x for x in r.after.result.rows}
    for row in r.before.result.rows:
        if row.verdict != Verdict.material_weakening:
            continue
        now = after.get((row.role, row.item, row.origin))
        p90, p90n = row.change("p90_days"), now.change("p90_days") if now else None
        if p90 and p90n:
            lines.append(f"  {row.role} {row.item} from {row.origin}: p90 "
                         f"{p90.days_text(p90.base)} days (baseline); option "
                         f"{p90.days_text(p90.option)} -> repaired {p90n.days_text(p90n.option)} "
                         f"({now.verdict.label})")
    if r.no_menu_remedy:
        lines += ["", "New red checks the menu has no mechanism for (a structural change is "
                      "needed)"]
        lines += [f"  - {u}" for u in r.no_menu_remedy]
    if r.unrepaired:
        lines += ["", "Not repaired"]
        lines += [f"  - {u}" for u in r.unrepaired]
    lines += ["", f"Snippet{' (written to ' + output + ')' if output else ''}", "", r.snippet]
    return "\n".join(lines)
