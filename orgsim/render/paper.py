"""The committee paper as one self-contained HTML page (inline CSS and SVG, no scripts, no network),
and the `index.html` of a run.

Built from small functions that each return escaped HTML: every piece of text from a scenario,
finding or result goes through `e()` (html.escape), and every number through `numbers`, so a title
such as `<b>"Director" & co</b>` prints literally and no raw float reaches the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from .. import __version__
from ..analysis.blocks import describe
from ..analysis.materiality import assumptions as materiality_assumptions
from ..io.yamlsource import display_name
from ..model.findings import Finding, Rating
from ..model.vocab import DIRECTOR_ROLES, ITEM_KINDS, item_label, role_label
from ..records import Analysis, Diagram, ScenarioAnalysis
from ..sim.results import MetricRow
from . import plots
from ..model.numbers import days, interval, number, share, words

RAG_TEXT = {"red": "RED", "amber": "AMBER", "green": "GREEN", "not_assessed": "NOT ASSESSED"}
STRUCTURE_CHANGES = 15  # the paper lists the first; compare.json has them all

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "orgsim committee paper - page " counter(page) " of " counter(pages);
                   font: 8pt Helvetica, Arial, sans-serif; color: #555; } }
@page wide { size: A4 landscape; margin: 12mm; }
body { font: 10pt/1.4 Helvetica, Arial, sans-serif; color: #111; max-width: 60em; margin: 1em auto;
       padding: 0 1em; }
h1 { font-size: 17pt; margin: 0 0 .2em; } h2 { font-size: 13pt; border-bottom: 1px solid #999;
  margin-top: 1.4em; break-after: avoid; } h3 { font-size: 11pt; break-after: avoid; }
.meta { color: #444; } .three li { margin-bottom: .6em; } .three li strong { display: block; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 8.5pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; } td.num { text-align: right; white-space: nowrap; }
.rag { font-weight: bold; white-space: nowrap; padding: 1px 4px; border-radius: 3px; }
.rag-red { background: #c0392b; color: #fff; } .rag-amber { background: #f0b429; color: #000; }
.rag-green { background: #2e7d32; color: #fff; } .rag-not_assessed { background: #ddd; color: #000; }
.evidence { margin: .2em 0 0 1.1em; padding: 0; color: #333; }
.cite { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
figure { margin: 0 0 1em; break-inside: avoid; }
figure.diagram svg { width: 100%; height: auto; max-height: 175mm; }
figcaption { font-size: 8.5pt; color: #333; }
.wide { page: wide; break-before: page; } .wide + section { break-before: page; }
.cdf-legend { list-style: none; padding: 0; } .cdf-legend svg { vertical-align: middle; }
.panels { display: flex; flex-wrap: wrap; gap: 4px; }
.panels svg.cdf { width: 31%; height: auto; }
svg text.pt { font: bold 12px Helvetica, Arial, sans-serif; } svg text.tk { font: 10px Helvetica,
  Arial, sans-serif; } svg text.lg { font: 11px Helvetica, Arial, sans-serif; }
.note { color: #444; font-size: 9pt; } code { font-size: 8.5pt; }
.mono { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
"""



def _cite(citation) -> str:
    """A citation in running text, marked as one (a paragraph number is not a figure)."""
    return f'<span class="cite">{e(citation)}</span>'

def e(text: object) -> str:
    return escape(str(text), quote=True)


def _list(items: Iterable[str], cls: str = "") -> str:
    body = "".join(f"<li>{i}</li>" for i in items)
    return f'<ul class="{cls}">{body}</ul>' if cls else f"<ul>{body}</ul>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """Cells are HTML already (escape before); `numeric` columns align right."""
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rag(rating: Rating | str) -> str:
    value = rating.value if isinstance(rating, Rating) else rating
    return f'<span class="rag rag-{e(value)}">{RAG_TEXT.get(value, e(value))}</span>'


def _section(anchor: str, title: str, body: str, cls: str = "") -> str:
    extra = f' class="{cls}"' if cls else ""
    return f'<section id="{anchor}"{extra}><h2>{e(title)}</h2>{body}</section>'


# --- figures from results ------------------------------------------------------------------------

def _director_rows(s: ScenarioAnalysis, role: str) -> dict[str, MetricRow]:
    """Metric rows (from every team in the remit) per item kind for the holder of a Director role."""
    return {r.item: r for r in s.simulation.rows_of(set(s.graph.holders(role)))}


def _headline_kind(rows: dict[str, MetricRow]) -> str | None:
    """The most severe item kind the Director sees any of (serious incidents where there are)."""
    kinds = [k for k, r in rows.items() if r.items]
    return min(kinds, key=lambda k: (-int(ITEM_KINDS[k].severity) if k in ITEM_KINDS else 0, k),
               default=None)


def _p90(row: MetricRow | None) -> str:
    if row is None:
        return "not measured"
    text = days(row.p90_days.value)
    ci = interval(row.p90_days.ci95)
    return f"{text} (95% CI {ci})" if ci else text


def _reach(row: MetricRow | None) -> str:
    """How soon 90% arrive, or, where fewer than 90% ever do, how many arrive at all."""
    if row is not None and row.p90_days.value is None:
        return (f"fewer than 90% ever do: {share(row.share_known_by_end.value)} are known by the "
                "end of the run")
    return f"within {_p90(row)}"


def _roles(analysis: Analysis) -> list[str]:
    return [r for r in DIRECTOR_ROLES
            if any(s.graph.holders(r) for s in analysis.scenarios)]


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    out = {"red": 0, "amber": 0, "not_assessed": 0, "green": 0}
    for f in findings:
        out[f.severity.value] += 1
    return out


def _new_red(analysis: Analysis, option: ScenarioAnalysis) -> list[Finding]:
    """Red check findings of the option that the baseline does not have (by finding id)."""
    base = {f.id for f in analysis.baseline.check.findings if f.severity == Rating.red}
    return [f for f in option.check.findings if f.severity == Rating.red and f.id not in base]


# --- sections ------------------------------------------------------------------------------------

def summary(analysis: Analysis) -> str:
    """The three things a chief executive must know, in plain English."""
    b = analysis.baseline
    points = []
    # 1. The statutory tests.
    red = [f for f in b.check.findings if f.severity == Rating.red]
    if analysis.options:
        parts = []
        for o in analysis.options:
            new = _new_red(analysis, o)
            cites = "; ".join(f"{e(tidy(f.title))} ({_cite(f.citation)})" for f in new[:4])
            parts.append(f"<em>{e(o.name)}</em> fails {len(new)} statutory test(s) that the "
                         f"baseline passes" + (f": {cites}" if new else "") + ".")
        points.append(("Statutory tests", f"The baseline fails {len(red)} statutory test(s). "
                       + " ".join(parts)))
    else:
        cites = "; ".join(f"{e(tidy(f.title))} ({_cite(f.citation)})" for f in red[:4])
        points.append(("Statutory tests", f"<em>{e(b.name)}</em> fails {len(red)} statutory "
                       "test(s)" + (f": {cites}" if red else "; every tested requirement is met "
                                    "or only amber") + "."))
    # 2. How fast the most serious items reach each statutory Director.
    speed = []
    for role in _roles(analysis):
        base_rows = _director_rows(b, role)
        kind = _headline_kind(base_rows) or next(
            (k for o in analysis.options if (k := _headline_kind(_director_rows(o, role)))), None)
        if kind is None:
            continue
        text = (f"90% of {e(item_label(kind).plural)} reach the {role_label(role).short} "
                f"{_reach(base_rows.get(kind))}")
        for o in analysis.options:
            text += f"; under <em>{e(o.name)}</em> {_reach(_director_rows(o, role).get(kind))}"
        speed.append(text + ".")
    points.append(("How fast the statutory Directors learn of serious matters",
                   " ".join(speed) or "No statutory Director holds a post in these scenarios."))
    # 3. Standards missed and what would restore oversight.
    third = []
    for s in analysis.scenarios:
        stds = s.simulation.standards
        missed = [x for x in stds if x.met is False]
        third.append(f"<em>{e(s.name)}</em> misses {len(missed)} of {len(stds)} oversight "
                     f"standard(s) and has {s.check.metrics.splits} split(s) between line management "
                     "and accountability.")
    worst = analysis.options[-1] if analysis.options else b
    fix = next((f for f in worst.findings if f.severity == Rating.red and f.mitigation), None)
    if fix:
        third.append(f"First step to restore oversight: {e(fix.mitigation)} ({_cite(fix.citation)}).")
    points.append(("Standards and what would repair them", " ".join(third)))
    items = "".join(f"<li><strong>{e(t)}</strong>{body}</li>" for t, body in points)
    return _section("summary", "1. Summary: what the chief executive must know",
                    f'<ol class="three">{items}</ol>')


def options_compared(analysis: Analysis) -> str:
    rows = []
    roles = _roles(analysis)
    for s in analysis.scenarios:
        c = _counts(s.check.findings)
        stds = s.simulation.standards
        met = sum(1 for x in stds if x.met)
        cells = [f"<strong>{e(s.name)}</strong><br><span class=\"note\">{e(s.label)}</span>",
                 str(c["red"]), str(c["amber"]), str(s.check.metrics.splits), f"{met} of {len(stds)}"]
        for role in roles:
            r = _director_rows(s, role)
            kind = _headline_kind(r)
            cells.append(f"{e(words(kind))}: {e(_p90(r.get(kind)))}" if kind else "-")
        rows.append(cells)
    body = _table(["scenario", "red checks", "amber checks", "splits", "standards met",
                   *(f"p90 to the {role_label(r).short}" for r in roles)], rows, (1, 2, 3, 4))
    body += _comparison(analysis)
    body += "".join(f'<p class="note">{e(n)}</p>' for n in analysis.notes)
    return _section("options", "2. Options compared", body)


def _comparison(analysis: Analysis) -> str:
    """What the statistical comparison says of each option (orgsim.analysis.compare)."""
    cmp = analysis.comparison
    if cmp is None:
        return ""
    ranking = (f'Options ranked best first: {", ".join(e(o.label) for o in cmp.options)}. '
               if len(cmp.options) > 1 else "")
    out = [f'<p>{ranking}A change counts only where its whole 95% interval lies on one side '
           '(paired runs with common random numbers; the method is in section 7).</p>']
    for o in cmp.options:
        out.append(f"<h3>{e(o.name)} ({e(o.label)})</h3>")
        changes = getattr(o.structure, "changes", ())
        if changes:
            out.append("<p>What changes in the structure:</p>"
                       + _list(e(tidy(c.text)) for c in changes[:STRUCTURE_CHANGES]))
            if len(changes) > STRUCTURE_CHANGES:
                out.append(f'<p class="note">... and {len(changes) - STRUCTURE_CHANGES} more in '
                           "compare.json.</p>")
        found = [*o.weakenings, *o.checks.new]
        if found:
            out.append("<p>Where it is worse than the baseline (figures and evidence in "
                       "compare.json):</p>" + findings_table(found, brief=True))
        if o.strengthenings:
            out.append("<p>Where it is better:</p>"
                       + _list(f"{e(tidy(f.title))} ({_cite(f.citation)})" for f in o.strengthenings))
        if o.checks.resolved:
            out.append("<p>Findings of the baseline it resolves:</p>"
                       + _list(f"{e(tidy(f.title))} ({_cite(f.citation)})" for f in o.checks.resolved))
        out += [f'<p class="note">{e(tidy(n))}</p>' for n in o.notes]
    return "".join(out)


EVIDENCE_LINES = 6  # the rest is in the results files


_RAW_DAYS = re.compile(r"\b(\d+\.\d{2,}) days\b")


def tidy(text: str) -> str:
    """Finding texts come from every part of orgsim; a figure such as '30.4375 days' (a month
    in days) reads as '30 days' in the paper. The results files keep the exact figures."""
    return _RAW_DAYS.sub(lambda m: days(float(m[1])), text)


def findings_table(findings: Sequence[Finding], brief: bool = False) -> str:
    """RAG rows, worst first; `brief` leaves out the explanation and evidence."""
    rows = []
    for f in sorted(findings, key=lambda f: f.severity.rank):
        text = f"<strong>{e(tidy(f.title))}</strong>"
        if not brief:
            lines = [e(tidy(x)) for x in f.evidence[:EVIDENCE_LINES]]
            if len(f.evidence) > EVIDENCE_LINES:
                lines.append(f"... {len(f.evidence) - EVIDENCE_LINES} more in the results files")
            text += f"<br>{e(tidy(f.explanation))}" + (_list(lines, "evidence") if lines else "")
        rows.append([rag(f.severity), text, f'<span class="cite">{e(f.citation)}</span>',
                     e(tidy(f.mitigation or "-"))])
    return _table(["RAG", "finding" if brief else "finding and evidence", "citation",
                   "mitigation"], rows)


def findings(analysis: Analysis) -> str:
    out = ['<p>Red: a statutory requirement is not met. Amber: a departure the guidance allows '
           'only with a recorded reason or mitigation. Not assessed: the scenario does not say '
           'enough. Green results are counted here and listed in the results files.</p>']
    for s in analysis.scenarios:
        shown = [f for f in s.findings if f.severity != Rating.green]
        c = _counts(s.findings)
        out.append(f"<h3>{e(s.name)}</h3><p>{c['red']} red, {c['amber']} amber, "
                   f"{c['not_assessed']} not assessed, {c['green']} green (rule packs: "
                   + ", ".join(f"{e(p.pack)}" for p in s.check.result.packs) + "; and the simulated "
                   "oversight standards).</p>")
        out.append(findings_table(shown) if shown else "<p>Nothing red or amber.</p>")
    return _section("findings", "3. Findings (RAG), with citations and mitigations",
                    "".join(out))


_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def inline_svg(svg: str, prefix: str) -> str:
    """Graphviz SVG for inlining: no XML prologue or doctype, ids made unique to this figure,
    and sized by the page (the viewBox keeps the proportions)."""
    svg = _SVG_PROLOGUE.sub("", svg, count=1)
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    return svg.replace("<svg", '<svg class="diagram-svg"', 1)


def diagrams(analysis: Analysis, drawn: Sequence[Diagram]) -> str:
    wanted = [f"{s.label}-accountability-findings" for s in analysis.scenarios] + \
        [f"diff-{s.label}-accountability" for s in analysis.options]
    by_name = {d.name: d for d in drawn}
    out = ['<p>Accountability over line management: heavy arrows are splits (a post answers to '
           'a Director outside its line); findings are marked RED or AMBER on the posts they '
           'name. The other views (line, information, governance, all) are in the diagrams '
           'folder.</p>']
    for n, name in enumerate(wanted):
        d = by_name.get(name)
        if d is None or d.svg is None or not d.svg.exists():
            continue
        svg = inline_svg(d.svg.read_text(encoding="utf-8"), f"d{n}")
        out.append(f'<figure class="diagram">{svg}<figcaption>{e(d.caption)}</figcaption>'
                   "</figure>")
    if len(out) == 1:
        out.append("<p>No diagram could be drawn (is Graphviz installed?).</p>")
    return _section("diagrams", "4. Diagrams", "".join(out), "wide")


def awareness_plots(analysis: Analysis) -> str:
    scenarios = [(s.name, s.curves) for s in analysis.scenarios]
    runs = analysis.baseline.curves.replications
    out = [f"<p>Each curve is the share of items arising in the teams a Director answers for that "
           f"they knew within a given time (to the hour); where it stays below 100% some were "
           f"never known. Curves and tables count the same items: every item of the "
           f"{number(runs)} replications of the run (the same items in each scenario: common "
           f"random numbers).</p>",
           plots.legend([name for name, _ in scenarios])]
    for _, heading, panels in plots.figures(scenarios):
        out.append(f'<h3>{e(heading)}</h3><div class="panels">{"".join(panels)}</div>')
    return _section("plots", "5. Time to awareness", "".join(out))


def structure(analysis: Analysis) -> str:
    out = []
    for s in analysis.scenarios:
        g = s.graph
        rows = []
        for p in s.check.metrics.paths:
            w = p.worst
            if w is None:
                continue
            rows.append([e(words(p.function)), e(g.title(p.director)),
                         e(item_label(p.kind).plural), e(g.title(w.team)),
                         "-" if w.hops is None else str(w.hops),
                         "-" if w.slowest_cadence_days is None else days(w.slowest_cadence_days),
                         "no route" if w.worst_case_days is None else days(w.worst_case_days)])
        out.append(f"<h3>{e(s.name)}</h3>")
        out.append(_table(["function", "Director", "items", "worst-served team", "hops",
                           "slowest cadence", "worst case"], rows, (4, 5, 6)) if rows else
                   "<p>No team delivers a statutory function.</p>")
        spof = s.check.metrics.single_points_of_failure
        items = [f"Splits between line management and accountability: {s.check.metrics.splits}.",
                 f"Single points of failure (a post whose vacancy cuts a Director off from a "
                 f"function): {len(spof)}" + (": " + "; ".join(
                     f"{e(g.title(x.post))} (cuts the {e(g.title(x.director))} off from "
                     f"{e(words(x.function))})" for x in spof[:8]) if spof else "") + "."]
        widest = sorted(s.check.metrics.span_of_control.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        if widest:
            items.append("Widest spans of control: " + ", ".join(
                f"{e(g.title(p))} {n}" for p, n in widest) + ".")
        out.append(_list(items))
    return _section("structure", "6. Structure metrics",
                    "<p>Worst case: the latest an item of that kind can reach the Director from "
                    "the worst-served team, along the route the simulation moves it (channels "
                    "that carry it, meetings of bodies it is tabled to, line escalation).</p>"
                    + "".join(out))


def assumptions(analysis: Analysis) -> str:
    st, runs = analysis.settings.run, analysis.baseline.simulation.settings.replications
    params = [["replications", f"{number(runs)} (at most {number(st.replications)})"],
              ["seed", str(st.seed)], ["horizon", days(st.horizon)],
              ["drain after the horizon", days(st.drain)],
              ["escalation delay (mean)", days(st.escalation_delay)]]
    out = [_table(["parameter", "value"], params)]
    for s in analysis.scenarios:
        out.append(f"<h3>Oversight standards: {e(s.name)}</h3>")
        out.append(_table(["standard", "who", "item", "target", "achieved (95% CI)", "source"], [
            [e(x.id), e(s.graph.title(x.who) if s.graph.has(x.who) else x.who),
             e(words(x.item)), f"{share(x.target_share)} within {days(x.within_days)}",
             f"{share(x.share_within.value)} {interval(x.share_within.ci95, 'share')}",
             f'<span class="cite">{e(x.citation)}</span>'
             + (" (default)" if x.default else "")] for x in s.simulation.standards]))
        out.append("<p>Rule packs: " + "; ".join(
            f"{e(p.pack)} ({e(p.reason)})" for p in s.check.result.packs) + ".</p>")
    seen: dict[str, None] = {}
    for s in analysis.scenarios:
        seen.update(dict.fromkeys(s.simulation.assumptions))
    out.append("<h3>Simulation assumptions</h3>" + _list(e(tidy(a)) for a in seen))
    cmp = analysis.comparison
    if cmp is not None:
        out.append(
            f"<h3>How options are compared</h3><p>{e(describe(cmp.settings, cmp.replications))} "
            "Each figure's change is the mean of the paired block differences with its interval. "
            "An item never known counts as known at the end of the run, so a change to or from "
            "never is a lower bound.</p>" + _list(e(a) for a in materiality_assumptions(cmp.materiality)))
    return _section("assumptions", "7. Assumptions and parameters", "".join(out))


def reproducibility(analysis: Analysis) -> str:
    st = analysis.settings.run
    files = [s.loaded.path for s in analysis.scenarios]
    command = (f"orgsim run {' '.join(display_name(p) for p in files)} --seed {st.seed} "
               f"--replications {st.replications}")
    rows = []
    for s in analysis.scenarios:
        for name, digest in s.loaded.file_hashes().items():
            rows.append([e(s.label), e(name), f'<span class="mono">{e(digest)}</span>'])
        rows.append([e(s.label), "scenario content (after extends)",
                     f'<span class="mono">{e(s.loaded.content_hash)}</span>'])
    body = (f"<p>orgsim version {e(__version__)}; seed {st.seed}; {number(st.replications)} "
            f"replications of {days(st.horizon)}. The same command, seed and files give the same "
            f"figures whatever the number of worker processes:</p><p><code>{e(command)}</code></p>"
            + _table(["scenario", "file", "SHA-256"], rows))
    return _section("reproducibility", "8. Reproducibility", body)


def paper_html(analysis: Analysis, drawn: Sequence[Diagram] = ()) -> str:
    names = [analysis.baseline.name, *(o.name for o in analysis.options)]
    title = "Oversight by the statutory Directors: " + (
        names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} option(s)")
    body = "".join([
        f"<header><h1>{e(title)}</h1><p class=\"meta\">Scenarios: "
        + "; ".join(e(n) for n in names)
        + f". Produced by orgsim {e(__version__)} from the scenario files listed in section 8.</p>"
        "</header>",
        summary(analysis), options_compared(analysis), findings(analysis),
        diagrams(analysis, drawn), awareness_plots(analysis), structure(analysis),
        assumptions(analysis), reproducibility(analysis)])
    return ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n")


def index_html(analysis: Analysis, drawn: Sequence[Diagram], paper: Sequence[Path],
               data: Sequence[Path], root: Path) -> str:
    """The run's front page: links (relative) to the paper, every diagram and every result."""
    def link(p: Path) -> str:
        rel = p.relative_to(root).as_posix()
        return f'<a href="{e(rel)}">{e(rel)}</a>'

    parts = [f"<h1>orgsim run: {e(analysis.baseline.name)}</h1>",
             "<p>Scenarios: " + "; ".join(f"{e(s.name)} ({e(s.label)})"
                                          for s in analysis.scenarios) + f". Seed "
             f"{analysis.settings.run.seed}, {number(analysis.settings.run.replications)} "
             "replications.</p>",
             "<h2>Committee paper</h2>" + _list(link(p) for p in paper),
             "<h2>Diagrams</h2>" + _list(
                 f"{e(d.caption)}<br>" + " ".join(link(f) for f in d.files) for d in drawn),
             "<h2>Results (JSON and CSV)</h2>" + _list(link(p) for p in data),
             '<p><a href="run.json">run.json</a>: version, seed, replications, file hashes.</p>']
    return ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>orgsim run: {e(analysis.baseline.name)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")
