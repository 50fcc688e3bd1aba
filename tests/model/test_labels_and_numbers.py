"""One vocabulary of labels and one set of number formatters, in both their styles."""

import pytest

from orgsim.model import numbers, vocab


def test_director_and_observer_roles_in_report_order():
    assert vocab.DIRECTOR_ROLES == ("dcs", "dass", "dss", "lead_director_cyp")
    assert vocab.OBSERVER_ROLES == ("dcs", "dass", "dss", "lead_director_cyp",
                                    "head_of_paid_service", "lead_member_children",
                                    "lead_member_adults", "leader")


def test_every_role_has_its_three_labels():
    assert set(vocab.ROLE_LABELS) == set(vocab.ROLES)
    dcs = vocab.role_label("dcs")
    assert (dcs.short, dcs.full, dcs.article) == ("DCS", "Director of Children's Services", "the DCS")
    assert vocab.role_label("lead_member_children").short == "Lead Member, Children"
    assert {r: vocab.role_label(r).article for r in (*vocab.DIRECTOR_ROLES, "head_of_paid_service")} == {
        "dcs": "the DCS", "dass": "the DASS", "dss": "the DSS",
        "lead_director_cyp": "the Lead Director for Children and Young People",
        "head_of_paid_service": "the head of paid service"}


def test_item_and_function_labels():
    assert vocab.item_label("serious_incident") == vocab.Label("Serious incident",
                                                               "serious incidents")
    assert vocab.item_label("serious_incident").in_text == "serious incident"
    assert vocab.item_label("local_kind").plural == "local kinds"  # a scenario's own kind
    assert vocab.function_label("children_social_care").singular == "Children's social care"
    assert set(vocab.FUNCTION_LABELS) == set(vocab.FUNCTIONS)



@pytest.mark.parametrize("value, prose, fixed", [
    (0.95, "95%", "95%"), (0.996, "99.6%", "100%"), (0.001, "0.1%", "0%"), (None, "n/a", "-")])
def test_share_in_prose_and_in_tables(value, prose, fixed):
    assert numbers.share(value) == prose
    assert numbers.share(value, fixed=True) == fixed


def test_days_and_intervals_in_both_styles():
    assert numbers.days_figure(31.26) == "31" and numbers.days_figure(31.26, fixed=True) == "31.3"
    assert numbers.days_figure(None, fixed=True, missing="no path") == "no path"
    assert numbers.interval([1.234, 1.5]) == "[1.2, 1.5] days"
    assert numbers.interval([1.234, None], fixed=True) == "[1.2, inf]"
    assert numbers.interval([30.2, None]) == "[30 days, never]"
    assert numbers.number(1234) == "1,234" and numbers.number(2.25, fixed=True) == "2.2"


@pytest.mark.parametrize("days, scenario, exact, in_words, on_diagram", [
    (vocab.DAYS_PER_YEAR, "1y", "365.25d", "1 year", "12 months"),
    (21.0, "3w", "21d", "3 weeks", "3 weeks"),
    (0.25, "0.25d", "0.25d", "0.25 days", "0.2 days")])
def test_durations(days, scenario, exact, in_words, on_diagram):
    assert numbers.format_days(days) == scenario
    assert numbers.format_days(days, whole_units=False) == exact
    assert numbers.duration_words(days) == in_words
    assert numbers.duration_words(days, years=False, places=1) == on_diagram


def test_cadences_and_moments():
    assert numbers.cadence_name(vocab.CADENCES["six_monthly"]) == "six_monthly"
    assert numbers.cadence_name(21.0) == "3w"
    assert numbers.cadence_name(21.0, whole_units=False) == "21d"
    assert numbers.cadence_name(None) == "never"
    assert numbers.cadence_words(vocab.CADENCES["six_monthly"]) == "six monthly"
    assert numbers.cadence_words(10.0) == "every 10 days"
    assert numbers.moment(3 * vocab.DAYS_PER_MONTH) == "month 3"
    assert numbers.moment(2.5) == "day 2.5"


def test_changes_and_settings():
    assert numbers.signed_share(0.04) == "+4.0%" and numbers.signed_share(-0.125) == "-12.5%"
    assert numbers.signed_days(2.46) == "+2.5" and numbers.signed_days(-0.3) == "-0.3"
    assert numbers.as_given(365.25) == "365.25" and numbers.as_given(12.0) == "12"
