"""The designed experiment over the factors, with SALib: Morris screening (elementary effects
along random one-factor-at-a-time trajectories) to find the inputs that move a headline, then a
Latin hypercube over those inputs alone (the plausible worlds whose share a verdict holds in).

Positions are in [0, 1] for every factor (`inputs.Factor.value` maps them), so the design never
depends on the units of an input. Both designs are seeded from the run's seed: the same seed, the
same points.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from SALib.analyze import morris as morris_analysis
from SALib.sample import latin
from SALib.sample import morris as morris_sample

from .inputs import Factor, Point

LEVELS = 4  # Morris grid levels: positions 0, 1/3, 2/3, 1
# An input matters for an output when its mean absolute elementary effect (mu*) is at least
# this share of the largest input's, and above the output's noise floor.
RELATIVE_SCREEN = 0.1


def _problem(factors: Sequence[Factor]) -> dict:
    problem = {"num_vars": len(factors), "names": [f.id for f in factors],
               "bounds": [[0.0, 1.0]] * len(factors)}
    groups = [f.screening_group for f in factors]
    if len(set(groups)) < len(groups):
        problem["groups"] = groups
    return problem


def screening_groups(factors: Sequence[Factor]) -> list[str]:
    """The groups Morris moves together, in the order SALib reports them."""
    return list(dict.fromkeys(f.screening_group for f in factors))


@dataclass(frozen=True)
class MorrisDesign:
    factors: tuple[Factor, ...]
    trajectories: int
    matrix: np.ndarray  # one row of positions per point

    @property
    def points(self) -> list[Point]:
        return [dict(zip((f.id for f in self.factors), map(float, row))) for row in self.matrix]

    def mu_star(self, outputs: Sequence[float], seed: int) -> dict[str, float]:
        """Per screening group, the mean absolute elementary effect of one output (in the
        output's units per whole range of the input)."""
        y = np.asarray(outputs, dtype=float)
        if not len(self.factors) or np.ptp(y) == 0:
            return {g: 0.0 for g in screening_groups(self.factors)}
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            # the confidence of mu* by bootstrap is not used; with one trajectory it warns
            warnings.simplefilter("ignore", RuntimeWarning)
            found = morris_analysis.analyze(_problem(self.factors), self.matrix, y,
                                            num_levels=LEVELS, seed=seed, num_resamples=10)
        names = found["names"]
        return {str(n): float(0.0 if math.isnan(m) else m) for n, m in zip(names, found["mu_star"])}


def morris(factors: Sequence[Factor], trajectories: int, seed: int) -> MorrisDesign:
    if not factors:
        return MorrisDesign((), trajectories, np.zeros((0, 0)))
    matrix = morris_sample.sample(_problem(factors), trajectories, num_levels=LEVELS, seed=seed)
    return MorrisDesign(tuple(factors), trajectories, matrix)


def latin_hypercube(factors: Sequence[Factor], samples: int, seed: int) -> list[Point]:
    """`samples` points, each factor's range cut into `samples` equal strata, one point in each."""
    if not factors:
        return []
    matrix = latin.sample({"num_vars": len(factors), "names": [f.id for f in factors],
                           "bounds": [[0.0, 1.0]] * len(factors)}, samples, seed=seed)
    return [dict(zip((f.id for f in factors), map(float, row))) for row in matrix]


def screened(factors: Sequence[Factor], effects: Sequence[tuple[dict[str, float], float]],
             ) -> list[Factor]:
    """The factors of every group that matters for at least one output: `effects` holds, per
    output, mu* by group and the output's noise floor."""
    keep = set()
    for by_group, floor in effects:
        top = max(by_group.values(), default=0.0)
        if top <= floor:
            continue
        keep |= {g for g, m in by_group.items() if m > floor and m >= RELATIVE_SCREEN * top}
    return [f for f in factors if f.screening_group in keep]
