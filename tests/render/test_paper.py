"""The committee paper: every red finding with its citation, labels escaped, numbers for people,
nothing fetched from the network, and curves that agree with the simulation's figures."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape, unescape

import pytest

from orgsim.model.findings import Rating
from orgsim.sim.results import Estimate, MetricRow
from orgsim.pipeline import analyse, diagrams
from orgsim.model import numbers
from orgsim.render.paper import _reach, inline_svg, paper_html, tidy
from orgsim.render.plots import panel
from render.paper_fixtures import FAST, HOSTILE, write_council

SECTIONS = ("summary", "options", "findings", "diagrams", "plots", "structure", "assumptions",
            "reproducibility")


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    folder = tmp_path_factory.mktemp("council")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    drawn = diagrams(analysis, folder / "diagrams", ("svg",))
    return analysis, paper_html(analysis, drawn)


def _text(html: str) -> str:
    """The page's visible text outside the SVG figures, tags removed and entities decoded."""
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_red_finding_and_its_citation_is_in_the_paper(council):
    analysis, html = council
    red = [f for s in analysis.scenarios for f in s.findings if f.severity == Rating.red]
    assert {f.id for f in red} >= {"dcs.3.5.reports-to-cex", "sim.standard.dcs_si"}
    for f in red:
        assert escape(tidy(f.title)) in html, f.id
        assert escape(str(f.citation)) in html, f.id
    # ...in a RED row of the findings table, with its mitigation.
    rows = re.findall(r"<tr><td><span class=\"rag rag-red\">RED</span></td>(.*?)</tr>", html)
    assert any(escape("england-dcs-lm-2009 3.5") in r and "Chief Executive" in r for r in rows)


def test_a_hostile_title_prints_literally_and_never_as_markup(council):
    _, html = council
    assert escape(HOSTILE) in html
    assert HOSTILE in _text(html)
    assert "<b>\"Director\"" not in html
    # the diagrams inline it escaped too (Graphviz writes its own entities)
    svg = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert svg and not any("<b>\"Director\"" in s for s in svg)


def test_paper_has_every_section_in_order(council):
    _, html = council
    found = [m for m in re.findall(r'<section id="([a-z]+)"', html)]
    assert found == list(SECTIONS)


def test_paper_is_self_contained(council):
    _, html = council
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls


def test_no_raw_float_reaches_the_reader(council):
    """Outside citations (3.11) and the findings' own evidence lines, every number is formatted."""
    _, html = council
    html = re.sub(r'<span class="cite">.*?</span>|<ul class="evidence">.*?</ul>', "", html,
                  flags=re.S)
    text = _text(html).replace("365.25/12", "")  # the definition of a month, not a figure
    assert not re.search(r"\d\.\d{2,}", text), re.search(r".{40}\d\.\d{2,}.{20}", text)
    assert re.search(r"\d+(\.\d)? days? \(95% CI \[\d", text)


def test_summary_names_the_statutory_tests_speed_and_standards(council):
    analysis, html = council
    summary = _text(re.search(r'<section id="summary">.*?</section>', html, re.S)[0])
    assert "fails" in summary and "england-dcs-lm-2009 3.5" in summary
    assert "90% of serious incidents reach the DCS within" in summary
    assert "under Testshire option B (commissioning) within" in summary
    assert "misses 1 of" in summary  # the option misses the DCS's three-day standard


def test_reproducibility_block_records_seed_replications_and_file_hashes(council):
    analysis, html = council
    block = re.search(r'<section id="reproducibility">.*?</section>', html, re.S)[0]
    assert f"seed {FAST.run.seed}" in block and f"{FAST.run.replications} replications" in block
    for s in analysis.scenarios:
        for digest in s.loaded.file_hashes().values():
            assert digest in block
        assert s.loaded.content_hash in block


def test_assumptions_list_default_standards_with_their_source(council):
    analysis, html = council
    block = _text(re.search(r'<section id="assumptions">.*?</section>', html, re.S)[0])
    defaults = [a for a in analysis.baseline.simulation.assumptions if a.startswith("Default")]
    assert defaults and all(d in block for d in defaults)


def test_curves_count_the_same_items_as_the_simulation(council):
    """A curve is read from the run's own metrics: it counts exactly the items the tables count,
    over every replication, and its median is the tables' p50."""
    analysis, _ = council
    for s in analysis.scenarios:
        assert s.curves.replications == s.simulation.settings.replications
        rows = {(r.observer, r.item): r for r in s.simulation.rows if r.for_all_teams}
        for (role, kind), curve in s.curves.curves.items():
            row = rows[(curve.director, kind)]
            assert curve.items == row.items
            p50 = row.p50_days.value
            if p50 is not None:  # p50 is rounded to 4 places; the bins are an hour wide
                assert curve.at(p50 + 1e-4) >= 0.5 > curve.at(p50 - 1 / 24 + 1e-4)


def test_panel_draws_standard_and_one_line_per_series(council):
    analysis, _ = council
    key = ("dcs", "serious_incident")
    series = [(s.name, s.curves.curves[key]) for s in analysis.scenarios]
    svg = panel(f"{HOSTILE} panel", series, analysis.baseline.curves.standards[key])
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 1
    assert escape(HOSTILE) in svg and HOSTILE not in svg


def test_tidy_rounds_raw_day_figures_in_finding_texts():
    assert tidy("70% within 91.3125 days against 90%") == "70% within 91 days against 90%"
    assert tidy("within 2.25 days") == "within 2.2 days" or tidy("within 2.25 days") == "within 2.3 days"
    assert tidy("paragraph 3.11 says") == "paragraph 3.11 says"


def test_summary_says_how_many_arrive_when_ninety_percent_never_do():
    # Barnet 2014: the DCS never hears of Education and Skills' serious incidents, so no p90 exists
    def row(p90: Estimate, known: float) -> MetricRow:
        some = Estimate(None)
        return MetricRow("dcs", "DCS", ("dcs",), "serious_incident", "all", 10,
                         share_known_by_horizon=some, share_known_by_end=Estimate(known),
                         mean_days=some, p50_days=some, p90_days=p90, p99_days=some,
                         within_standards=())

    assert _reach(row(Estimate(None), 0.83)) == (
        "fewer than 90% ever do: 83% are known by the end of the run")
    assert _reach(row(Estimate(1.26, (1.2, 1.4)), 1.0)) == (
        "within 1.3 days (95% CI [1.2, 1.4] days)")


def test_inline_svg_drops_prologue_and_fixes_ids():
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="10pt" height="20pt" '
           'viewBox="0 0 10 20"><g id="graph0"><g id="node1"/></g></svg>')
    out = inline_svg(svg, "d3")
    assert out.startswith("<svg") and 'width="10pt"' not in out and 'viewBox="0 0 10 20"' in out
    assert 'id="d3-graph0"' in out and 'id="d3-node1"' in out


@pytest.mark.parametrize("value, text", [(2.34, "2.3 days"), (1.0, "1.0 day"), (31.4, "31 days"),
                                         (0.0, "0 days"), (None, "never"), (1234.0, "1,234 days")])
def test_days_for_people(value, text):
    assert numbers.days(value) == text


def test_shares_and_intervals_for_people():
    assert numbers.share(0.95) == "95%"
    assert numbers.share(0.996) == "99.6%"  # never rounded up to a 100% it did not reach
    assert numbers.interval([1.234, 1.5]) == "[1.2, 1.5] days"
    assert numbers.interval([30.2, None]) == "[30 days, never]"
    assert numbers.interval([0.91, 0.962], "share") == "[91%, 96%]"
    assert numbers.interval(None) == ""


def _section(html: str, anchor: str) -> str:
    return re.search(rf'<section id="{anchor}".*?</section>', html, re.S)[0]


def test_options_section_shows_what_the_comparison_found(council):
    analysis, html = council
    assert analysis.comparison is not None
    block = _section(html, "options")
    option = analysis.comparison.options[0]
    assert option.structure.changes and (option.weakenings or option.checks.new)
    for change in option.structure.changes[:15]:
        assert escape(tidy(change.text)) in block
    for f in (*option.weakenings, *option.checks.new):
        assert escape(tidy(f.title)) in block and escape(str(f.citation)) in block


def test_without_a_comparison_the_options_are_set_side_by_side(council):
    analysis, _ = council
    html = paper_html(replace(analysis, comparison=None, notes=("no comparison here",)))
    block = _section(html, "options")
    assert "What changes in the structure" not in block and "no comparison here" in block
    for s in analysis.scenarios:
        assert escape(s.name) in block
