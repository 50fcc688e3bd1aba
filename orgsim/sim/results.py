"""What a simulation returns: frozen records, rounded as they are reported (4 places), so every
output — JSON, CSV, the terminal, the paper, a comparison — reads the same numbers.

`to_dict()` gives the JSON form documented in docs/simulate-json.md; nothing inside orgsim reads
that form back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import __version__
from ..model.findings import Finding
from .settings import RunSettings

ALL = "all"  # the origin of a metric row over every team in the observer's scope
Interval = tuple[float, float | None]  # 95% interval; an upper bound of None is unbounded


def _interval(ci: Interval | None) -> list[float | None] | None:
    return None if ci is None else [ci[0], ci[1]]


@dataclass(frozen=True)
class Estimate:
    """A pooled estimate and its 95% interval (None where undefined: fewer than two sections, or
    the estimate itself is undefined)."""

    value: float | None
    ci95: Interval | None = None


@dataclass(frozen=True)
class WithinStandard:
    """For a metric row: the share of its items known within one of the standards that apply."""

    standard: str
    within_days: float
    share: Estimate

    def to_dict(self) -> dict:
        return {"standard": self.standard, "within_days": self.within_days,
                "share_within": self.share.value, "share_within_ci95": _interval(self.share.ci95)}


@dataclass(frozen=True)
class Staleness:
    """Mean and worst age of the oldest outstanding item, at meetings and at annual reports."""

    at_meetings_mean: float | None
    at_meetings_max: float | None
    at_annual_report_mean: float | None
    at_annual_report_max: float | None


# the statistics of a row, in their JSON order
STATISTICS = ("share_known_by_horizon", "share_known_by_end", "mean_days", "p50_days",
              "p90_days", "p99_days")


@dataclass(frozen=True)
class MetricRow:
    """Time to awareness of one observer, for one item kind, from one unit of origin ("all" for
    every team in the observer's scope)."""

    observer: str  # node id
    title: str
    roles: tuple[str, ...]
    item: str
    origin: str
    items: int  # over all replications
    share_known_by_horizon: Estimate
    share_known_by_end: Estimate
    mean_days: Estimate
    p50_days: Estimate  # value None: fewer than half the items are ever known
    p90_days: Estimate
    p99_days: Estimate
    within_standards: tuple[WithinStandard, ...]
    staleness: Staleness | None = None  # for origin "all" only
    standards: tuple[str, ...] = ()  # ids of the standards for this observer and kind
    # (hour bin, items known in it) of the non-empty bins, in increasing order: the distribution
    # the quantiles are read from, for plots (not in the JSON)
    hours: tuple[tuple[int, int], ...] = ()

    @property
    def for_all_teams(self) -> bool:
        return self.origin == ALL

    def statistic(self, name: str) -> Estimate:
        return getattr(self, name)

    def to_dict(self) -> dict:
        row: dict = {"observer": self.observer, "title": self.title, "roles": list(self.roles),
                     "item": self.item, "origin": self.origin, "items": self.items}
        for name in STATISTICS:
            estimate = self.statistic(name)
            row[name] = estimate.value
            row[name + "_ci95"] = _interval(estimate.ci95)
        row["within_standards"] = [w.to_dict() for w in self.within_standards]
        if self.staleness is not None:
            s = self.staleness
            row.update({"staleness_at_meetings_mean_days": s.at_meetings_mean,
                        "staleness_at_meetings_max_days": s.at_meetings_max,
                        "staleness_at_annual_report_mean_days": s.at_annual_report_mean,
                        "staleness_at_annual_report_max_days": s.at_annual_report_max,
                        "standards": list(self.standards)})
        return row



@dataclass(frozen=True)
class StandardResult:
    """How far an oversight standard was met over all replications."""

    id: str
    who: str  # node id
    item: str
    within_days: float
    target_share: float
    teams: tuple[str, ...]
    items: int
    share_within: Estimate
    default: bool
    citation: str
    source: str

    @property
    def met(self) -> bool | None:
        """None where no item of the standard arose."""
        share = self.share_within.value
        return None if share is None else share >= self.target_share

    def to_dict(self) -> dict:
        return {"id": self.id, "who": self.who, "item": self.item,
                "within_days": self.within_days, "target_share": self.target_share,
                "teams": list(self.teams), "items": self.items,
                "share_within": self.share_within.value,
                "share_within_ci95": _interval(self.share_within.ci95), "met": self.met,
                "default": self.default, "citation": self.citation, "source": self.source}


@dataclass(frozen=True)
class StepIn:
    """A step-in right that fired in some replications."""

    right: str
    share_of_replications: float
    mean_day: float


@dataclass(frozen=True)
class ItemRow:
    """One item's first awareness at one node, for the items CSV."""

    replication: int
    item: int
    team: str
    kind: str
    arrival: float
    node: str
    known_at: float


@dataclass(frozen=True)
class Metrics:
    """Every metric row, standard result and step-in of a run, in a stable order."""

    rows: tuple[MetricRow, ...]
    standards: tuple[StandardResult, ...]
    step_ins: tuple[StepIn, ...]
    items_per_replication: float

    def restricted(self, standards: frozenset[str]) -> Metrics:
        """The same metrics with only these standards, in rows and in the standards' results."""
        rows = tuple(replace(r, within_standards=tuple(w for w in r.within_standards
                                                       if w.standard in standards),
                             standards=tuple(s for s in r.standards if s in standards))
                     for r in self.rows)
        return replace(self, rows=rows,
                       standards=tuple(s for s in self.standards if s.id in standards))


@dataclass(frozen=True)
class SimulationResult:
    scenario_name: str
    scenario_hash: str
    settings: RunSettings
    metrics: Metrics
    findings: tuple[Finding, ...]
    assumptions: tuple[str, ...]
    item_rows: tuple[ItemRow, ...] = ()

    @property
    def rows(self) -> tuple[MetricRow, ...]:
        return self.metrics.rows

    @property
    def standards(self) -> tuple[StandardResult, ...]:
        return self.metrics.standards

    def rows_of(self, observers: set[str] | frozenset[str], origin: str | None = ALL,
                ) -> list[MetricRow]:
        """The rows of these observers (node ids), from one origin (None: every origin)."""
        return [r for r in self.rows
                if r.observer in observers and (origin is None or r.origin == origin)]

    def to_dict(self) -> dict:
        s = self.settings
        return {
            "orgsim_version": __version__,
            "scenario": {"name": self.scenario_name, "hash": self.scenario_hash},
            "seed": s.seed, "replications": s.replications, "horizon_days": s.horizon,
            "drain_days": s.drain, "escalation_delay_mean_days": s.escalation_delay,
            "items_per_replication": self.metrics.items_per_replication,
            "metrics": [r.to_dict() for r in self.rows],
            "standards": [x.to_dict() for x in self.standards],
            "step_ins": {x.right: {"share_of_replications": x.share_of_replications,
                                   "mean_day": x.mean_day} for x in self.metrics.step_ins},
            "findings": [f.to_dict() for f in self.findings],
            "assumptions": list(self.assumptions),
        }
