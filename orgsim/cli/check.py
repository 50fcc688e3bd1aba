"""`orgsim check`: judge a scenario against the statutory guidance and print a RAG table."""

from __future__ import annotations


from datetime import date

import click

from ..analysis.checking import CheckReport, check_report
from ..analysis.metrics import StructureMetrics
from ..io.loader import load_scenario
from ..model.findings import Finding
from ..model.graph import OrgGraph
from ..model.numbers import cadence_name, days_figure, long_date
from ..rules.registry import PACKS, UnknownName
from .common import answer, scenario_argument
from .options import as_of_option
from .table import table

# Table cells name barnet-2014 mechanisms by letter; (b) holds two, so they keep a word.
SHORT_MECHANISM = {"(a) management agreement": "(a)", "(b) quarterly report": "(b) report",
                   "(b) step in": "(b) step-in", "(c) information right": "(c)",
                   "(d) safeguarding one to one": "(d)", "(e) board chair": "(e)",
                   "(f) joint appraisal": "(f)", "(g) audit programme": "(g)",
                   "assurance report": "assurance"}
RAG_LABEL = {"red": "RED", "amber": "AMBER", "green": "green", "not_assessed": "n/a"}


@click.command()
@scenario_argument()
@click.option("--pack", "packs", multiple=True, metavar="NAME",
              help="Check against this pack only (repeatable); default: chosen from the "
                   "scenario's jurisdiction and statutory roles. `orgsim rules` lists packs.")
@as_of_option
@click.option("--all", "show_all", is_flag=True, help="Show green rows too.")
@click.option("--json", "as_json", is_flag=True,
              help="Machine-readable output (schema in docs/check-json.md).")
def check(file: str, packs: tuple[str, ...], as_of: date | None, show_all: bool,
          as_json: bool) -> None:
    """Check FILE against the statutory guidance rule packs, with structure metrics.

    Prints each finding with its citation (document and paragraph), RAG rating, evidence and a
    suggested mitigation. Exit status: 1 when any finding is red, 0 otherwise (2 for usage errors).
    """
    loaded = load_scenario(file)
    graph = OrgGraph(loaded.scenario)
    try:
        report = check_report(loaded, graph, list(packs) or None, as_of, date.today())
    except UnknownName as exc:
        raise click.BadParameter(str(exc), param_hint="--pack") from None
    answer(report, as_json, lambda: render(report, graph, show_all), report.result.has_red)


def render(report: CheckReport, graph: OrgGraph, show_all: bool) -> str:
    name, files, result = report.loaded.scenario.name, report.files, report.result
    counts = result.counts()
    lines = [name, "=" * len(name), f"  file: {files[-1]}"
             + (f" (extends {', '.join(files[:-1])})" if files[:-1] else ""),
             f"  law applied: as in force on {long_date(result.as_of)} ({result.as_of_source})",
             "  packs: " + "; ".join(f"{s.pack} ({s.reason})" for s in result.packs),
             f"  findings: {counts['red']} red, {counts['amber']} amber, "
             f"{counts['not_assessed']} not assessed, {counts['green']} green"
             + ("" if show_all else " (green rows hidden; --all shows them)")]
    lines += [f"  on that date: {note}" for _, note in result.standings()]
    shown: list[Finding] = []
    for sel in result.packs:
        rows = [f for f in result.findings if f.pack == sel.pack
                and (show_all or f.severity.value != "green")]
        rows.sort(key=lambda f: f.severity.rank)
        lines += ["", f"{sel.pack}: {PACKS[sel.pack].title}"]
        if not rows:
            lines.append("  every rule is green")
            continue
        lines.append(table(["RAG", "finding", "citation", "requirement", "text on the date"],
                           [(RAG_LABEL[f.severity.value], f.id, str(f.citation), f.title,
                             standing_cell(f)) for f in rows]))
        shown += rows
    details = [f for f in shown if f.severity.value != "green" or show_all]
    if details:
        lines += ["", "Details"]
        for f in details:
            lines += ["", f"  [{RAG_LABEL[f.severity.value]}] {f.id} ({f.citation})",
                      f"    {f.explanation}"]
            lines += [f"    - {e}" for e in f.evidence]
            if f.departure:
                lines.append(f"    departure recorded: {f.departure}")
            if f.mitigation:
                lines.append(f"    mitigation: {f.mitigation}")
            if f.currency and f.currency.change:
                lines.append(f"    what the later framework says: {f.currency.change} "
                             f"({f.currency.successor_citation})")
    lines += render_superseded(result.superseded, show_all)
    lines += render_under_today(report)
    lines += ["", *render_metrics(report.metrics, graph)]
    return "\n".join(lines)


def standing_cell(f: Finding) -> str:
    """A finding's text on the day judged, in a few words: in force, replaced (and when), or not
    yet issued."""
    c = f.currency
    if c is None or c.status == "in_force":
        return "in force"
    if c.status == "not_yet_issued":
        return "not yet issued"
    return f"replaced {c.replaced:%b %Y}" if c.replaced else "replaced"


def render_superseded(superseded: tuple[Finding, ...], show_all: bool) -> list[str]:
    """The findings whose requirement no longer applied as such on the day: each with what the
    later framework asks instead. They are shown, never counted."""
    shown = [f for f in superseded if show_all or f.severity.value != "green"]
    if not superseded:
        return []
    lines = ["", f"Superseded on the date judged ({len(superseded)}, not counted above"
             + ("" if show_all or len(shown) == len(superseded)
                else f"; {len(superseded) - len(shown)} green hidden") + ")"]
    changes: dict[str, list[Finding]] = {}
    for f in superseded:
        changes.setdefault(f.currency.change or "", []).append(f)
    for change, found in changes.items():
        rated = [f for f in found if f in shown]
        lines.append(f"  {change} ({found[0].currency.successor_citation})")
        lines += [f"    - under the old text [{RAG_LABEL[f.severity.value]}] {f.id} "
                  f"({f.citation}): {f.title}" for f in rated]
    return lines


def render_under_today(report: CheckReport) -> list[str]:
    """Which findings today's framework would rate otherwise, when the day judged is another."""
    if report.today is None:
        return []
    found = report.under_today
    head = f"Under today's framework ({long_date(report.today.as_of)})"
    if not found:
        return ["", f"{head}: no finding would be rated otherwise."]
    rating = {None: "not counted", **RAG_LABEL}
    return ["", f"{head}, {len(found)} finding(s) would be rated otherwise "
            "(`--as-of` judges by any day's law):",
            table(["then", "today", "finding", "requirement", "why"],
                  [(rating[d.then], rating[d.now], d.id, d.title, d.why) for d in found])]


def render_timeliness(metrics: StructureMetrics) -> list[str]:
    """Worst-case days for safeguarding items per Director and unit, with units no route
    reaches flagged."""
    if not metrics.timeliness:
        return []
    rows = [(t.director, t.unit, t.kind,
             days_figure(t.worst_case_days, fixed=True, missing="NO ROUTE"),
             ", ".join(t.unreachable_teams) or "-") for t in metrics.timeliness]
    cut = sum(1 for t in metrics.timeliness if t.unreachable_teams)
    return ["  timeliness: the latest a unit's safeguarding items can reach its Director (the "
            "slowest team's route; `simulate` gives the distribution)"
            + (f"; {cut} unit-item pair(s) with a team no route reaches" if cut else ""),
            table(["director", "unit", "item", "worst case (days)", "teams with no route"], rows)]


def render_metrics(metrics: StructureMetrics, graph: OrgGraph) -> list[str]:
    lines = ["Structure metrics (routes as the simulation moves items: channels carrying the kind, "
             "meetings of bodies it is tabled to, line escalation; worst case from cut-offs and "
             "lags)"]
    rows = []
    for p in metrics.paths:
        w = p.worst
        if w is None:
            continue
        rows.append((p.function, p.director, p.kind, w.team,
                     "-" if w.hops is None else w.hops,
                     "-" if w.slowest_cadence_days is None
                     else cadence_name(w.slowest_cadence_days, whole_units=False),
                     days_figure(w.worst_case_days, fixed=True, missing="no route")))
    if rows:
        lines.append(table(["function", "director", "item", "worst-served team", "hops",
                            "slowest cadence", "worst case (days)"], rows))
    else:
        lines.append("  no team delivers a statutory function")
    lines += render_timeliness(metrics)
    lines.append(f"  splits between line management and accountability: {metrics.splits}")
    if metrics.compensation:
        lines.append(table(["post or team", "answers to", "line manager", "compensation missing",
                            "barnet-2014 mechanisms present"],
                           [(c.node, c.director, c.line_chain[0] if c.line_chain else "(none)",
                             ", ".join(c.missing) or "none",
                             ", ".join(SHORT_MECHANISM.get(m, m) for m in c.mechanisms) or "none")
                            for c in metrics.compensation]))
    spof = metrics.single_points_of_failure
    lines.append(f"  single points of failure: {len(spof)}")
    if spof:
        lines.append(table(["post vacant", "director cut off", "function", "items", "teams"],
                           [(s.post, s.director, s.function, ", ".join(s.kinds),
                             ", ".join(s.teams)) for s in spof]))
    widest = sorted(metrics.span_of_control.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    if widest:
        lines.append("  widest spans of control: " + ", ".join(
            f"{graph.title(p)} ({p}) {n}" for p, n in widest))
    return lines
