"""The committee paper (one self-contained HTML page: inline CSS, SVG and script, nothing fetched)
and the `index.html` of a run, rendered with Jinja2 templates (`templates/`).

This module turns an `Analysis` into the templates' context: plain strings and numbers, every id
replaced by its label (`wording.Wording`), every figure formatted for people (`model.numbers`),
every citation numbered against the references list (`wording.References`). The templates escape
everything they print (autoescape), so a title such as `<b>"Director" & co</b>` prints literally.

The order of the paper: the decision (page 1), what repair found, the options compared, the
findings, the line-of-sight diagrams, time to awareness, structure, then any optional sections
(`extra`, e.g. a sensitivity analysis), the assumptions, method and glossary, references,
reproducibility, and the annexes (evidence, all structure changes, whole-council diagrams).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from html import escape, unescape
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..analysis.blocks import describe
from ..analysis.materiality import assumptions as materiality_assumptions
from ..model.findings import Finding, Rating
from ..model.numbers import (days, duration_words, interval, long_date, number, share,
                             signed_days)
from ..model.reach import step_text
from ..model.vocab import DIRECTOR_ROLES, ITEM_KINDS, function_label, item_label, role_label
from ..records import Analysis, Diagram, ScenarioAnalysis
from ..rules.currency import standing
from ..rules.registry import PACKS
from ..rules.structure import slowest_route
from ..sim.results import ALL
from . import plots
from .decision import DEFINITIONS, VERDICT_RULE, Decision, decide, red, short_labels
from .explore import relations
from .wording import References, Wording

RAG_TEXT = {"red": "RED", "amber": "AMBER", "green": "GREEN", "not_assessed": "NOT ASSESSED"}
STRUCTURE_CHANGES = 12  # in the body; Annex C lists every change
REASONS = 5  # at most, per option, on page 1
EVIDENCE_LINES = 8  # per finding in Annex A; the results files keep every line
HEADLINE_KINDS = ("serious_incident", "safeguarding_concern")
TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    return env


def load_templates() -> None:
    """Compile the paper's and the index's templates now (the environment keeps them), for a
    run to do while it simulates rather than when it writes the paper."""
    for name in ("paper.html.j2", "index.html.j2"):
        environment().get_template(name)


def asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Section:
    """An optional section another part of orgsim adds to the paper (a sensitivity analysis):
    its anchor, heading and body, which must be HTML already escaped."""

    anchor: str
    title: str
    html: str


# --- the words of the paper ---------------------------------------------------------------------

class Writer:
    """Everything a section needs to word the run: labels, references, short option names."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        # Each scenario's own words: an option may retitle a post or rename a channel that keeps
        # its id, so text about the option reads the option's titles. The simulation's
        # standards (orgsim's defaults among them) by their ids.
        self.words = {s.label: Wording([s.graph], {
            x.id: f"the standard for {item_label(x.item).plural}" for x in s.simulation.standards})
            for s in analysis.scenarios}
        self.say = self.words[analysis.baseline.label]
        self.short = short_labels(analysis)
        self.decisions = decide(analysis)
        self.refs = References(_citations(analysis))

    def cite(self, citation: object) -> str:
        return self.refs.cite(citation)

    def text(self, text: object, scenario: ScenarioAnalysis | str | None = None) -> str:
        """Finding and result text in the paper's words (the scenario's, the baseline's when
        none is named), citations numbered."""
        label = scenario.label if isinstance(scenario, ScenarioAnalysis) else scenario
        return self.words.get(label, self.say)(self.refs.cite(text))


def _citations(analysis: Analysis) -> list[str]:
    out: list[str] = []
    for s in analysis.scenarios:
        for f in (*s.findings, *s.check.result.superseded):
            out += [str(f.citation), f.explanation, f.mitigation or "", *f.evidence]
        out += [x.citation for x in s.simulation.standards]
    cmp = analysis.comparison
    if cmp is not None:
        for o in cmp.options:
            out += [str(f.citation) for f in (*o.weakenings, *o.strengthenings)]
    for _, r in analysis.repairs:
        out += [m.citation for m in r.mechanisms]
    return out


def _rag(rating: Rating | str) -> dict:
    value = rating.value if isinstance(rating, Rating) else rating
    return {"value": value, "text": RAG_TEXT.get(value, value.upper())}


def _list_words(items: Sequence[str], limit: int = 4) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 2 more'."""
    items = list(dict.fromkeys(items))
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{number(n)} {one if n == 1 else (many or one + 's')}"


# --- groups of findings ---------------------------------------------------------------------------

@dataclass
class Group:
    """Findings of one rule with one rating and mitigation, for the posts and teams they name."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def first(self) -> Finding:
        return self.findings[0]


def grouped(findings: Iterable[Finding]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for f in sorted(findings, key=lambda f: f.severity.rank):
        key = (f.severity, f.title, str(f.citation), f.mitigation or "",
               getattr(f, "departure", None) or "")
        groups.setdefault(key, Group()).findings.append(f)
    return list(groups.values())


def _where(w: Writer, s: ScenarioAnalysis, group: Group) -> list[str]:
    return [s.graph.title(f.nodes[0]) if f.nodes and s.graph.has(f.nodes[0]) else w.text(f.title, s)
            for f in group.findings]


def finding_row(w: Writer, s: ScenarioAnalysis, group: Group, annex: dict[str, int]) -> dict:
    f = group.first
    where = _where(w, s, group)
    more = len(group.findings) > 1
    return {"rag": _rag(f.severity), "title": w.text(f.title, s),
            "explanation": w.text(f.explanation, s) + (" The others are alike." if more else ""),
            "where": _list_words(where, 8) if more else "",
            "departure": w.text(getattr(f, "departure", None) or "", s),
            "cite": w.cite(f.citation), "mitigation": w.text(f.mitigation or "none offered", s),
            "annex": annex.get(f.id)}


# --- page 1: the decision -------------------------------------------------------------------------

def _p90_phrase(c, horizon: float) -> tuple[str, str]:
    def one(value: float) -> str:
        if c.is_never(value):
            return "fewer than 90% ever do"
        if value > horizon:
            return "in some runs fewer than 90% do within the simulated period"
        return f"90% within {days(value)}"
    return one(c.base), one(c.option)


def weakening_sentence(w: Writer, row, finding: Finding, option_name: str) -> str:
    who = role_label(row.role).article
    what = item_label(row.item).plural
    where = "all the teams in the remit" if row.origin == ALL else w.say(row.origin)
    c = row.change("p90_days")
    share_within = row.change("share_within")
    if share_within is not None and share_within.verdict.material and row.standard:
        figure = (f"{share(share_within.base)} of them are known within "
                  f"{duration_words(row.standard.within_days, years=False, places=1)} now, "
                  f"{share(share_within.option)} under {option_name}")
    elif c is not None:
        now, then = _p90_phrase(c, w.analysis.settings.run.horizon)
        figure = f"now {now}; under {option_name}, {then}"
    else:
        known = row.change("share_known")
        figure = (f"{share(known.base)} are ever known now, {share(known.option)} under "
                  f"{option_name}") if known else "the figures are in section 3"
    return (f"{who[:1].upper()}{who[1:]} would learn of {what} from {where} later: {figure} "
            f"({w.cite(finding.citation)}).")


def reasons(w: Writer, d: Decision) -> list[str]:
    """The three to five reasons that carry an option's verdict, in sentences."""
    name = w.short[d.scenario.label]
    out: list[str] = []
    o = d.comparison
    if o is None:
        for g in grouped(red(d.scenario.check.findings))[:3]:
            out.append(_check_sentence(w, d.scenario, g))
        return out or ["It fails no statutory check and misses no oversight standard."]
    for g in grouped(o.checks.new_red)[:2]:
        out.append(_check_sentence(w, d.scenario, g))
    weak = sorted(zip(o.weakened_rows, o.weakenings),
                  key=lambda rf: (rf[1].severity.rank, _severity_order(rf[0].item),
                                  rf[0].origin == ALL))
    for row, f in [rf for rf in weak if rf[0].origin != ALL][:2]:
        out.append(weakening_sentence(w, row, f, name))
    t = d.tally
    # the repair's result carries the verdict: it always has its place among the reasons
    closing: list[str] = []
    if t.weakenings > 2:
        closing.append(f"In all, {_count(t.weakenings, 'material weakening')} of the statutory "
                       f"Directors' oversight ({number(t.red_weakenings)} of them red) and "
                       f"{_count(t.new_checks_failed, 'statutory check')} failed that the "
                       "baseline passes.")
    r = d.repair
    if r is not None and t.problems:
        if r.after.problems == 0:
            closing.append(f"The repair search found {_count(len(r.mechanisms), 'mechanism')} that "
                           f"clear all {_count(r.before.problems, 'problem')}, at "
                           f"{number(r.after.hours)} meeting hours a year (section 2).")
        else:
            closing.append(f"{_count(r.after.problems, 'problem')} of {number(r.before.problems)} "
                           "remain with the best set of mechanisms the menu offers: they need a "
                           "change of structure (section 2).")
    elif t.problems and r is None:
        closing.append("The repair search was not run, so no mechanism has been shown to clear "
                       "these problems.")
    if not out and not closing:
        out.append(f"{name} fails no statutory check the baseline passes and weakens no "
                   "Director's oversight beyond the stated margins.")
    return out[:REASONS - len(closing)] + closing


def _severity_order(kind: str) -> int:
    return -int(ITEM_KINDS[kind].severity) if kind in ITEM_KINDS else 0


def _check_sentence(w: Writer, s: ScenarioAnalysis, g: Group) -> str:
    f = g.first
    where = _where(w, s, g)
    whom = f" for {_list_words(where)}" if len(g.findings) > 1 else ""
    return (f"It fails the statutory check “{w.text(f.title, s)}” ({w.cite(f.citation)}){whom}: "
            f"{w.text(f.explanation, s)}")


def decision_context(w: Writer) -> dict:
    rows = []
    for i, d in enumerate(w.decisions):
        t = d.tally
        judged = i > 0 or not w.analysis.options  # the baseline of options is not judged
        rows.append({
            "short": w.short[d.scenario.label], "name": d.scenario.name,
            "verdict": d.verdict.value if judged else "",
            "rag": d.verdict.rag, "is_option": i > 0,
            "checks": t.checks_failed, "amber": t.checks_amber,
            "weakenings": t.weakenings if d.is_option else None,
            "red_weakenings": t.red_weakenings,
            "missed": t.standards_missed, "standards": t.standards,
            "reasons": reasons(w, d) if judged else [],
        })
    base = w.decisions[0]
    standing = (f"{_count(base.tally.checks_failed, 'statutory check')} failed, "
                f"{_count(base.tally.standards_missed, 'standard')} missed of "
                f"{number(base.tally.standards)}")
    return {"rows": rows, "definitions": DEFINITIONS, "baseline_standing": standing,
            "has_options": bool(w.analysis.options)}


# --- section 2: repair ----------------------------------------------------------------------------

def repair_context(w: Writer) -> list[dict]:
    out = []
    for d in w.decisions[1:]:
        r = d.repair
        if r is None:
            if d.tally.problems:
                out.append({"short": w.short[d.scenario.label], "ran": False})
            continue
        before = r.before.result
        after = r.after.result
        out.append({
            "short": w.short[d.scenario.label], "ran": True,
            "mechanisms": [{"text": w.text(m.text, d.scenario), "cite": w.cite(m.citation),
                            "hours": number(m.hours_per_year)} for m in r.mechanisms],
            "hours": number(r.after.hours),
            "before": r.before.problems, "after": r.after.problems,
            "before_checks": len(before.checks.new_red), "before_weak": len(before.weakenings),
            "after_checks": len(after.checks.new_red), "after_weak": len(after.weakenings),
            "unrepaired": [w.text(u, d.scenario) for u in r.unrepaired],
            "no_remedy": [w.text(u, d.scenario) for u in r.no_menu_remedy],
            "replications": number(r.settings.replications),
        })
    return out


# --- section 3: options compared --------------------------------------------------------------

def _days_cell(c, value: float, horizon: float = float("inf")) -> str:
    if c.is_never(value):
        return "never (fewer than 90% known)"
    # past the simulated period: in some runs fewer than 90% were known by its end
    return "after the simulated period" if value > horizon else days(value)


def weakening_rows(w: Writer, o) -> list[dict]:
    horizon = w.analysis.settings.run.horizon
    rows = []
    for row, f in zip(o.weakened_rows, o.weakenings):
        c = row.change("p90_days")
        within = row.change("share_within")
        cells = {"rag": _rag(f.severity), "director": role_label(row.role).short,
                 "kind": item_label(row.item).plural,
                 "origin": "all teams in the remit" if row.origin == ALL else w.say(row.origin),
                 "base": _days_cell(c, c.base, horizon) if c else "",
                 "option": _days_cell(c, c.option, horizon) if c else "",
                 "change": (f"{signed_days(c.change)} [{signed_days(c.ci[0])}, "
                            f"{signed_days(c.ci[1])}] days") if c and c.option <= horizon
                 else ("at least to the end of the period" if c else ""),
                 "within": (f"{share(within.base)} → {share(within.option)}" if within and
                            row.standard else "")}
        rows.append(cells)
    order = {"red": 0, "amber": 1}
    return sorted(rows, key=lambda r: order.get(r["rag"]["value"], 2))


def options_context(w: Writer) -> list[dict]:
    cmp = w.analysis.comparison
    if cmp is None:
        return []
    out = []
    for d in w.decisions[1:]:
        o = d.comparison
        if o is None:
            continue
        changes = [w.text(c.text, d.scenario) for c in getattr(o.structure, "changes", ())]
        out.append({
            "short": w.short[d.scenario.label], "name": d.scenario.name,
            "changes": changes[:STRUCTURE_CHANGES], "more_changes": len(changes) - STRUCTURE_CHANGES,
            "weakenings": weakening_rows(w, o), "tally": d.tally,
            "new_checks": [finding_row(w, d.scenario, g, {}) for g in grouped(o.checks.new)],
            "strengthenings": [f"{w.text(f.title, d.scenario)} ({w.cite(f.citation)})"
                               for f in o.strengthenings],
            "resolved": [f"{w.text(f.title, w.analysis.baseline)} ({w.cite(f.citation)})"
                         for f in o.checks.resolved],
            "notes": [w.text(n, d.scenario) for n in o.notes],
            "unsettled": sum(1 for r in o.rows if not r.settled),
        })
    return out


def all_changes(w: Writer) -> list[dict]:
    cmp = w.analysis.comparison
    if cmp is None:
        return []
    return [{"short": w.short[o.label], "changes": [w.text(c.text, o.label)
                                                       for c in o.structure.changes]}
            for o in sorted(cmp.options, key=lambda o: list(w.short).index(o.label))
            if len(o.structure.changes) > STRUCTURE_CHANGES]


# --- section 4: findings --------------------------------------------------------------------------

def findings_context(w: Writer, annex: dict[str, int]) -> list[dict]:
    out = []
    for d in w.decisions:
        s = d.scenario
        shown = [f for f in s.findings if f.severity in (Rating.red, Rating.amber,
                                                          Rating.not_assessed)]
        green = sum(f.severity == Rating.green for f in s.findings)
        out.append({"short": w.short[s.label], "name": s.name, "tally": d.tally,
                    "green": green,
                    "not_assessed": sum(f.severity == Rating.not_assessed for f in s.findings),
                    "rows": [finding_row(w, s, g, annex) for g in grouped(shown)]})
    return out


def evidence_context(w: Writer) -> tuple[list[dict], dict[str, int]]:
    """Annex A: each red or amber finding's evidence, numbered; the number by finding id."""
    out, numbers = [], {}
    for d in w.decisions:
        s = d.scenario
        for f in sorted(s.findings, key=lambda f: f.severity.rank):
            if f.severity not in (Rating.red, Rating.amber) or not f.evidence:
                continue
            n = len(out) + 1
            numbers[f.id] = n
            lines = [w.text(x, s) for x in f.evidence[:EVIDENCE_LINES]]
            if len(f.evidence) > EVIDENCE_LINES:
                lines.append(f"{_count(len(f.evidence) - EVIDENCE_LINES, 'further line')} in "
                             "the findings file of the results")
            out.append({"n": n, "short": w.short[s.label], "rag": _rag(f.severity),
                        "title": w.text(f.title, s),
                        "where": s.graph.title(f.nodes[0]) if f.nodes and s.graph.has(f.nodes[0])
                        else "", "lines": lines})
    return out, numbers


# --- section 5: diagrams --------------------------------------------------------------------------

_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_NODE = re.compile(r'<g id="(?P<gid>[^"]+)" class="node">\s*<title>(?P<id>[^<]*)</title>')
_EDGE = re.compile(r'<g id="(?P<gid>[^"]+)" class="edge">\s*<title>(?P<ends>[^<]*)</title>')
_CLUSTER = re.compile(r'(<g id="[^"]+" class="cluster">\s*)<title>[^<]*</title>')


def inline_svg(svg: str, prefix: str, title=None) -> str:
    """Graphviz SVG for inlining: no XML prologue or doctype, ids made unique to this figure,
    sized by the page (the viewBox keeps the proportions), and each node's and edge's id moved
    from its tooltip (a visible <title>) into data attributes the explorer script reads, the
    tooltip given the node's title instead."""
    title = title or (lambda node: node)
    svg = _SVG_PROLOGUE.sub("", svg, count=1)

    def node(m: re.Match) -> str:
        nid = unescape(m["id"])
        return (f'<g id="{m["gid"]}" class="node" data-node="{escape(nid)}">'
                f"<title>{escape(title(nid))}</title>")

    def edge(m: re.Match) -> str:
        ends = unescape(m["ends"])
        source, _, target = ends.partition("->")
        return (f'<g id="{m["gid"]}" class="edge" data-from="{escape(source)}" '
                f'data-to="{escape(target)}"><title>{escape(title(source))} → '
                f"{escape(title(target))}</title>")
    svg = _NODE.sub(node, svg)
    svg = _EDGE.sub(edge, svg)
    svg = _CLUSTER.sub(r"\1", svg)
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    return svg.replace("<svg", '<svg class="diagram-svg"', 1)


def _figure(d: Diagram, n: int, s: ScenarioAnalysis | None) -> dict | None:
    if d.svg is None or not d.svg.exists():
        return None
    g = s.graph if s else None
    title = (lambda node: g.title(node) if g.has(node) else "") if g else None
    svg = inline_svg(d.svg.read_text(encoding="utf-8"), f"d{n}", title)
    return {"svg": Markup(svg), "caption": d.caption, "scenario": s.label if s else "",
            "id": f"fig{n}"}


def _captioned(w: Writer, fig: dict | None) -> dict | None:
    if fig is not None and fig["scenario"] in w.short:
        fig["caption"] = f"{w.short[fig['scenario']]}. {fig['caption']}"
    return fig


def diagrams_context(w: Writer, drawn: Sequence[Diagram]) -> tuple[list[dict], list[dict]]:
    """(the line-of-sight figures for the body, the whole-council figures for the annex)."""
    by_label = {s.label: s for s in w.analysis.scenarios}
    sight, whole = [], []
    for n, d in enumerate(drawn):
        s = by_label.get(d.scenario)
        if "-sight-" in d.name:
            fig = _captioned(w, _figure(d, n, s))
            if fig:
                sight.append(fig)
    wanted = [f"{s.label}-accountability" for s in w.analysis.scenarios]
    names = {d.name: (n, d) for n, d in enumerate(drawn)}
    for name in wanted:
        if name in names:
            n, d = names[name]
            marked = names.get(f"{name}-findings", (n, d))
            fig = _captioned(w, _figure(marked[1], marked[0], by_label.get(marked[1].scenario)))
            if fig:
                whole.append(fig)
    return sight, whole


# --- section 7: structure ----------------------------------------------------------------------

def structure_context(w: Writer) -> list[dict]:
    out = []
    for d in w.decisions:
        s = d.scenario
        g = s.graph
        rows = []
        for p in s.check.metrics.paths:
            t = p.worst
            if t is None:
                continue
            rows.append([function_label(p.function).singular, g.title(p.director),
                         item_label(p.kind).plural, g.title(t.team),
                         "none" if t.hops is None else str(t.hops),
                         "none" if t.slowest_cadence_days is None else days(t.slowest_cadence_days),
                         "no route" if t.worst_case_days is None else days(t.worst_case_days)])
        spof = [f"{g.title(x.post)}: a vacancy would cut {g.title(x.director)} off from "
                f"{function_label(x.function).plural}"
                for x in s.check.metrics.single_points_of_failure]
        widest = sorted(s.check.metrics.span_of_control.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        out.append({"short": w.short[s.label], "name": s.name, "rows": rows,
                    "splits": s.check.metrics.splits, "spof": spof,
                    "widest": ", ".join(f"{g.title(p)} ({n})" for p, n in widest)})
    return out


# --- section 8: assumptions --------------------------------------------------------------------

def _where_set(s: ScenarioAnalysis, *path) -> str:
    at = s.loaded.where(path)
    return f"{Path(at.file).name} line {at.line}" if at else "defaults"


def rates_context(w: Writer) -> list[dict]:
    """The item rates the headline figures rest on (serious incidents and safeguarding concerns
    per team), and the file line that sets each."""
    out = []
    for s in w.analysis.scenarios:
        rows = []
        for tid, team in s.loaded.scenario.teams.items():
            rates = [(k, team.items.get(k, 0)) for k in HEADLINE_KINDS]
            if not any(r for _, r in rates):
                continue
            rows.append({"team": s.graph.title(tid), "unit": w.say(team.unit or ""),
                         "si": f"{number(rates[0][1] * 12)} a year" if rates[0][1] else "none",
                         "sc": f"{number(rates[1][1])} a month" if rates[1][1] else "none",
                         "line": _where_set(s, "teams", tid, "items")})
        if s is w.analysis.baseline or _rates_differ(s, w.analysis.baseline):
            out.append({"short": w.short[s.label], "rows": rows})
    return out


def _rates_differ(s: ScenarioAnalysis, b: ScenarioAnalysis) -> bool:
    return {t: x.items for t, x in s.loaded.scenario.teams.items()} != \
        {t: x.items for t, x in b.loaded.scenario.teams.items()}


def routes_context(w: Writer) -> list[dict]:
    """The routes the serious-incident figures rest on: per scenario, Director and unit, the
    slowest team's route, hop by hop, with its worst case and where the file sets each channel."""
    out = []
    for s in w.analysis.scenarios:
        g = s.graph
        rows = []
        for t in s.check.metrics.timeliness:
            if t.kind != "serious_incident":
                continue
            route, cut = slowest_route(g, t.teams, t.kind, t.director)
            if cut or route is None:
                text, late, lines = "no route", "never", "no channel or line carries them"
            else:
                text = w.text(route_words(route, g.title), s) or "the Director's own line"
                late = worst(route.worst_case_days)
                lines = ", ".join(dict.fromkeys(
                    _where_set(s, "channels", st.via) for st in route.steps
                    if st.how == "channel" and st.via in s.loaded.scenario.channels))
            rows.append({"director": g.title(t.director), "unit": w.say(t.unit), "route": text,
                         "worst": late, "lines": lines or "line management"})
        out.append({"short": w.short[s.label], "rows": rows})
    return out


def route_words(route, title) -> str:
    """A route hop by hop, runs of escalation written once: 'up the line via A and B to C;
    channel ... -> D'."""
    parts, run = [], []
    for st in route.steps:
        if st.how == "escalation":
            run.append(title(st.target))
            continue
        if run:
            parts.append(_up(run))
            run = []
        parts.append(step_text(st, title))
    if run:
        parts.append(_up(run))
    return "; ".join(parts)


def _up(run: list[str]) -> str:
    return (f"up the line via {_list_words(run[:-1], 8)} to {run[-1]}" if len(run) > 1
            else f"up the line to {run[0]}")


def standards_context(w: Writer) -> list[dict]:
    out = []
    for s in w.analysis.scenarios:
        rows = []
        for x in s.simulation.standards:
            who = s.graph.title(x.who) if s.graph.has(x.who) else w.say(x.who)
            if x.default:
                source = f"orgsim's default, from {w.cite(x.citation)}"
            else:
                source = (f"the council's own standard, set in its scenario file "
                          f"({_where_set(s, 'standards', x.id)}), in support of "
                          f"{w.cite(x.citation)}; the guidance sets no such figure")
            achieved = share(x.share_within.value)
            ci = interval(x.share_within.ci95, "share")
            rows.append({"what": f"{who}: {item_label(x.item).plural} within "
                                 f"{within(x.within_days)}",
                         "target": share(x.target_share),
                         "achieved": f"{achieved} {ci}".strip(),
                         "met": {True: "met", False: "missed", None: "no items"}[x.met],
                         "source": source})
        out.append({"short": w.short[s.label], "rows": rows})
    return out


def assumptions_context(w: Writer) -> dict:
    a = w.analysis
    st, runs = a.settings.run, a.baseline.simulation.settings.replications
    params = [("replications", f"{number(runs)} (at most {number(st.replications)})"),
              ("seed", str(st.seed)), ("simulated period", days(st.horizon)),
              ("time allowed after the period for late items", days(st.drain)),
              ("mean delay of an escalation up the line", delay(st.escalation_delay) +
               " (an assumption: the guidance fixes no figure)")]
    seen: dict[str, None] = {}
    for s in a.scenarios:
        seen.update(dict.fromkeys(w.text(x, s) for x in s.simulation.assumptions))
    cmp = a.comparison
    return {"params": params, "rates": rates_context(w), "routes": routes_context(w),
            "escalation": delay(st.escalation_delay), "standards": standards_context(w),
            "simulation": list(seen),
            "packs": [{"short": w.short[s.label],
                       "packs": "; ".join(f"{w.cite(p.pack)} ({w.text(p.reason, s)})"
                                          for p in s.check.result.packs)}
                      for s in a.scenarios],
            "comparison": (w.text(describe(cmp.settings, cmp.replications)) if cmp else ""),
            "materiality": [w.text(x) for x in materiality_assumptions(cmp.materiality)]
            if cmp else []}


# --- the law in force -----------------------------------------------------------------------

def _rated(rating: str | None) -> str:
    return "not counted" if rating is None else RAG_TEXT[rating].lower()


def _by_scenarios(w: Writer, entries: Iterable[tuple[ScenarioAnalysis, str]]) -> list[str]:
    """Sentences said of several scenarios once, led by the scenarios they are true of."""
    who: dict[str, list[str]] = {}
    for s, sentence in entries:
        names = who.setdefault(sentence, [])
        if w.short[s.label] not in names:
            names.append(w.short[s.label])
    return [f"{' and '.join(names)}: {sentence}" for sentence, names in who.items()]


def law_context(w: Writer) -> dict:
    """Which law each structure is judged by; which cited texts had been replaced by then, and
    what replaced them; the findings shown but not counted because their requirement had been
    superseded; and what today's framework would rate otherwise."""
    a = w.analysis
    results = [(s, s.check.result) for s in a.scenarios]
    days = {r.as_of for _, r in results}
    if len(days) == 1:
        source = results[0][1].as_of_source
        dates = (f"Every structure is judged by the law in force on {long_date(days.pop())}"
                 + (", the date set for this run." if source == "--as-of" else
                    ", today: the files give their structure no date." if source == "today"
                    else ", the date the files give their structure."))
    else:
        dates = ("Each structure is judged by the law in force on the date its file gives it: "
                 + "; ".join(f"{w.short[s.label]} {long_date(r.as_of)}" for s, r in results)
                 + ".")
    standings: dict[str, str] = {}
    for _, r in results:
        for sel in r.packs:
            doc = PACKS[sel.pack].document
            n = w.refs.numbers.get(doc.short)
            sentence = standing(doc, r.as_of, f"{doc.title} ({doc.date_text})"
                                + (f" [{n}]" if n else ""))
            if sentence:
                standings.setdefault(doc.short, sentence)

    def instead(f: Finding) -> str:
        return f"what replaced it: {f.currency.change} ({f.currency.successor_citation})."
    superseded = _by_scenarios(w, (
        (s, f"{w.text(f.title, s)} ({w.cite(f.citation)}; {_rated(f.severity.value)} under the "
            f"old text); {instead(f)}")
        for s, r in results for f in r.superseded if f.severity is not Rating.green))
    met = sum(f.severity is Rating.green for _, r in results for f in r.superseded)
    changed = _by_scenarios(w, (
        (s, f"{w.text(f.title, s)} ({w.cite(f.citation)}): {f.currency.change}")
        for s, r in results for f in r.findings if f.currency and f.currency.change))
    today = []
    for s, _ in results:
        counts: dict[tuple, int] = {}
        for d in s.check.under_today:
            # "not yet in force then" says why already
            key = (d.title, "not yet in force" if d.not_yet_in_force else _rated(d.then),
                   _rated(d.now), "" if d.not_yet_in_force else f"; {d.why}")
            counts[key] = counts.get(key, 0) + 1
        if counts:
            today.append({"short": w.short[s.label], "day": long_date(s.check.today.as_of),
                          "findings": [f"{w.text(title, s)}: {then} then, {now} today"
                                    + (f" ({n} findings)" if n > 1 else "")
                                    + w.text(why, s)
                                    for (title, then, now, why), n in counts.items()]})
    return {"dates": dates, "standings": list(standings.values()), "superseded": superseded,
            "superseded_met": met, "changed": changed, "today": today,
            "checked_today": any(s.check.today is not None for s in a.scenarios)}


# --- references, reproducibility -------------------------------------------------------------

def references_context(w: Writer) -> list[dict]:
    return [{"n": r.number, "title": r.document.title, "issuer": r.document.issuer,
             "date": r.document.date_text, "status": r.document.status,
             "successor": r.document.successor or "",
             "replaced": r.document.replaced.strftime("%-d %B %Y") if r.document.replaced else "",
             "changes": list(r.document.changes)} for r in w.refs.entries]


def reproducibility_context(w: Writer) -> dict:
    a = w.analysis
    st = a.settings.run
    rows = []
    for s in a.scenarios:
        for name, digest in s.loaded.file_hashes().items():
            rows.append((w.short[s.label], Path(name).name, digest))
        rows.append((w.short[s.label], "scenario content (after extends)", s.loaded.content_hash))
    return {"version": __version__, "seed": st.seed, "replications": number(st.replications),
            "horizon": days(st.horizon), "rows": rows}


# --- time to awareness ----------------------------------------------------------------------

def plots_context(w: Writer) -> dict:
    a = w.analysis
    scenarios = [(w.short[s.label], s.curves) for s in a.scenarios]
    return {"replications": number(a.baseline.curves.replications),
            "legend": Markup(plots.legend([n for n, _ in scenarios])),
            "figures": [{"heading": heading, "panels": [Markup(p) for p in panels]}
                        for _, heading, panels in plots.figures(scenarios)]}


# --- the page -------------------------------------------------------------------------------

def delay(value: float) -> str:
    """A short delay for people: '6 hours' below a day, else days."""
    if 0 < value < 1:
        hours = value * 24
        return f"{hours:.0f} hour{'s' if round(hours) != 1 else ''}" if hours >= 1 \
            else f"{hours * 60:.0f} minutes"
    return days(value)


def within(value: float) -> str:
    """A standard's time as people set it: '3 days', '6 weeks', '3 months'."""
    return duration_words(value, years=False, places=1)


def worst(value: float | None) -> str:
    if value is None:
        return "never"
    return "at once" if value < 1e-9 else days(value)


def title_of(analysis: Analysis) -> str:
    n = len(analysis.options)
    return "Oversight by the statutory Directors: " + analysis.baseline.name + (
        "" if not n else f" and {_count(n, 'option')}")


def paper_html(analysis: Analysis, drawn: Sequence[Diagram] = (),
               extra: Sequence[Section] = ()) -> str:
    w = Writer(analysis)
    evidence, annex = evidence_context(w)
    sight, whole = diagrams_context(w, drawn)
    context = {
        "title": title_of(analysis), "version": __version__,
        "scenarios": [(w.short[s.label], s.name) for s in analysis.scenarios],
        "decision": decision_context(w), "verdict_rule": VERDICT_RULE,
        "repairs": repair_context(w), "options": options_context(w),
        "findings": findings_context(w, annex), "evidence": evidence,
        "sight": sight, "whole": whole, "plots": plots_context(w),
        "structure": structure_context(w), "extra": [
            {"anchor": x.anchor, "title": x.title, "html": Markup(x.html)} for x in extra],
        "assumptions": assumptions_context(w), "references": references_context(w),
        "law": law_context(w),
        "reproducibility": reproducibility_context(w), "all_changes": all_changes(w),
        "notes": [w.text(n) for n in analysis.notes],
        "css": Markup(asset("paper.css")), "script": Markup(asset("explore.js")),
        "relations": Markup(_json_for_script(relations(analysis))),
    }
    return environment().get_template("paper.html.j2").render(**context)


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element (no '</' can close it early)."""
    return json.dumps(data, sort_keys=True).replace("</", "<\\/")


def index_html(analysis: Analysis, drawn: Sequence[Diagram], paper: Sequence[Path],
               data: Sequence[Path], root: Path) -> str:
    """The run's landing page: the headline verdicts, thumbnails of the line-of-sight diagrams,
    then every file (relative links)."""
    w = Writer(analysis)

    def rel(p: Path) -> str:
        return p.relative_to(root).as_posix()
    verdicts = decision_context(w)["rows"]
    # the thumbnails are the diagrams themselves, inlined, so the page needs no other file
    thumbs = [{"href": rel(d.svg), "caption": f"{w.short.get(d.scenario, '')}. {d.caption}",
               "svg": Markup(inline_svg(d.svg.read_text(encoding="utf-8"), f"t{n}"))}
              for n, d in enumerate(drawn)
              if "-sight-" in d.name and d.svg is not None and d.svg.exists()]
    files = [{"caption": d.caption, "links": [rel(f) for f in d.files]} for d in drawn]
    return environment().get_template("index.html.j2").render(
        title=title_of(analysis), verdicts=verdicts, thumbs=thumbs, files=files,
        paper=[rel(p) for p in paper], data=[rel(p) for p in data],
        seed=analysis.settings.run.seed,
        replications=number(analysis.baseline.simulation.settings.replications),
        css=Markup(asset("paper.css")))


def directors_of(s: ScenarioAnalysis) -> list[str]:
    """The holders of the statutory Director roles, in the order every report lists them."""
    return [h for r in DIRECTOR_ROLES for h in s.graph.holders(r)]


__all__ = ["Section", "index_html", "inline_svg", "paper_html", "directors_of"]
