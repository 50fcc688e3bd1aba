"""Durations, cadences and rates as people write them, turned into days and items per month.

The reverse, days back into words, is `numbers` (re-exported here for existing callers).
"""

from __future__ import annotations

import math
import re

from .vocab import CADENCE_ALIASES, CADENCES, DAYS_PER_MONTH, DAYS_PER_YEAR, cadence_lookup

UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": DAYS_PER_MONTH, "y": DAYS_PER_YEAR}
RATE_PERIODS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "quarter": DAYS_PER_YEAR / 4,
                "year": DAYS_PER_YEAR}

# Below an hour a cadence is not a meeting or a report but a modelling slip (0.0000001d), and
# scanning three years of its cut-offs would take billions of steps.
MIN_CADENCE_DAYS = 1 / 24
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dwmy])\s*$")
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(day|week|month|quarter|year)\s*$")

DURATION_HINT = "write a number of days, or a number followed by d, w, m or y (e.g. 2d, 6w, 3m, 1y)"
CADENCE_HINT = ("write one of " + ", ".join(CADENCES) + "; or " + "; ".join(
    f"{name} ({length})" for name, (_, length) in CADENCE_ALIASES.items())
    + "; or a duration such as 10d")
RATE_HINT = "write items per month as a number, or a rate such as 5/year, 0.4/month or 2/week"


def _quoted(value: object, limit: int = 60) -> str:
    """The value as a message echoes it: escaped, on one line, and cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _finite_non_negative(value: float, what: str) -> float:
    try:
        number = float(value)
    except OverflowError:  # an integer beyond the range of a float
        number = math.inf
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{what} must be a finite number of zero or more; this one is too "
                         "large to count with" if number > 0 else
                         f"{what} must be a finite number of zero or more")
    return number


def parse_duration(value: object) -> float:
    """Days from `2d`, `6w`, `3m`, `1y` or a plain number of days."""
    if isinstance(value, bool):
        raise ValueError(f"{_quoted(value)} is not a duration; {DURATION_HINT}")
    if isinstance(value, (int, float)):
        return _finite_non_negative(value, "a duration")
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return _finite_non_negative(float(match.group(1)) * UNIT_DAYS[match.group(2)],
                                        "a duration")
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            return _finite_non_negative(number, "a duration")
    raise ValueError(f"{_quoted(value)} is not a duration; {DURATION_HINT}")


def parse_cadence(value: object) -> float:
    """Period in days of a named cadence or a duration; 0 means immediate."""
    if isinstance(value, str):
        named = cadence_lookup(value)
        if named is not None:
            return named
    try:
        days = parse_duration(value)
    except ValueError as exc:
        if "finite" in str(exc):  # a duration, but not one to count with: say so
            raise
        raise ValueError(f"{_quoted(value)} is not a cadence; {CADENCE_HINT}") from None
    if 0 < days < MIN_CADENCE_DAYS:
        raise ValueError(f"a cadence of {_quoted(value)} is shorter than an hour, which no "
                         "meeting or report keeps; write `immediate` for at once, or a period "
                         "of 0.05d or more")
    return days


def parse_rate(value: object) -> float:
    """Items per month from a number or a string such as `5/year`."""
    if isinstance(value, bool):
        raise ValueError(f"{_quoted(value)} is not a rate; {RATE_HINT}")
    if isinstance(value, (int, float)):
        return _finite_non_negative(value, "a rate")
    if isinstance(value, str):
        match = _RATE.match(value)
        if match:
            per_day = float(match.group(1)) / RATE_PERIODS[match.group(2)]
            return _finite_non_negative(per_day * DAYS_PER_MONTH, "a rate")
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            return _finite_non_negative(number, "a rate")
    raise ValueError(f"{_quoted(value)} is not a rate; {RATE_HINT}")
