"""Numbers for people: the paper and the plots never show a raw float.

The formatters live in `orgsim.model.numbers`, shared with the rules, the simulation and the
command line; this module keeps the names the paper and the plots import.
"""

from __future__ import annotations

from ..model.numbers import days, interval, number, share, words

__all__ = ["days", "interval", "number", "share", "words"]
