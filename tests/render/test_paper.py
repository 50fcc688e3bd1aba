"""The committee paper: every red finding with its citation, labels escaped, numbers for people,
nothing fetched from the network, and curves that agree with the simulation's figures."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import escape, unescape

import pytest

from orgsim.model.findings import Rating
from orgsim.pipeline import analyse, diagrams
from orgsim.model import numbers
from orgsim.render.decision import Verdict, decide
from orgsim.render.paper import inline_svg, paper_html
from orgsim.render.wording import Wording
from orgsim.render.plots import panel
from render.paper_fixtures import FAST, HOSTILE, write_council

SECTIONS = ("decision", "repair", "options", "findings", "diagrams", "plots", "structure",
            "assumptions", "method", "law", "references", "reproducibility", "annex-evidence",
            "annex-diagrams")


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
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_red_finding_is_in_the_paper_with_its_numbered_citation(council):
    analysis, html = council
    red = [f for s in analysis.scenarios for f in s.findings if f.severity == Rating.red]
    assert {f.id for f in red} >= {"england-2026.dfe2013.dcs-reports-to-cex",
                                   "sim.standard.dcs_si"}
    say = Wording(s.graph for s in analysis.scenarios)
    text = _text(_section(html, "findings"))
    for f in red:
        assert say(f.title) in text, f.id
    # ...in a RED row of the findings table, cited as a numbered reference with its mitigation.
    rows = re.findall(r"<tr><td><span class=\"rag rag-red\">RED</span></td>(.*?)</tr>", html,
                      flags=re.S)
    assert any(re.search(r"\[\d+\] clear line of accountability", r) and "chief executive" in r
               for r in rows)


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
    found = [m for m in re.findall(r'<section id="([a-z-]+)"', html)]
    assert found == list(SECTIONS)


def test_paper_is_self_contained(council):
    _, html = council
    assert "<link" not in html and "<img" not in html and " src=" not in html
    assert "@import" not in html and "url(" not in html and "fetch(" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls


def test_page_one_states_the_verdict_with_reasons_and_the_repair(council):
    analysis, html = council
    decisions = decide(analysis)
    option = decisions[1]
    assert option.tally.problems and option.repair is not None
    # the small council's option is fixed by the menu, or not: either way page 1 says which
    expected = Verdict.with_mechanisms if option.repair.after.problems == 0 \
        else Verdict.not_acceptable
    assert option.verdict == expected
    block = _text(_section(html, "decision"))
    assert f"Option A: Testshire option B (commissioning) Verdict: {expected.value}" in block
    # the fixture states no date, so it is judged by today's law: the 2013 guidance's heading,
    # which restated the 2009 text's 3.5
    assert "It fails the statutory check “The DCS reports to the chief executive”" in block
    assert re.search(r"\[\d+\] clear line of accountability", block)
    assert "The repair search found" in block or "remain with the best set" in block


def test_one_count_of_statutory_checks_weakenings_and_standards_everywhere(council):
    analysis, html = council
    t = decide(analysis)[1].tally
    reds = sum(f.severity == Rating.red for f in analysis.options[0].check.findings)
    assert t.checks_failed == reds
    cmp = analysis.comparison.options[0]
    assert t.weakenings == len(cmp.weakenings)
    counts = _text(_section(html, "decision"))
    assert f"Option A {t.checks_failed} {t.weakenings} ({t.red_weakenings} red) " \
        f"{t.standards_missed} of {t.standards}" in counts
    assert f"{t.checks_failed} statutory checks failed ({t.new_checks_failed} of them the " \
        f"baseline passes); {t.weakenings} material weakenings of oversight " \
        f"({t.red_weakenings} red); {t.standards_missed} of {t.standards} standards missed" \
        in _text(_section(html, "options"))
    assert f"{t.checks_failed} statutory checks failed, " in _text(_section(html, "findings"))


def test_every_cited_document_is_in_the_references_with_title_date_and_status(council):
    from orgsim.rules.documents import DOCUMENTS
    _, html = council
    text = _text(html)
    refs = _section(html, "references")
    cited = set(re.findall(r"\[(\d+)\] para", text))
    assert cited
    for n in cited:
        assert f'<li value="{n}">' in refs
    for d in DOCUMENTS.values():
        if d.title in _text(refs):
            assert d.date_text in _text(refs) and d.status in _text(refs)
    assert "england-dcs-lm-2009" not in text  # short names become numbered references


def test_a_local_standard_says_it_is_the_councils_own(council):
    _, html = council
    block = _text(_section(html, "assumptions"))
    assert "the council's own standard, set in its scenario file (base.yaml line" in block


def test_assumptions_lead_with_item_rates_routes_and_escalation_delay(council):
    _, html = council
    block = _text(_section(html, "assumptions"))
    rates = block.index("How often serious incidents and safeguarding concerns arise")
    routes = block.index("The routes the serious-incident figures rest on")
    escalation = block.index("Escalation and the run")
    assert rates < routes < escalation < block.index("Oversight standards")
    assert "Social work teams" in block and "24 a year" in block and "base.yaml line" in block


def test_reproducibility_block_records_seed_replications_and_file_hashes(council):
    analysis, html = council
    block = _section(html, "reproducibility")
    assert f"seed {FAST.run.seed}" in block and f"{FAST.run.replications}" in block
    for s in analysis.scenarios:
        for digest in s.loaded.file_hashes().values():
            assert digest in block
        assert s.loaded.content_hash in block


def test_wording_replaces_ids_figures_and_plurals(council):
    analysis, _ = council
    say = Wording(s.graph for s in analysis.scenarios)
    assert say("Family Services Director (fsd) -> Social work teams (cs)") == \
        "Family Services Director → Social work teams"
    assert say("no route for serious_incident from cs") == \
        "no route for serious incidents from Social work teams"
    assert say("share 0.1623, 30.4375 days, 1095.75 days, para 3.44(b)") == \
        "share 16%, 30 days, 1,096 days, para 3.44(b)"
    assert say("fails 0 test(s); capacity None") == "fails 0 tests; capacity none"


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
    block = _text(_section(html, "options"))
    option = analysis.comparison.options[0]
    assert option.structure.changes and (option.weakenings or option.checks.new)
    say = Wording(s.graph for s in analysis.scenarios)
    for change in option.structure.changes[:12]:
        assert say(change.text) in block
    for row in option.weakened_rows:
        assert "serious incidents" in block or row.item != "serious_incident"


def test_without_a_comparison_there_is_no_verdict_against_a_baseline(council):
    analysis, _ = council
    html = paper_html(replace(analysis, comparison=None, repairs=(),
                              notes=("no comparison here",)))
    assert 'id="options"' not in html and "no comparison here" in html
    assert Verdict.not_acceptable.value in _text(_section(html, "decision"))


def test_the_verdict_rule_gives_each_of_its_three_verdicts(council, tmp_path):
    analysis, _ = council
    # no repair run: problems nobody has shown a remedy for leave the option not acceptable
    assert decide(replace(analysis, repairs=()))[1].verdict == Verdict.not_acceptable
    # an option that changes nothing that matters has no problems and is acceptable
    base, _ = write_council(tmp_path)
    same = tmp_path / "same.yaml"
    same.write_text("orgsim: 1\nextends: base.yaml\nname: Testshire, renamed only\n",
                    encoding="utf-8")
    plain = analyse(base, [same], FAST)
    decision = decide(plain)[1]
    assert decision.tally.problems == 0 and decision.verdict == Verdict.acceptable
    html = paper_html(plain)
    assert "Verdict: acceptable." in _text(_section(html, "decision"))
    assert 'id="repair"' not in html  # nothing to repair


def test_text_about_an_option_reads_the_options_own_titles(council):
    """The option renames the one-to-one (same id): what the paper says of the option names it
    as the option does, and of the baseline as the baseline does."""
    from orgsim.render.paper import Writer
    analysis, _ = council
    w = Writer(analysis)
    assert w.text("channel fs_121", analysis.options[0]) == "channel 'Quarterly report'"
    assert w.text("channel fs_121", analysis.baseline) == "channel 'Monthly one-to-one'"


def test_a_single_scenario_gets_its_own_verdict(tmp_path):
    base, _ = write_council(tmp_path)
    analysis = analyse(base, [], FAST)
    html = paper_html(analysis)
    block = _text(_section(html, "decision"))
    assert "The structure: Testshire County Council (baseline) Verdict: not acceptable as " \
        "drafted." in block
    assert "It fails the statutory check" in block
    assert 'id="options"' not in html and 'id="repair"' not in html


def test_the_law_in_force_says_which_texts_had_been_replaced_and_what_is_not_counted(council):
    _, html = council
    law = _text(re.search(r'<section id="law">.*?</section>', html, flags=re.S)[0])
    # the fixture councils state no date, so they are judged by today's law
    assert "judged by the law in force on" in law and "the files give their structure no date" \
        in law
    assert "(2009) [1] was replaced on 8 April 2013 by the Department for Education's " \
           "statutory guidance" in law
    # LSCB findings of 2009 are not counted today: the paper says what replaced them
    assert "Shown here but not counted" in law or "under superseded requirements" in law
    assert "dcs." not in law and "england-dcs-lm-2009" not in law


def test_a_run_judged_by_an_earlier_law_says_what_todays_framework_rates_otherwise(tmp_path):
    base, option = write_council(tmp_path)
    settings = replace(FAST, as_of=date(2012, 6, 1), repair=False)
    html = paper_html(analyse(base, [option], settings))
    law = _text(re.search(r'<section id="law">.*?</section>', html, flags=re.S)[0])
    assert "judged by the law in force on 1 June 2012, the date set for this run" in law
    # in 2012 the 2009 guidance applied: nothing of it is superseded, nothing replaced
    assert "was replaced on 8 April 2013" not in law
    today = law[law.index("Under today's framework"):]
    # the DCS's line to the Chief Executive: red under 3.5 then, judged today under the 2013
    # guidance's heading (a requirement that came in later)
    assert "The DCS reports to the chief executive: not yet in force then, red today" in today
    assert "dcs." not in law and "england-2026" not in law
