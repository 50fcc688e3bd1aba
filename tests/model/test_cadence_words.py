"""The cadence words officers write, each with its stated length, and the new kinds."""

import pytest

from orgsim.model import vocab
from orgsim.model.numbers import cadence_name
from orgsim.model.scenario import scenario_json_schema
from orgsim.model.units import parse_cadence


@pytest.mark.parametrize("word,days", [
    ("daily", 1.0), ("fortnightly", 14.0), ("six_weekly", 42.0), ("six-weekly", 42.0),
    ("bi-monthly", 365.25 / 6), ("bi_monthly", 365.25 / 6), ("termly", 365.25 / 3),
    ("Six-Monthly", 365.25 / 2),
])
def test_officers_words_read_as_their_stated_lengths(word, days):
    assert parse_cadence(word) == pytest.approx(days)


def test_aliases_do_not_rename_existing_periods_in_reports():
    assert cadence_name(parse_cadence("six_weekly")) == "6w"
    assert cadence_name(parse_cadence("daily")) == "1d"
    assert cadence_name(vocab.CADENCES["monthly"]) == "monthly"


def test_the_schema_offers_the_words_and_states_their_lengths():
    text = str(scenario_json_schema())
    for word in ("daily", "six_weekly", "bi-monthly", "termly"):
        assert f"'{word}'" in text
    assert "every two months: 60.875 days" in text and "121.75 days" in text


def test_new_kinds_have_labels_and_the_partnership_board_is_explained():
    assert "police" in vocab.EXTERNAL_KINDS
    assert {"company_board", "safeguarding_partnership"} <= set(vocab.BODY_KINDS)
    schema = scenario_json_schema()
    kind = schema["$defs"]["Body"]["properties"]["kind"]["description"]
    assert "childrens_trust: Children's Trust Board" in kind
    assert "not a children's trust company" in kind
