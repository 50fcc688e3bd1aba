"""Numbers for people: days, durations, cadences, shares, intervals and counts, in one place.

Two styles, chosen by `fixed`:
- prose (the paper, the plots): days to one decimal below 10 and whole above ("2.3 days",
  "31 days"); shares as whole percentages unless that would round a miss up to 100% or a
  near-zero share down to 0%; intervals as "[1.2, 1.5] days"; a missing share is "n/a".
- fixed (terminal tables and messages built from the same figures as the JSON): one decimal for
  days, whole percentages always, intervals as "[1.2, 1.5]" with "inf" for an open end; a missing
  share is "-".

Durations as a scenario writes them ("3m", "6w", "2.5d") and in words ("3 months") live here too.
Only `orgsim.model` may be imported: the rules and the simulation use this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from .vocab import CADENCES, DAYS_PER_MONTH, DAYS_PER_YEAR

_MISSING_SHARE = {False: "n/a", True: "-"}


# --- counts and figures -------------------------------------------------------------------------

def number(value: float, *, fixed: bool = False) -> str:
    """A count or figure: whole numbers with thousands separators, else one decimal; `fixed`
    always gives one decimal (a mean per replication in a table)."""
    if fixed:
        return f"{value:.1f}"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def days_figure(value: float | None, *, fixed: bool = False, missing: str = "never") -> str:
    """Days without the unit: '2.3', '31'; `fixed` always one decimal; `missing` for None."""
    if value is None:
        return missing
    if fixed:
        return f"{value:.1f}"
    if value < 10:
        text = f"{value:.1f}"
        return "0" if text == "0.0" and value == 0 else text
    return f"{value:,.0f}"


def days(value: float | None) -> str:
    """'2.3 days', '1 day', 'never' (None: the item was never known)."""
    if value is None:
        return "never"
    figure = days_figure(value)
    return f"{figure} day" if figure in ("1", "1.0") else f"{figure} days"


def share(value: float | None, *, fixed: bool = False, missing: str | None = None) -> str:
    """'95%'; in prose '99.6%' rather than a rounded-up '100%' for a share short of it.

    `missing` (for None) defaults to 'n/a' in prose and '-' when `fixed`.
    """
    if value is None:
        return _MISSING_SHARE[fixed] if missing is None else missing
    if fixed:
        return f"{value:.0%}"
    pct = value * 100
    if 99.5 <= pct < 100 or 0 < pct < 0.5:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


def signed_share(value: float, places: int = 1) -> str:
    """A change in a share: '+4.0%', '-12.5%'; `places=0` for a table cell ('+4%')."""
    return f"{value:+.{places}%}"


def signed_days(value: float) -> str:
    """A change in days, one decimal with its sign: '+2.5', '-0.3'."""
    return f"{value:+.1f}"


def as_given(value: float) -> str:
    """A setting echoed as the user gave it, unrounded: '365.25', '12', '0.5'."""
    return f"{value:g}"


def interval(ci: Sequence[float | None] | None, unit: str = "days", *, fixed: bool = False) -> str:
    """A 95% interval: '[1.2, 1.5] days', '[91%, 96%]', '[30 days, never]'; '' when undefined.

    `fixed` gives the bare figures for a table of days: '[1.2, 1.5]', '[30.2, inf]'.
    """
    if not ci:
        return ""
    low, high = ci[0], ci[1]
    if fixed:
        return f"[{days_figure(low, fixed=True)}, {days_figure(high, fixed=True, missing='inf')}]"
    if unit == "share":
        return f"[{share(low)}, {share(high)}]"
    if high is None:
        return f"[{days(low)}, never]"
    return f"[{days_figure(low)}, {days_figure(high)}] days"


def words(identifier: str) -> str:
    """'serious_incident' -> 'serious incident'."""
    return identifier.replace("_", " ")


# --- durations ----------------------------------------------------------------------------------

_UNITS = (("y", "year", DAYS_PER_YEAR), ("m", "month", DAYS_PER_MONTH), ("w", "week", 7.0))


def _whole(days: float, years: bool = True) -> tuple[int, str, str] | None:
    """(count, short unit, unit word) where `days` is a whole number of years, months or weeks."""
    for short, word, length in _UNITS if years else _UNITS[1:]:
        count = days / length
        if count >= 1 and math.isclose(count, round(count), abs_tol=1e-9):
            return round(count), short, word
    return None


def format_days(days: float, *, whole_units: bool = True) -> str:
    """A duration as a scenario file would write it: '3m', '6w', '1y', '2.5d'.

    Without `whole_units`, plain days as given ('21d', '91.3125d'): the check evidence quotes
    figures exactly.
    """
    whole = _whole(days) if whole_units else None
    if whole:
        return f"{whole[0]}{whole[1]}"
    return f"{round(days, 2):g}d" if whole_units else f"{days:g}d"


def duration_words(days: float, *, years: bool = True, places: int = 2) -> str:
    """A duration for prose: '3 months', '6 weeks', '1 year', '3 days', '0.5 days'.

    Diagram labels pass `years=False` (a year reads '12 months') and `places=1`.
    """
    whole = _whole(days, years)
    count, word = (whole[0], whole[2]) if whole else (round(days, places), "day")
    return f"{count:g} {word}" + ("" if count == 1 else "s")


def moment(days: float) -> str:
    """A point in a run: 'month 3' on a whole month, else 'day 2.5'."""
    months = days / DAYS_PER_MONTH
    if abs(months - round(months)) < 1e-6:
        return f"month {round(months)}"
    return f"day {round(days, 1):g}"


# --- cadences -----------------------------------------------------------------------------------

def named_cadence(days: float) -> str | None:
    """The name of the cadence a period is ('monthly'), or None."""
    for name, period in CADENCES.items():
        if math.isclose(period, days, abs_tol=1e-9):
            return name
    return None


def cadence_name(days: float | None, *, whole_units: bool = True) -> str:
    """The named cadence for a period, else the period as `format_days` writes it; 'never' for
    a body that does not meet (None)."""
    if days is None:
        return "never"
    return named_cadence(days) or format_days(days, whole_units=whole_units)


def cadence_words(days: float) -> str:
    """A cadence for a diagram label: 'six monthly', 'every 10 days'."""
    name = named_cadence(days)
    return words(name) if name else f"every {duration_words(days, years=False, places=1)}"


def long_date(day: date) -> str:
    """A date as a committee paper writes it: 1 September 2014."""
    return f"{day.day} {day:%B %Y}"
