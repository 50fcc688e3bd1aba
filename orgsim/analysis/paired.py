"""Paired differences between a baseline and an option, block by block, judged at each look
against the materiality margins (`materiality`), a row's verdict fixed at the first look where it
is settled (`blocks` documents the design and the coverage of its intervals)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import vocab
from ..model.numbers import days_figure
from ..sim.results import ALL
from ..sim.stats import mean_and_half_width
from .blocks import METRICS, Key, Look, Measurement, StandardTarget
from ..model.scenario import Materiality
from .materiality import DEFAULT, Verdict, judge, margin, overall

HOUR = 1 / 24


@dataclass(frozen=True)
class MetricChange:
    metric: str
    base: float
    option: float
    change: float
    ci: tuple[float, float]  # the interval of the change at `level`
    level: float
    verdict: Verdict
    margin: float  # the smallest change that matters (materiality)
    never: float = math.inf  # a day value at or beyond this means no item was ever known

    def is_never(self, value: float) -> bool:
        return value >= self.never - HOUR

    def days_text(self, value: float) -> str:
        """Days for people: 'never' where every block counted the items as never known."""
        return days_figure(None if self.is_never(value) else value, fixed=True)

    def to_dict(self) -> dict:
        return {"metric": self.metric, "base": _r(self.base), "option": _r(self.option),
                "change": _r(self.change), "change_ci": [_r(self.ci[0]), _r(self.ci[1])],
                "level": round(self.level, 6), "margin": _r(self.margin),
                "verdict": self.verdict.value}


def _r(x: float) -> float:
    return round(x, 4)


def paired_change(metric: str, base: Sequence[float], option: Sequence[float], up_is_worse: bool,
                  never: float = math.inf, standard: StandardTarget | None = None,
                  level: float = 0.95, materiality: Materiality = DEFAULT) -> MetricChange:
    """The mean paired difference (option - baseline) with its interval at `level`, judged
    against the metric's materiality margin (`standard`: the one share within is measured for)."""
    diffs = [o - b for b, o in zip(base, option)]
    n = len(diffs)
    mean, half = mean_and_half_width(diffs, level)
    lo, hi = mean - half, mean + half
    base_mean = sum(base) / n
    target, points = (standard.target_share, standard.material_change) \
        if standard and metric == "share_within" else (None, None)
    smallest = margin(materiality, metric, base_mean, target, points)
    verdict = judge(lo, hi, smallest) if up_is_worse else judge(-hi, -lo, smallest)
    return MetricChange(metric, base_mean, sum(option) / n, mean, (lo, hi), level, verdict, smallest,
                        never if metric.endswith("_days") else math.inf)


@dataclass(frozen=True)
class SimRow:
    role: str
    item: str
    origin: str
    items_per_replication: float
    changes: tuple[MetricChange, ...]
    standard: StandardTarget | None
    replications: int  # the look that decided the row (or the last, where it stays not settled)

    @property
    def verdict(self) -> Verdict:
        return overall(c.verdict for c in self.changes)

    @property
    def settled(self) -> bool:
        return self.verdict != Verdict.not_settled

    def change(self, metric: str) -> MetricChange | None:
        return next((c for c in self.changes if c.metric == metric), None)

    def to_dict(self) -> dict:
        return {"director": self.role, "item": self.item, "origin": self.origin,
                "items_per_replication": _r(self.items_per_replication),
                "verdict": self.verdict.value, "replications": self.replications,
                "standard": self.standard.to_dict() if self.standard else None,
                "metrics": [c.to_dict() for c in self.changes]}


def row_at(key: Key, base: Measurement, option: Measurement, look: Look,
           materiality: Materiality = DEFAULT) -> SimRow | None:
    """The row's paired changes over the look's blocks, on the blocks where both scenarios had
    such items (at least two); None where no metric can be measured yet."""
    changes = []
    standard = base.standards.get(key)
    for metric, _, up in METRICS:
        pairs = [(b, o) for b, o in zip(base.values[key][metric][:look.blocks],
                                        option.values[key][metric][:look.blocks])
                 if b is not None and o is not None]
        if len(pairs) < 2:
            continue
        changes.append(paired_change(metric, [b for b, _ in pairs], [o for _, o in pairs], up,
                                     base.never, standard, look.level, materiality))
    if not changes:
        return None
    return SimRow(*key, base.items_per_replication(key, look.blocks), tuple(changes), standard,
                  look.replications)


def order(key: Key) -> tuple:
    return (vocab.DIRECTOR_ROLES.index(key[0]), key[1], key[2] != ALL, key[2])


def judged_rows(keys: Sequence[Key], base: Measurement, option: Measurement,
                materiality: Materiality = DEFAULT) -> list[SimRow]:
    """Each row at the first look where it is settled, else at the last look measured."""
    decided: dict[Key, SimRow] = {}
    for look in base.looks(option):
        for key in keys:
            if key in decided and decided[key].settled:
                continue
            row = row_at(key, base, option, look, materiality)
            if row is not None:
                decided[key] = row
    return [decided[key] for key in sorted(decided, key=order)]
