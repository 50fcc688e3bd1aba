"""Sensitivity of a comparison to its assumptions: which verdicts hold across plausible worlds,
which depend on one assumption, and which assumptions move each headline figure.

The experiment (`sensitivity`):
1. the factors: the sweep file's inputs and the documented defaults (`inputs`);
2. the scenarios as written, compared as `orgsim compare` does (the nominal world);
3. Morris screening over every factor (`design`): `trajectories` x (groups + 1) worlds; a factor
   matters when it moves a headline figure or flips a headline verdict (`design.screened`);
4. a Latin hypercube of `samples` worlds over the factors that matter, the others as written:
   the plausible worlds. A verdict "holds in N% of plausible assumptions" when it holds in N% of
   them; the factor it depends on is the one whose lower and upper halves (or alternatives) split
   the worlds where it holds from those where it does not the most;
5. per headline figure, a tornado: per factor that matters, the figure's mean over the worlds
   with the factor in the lower half of its range and in the upper half.

Every world is a full paired comparison (`worlds`), run with the same seed (common random
numbers across worlds), so the result is the same whatever runs the blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass

from ... import __version__
from ...model.scenario import Scenario
from ...model.sweep import SweepFile
from ...sim.executor import Executor
from ...sim.settings import RunSettings
from ..blocks import design as paired_design
from ..compare import Comparison
from . import design as doe
from .claims import Claim, Figure, claims_and_figures
from .inputs import Factor, Point, apply, as_written, factors_of
from .worlds import Checks, World, compare_worlds

__all__ = ["Bar", "ClaimResult", "Dependence", "Factor", "FigureResult", "SensitivityResult",
           "sensitivity"]

DEFAULT_TRAJECTORIES = 4
DEFAULT_SAMPLES = 32
# A claim is said to depend on a factor when the share of worlds it holds in differs by at least
# this much between the factor's halves (or alternatives).
DEPENDENCE = 0.25
# Noise floors for screening, in each output's units: well under the materiality margins
# (a day; five points of share), so an input that moves a figure by a margin is never missed.
FLOOR = {"p90_change": 0.25, "share_within": 0.01}


@dataclass(frozen=True)
class Dependence:
    factor: Factor
    split: tuple[tuple[str, float, int], ...]  # (the factor's values in words, share holding, worlds)
    spread: float

    def to_dict(self) -> dict:
        return {"factor": self.factor.id, "title": self.factor.title, "spread": round(self.spread, 4),
                "split": [{"values": v, "share_holding": round(s, 4), "worlds": n}
                          for v, s, n in self.split]}


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    text: str
    as_written: bool  # holds for the scenarios as written
    holding: int
    worlds: int
    depends_on: Dependence | None

    @property
    def share(self) -> float:
        return self.holding / self.worlds if self.worlds else float(self.as_written)

    def to_dict(self, names: dict[str, str]) -> dict:
        return {**self.claim.to_dict(names), "holds_as_written": self.as_written,
                "worlds": self.worlds, "worlds_holding": self.holding,
                "share_of_worlds": round(self.share, 4),
                "depends_on": self.depends_on.to_dict() if self.depends_on else None}


@dataclass(frozen=True)
class Bar:
    """One factor's bar of a tornado: the figure's mean where the factor is low and high."""

    factor: Factor
    low_words: str
    high_words: str
    low: float
    high: float
    mu_star: float  # Morris, of the factor's group

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)

    def to_dict(self) -> dict:
        return {"factor": self.factor.id, "title": self.factor.title,
                "low": {"values": self.low_words, "mean": round(self.low, 4)},
                "high": {"values": self.high_words, "mean": round(self.high, 4)},
                "swing": round(self.swing, 4), "morris_mu_star": round(self.mu_star, 4)}


@dataclass(frozen=True)
class FigureResult:
    figure: Figure
    title: str
    as_written: float | None
    worlds: tuple[float, ...]  # the figure in each plausible world where it was measured
    bars: tuple[Bar, ...]  # largest swing first
    mu_star: dict[str, float]  # Morris mu* by screening group

    def to_dict(self) -> dict:
        ordered = sorted(self.worlds)
        spread = None if not ordered else {"min": round(ordered[0], 4),
                                           "median": round(ordered[len(ordered) // 2], 4),
                                           "max": round(ordered[-1], 4)}
        return {"id": self.figure.id, "title": self.title, "metric": self.figure.metric,
                "unit": self.figure.unit,
                "as_written": None if self.as_written is None else round(self.as_written, 4),
                "across_worlds": spread, "tornado": [b.to_dict() for b in self.bars],
                "morris_mu_star": {g: round(m, 4) for g, m in self.mu_star.items()}}


@dataclass(frozen=True)
class SensitivityResult:
    base_label: str
    names: dict[str, str]  # scenario label -> name, the baseline first
    settings: RunSettings
    factors: tuple[Factor, ...]
    screened: tuple[Factor, ...]
    trajectories: int
    morris_worlds: int
    samples: int
    worlds_are: str  # "latin_hypercube" or "morris" (where no factor mattered)
    claims: tuple[ClaimResult, ...]
    figures: tuple[FigureResult, ...]
    assumptions: tuple[str, ...]
    replications_run: int  # over every world and scenario
    nominal: Comparison

    def to_dict(self) -> dict:
        return {"orgsim_version": __version__,
                "baseline": {"label": self.base_label, "name": self.names[self.base_label]},
                "options": [{"label": k, "name": v} for k, v in list(self.names.items())[1:]],
                "settings": paired_design(self.settings),
                "design": {"morris_trajectories": self.trajectories,
                           "morris_levels": doe.LEVELS, "morris_worlds": self.morris_worlds,
                           "latin_hypercube_samples": self.samples,
                           "plausible_worlds": self.worlds_are,
                           "screening": {"relative": doe.RELATIVE_SCREEN, "floors": FLOOR},
                           "replications_run": self.replications_run},
                "factors": [f.to_dict() | {"matters": f in self.screened} for f in self.factors],
                "verdicts": [c.to_dict(self.names) for c in self.claims],
                "figures": [f.to_dict() for f in self.figures],
                "assumptions": list(self.assumptions)}


# --- the experiment ------------------------------------------------------------------------------

def sensitivity(base: tuple[str, Scenario], options: Sequence[tuple[str, Scenario]],
                sweep: SweepFile | None, settings: RunSettings,
                trajectories: int = DEFAULT_TRAJECTORIES, samples: int = DEFAULT_SAMPLES,
                executor: Executor | None = None,
                progress: Callable[[int], None] | None = None,
                stage: Callable[[str], None] | None = None) -> SensitivityResult:
    labels = [base[0], *(label for label, _ in options)]
    scenarios = [base[1], *(sc for _, sc in options)]
    names = dict(zip(labels, (sc.name for sc in scenarios)))
    factors = factors_of(sweep, scenarios)
    say = stage or (lambda _: None)
    checks = Checks()  # the rule packs' findings, once per distinct structure over every world

    def run(points: Sequence[Point]) -> list[Comparison]:
        worlds = [World(tuple(s), st) for s, st in
                  (apply(factors, p, scenarios, settings) for p in points)]
        return compare_worlds(labels, worlds, run_on, progress, checks)

    with nullcontext(executor) if executor else Executor.of(settings) as run_on:
        morris = doe.morris(factors, trajectories, settings.seed)
        say(f"Morris screening: the scenarios as written and {len(morris.points)} worlds over "
            f"{len(factors)} inputs")
        nominal, *screening = run([{}, *morris.points])
        claims, figures = claims_and_figures([nominal, *screening])
        effects = _effects(morris, screening, claims, figures, nominal, settings.seed)
        kept = doe.screened(factors, [(e, floor) for e, floor in effects.values()])
        if kept:
            points = doe.latin_hypercube(kept, samples, settings.seed)
            say(f"Latin hypercube: {len(points)} worlds over the {len(kept)} inputs that matter")
            worlds = run(points)
            worlds_are = "latin_hypercube"
        else:
            points, worlds, worlds_are = morris.points, screening, "morris"
        claims, figures = claims_and_figures([nominal, *screening, *worlds])
        effects = _effects(morris, screening, claims, figures, nominal, settings.seed)
    judged = kept or factors
    claim_results = sorted((_claim_result(c, names, nominal, points, worlds, judged)
                            for c in claims),
                           key=lambda r: (not r.as_written, -r.claim.severity))
    figure_results = tuple(_figure_result(f, names, nominal, points, worlds, judged,
                                          effects[f.id][0]) for f in figures)
    runs = sum(c.replications for c in (nominal, *screening, *(worlds if kept else ())))
    return SensitivityResult(
        base[0], names, settings, tuple(factors), tuple(kept), trajectories, len(morris.points),
        len(points) if kept else 0, worlds_are, tuple(claim_results), figure_results,
        _assumptions(factors, scenarios, settings, trajectories, samples, kept),
        runs * len(scenarios), nominal)


def _effects(morris: doe.MorrisDesign, screening: Sequence[Comparison], claims: Sequence[Claim],
             figures: Sequence[Figure], nominal: Comparison, seed: int,
             ) -> dict[str, tuple[dict[str, float], float]]:
    """Per figure and claim id: Morris mu* by group, and the output's noise floor."""
    out = {}
    for f in figures:
        fallback = f.value(nominal) or 0.0
        ys = [v if (v := f.value(c)) is not None else fallback for c in screening]
        out[f.id] = (morris.mu_star(ys, seed), FLOOR[f.metric])
    for c in claims:
        out[c.id] = (morris.mu_star([float(c.holds(x)) for x in screening], seed), 0.0)
    return out


def _halves(factor: Factor, points: Sequence[Point]) -> list[tuple[str, list[int]]]:
    """The worlds split by the factor: per alternative, or its range's lower and upper half."""
    if factor.alternatives:
        groups = [(factor.describe(i), [j for j, p in enumerate(points)
                                        if factor.value(p.get(factor.id, 0.0)) == i])
                  for i in range(len(factor.alternatives))]
    else:
        lower = [j for j, p in enumerate(points) if p.get(factor.id, 0.5) < 0.5]
        upper = [j for j, p in enumerate(points) if p.get(factor.id, 0.5) >= 0.5]
        groups = [(factor.half_words(False), lower), (factor.half_words(True), upper)]
    return [(words, members) for words, members in groups if members]


def _claim_result(claim: Claim, names: dict[str, str], nominal: Comparison,
                  points: Sequence[Point], worlds: Sequence[Comparison],
                  factors: Sequence[Factor]) -> ClaimResult:
    holds = [claim.holds(w) for w in worlds]
    best = None
    if 0 < sum(holds) < len(holds):
        for f in factors:
            split = tuple((words, sum(holds[j] for j in js) / len(js), len(js))
                          for words, js in _halves(f, points))
            if len(split) < 2:
                continue
            spread = max(s for _, s, _ in split) - min(s for _, s, _ in split)
            if spread >= DEPENDENCE and (best is None or spread > best.spread):
                best = Dependence(f, split, spread)
    return ClaimResult(claim, claim.text(names), claim.holds(nominal), sum(holds), len(holds),
                       best)


def _figure_result(figure: Figure, names: dict[str, str], nominal: Comparison,
                   points: Sequence[Point], worlds: Sequence[Comparison],
                   factors: Sequence[Factor], mu_star: dict[str, float]) -> FigureResult:
    values = [figure.value(w) for w in worlds]
    bars = []
    for f in factors:
        halves = _halves(f, points)
        if len(halves) < 2:
            continue
        (low_words, low_js), (high_words, high_js) = halves[0], halves[-1]
        low = [values[j] for j in low_js if values[j] is not None]
        high = [values[j] for j in high_js if values[j] is not None]
        if low and high:
            bars.append(Bar(f, low_words, high_words, sum(low) / len(low), sum(high) / len(high),
                            mu_star.get(f.screening_group, 0.0)))
    bars.sort(key=lambda b: (-b.swing, b.factor.id))
    return FigureResult(figure, figure.title(names), figure.value(nominal),
                        tuple(v for v in values if v is not None), tuple(bars), mu_star)


def _assumptions(factors: Sequence[Factor], scenarios: Sequence[Scenario], settings: RunSettings,
                 trajectories: int, samples: int, kept: Sequence[Factor]) -> tuple[str, ...]:
    return (
        "Each world is a full paired comparison of the baseline and its options (blocks of "
        "replications until every verdict is settled or the cap is reached), with the same seed "
        "in every world: common random numbers across worlds, as within a comparison.",
        f"Morris screening: {trajectories} trajectories over {doe.LEVELS} levels of every input "
        f"(inputs in a group move together); an input matters when its mean absolute effect on a "
        f"headline figure is at least {doe.RELATIVE_SCREEN:.0%} of the largest input's and above "
        f"the noise floor ({FLOOR['p90_change']} days, {FLOOR['share_within']:.0%} of share), "
        "or when it flips a headline verdict.",
        f"The plausible worlds are a Latin hypercube of {samples} points over the inputs that "
        "matter, each range equally likely throughout (a scale evenly on a log scale), the "
        "other inputs as written; where no input matters, the screening worlds stand in.",
        "A verdict holds in N% of plausible assumptions when it holds in N% of those worlds. It "
        f"is said to depend on an input when the share differs by at least {DEPENDENCE:.0%} "
        "between the input's lower and upper half (or its alternatives).",
        "A tornado bar is the figure's mean over the worlds with the input in the lower half of "
        "its range and in the upper half.",
        *(f"Input: {line}" for line in as_written(factors, scenarios, settings)),
    )
