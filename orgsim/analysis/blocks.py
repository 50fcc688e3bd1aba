"""The paired design of a comparison: blocks of replications, the looks at which verdicts are
judged, and the measurement of every scenario block by block.

Blocks. Block b is replications [b*k, (b+1)*k) of the run `orgsim simulate --seed S` of each
scenario (k = 4 replications a block from 40 replications up; fewer below, so that a small run
still has ten blocks). Item streams are keyed by team id and item kind and escalation delays by
post, so a team present in the baseline and an option produces the same items in both and a post
escalating the same items passes them up after the same delays (common random numbers): block b of
an option is paired with block b of the baseline.

Looks. The blocks are judged at a fixed sequence of looks — the first at `min_replications`
(default 40), then at twice as many, and so on while within the cap (`--replications`). The
interval at look j (j = 1, 2, ...) has level 1 - 0.05 / 2^j (97.5%, 98.75%, ...): the levels'
shortfalls sum to 5%, so all a row's intervals, at every look, cover its true change together
with at least 95% probability (Bonferroni), and a verdict fixed at the first look where it is
settled keeps that coverage. The sequence does not depend on the cap, so a larger cap only adds
looks: a row settled within a smaller cap has the same verdict with any larger one.

Share within standards is measured per unit of origin by tallying, for the measurement only, a copy
of each standard restricted to the teams of each unit of origin (`<standard>.origin.<unit>`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..model.scenario import Scenario
from ..sim.executor import Executor
from ..sim.metrics import Accumulator, Section, headlines, section_bounds
from ..sim.montecarlo import Experiment, SectionTask, run_section
from ..sim.results import ALL, SimulationResult
from ..sim.settings import RunSettings
from ..sim.standards import StandardSpec

BLOCK_REPLICATIONS = 4
TOTAL_ALPHA = 0.05
# (name, label, worse when it goes up)
METRICS = (("share_known", "share known by the horizon", False),
           ("p50_days", "p50 days to awareness", True),
           ("p90_days", "p90 days to awareness", True),
           ("share_within", "share within the standard", False))


@dataclass(frozen=True)
class Look:
    number: int  # 1, 2, ...
    blocks: int
    replications: int
    level: float  # two-sided confidence level of the intervals at this look


def block_size(settings: RunSettings) -> int:
    """Replications a block: 4, or fewer for a cap under 40 so that it still has ten blocks."""
    return max(1, min(BLOCK_REPLICATIONS, settings.replications // 10))


def looks(settings: RunSettings) -> list[Look]:
    """The looks within the cap: the first at `min_replications` (or the cap, if smaller), each
    later one at twice the replications of the one before."""
    if settings.replications < 2:
        raise ValueError("a comparison needs at least 2 replications for an interval")
    k = block_size(settings)
    blocks = max(2, min(settings.min_replications, settings.replications) // k)
    found = []
    while blocks * k <= settings.replications:
        j = len(found) + 1
        found.append(Look(j, blocks, blocks * k, 1 - TOTAL_ALPHA / 2 ** j))
        blocks *= 2
    return found


def design(settings: RunSettings) -> dict:
    """The paired design as recorded in outputs."""
    k = block_size(settings)
    return {"seed": settings.seed, "replications": settings.replications,
            "min_replications": settings.min_replications, "block_replications": k,
            "looks": [{"replications": x.replications, "blocks": x.blocks,
                       "level": round(x.level, 6)} for x in looks(settings)],
            "horizon_days": settings.horizon, "drain_days": settings.drain,
            "escalation_delay_mean_days": settings.escalation_delay}


# --- measuring -------------------------------------------------------------------------------

Key = tuple[str, str, str]  # (director role, item kind, unit of origin or "all")


@dataclass(frozen=True)
class StandardTarget:
    """The standard a comparison row is judged against."""

    id: str
    within_days: float
    target_share: float
    material_change: float | None = None  # the standard's own margin, where it sets one

    def to_dict(self) -> dict:
        return {"id": self.id, "within_days": self.within_days, "target_share": self.target_share,
                "material_change": self.material_change}


@dataclass(frozen=True)
class MeasuredStandard:
    """A standard the comparison measures: one of the scenario's, or its copy for one unit."""

    standard: str  # the scenario's standard id
    origin: str  # the unit of origin, or "all"


@dataclass
class Measurement:
    """Per (role, kind, origin): per metric, one value per block (None where the block had no
    such item); the standards rows are judged against; items per replication."""

    values: dict[Key, dict[str, list[float | None]]] = field(default_factory=dict)
    standards: dict[Key, StandardTarget] = field(default_factory=dict)
    items: dict[Key, list[int]] = field(default_factory=dict)  # items per block
    blocks: int = 0
    never: float = math.inf  # the day value standing for "never known" (horizon plus drain)
    k: int = 1  # replications a block
    design: tuple[Look, ...] = ()  # every look of the design, measured or not

    def items_per_replication(self, key: Key, blocks: int) -> float:
        return sum(self.items.get(key, [])[:blocks]) / (blocks * self.k)

    def looks(self, other: Measurement) -> list[Look]:
        """The looks both measurements have every block of."""
        return [x for x in self.design if x.blocks <= min(self.blocks, other.blocks)]


def unit_of(scenario: Scenario, team: str) -> str:
    return scenario.teams[team].unit or team


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_") or "unit"


def by_unit(scenario: Scenario, standards: Sequence[StandardSpec],
            ) -> tuple[tuple[StandardSpec, ...], dict[str, MeasuredStandard]]:
    """The standards, each followed by a copy restricted to the teams of each unit of origin;
    and, by measured standard id, what each measures."""
    out: list[StandardSpec] = []
    measured: dict[str, MeasuredStandard] = {}
    for spec in standards:
        out.append(spec)
        measured[spec.id] = MeasuredStandard(spec.id, ALL)
        units: dict[str, list[str]] = {}
        for t in spec.teams:
            if t in scenario.teams:
                units.setdefault(unit_of(scenario, t), []).append(t)
        for unit, teams in sorted(units.items()):
            copy = replace(spec, id=f"{spec.id}.origin.{slug(unit)}", teams=tuple(teams))
            out.append(copy)
            measured[copy.id] = MeasuredStandard(spec.id, unit)
    return tuple(out), measured


class Measurer:
    """Every scenario of a comparison, measured block by block: each `extend` runs the blocks
    not yet run, of all the scenarios, as one batch of tasks on the executor."""

    def __init__(self, scenarios: Sequence[Scenario], settings: RunSettings, executor: Executor):
        self.settings, self.executor, self.k = settings, executor, block_size(settings)
        self.scenarios = list(scenarios)
        self.experiments, self.measured = [], []
        for sc in self.scenarios:
            experiment = Experiment.of(sc, settings.horizon)
            standards, what = by_unit(sc, experiment.standards)
            self.experiments.append(experiment.measuring(standards))
            self.measured.append(what)
        self.sections: list[list[Section]] = [[] for _ in self.scenarios]
        design = tuple(looks(settings))
        self.measurements = [Measurement(never=settings.horizon + settings.drain, k=self.k,
                                         design=design) for _ in self.scenarios]

    def extend(self, blocks: int, progress: Callable[[int], None] | None = None) -> None:
        """Measure every scenario up to `blocks` blocks."""
        self.take(self.executor.imap(run_section, self.tasks_to(blocks)), progress)

    def tasks_to(self, blocks: int) -> list[SectionTask]:
        """The tasks that measure every scenario up to `blocks` blocks, scenario by scenario, for
        `take` (a sensitivity sweep runs many measurers' tasks as one batch)."""
        done = self.measurements[0].blocks
        self._ranges = [range(b * self.k, (b + 1) * self.k) for b in range(done, blocks)]
        return [t for e in self.experiments for t in e.tasks(self.settings, self._ranges)]

    def take(self, results: Iterable[tuple[Section, list]],
             progress: Callable[[int], None] | None = None, keep: bool = True) -> None:
        """Fold the results of `tasks_to`'s tasks, in task order (`keep`: hold the sections for
        `pooled`)."""
        for i, (section, _) in enumerate(results):
            s = i // len(self._ranges)
            if keep:
                self.sections[s].append(section)
            self._add_block(s, section)
            if progress:
                progress(self.k)

    def _add_block(self, s: int, section: Section) -> None:
        """Append one block's figures to every series; a key absent from the block (nothing
        of that kind arose) gets None, and 0 items."""
        m = self.measurements[s]
        values, items = self._block_figures(s, section)
        for key in values.keys() - m.values.keys():
            m.values[key] = {name: [None] * m.blocks for name, _, _ in METRICS}
            m.items[key] = [0] * m.blocks
        for key, series in m.values.items():
            found = values.get(key, {})
            for name in series:
                series[name].append(found.get(name))
            m.items[key].append(items.get(key, 0))
        m.blocks += 1

    def _block_figures(self, s: int, section: Section,
                       ) -> tuple[dict[Key, dict[str, float]], dict[Key, int]]:
        """One block's figures per (role, kind, origin), and its items."""
        experiment, m, scenario = self.experiments[s], self.measurements[s], self.scenarios[s]
        rows, shares = headlines(experiment.plan, experiment.network, section)
        values: dict[Key, dict[str, float]] = {}
        items: dict[Key, int] = {}
        for row in rows:
            for role in experiment.graph.director_roles_of(row.observer):
                key = (role, row.item, row.origin)
                values[key] = {"share_known": row.share_known_by_horizon,
                               "p50_days": m.never if row.p50_days is None else row.p50_days,
                               "p90_days": m.never if row.p90_days is None else row.p90_days}
                items[key] = row.items
        for spec, within_days, share in shares:
            what = self.measured[s][spec.id]
            for role in experiment.graph.director_roles_of(spec.who):
                key = (role, spec.kind, what.origin)
                if share is not None:
                    values.setdefault(key, {})["share_within"] = share
                    declared = scenario.standards.get(what.standard)
                    m.standards[key] = StandardTarget(
                        what.standard, within_days, spec.share,
                        declared.material_change if declared else None)
        return values, items

    def extend_to_cap(self) -> list[Measurement]:
        self.extend(self.measurements[0].design[-1].blocks)
        return self.measurements

    def pooled(self, s: int, scenario_hash: str) -> SimulationResult:
        """The scenario's figures over every block run: the same replications, and so the same
        figures, as `orgsim simulate --seed S` of that many; intervals over up to 20 groups of
        consecutive blocks."""
        blocks = self.sections[s]
        acc = Accumulator(len(blocks) * self.k)
        for group in section_bounds(len(blocks)):
            section = Section()
            for b in group:
                section.merge(blocks[b])
            acc.add_section(section.compact())
        settings = self.settings.but(replications=len(blocks) * self.k)
        return self.experiments[s].result(settings, acc, scenario_hash)


def describe(settings: RunSettings, replications_run: int) -> str:
    """The design in a sentence, for the terminal and the paper."""
    at = looks(settings)
    counts = ", ".join(f"{x.replications:,}" for x in at)
    levels = ", ".join(f"{x.level * 100:.4g}%" for x in at)
    stop = ("every row was settled" if replications_run < at[-1].replications
            else "the last look within the cap")
    return (f"Each scenario ran with seed {settings.seed} in blocks of {block_size(settings)} "
            "replications, paired block by block across scenarios (a team present in both "
            "produces the same items in both). Verdicts are judged at looks of "
            f"{counts} replications, with intervals at {levels} so that together they cover the "
            f"true changes with at least 95% probability; a row's verdict is fixed at the first "
            f"look that settles it. This comparison stopped at {replications_run:,} replications "
            f"per scenario: {stop}.")
