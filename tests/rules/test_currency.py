"""The law in force: every finding says whether its text applied on the day judged, superseded
requirements are shown and not counted, and no successor citation invents a paragraph."""

from __future__ import annotations

import re
from datetime import date

import pytest

from orgsim.analysis.checking import check_report
from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.currency import CHANGES, change_for, currency_of
from orgsim.rules.documents import DOCUMENTS
from orgsim.rules.registry import RULES, run_checks
from support import FIXTURES, SCENARIOS

BARNET_2014 = SCENARIOS / "barnet" / "barnet-2014-commissioning.yaml"
COMBINED = """
posts:
  dcs: {roles: [dcs, dass]}
  dass: {roles: []}
"""


def checked(path, as_of=None):
    return run_checks(OrgGraph(load_scenario(path).scenario), as_of=as_of)


def combined_file(as_of: str):
    text = f"orgsim: 1\nextends: england.yaml\nas_of: {as_of}\n{COMBINED}"
    return load_scenario_text(text, "v.yaml", FIXTURES / "rules")


def combined(as_of: str):
    return OrgGraph(combined_file(as_of).scenario)


def test_barnet_2014_is_judged_by_its_own_date_and_labels_every_2009_finding_replaced():
    result = checked(BARNET_2014)
    assert (result.as_of, result.as_of_source) == (date(2014, 9, 1), "the scenario's as_of")
    dcs = [f for f in (*result.findings, *result.superseded) if f.pack == "england-dcs-lm-2009"]
    assert len(dcs) > 20
    for f in dcs:
        assert f.currency.status == "replaced" and f.currency.replaced == date(2013, 4, 8)
        assert "Department for Education" in f.currency.successor
    # the 2009 guidance's discouragement of a combined DCS and DASS was gone by September 2014;
    # its LSCB rules were not (the boards lasted until 2019), so they still count
    assert {f.id for f in result.superseded} == {"dcs.3.13.not-combined-with-dass",
                                                 "dcs.3.13.no-second-tier-divide"}
    lscb = next(f for f in result.findings if f.id == "dcs.3.29.lscb-member")
    assert lscb.currency.status == "replaced" and lscb.currency.change is None
    assert [d for d, _ in result.standings()] == ["england-dcs-lm-2009", "england-dass-2005"]
    # Barnet's own protocol applied
    assert {f.currency.status for f in result.findings if f.pack == "local-protocol"} == \
        {"in_force"}


def test_before_april_2013_the_2009_guidance_is_in_force_and_nothing_is_superseded():
    result = checked(BARNET_2014, as_of=date(2012, 6, 1))
    assert result.as_of_source == "--as-of"
    assert {f.currency.status for f in result.findings
            if f.pack == "england-dcs-lm-2009"} == {"in_force"}
    assert result.superseded == ()


def test_a_combined_dcs_dass_is_amber_under_the_2009_text_and_superseded_today():
    in_2010 = {f.id: f for f in run_checks(combined("2010-04-01")).findings}
    assert in_2010["dcs.3.13.not-combined-with-dass"].severity is Rating.amber
    now = run_checks(combined("2026-06-01"))
    assert "dcs.3.13.not-combined-with-dass" not in {f.id for f in now.findings}
    gone = next(f for f in now.superseded if f.id == "dcs.3.13.not-combined-with-dass")
    assert gone.severity is Rating.amber  # as the old text would rate it: shown, not counted
    assert "local test of assurance" in gone.currency.change
    assert gone.currency.successor_citation.endswith("'additional functions' and 'local "
                                                     "assurance'")


def test_a_structure_older_than_the_text_says_so():
    result = checked(SCENARIOS / "england" / "england-unitary-conventional.yaml",
                     as_of=date(2004, 1, 1))
    statuses = {f.currency.status for f in result.findings if f.pack == "england-dcs-lm-2009"}
    assert statuses == {"not_yet_issued"}
    assert "after this structure's date (1 January 2004)" in result.standings()[0][1]


def test_the_single_director_of_social_services_is_historic_after_2005():
    result = checked(FIXTURES / "rules" / "england-dss.yaml", as_of=date(2010, 1, 1))
    assert result.superseded and all(f.pack == "solace-adss" for f in result.superseded)
    assert "Children Act 2004 s18" in result.superseded[0].currency.successor_citation
    assert "historic since 2005" in result.standings()[0][1]


def test_a_check_dated_in_the_past_lists_what_todays_framework_rates_otherwise():
    report = check_report(combined_file("2010-04-01"), today=date(2026, 12, 1))
    assert report.result.as_of == date(2010, 4, 1) and report.today.as_of == date(2026, 12, 1)
    diff = {d.id: d for d in report.under_today}["dcs.3.13.not-combined-with-dass"]
    assert (diff.then, diff.now) == ("amber", None)
    assert diff.why.startswith("superseded: A DCS may now also hold other functions")
    # judged on today's date already: nothing to compare
    assert check_report(combined_file("2026-12-01"), today=date(2026, 12, 1)).today is None


def test_every_change_names_real_rules_and_cites_no_invented_paragraph():
    for change in CHANGES:
        for rule_id in change.rules:
            assert rule_id in RULES, rule_id
        # a statute section (s43, s6(A1), Sch 2), an Act's Part, or a quoted heading; never a
        # bare paragraph number such as 4.3 or para 12
        cites = re.sub(r"\b(s\d+[A-Z]?(\([A-Z0-9]+\))?|Sch \d+|Part \d+|\d{4})\b", "", change.cites)
        cites = re.sub(r"'[^']*'", "", cites)
        assert not re.search(r"\d", cites), change.cites
        assert "para" not in change.cites


@pytest.mark.parametrize("short", [d for d in DOCUMENTS if DOCUMENTS[d].replaced])
def test_every_replaced_document_names_its_successor_and_date(short):
    doc = DOCUMENTS[short]
    assert doc.successor and doc.replaced_text
    assert not doc.in_force_on(doc.replaced) and doc.in_force_on(doc.issued)


def test_findings_of_a_rule_with_no_listed_change_carry_only_the_replacement():
    rule = RULES["dcs.3.5.reports-to-cex"]
    assert change_for(rule.id, rule.document) is None
    f = next(f for f in checked(BARNET_2014).findings if f.id == rule.id)
    c = currency_of(f, date(2026, 1, 1))
    assert c.status == "replaced" and c.change is None and not c.superseded
