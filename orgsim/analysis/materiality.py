"""Whether a change in a simulated figure matters: a margin per metric that a governance officer
can defend, and the interval of the paired change judged against it as equivalence testing does.

A change is a **material weakening** when its whole 95% interval lies beyond the margin on the
worse side, and a **material strengthening** likewise on the better side. An interval inside the
margin is **no material change**, or a **weakening (strengthening) below materiality** when it also
excludes zero: detectable, reported, never a finding. An interval that reaches across the margin
is **not settled**: more replications would be needed to say.

The margins are assumptions (the guidance sets none): defaults a scenario may change (its
`materiality` section, and a standard's `material_change`), stated with their reasoning in the
comparison's assumptions (`assumptions()`).
"""

from __future__ import annotations

from enum import Enum

from ..model.numbers import duration_words
from ..model.scenario import Materiality


class Verdict(str, Enum):
    material_weakening = "material_weakening"
    not_settled = "not_settled"
    material_strengthening = "material_strengthening"
    weakening_below_materiality = "weakening_below_materiality"
    strengthening_below_materiality = "strengthening_below_materiality"
    no_material_change = "no_material_change"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def material(self) -> bool:
        return self in (Verdict.material_weakening, Verdict.material_strengthening)


LABELS = {
    Verdict.material_weakening: "material weakening",
    Verdict.not_settled: "not settled",
    Verdict.material_strengthening: "material strengthening",
    Verdict.weakening_below_materiality: "weakening, below materiality",
    Verdict.strengthening_below_materiality: "strengthening, below materiality",
    Verdict.no_material_change: "no material change",
}
# A row takes the most telling verdict of its metrics, in this order.
PRECEDENCE = tuple(Verdict)


DEFAULT = Materiality()


def margin(m: Materiality, metric: str, base: float, target: float | None = None,
           standard_margin: float | None = None) -> float:
    """The smallest change of `metric` from the baseline's `base` that matters; `target` and
    `standard_margin` are the standard's, for share within a standard."""
    if metric.endswith("_days"):
        return max(m.days, m.days_share_of_baseline * base)
    if metric == "share_within":
        points = m.share_within if standard_margin is None else standard_margin
        # falling below a target the baseline met matters, however small the fall
        if target is not None and base >= target:
            return min(points, base - target)
        return points
    return m.share_known


def assumptions(m: Materiality = DEFAULT) -> tuple[str, ...]:
    """The margins in words, with their reasoning, as the comparison applies them."""
    return (
        f"A change in days to awareness matters when it is more than {duration_words(m.days)} or "
        f"{m.days_share_of_baseline:.0%} of the baseline figure, whichever is larger: a day is "
        "the resolution at which a Director acts on a serious matter, and a quarter of a slow "
        "route is a change of cadence, not of chance.",
        f"A change in the share of items within a standard's time matters when it is more than "
        f"{m.share_within * 100:g} points (unless the standard sets its own), or when it takes a "
        "standard the baseline met below its target.",
        f"A change in the share of items known by the horizon matters when it is more than "
        f"{m.share_known * 100:g} points.",
        "A change is judged by its interval against the margin: a material weakening (or "
        "strengthening) has the whole interval beyond the margin; an interval inside the margin "
        "is no material change (or a change below materiality when it excludes zero, reported "
        "but never a finding); an interval reaching across the margin is not settled.",
        "The margins are the baseline scenario's (`materiality`, and a standard's "
        "`material_change`); where the scenario sets none, these defaults apply.",
    )


def judge(low: float, high: float, margin: float) -> Verdict:
    """The verdict on a change whose interval is [low, high], positive meaning worse."""
    if low > margin:
        return Verdict.material_weakening
    if high < -margin:
        return Verdict.material_strengthening
    if -margin <= low and high <= margin:
        if low > 0:
            return Verdict.weakening_below_materiality
        if high < 0:
            return Verdict.strengthening_below_materiality
        return Verdict.no_material_change
    return Verdict.not_settled


def overall(verdicts) -> Verdict:
    """A row's verdict: the first of its metrics' verdicts in `PRECEDENCE`."""
    found = set(verdicts)
    return next((v for v in PRECEDENCE if v in found), Verdict.no_material_change)
