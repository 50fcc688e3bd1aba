"""Student-t intervals: the sectioned 95% intervals of a simulation (from the table below) and the
paired intervals of a comparison (at each look's level)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

# t(0.975, df) for df = 1..30; beyond, the normal 1.96
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
         2.056, 2.052, 2.048, 2.045, 2.042)


def t975(df: int) -> float:
    return _T975[df - 1] if 1 <= df <= len(_T975) else 1.96


@cache  # a comparison asks for a few levels and counts of blocks thousands of times
def t_quantile(level: float, df: int) -> float:
    """The t value with `level` of the distribution's mass between -t and t."""
    if abs(level - 0.95) < 1e-12:
        return t975(df)
    # scipy only where another level is asked for (a comparison's later looks): it is slow to load
    from scipy.special import stdtrit
    return float(stdtrit(df, 0.5 + level / 2))


def mean_and_half_width(values: Sequence[float], level: float = 0.95) -> tuple[float, float]:
    """The mean of the values and the half-width of its t interval at `level` (0 for a single
    value)."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean, t_quantile(level, n - 1) * sd / math.sqrt(n)
