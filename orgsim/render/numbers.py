"""Numbers for people: the paper and the plots never show a raw float.

Days to one decimal below 10 and whole above ("2.3 days", "31 days"); shares as whole
percentages unless that would round a miss up to 100% or a near-zero share down to 0%; intervals
as "[1.2, 1.5] days"; a missing upper bound (some runs never learnt the item) as "never".
"""

from __future__ import annotations

from collections.abc import Sequence


def number(value: float) -> str:
    """A plain count or figure: whole numbers with thousands separators, else one decimal."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def _days_figure(value: float) -> str:
    if value < 10:
        text = f"{value:.1f}"
        return "0" if text == "0.0" and value == 0 else text
    return f"{value:,.0f}"


def days(value: float | None) -> str:
    """'2.3 days', '1 day', 'never' (None: the item was never known)."""
    if value is None:
        return "never"
    figure = _days_figure(value)
    return f"{figure} day" if figure in ("1", "1.0") else f"{figure} days"


def share(value: float | None) -> str:
    """'95%'; '99.6%' rather than a rounded-up '100%' for a share short of it."""
    if value is None:
        return "n/a"
    pct = value * 100
    if 99.5 <= pct < 100 or 0 < pct < 0.5:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


def interval(ci: Sequence[float | None] | None, unit: str = "days") -> str:
    """A 95% interval: '[1.2, 1.5] days', '[91%, 96%]', '[30 days, never]'; '' when undefined."""
    if not ci:
        return ""
    low, high = ci[0], ci[1]
    if unit == "share":
        return f"[{share(low)}, {share(high)}]"
    if high is None:
        return f"[{days(low)}, never]"
    return f"[{_days_figure(low)}, {_days_figure(high)}] days"


def words(identifier: str) -> str:
    """'serious_incident' -> 'serious incident'."""
    return identifier.replace("_", " ")
