"""The records of a run — what `orgsim run` and `orgsim report` computed for each scenario, the
comparison and the drawn diagrams — as frozen data that the pipeline builds and the renderers and
commands read. Nothing here computes or writes anything."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .analysis.checking import CheckReport
from .analysis.compare import Comparison
from .analysis.curves import Curves
from .analysis.repair import RepairResult
from .io.loader import LoadedScenario
from .model.findings import Finding
from .model.graph import OrgGraph
from .sim.results import SimulationResult
from .sim.settings import RunSettings

PAPER_FORMATS = ("html", "pdf")
# The cap of `run` and `report`: every Barnet verdict settles at the first look, 40 replications.
DEFAULT_REPLICATIONS = 40


@dataclass(frozen=True)
class Settings:
    """A run's simulation settings and what only the paper needs."""

    run: RunSettings = RunSettings(replications=DEFAULT_REPLICATIONS, workers=os.cpu_count() or 1)
    formats: tuple[str, ...] = PAPER_FORMATS
    # whether `run` and `report` search the repair menu for each option with problems
    repair: bool = True
    # the day whose law every scenario is judged by (--as-of); None: each scenario's own as_of,
    # else today
    as_of: date | None = None


@dataclass(frozen=True)
class ScenarioAnalysis:
    label: str  # the file name without .yaml: names outputs
    loaded: LoadedScenario
    graph: OrgGraph
    check: CheckReport
    simulation: SimulationResult
    curves: Curves

    @property
    def name(self) -> str:
        return self.loaded.scenario.name

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The checks' findings, then the simulation's (missed standards)."""
        return (*self.check.findings, *self.simulation.findings)


@dataclass(frozen=True)
class Analysis:
    baseline: ScenarioAnalysis
    options: tuple[ScenarioAnalysis, ...]
    settings: Settings
    comparison: Comparison | None = None
    notes: tuple[str, ...] = ()
    # (option label, what repair found) for each option with problems, when repair ran
    repairs: tuple[tuple[str, RepairResult], ...] = ()

    @property
    def scenarios(self) -> tuple[ScenarioAnalysis, ...]:
        return (self.baseline, *self.options)

    def repair_of(self, label: str) -> RepairResult | None:
        return next((r for lb, r in self.repairs if lb == label), None)


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram: which scenario (or diff), which view, its caption and files."""

    name: str
    caption: str
    files: tuple[Path, ...]
    scenario: str = ""  # the label of the scenario drawn (the option, for a diff)

    @property
    def svg(self) -> Path | None:
        return next((f for f in self.files if f.suffix == ".svg"), None)
