import math

import pytest

from orgsim.model.numbers import cadence_name, duration_words, format_days
from orgsim.model.units import parse_cadence, parse_duration, parse_rate
from orgsim.model.vocab import DAYS_PER_MONTH, DAYS_PER_YEAR


@pytest.mark.parametrize("text, days", [
    ("2d", 2), ("6w", 42), ("3m", 3 * DAYS_PER_MONTH), ("1y", DAYS_PER_YEAR), (10, 10),
    (0, 0), ("0.5d", 0.5), ("30", 30), (" 4 w ", 28),
])
def test_durations_in_days(text, days):
    assert parse_duration(text) == pytest.approx(days)


@pytest.mark.parametrize("bad", ["3 months", "-2d", -1, "2x", "", True, None, math.inf])
def test_bad_durations_explain_how_to_write_one(bad):
    with pytest.raises(ValueError, match="d, w, m or y|finite number"):
        parse_duration(bad)


def test_named_cadences_use_calendar_average_lengths():
    assert parse_cadence("monthly") == pytest.approx(365.25 / 12)
    assert parse_cadence("quarterly") == pytest.approx(365.25 / 4)
    assert parse_cadence("immediate") == 0
    assert parse_cadence("fortnightly") == 14
    assert parse_cadence("10d") == 10


def test_unknown_cadence_lists_the_names():
    with pytest.raises(ValueError, match="immediate, weekly, fortnightly, monthly"):
        parse_cadence("monthy")


@pytest.mark.parametrize("text, per_month", [
    (0.4, 0.4), ("0.4/month", 0.4), ("12/year", 1.0), ("3/quarter", 1.0),
    ("1/week", DAYS_PER_MONTH / 7), ("2", 2.0),
])
def test_rates_in_items_per_month(text, per_month):
    assert parse_rate(text) == pytest.approx(per_month)


@pytest.mark.parametrize("bad", ["often", "5/fortnight", "-1/year", False])
def test_bad_rates(bad):
    with pytest.raises(ValueError):
        parse_rate(bad)


def test_cadence_names_round_trip():
    assert cadence_name(parse_cadence("quarterly")) == "quarterly"
    assert cadence_name(10.0) == "10d"


@pytest.mark.parametrize("text", ["3m", "6w", "1y", "3y", "2w", "1m", "30d", "2.5d", "0d"])
def test_durations_print_as_they_are_written(text):
    assert format_days(parse_duration(text)) == text


@pytest.mark.parametrize("days, words", [(DAYS_PER_YEAR / 4, "3 months"), (42, "6 weeks"),
                                         (1, "1 day"), (0.5, "0.5 days"), (DAYS_PER_YEAR, "1 year")])
def test_durations_in_words_for_findings(days, words):
    assert duration_words(days) == words
