"""Replications in sections, run by the executor and folded in replication order so results never
depend on how many workers ran them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace

from ..model.graph import OrgGraph
from ..model.numbers import as_given
from ..model.scenario import Scenario
from .engine import ReplicationRecord, collector_paused, run_replication
from .executor import Executor
from .findings import standard_findings
from .metrics import (
    Accumulator,
    MetricsPlan,
    Section,
    finish,
    make_plan,
    section_bounds,
    summarise,
)
from ..model.network import Network
from .results import ItemRow, SimulationResult
from .budget import check_budget
from .settings import RunSettings
from .standards import StandardSpec, resolve_standards
from .streams import draw_items

__all__ = ["Experiment", "ItemRow", "RunSettings", "SectionTask", "SimulationResult", "run_one",
           "run_section", "simulate"]


@dataclass(frozen=True)
class SectionTask:
    """One section of consecutive replications, with what a worker needs to run it."""

    network: Network
    plan: MetricsPlan
    settings: RunSettings
    replications: range
    keep_items: bool


def run_section(task: SectionTask) -> tuple[Section, list[ItemRow]]:
    """A block of consecutive replications folded in order into one section."""
    section, rows = None, []
    with collector_paused():
        for replication in task.replications:
            # the other nodes' listings are read only for the items CSV
            record = run_one(task.network, task.settings, replication, task.plan.observed,
                             task.keep_items)
            if task.keep_items:
                rows.extend(item_rows(task.network, record))
            section = summarise(task.plan, task.network, record, section)
            del record  # freed here by reference counting, not by the paused collector
    return section.compact(), rows


@dataclass(frozen=True)
class Experiment:
    """A scenario compiled once for simulation: what every section of its replications needs,
    and how sections folded in order become a result."""

    scenario: Scenario
    graph: OrgGraph
    network: Network
    standards: tuple[StandardSpec, ...]
    notes: tuple[str, ...]
    plan: MetricsPlan

    @classmethod
    def of(cls, scenario: Scenario, horizon: float) -> Experiment:
        graph = OrgGraph(scenario)
        standards, notes = resolve_standards(graph)
        return cls(scenario, graph, graph.network, standards, notes,
                   make_plan(graph, graph.network, standards, horizon))

    def measuring(self, standards: tuple[StandardSpec, ...]) -> Experiment:
        """The same experiment tallying these standards too (a comparison's copies of each
        standard per unit of origin); its results still report only the scenario's own."""
        return replace(self, plan=make_plan(self.graph, self.network, standards,
                                            self.plan.horizon))

    def tasks(self, settings: RunSettings, blocks: Sequence[range],
              keep_items: bool = False) -> list[SectionTask]:
        # Refused here, before any replication runs, where it would exhaust time or memory.
        check_budget(self.network, settings.horizon, settings.replications,
                     settings.workers, settings.max_items)
        return [SectionTask(self.network, self.plan, settings, block, keep_items)
                for block in blocks]

    def result(self, settings: RunSettings, acc: Accumulator, scenario_hash: str,
               rows: Sequence[ItemRow] = ()) -> SimulationResult:
        """The result of the sections in `acc`, with the scenario's own standards."""
        metrics = finish(self.plan, self.network, acc)
        if self.plan.standards != self.standards:
            metrics = metrics.restricted(frozenset(s.id for s in self.standards))
        findings = standard_findings(self.graph, metrics.standards, settings)
        return SimulationResult(self.scenario.name, scenario_hash, settings, metrics,
                                tuple(findings), assumptions(settings, self.standards, self.notes),
                                tuple(rows))


def run_one(network: Network, settings: RunSettings, replication: int,
            observed: frozenset[int] = frozenset(), others: bool = True) -> ReplicationRecord:
    items = draw_items(network, settings.seed, replication, settings.horizon)
    return run_replication(network, items, settings.engine_options(), settings.seed, replication,
                           observed, others)


def item_rows(network: Network, record: ReplicationRecord) -> list[ItemRow]:
    items = record.items
    arrival, team, kind = items.arrival.tolist(), items.team.tolist(), items.kind.tolist()
    rows = []
    for node in range(len(network.nodes)):
        for i, when in record.known(node).items():
            rows.append(ItemRow(record.replication, i, network.nodes[team[i]],
                                network.kinds[kind[i]], arrival[i], network.nodes[node], when))
    rows.sort(key=lambda r: (r.replication, r.item, r.known_at, r.node))
    return rows


def simulate(scenario: Scenario, settings: RunSettings, scenario_hash: str,
             progress: Callable[[int], None] | None = None,
             keep_items: bool = False, executor: Executor | None = None) -> SimulationResult:
    """Run the Monte Carlo experiment; `progress(n)` is told as each section of n replications
    completes. Sections run on the executor (by default one of `settings.workers` processes) and
    are folded in order, so the figures do not depend on the number of workers."""
    if settings.replications < 1:
        raise ValueError("replications must be at least 1")
    experiment = Experiment.of(scenario, settings.horizon)
    tasks = experiment.tasks(settings, section_bounds(settings.replications), keep_items)
    acc = Accumulator(settings.replications)
    rows: list[ItemRow] = []
    with nullcontext(executor) if executor else Executor.of(settings) as run:
        for task, (section, kept) in zip(tasks, run.imap(run_section, tasks)):
            acc.add_section(section)
            rows.extend(kept)
            if progress is not None:
                progress(len(task.replications))
    return experiment.result(settings, acc, scenario_hash, rows)


def assumptions(settings: RunSettings, standards, notes: tuple[str, ...]) -> tuple[str, ...]:
    found = [
        "Time is in days from the start of the run; named cadences use calendar-average lengths "
        "(a month is 365.25/12 days) and cut-offs fall at phase + k * period.",
        f"Items arise as Poisson streams at each team's rates over the horizon "
        f"({as_given(settings.horizon)} days); the run then continues {as_given(settings.drain)} "
        "days with no new items so that late items can finish their journey.",
        f"An item at or above a post's escalation severity goes to its line manager after an "
        f"exponential delay with mean {as_given(settings.escalation_delay)} days (a same-day call or "
        "email; the guidance fixes no figure). Members, bodies and external bodies do not escalate.",
        "Items sent to a body wait for its next meeting; what is presented there becomes known to "
        "the body, its chair, members and observers at the meeting. A body without a cadence never "
        "meets, so what is sent to it goes no further.",
        "A vacant post without an interim neither learns nor forwards, and what reaches it is "
        "lost; during a covered vacancy the interim learns it and the post's channels and "
        "escalation still run (the office knows through its interim).",
        "A step_in right acts only when it has a machine trigger (count of items of a kind learnt "
        "by a covered node within a window); only items arising in the covered node's own "
        "delivery unit (teams whose line runs through it at the start of the run) count, since "
        "the escalation is about that unit's performance, not items heard of at committees. The "
        "holder then line-manages the covered nodes for the rest of the run. A right described "
        "only in words never fires.",
        "A cancelled occurrence (reliability) rolls all its items to the next; an occurrence takes "
        "at most `capacity` items, most severe then oldest first, the rest wait; `fidelity` is the "
        "chance each item taken survives into the summary, a dropped item is lost to that channel.",
        "A Director, Lead Member or the Chief Executive answers for the items of the teams that "
        "deliver functions in their statutory remit (a Lead Member their Director's remit; the "
        "Chief Executive and the Leader all teams); a standard without teams uses that scope.",
        "Staleness is sampled at every meeting of each body the observer attends before the "
        "horizon and at each anniversary of the start of the run (the annual report).",
    ]
    found += [f"Default standard {s.id} ({s.citation}): {s.source}" for s in standards if s.default]
    found += list(notes)
    return tuple(found)
