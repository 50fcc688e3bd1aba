"""Cut-off arithmetic shared by the engine and the analytic module.

A channel with period P and phase f cuts off at f, f + P, f + 2P, ... Cut-off k is computed as
`f + k * P` every time (never accumulated), so floating-point drift cannot move an item across a
cut-off, and an item reaching the source exactly at a cut-off is taken by that cut-off.
"""

from __future__ import annotations

import math

import numpy as np


def cutoff_index(t: float, phase: float, period: float) -> int:
    """The index k of the first cut-off `phase + k * period` at or after `t` (k >= 0)."""
    if t <= phase:
        return 0
    k = math.ceil((t - phase) / period)
    # ceil of a rounded quotient can be one off either way; settle it on the computed times.
    while k > 0 and phase + (k - 1) * period >= t:
        k -= 1
    while phase + k * period < t:
        k += 1
    return k


def cutoff_time(k: int, phase: float, period: float) -> float:
    return phase + k * period


def next_cutoff(t: float, phase: float, period: float) -> float:
    """The first cut-off at or after `t`; with period 0 (immediate) that is `t` itself."""
    if period == 0:
        return t
    return cutoff_time(cutoff_index(t, phase, period), phase, period)


def cutoff_indices(t: np.ndarray, phase: float, period: float) -> np.ndarray:
    """`cutoff_index` of every time in `t` at once, settled on the computed times the same way
    (numpy's float64 arithmetic is the same IEEE arithmetic, so the indices agree exactly)."""
    k = np.maximum(np.ceil((t - phase) / period), 0.0)
    while True:
        over = (k > 0) & (phase + (k - 1) * period >= t)
        under = phase + k * period < t
        if not over.any() and not under.any():
            return k.astype(np.int64)
        k = k - over + under
