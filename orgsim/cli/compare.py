"""`orgsim compare BASE OPTION [OPTION...]`: structure, checks and simulated oversight, side by side."""

from __future__ import annotations

from datetime import date

import click

from ..analysis.blocks import describe
from ..analysis.compare import Comparison, OptionComparison, compare
from ..analysis.materiality import Verdict
from ..io.loader import load_scenario
from ..io.yamlsource import display_name
from ..model.numbers import as_given, long_date, share, signed_days, signed_share
from ..model.vocab import role_label
from ..sim.settings import RunSettings
from .common import answer, default_baseline
from .options import as_of_option, progress_bar, simulation_options
from .table import table


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False),
                metavar="[BASE] OPTION [OPTION...]")
@simulation_options(at_least=2, seed_help="paired", paired=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/compare-json.md).")
@click.option("--all-rows", is_flag=True, help="Show unchanged simulation rows too.")
@as_of_option
def compare_command(files: tuple[str, ...], settings: RunSettings, as_json: bool,
                    all_rows: bool, as_of: date | None) -> None:
    """Compare restructure OPTIONS with the BASE structure: what moves, which checks fail anew, and
    whether the statutory Directors learn of things later (with 95% intervals of the change).
    With one file, BASE is the file its `extends` names.

    Exit status: 1 when any option raises a red (a new red check or a red weakening), else 0.
    """
    if len(files) == 1:
        loaded = [load_scenario(files[0])]
        loaded_base = load_scenario(default_baseline(loaded[0], "compare BASE OPTION"))
    else:
        loaded_base = load_scenario(files[0])
        loaded = [load_scenario(o) for o in files[1:]]
    loaded_base, loaded = loaded_base.judged_on(as_of), [o.judged_on(as_of) for o in loaded]
    with progress_bar(settings.replications * (1 + len(loaded))) as progress:
        result = compare((display_name(loaded_base.path), loaded_base.scenario),
                         [(display_name(o.path), o.scenario) for o in loaded], settings, progress)
    answer(result, as_json, lambda: render(result, all_rows), result.raises_red)


compare_command.name = "compare"


def _cell(row, metric: str) -> str:
    c = row.change(metric)
    if c is None:
        return "-"
    if metric.endswith("_days"):
        return (f"{c.days_text(c.base)} -> {c.days_text(c.option)} "
                f"[{signed_days(c.ci[0])}, {signed_days(c.ci[1])}]")
    return (f"{share(c.base, fixed=True)} -> {share(c.option, fixed=True)} "
            f"[{signed_share(c.ci[0], 0)}, {signed_share(c.ci[1], 0)}]")


def law_dates(as_of: tuple[date | None, date | None]) -> str:
    """Which day's law judged the baseline and the option, in words."""
    base, option = (long_date(d) if d else "today" for d in as_of)
    return f"by the law in force on {option}" if base == option else \
        f"the baseline by the law in force on {base}, the option on {option}"


def render_option(o: OptionComparison, all_rows: bool) -> list[str]:
    red, amber, _ = o.rank_key()
    lines = [f"Option: {o.name} ({o.label})", f"  {red} red, {amber} amber; "
             f"{len(o.weakenings)} weakenings, {len(o.strengthenings)} strengthenings; "
             f"{len(o.checks.new)} new findings, {len(o.checks.resolved)} resolved", "",
             "  Structure"]
    if o.structure.equal:
        lines.append("    no structural difference (channels matched by what they do, not by name)")
    lines += [f"    - {c.text}" for c in o.structure.changes]
    lines += ["", "  Checks (" + law_dates(o.checks.as_of) + ")"]
    for label, found in (("new", o.checks.new), ("resolved", o.checks.resolved)):
        for f in found:
            lines.append(f"    {label:9} [{f.severity.value.upper()}] {f.id} ({f.citation}): {f.title}")
    if o.checks.unchanged:
        lines.append(f"    {len(o.checks.unchanged)} findings raised in both, unchanged "
                     "(`orgsim check` lists them)")
    if not (o.checks.new or o.checks.resolved or o.checks.unchanged):
        lines.append("    no findings raised in either")
    rows = [r for r in o.rows if all_rows or r.verdict != Verdict.no_material_change]
    lines += ["", "  Simulation (baseline -> option, [interval of the change at the deciding look])"]
    if rows:
        lines.append(table(["director", "item", "from", "change", "share known", "p50 days",
                            "p90 days", "within standard"],
                           [(role_label(r.role).article.removeprefix("the "), r.item, r.origin, r.verdict.label,
                             _cell(r, "share_known"), _cell(r, "p50_days"), _cell(r, "p90_days"),
                             _cell(r, "share_within")) for r in rows]))
    else:
        lines.append("    no change beyond the intervals")
    if o.weakenings or o.strengthenings:
        lines += ["", "  Findings"]
    for f in (*o.weakenings, *o.strengthenings):
        lines.append(f"    [{f.severity.value.upper()}] {f.title} ({f.citation})")
    if o.notes:
        lines += ["", "  Notes"] + [f"    - {n}" for n in o.notes]
    return lines


def render(result: Comparison, all_rows: bool = False) -> str:
    s = result.settings
    title = f"Comparison with {result.base_name} ({result.base_label})"
    lines = [title, "=" * len(title),
             f"  {result.replications} replications per scenario (cap {s.replications}), horizon "
             f"{as_given(s.horizon)} days. {describe(s, result.replications)}",
             "  ranking (fewest red, then amber, weakenings first): "
             + ", ".join(f"{i + 1}. {o.label}" for i, o in enumerate(result.options)), ""]
    for o in result.options:
        lines += render_option(o, all_rows) + [""]
    return "\n".join(lines)
