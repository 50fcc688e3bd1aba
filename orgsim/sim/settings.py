"""The settings of a simulated experiment, shared by `simulate`, `compare`, `repair`, `report` and
`run`: one type, so a figure's provenance (seed, replications, horizon, drain, escalation delay)
is recorded the same way wherever it was computed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model.vocab import DAYS_PER_YEAR
from .budget import DEFAULT_MAX_ITEMS
from .engine import ESCALATION_DELAY_DAYS, EngineOptions
HORIZON_DAYS = 3 * DAYS_PER_YEAR
DRAIN_DAYS = DAYS_PER_YEAR


@dataclass(frozen=True)
class RunSettings:
    seed: int = 1
    replications: int = 200
    horizon: float = HORIZON_DAYS
    drain: float = DRAIN_DAYS
    escalation_delay: float = ESCALATION_DELAY_DAYS
    # How many processes run the work; never changes a figure (results are folded in task order).
    workers: int = 1
    # A comparison's first look: it runs at least this many replications (`replications` is
    # its cap) before judging whether every verdict is settled.
    min_replications: int = 40
    # The most items a replication may draw before the run is refused (sim.budget); never
    # changes a figure, only whether the run is attempted.
    max_items: int = DEFAULT_MAX_ITEMS
    # Where the tasks run: None the local process pool, "local" a Dask LocalCluster, or a Dask
    # scheduler's address; like `workers`, never changes a figure (`executor`).
    cluster: str | None = None

    def engine_options(self) -> EngineOptions:
        return EngineOptions(self.horizon, self.drain, self.escalation_delay)

    def but(self, **changes) -> RunSettings:
        """These settings with some fields changed (`settings.but(workers=1)`)."""
        return replace(self, **changes)
