"""Many worlds' comparisons at once: each point of a sweep is a full paired comparison (the
baseline and its options in paired blocks, judged look by look until every row is settled or the
cap is reached: `analysis.compare`), and the blocks of every world still running are sent to the
executor as one batch per look, so the workers stay busy however few blocks one world needs.

Every world runs with the same seed: common random numbers across points as within a comparison
(a team produces its items from the same streams in every world, so two worlds differ by what the
assumptions change, not by fresh noise).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...model.findings import Finding
from ...model.scenario import Scenario
from ...sim.executor import Executor
from ...sim.montecarlo import run_section
from ...sim.settings import RunSettings
from ..blocks import Measurer
from ..compare import Comparison, _all_settled, compare_option, raised_findings, remit_units


@dataclass(frozen=True)
class World:
    """One point of the sweep: the baseline and options as they are in it, and its settings."""

    scenarios: tuple[Scenario, ...]  # the baseline first
    settings: RunSettings


def compare_worlds(labels: Sequence[str], worlds: Sequence[World], executor: Executor,
                   progress: Callable[[int], None] | None = None,
                   checks: Checks | None = None) -> list[Comparison]:
    """Each world's comparison, as `orgsim compare` of its scenarios at its settings gives it."""
    measurers = [Measurer(w.scenarios, w.settings, executor) for w in worlds]
    remits = [[remit_units(e.graph) for e in m.experiments] for m in measurers]
    running = list(range(len(worlds)))
    design = measurers[0].measurements[0].design if measurers else ()
    for look in design:
        batch = [(i, measurers[i].tasks_to(look.blocks)) for i in running]
        results = executor.imap(run_section, [t for _, tasks in batch for t in tasks])
        for i, tasks in batch:
            measurers[i].take((next(results) for _ in tasks), progress, keep=False)
        running = [i for i in running
                   if not _all_settled(worlds[i].scenarios[0], remits[i], measurers[i])]
        if not running:
            break
    checks = checks or Checks()
    return [_comparison(labels, w, m, checks) for w, m in zip(worlds, measurers)]


def _structure(scenario: Scenario) -> str:
    """The scenario as the rule packs read it: item rates only as whether a kind arises (no rule
    reads a rate's size), so worlds that differ only in rates share one check."""
    teams = {t: sorted(k for k, rate in team.items.items() if rate > 0)
             for t, team in scenario.teams.items()}
    return json.dumps([scenario.model_dump(mode="json", exclude={"teams"}),
                       {t: team.model_dump(mode="json", exclude={"items"})
                        for t, team in scenario.teams.items()}, teams], sort_keys=True)


class Checks:
    """`raised_findings` once per distinct structure over all the worlds of a sweep."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, Finding]] = {}

    def __call__(self, scenario: Scenario) -> dict[str, Finding]:
        key = _structure(scenario)
        if key not in self.found:
            self.found[key] = raised_findings(scenario)
        return self.found[key]


def _comparison(labels: Sequence[str], world: World, measurer: Measurer,
                checks: Checks) -> Comparison:
    base, *options = world.scenarios
    base_m, *option_ms = measurer.measurements
    gb, *gos = (e.graph for e in measurer.experiments)
    done = [compare_option(label, base, option, base_m, option_m, checks(base), checks(option),
                           graphs=(gb, go))
            for label, option, option_m, go in zip(labels[1:], options, option_ms, gos)]
    ranked = sorted(done, key=lambda o: o.rank_key())
    return Comparison(labels[0], base.name, world.settings, base_m.blocks * base_m.k,
                      tuple(ranked), base.materiality)
