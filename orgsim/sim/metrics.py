"""Time-to-awareness metrics, computed from plain per-item records after each run.

For each observer (statutory Directors, the Chief Executive, Lead Members, the Leader and anyone a
standard names) and item kind, over the items arising in the teams the observer answers for, and
again per organisational unit of origin:

- share known by the horizon, and by the end of the run (horizon plus drain);
- mean days to awareness over the items known by the end of the run;
- p50, p90, p99 days to awareness over all items, an item never known counting as infinitely late
  (so a quantile is "never" when fewer than that share of items are ever known). Delays are kept
  in hour-wide bins and a quantile is reported as the bin's upper edge (rounded up to the hour);
- staleness: at each meeting of a body the observer attends (before the horizon) and at each
  anniversary of the run's start (the annual report), the age of the oldest item of that kind in
  the observer's scope that has arisen but is not yet known to them (0 when none is outstanding);
- for each standard, the share of its items known within its time.

95% confidence intervals come from sectioning: the replications are cut into up to 20 consecutive
sections, the statistic is computed in each, and the interval is the pooled estimate plus or minus
t(0.975, sections - 1) times the sections' standard error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..model import vocab
from ..model.graph import OrgGraph
from .engine import ReplicationRecord
from ..model.network import Network
from .results import (
    ALL,
    Estimate,
    MetricRow,
    Metrics,
    Staleness,
    StandardResult,
    StepIn,
    WithinStandard,
)
from .standards import StandardSpec, scope_teams
from .stats import mean_and_half_width

BINS_PER_DAY = 24
SECTIONS = 20
QUANTILES = (("p50", 0.50), ("p90", 0.90), ("p99", 0.99))
_QUANTILE_LEVELS = tuple(q for _, q in QUANTILES)
SERIOUS = int(vocab.Severity.serious)
# A delay within a standard's time, allowing for the rounding of times to the nanosecond
WITHIN_SLACK = 1e-9


@dataclass(frozen=True)
class Observer:
    node: str
    index: int
    title: str
    roles: tuple[str, ...]
    scope: frozenset[int]  # team indices
    meetings: tuple[float, ...]


@dataclass(frozen=True)
class MetricsPlan:
    observers: tuple[Observer, ...]
    standards: tuple[StandardSpec, ...]
    standard_filters: tuple[tuple[int, int, frozenset[int]], ...]  # (who, kind, teams)
    horizon: float
    annual: tuple[float, ...]
    # [observer] / [standard] -> bool per node: is it a team in scope
    scope_masks: tuple[np.ndarray, ...] = ()
    standard_masks: tuple[np.ndarray, ...] = ()
    # [node] -> the first node with the same unit label, so units compare as small integers
    unit_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def observed(self) -> frozenset[int]:
        """The nodes whose awareness the metrics read."""
        return frozenset(o.index for o in self.observers) | {w for w, _, _ in self.standard_filters}

    def standards_for(self, observer: int, kind: int) -> list[StandardSpec]:
        """The standards about this observer (node index) and item kind, in plan order."""
        return [spec for spec, (who, k, _) in zip(self.standards, self.standard_filters)
                if who == observer and k == kind]


def make_plan(graph: OrgGraph, network: Network, standards: tuple[StandardSpec, ...],
              horizon: float) -> MetricsPlan:
    nodes: list[str] = []
    for role in vocab.OBSERVER_ROLES:
        nodes.extend(h for h in graph.holders(role) if h not in nodes)
    nodes.extend(s.who for s in standards if s.who not in nodes)
    observers = tuple(
        Observer(node, network.index(node), graph.title(node),
                 graph.roles_of(node),
                 frozenset(network.index(t) for t in scope_teams(graph, node)),
                 _meetings(network, network.index(node), horizon))
        for node in nodes)
    filters = tuple((network.index(s.who), network.kind_index(s.kind),
                     frozenset(network.index(t) for t in s.teams)) for s in standards)
    annual = tuple(k * vocab.DAYS_PER_YEAR for k in range(1, int(horizon // vocab.DAYS_PER_YEAR) + 1))
    first: dict[str, int] = {}
    for node, unit in enumerate(network.units):
        first.setdefault(unit, node)
    return MetricsPlan(observers, standards, filters, horizon, annual,
                       tuple(_mask(len(network.nodes), o.scope) for o in observers),
                       tuple(_mask(len(network.nodes), teams) for _, _, teams in filters),
                       np.array([first[u] for u in network.units], dtype=np.int64))


def _meetings(network: Network, node: int, horizon: float) -> tuple[float, ...]:
    """The times before the horizon of every meeting of a body the node attends."""
    return tuple(sorted({m.phase + k * m.period
                         for m in network.meetings if m is not None and node in m.attendees
                         for k in range(int(max(0.0, horizon - m.phase) // m.period) + 1)
                         if m.phase + k * m.period < horizon}))


def _mask(size: int, members: frozenset[int]) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[list(members)] = True
    return mask


# --- running totals ---------------------------------------------------------------------------

class Tally:
    """Running totals of one row (observer, kind, origin): counts, the sum of delays, an hour
    histogram of delays (an array while a replication adds to it; `(bins, counts)` of its
    non-empty bins once compacted to travel between processes) and counts within each standard."""

    __slots__ = ("items", "known_by_horizon", "known", "delay_sum", "hours", "within")

    def __init__(self, standards: int):
        self.items = 0
        self.known_by_horizon = 0
        self.known = 0
        self.delay_sum = 0.0
        self.hours: np.ndarray | tuple[np.ndarray, np.ndarray] = np.zeros(0, dtype=np.int64)
        self.within = [0] * standards

    def add_hours(self, counts: np.ndarray) -> None:
        self.hours = _add(self.hours, counts)

    def compact(self) -> None:
        if isinstance(self.hours, np.ndarray):
            bins = np.flatnonzero(self.hours)
            self.hours = (bins, self.hours[bins])

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(bins, counts) of the non-empty hour bins, in increasing order."""
        if isinstance(self.hours, np.ndarray):
            bins = np.flatnonzero(self.hours)
            return bins, self.hours[bins]
        return self.hours

    def merge(self, other: Tally) -> None:
        """Add a compacted tally of a later section."""
        self.within = [a + b for a, b in zip(self.within, other.within)]
        self.items += other.items
        self.known_by_horizon += other.known_by_horizon
        self.known += other.known
        self.delay_sum += other.delay_sum
        bins, counts = other.hours
        if len(bins):
            self.add_hours(np.bincount(bins, weights=counts).astype(np.int64))

    def share_within(self, n: int) -> float | None:
        """Share of the row's items known within the time of its n-th applicable standard."""
        return self.within[n] / self.items if self.items else None

    def statistics(self) -> dict[str, float | None]:
        n, hist = self.items, self.histogram()
        stats: dict[str, float | None] = {
            "share_known_by_horizon": self.known_by_horizon / n if n else None,
            "share_known_by_end": self.known / n if n else None,
            "mean_days": self.delay_sum / self.known if self.known else None,
        }
        for (name, _), value in zip(QUANTILES, quantiles(n, *hist, _QUANTILE_LEVELS)):
            stats[f"{name}_days"] = value
        return stats


class Ages:
    """Sum, count and maximum of the ages of the oldest outstanding item, at the observer's
    meetings and at the anniversaries (annual reports)."""

    __slots__ = ("meetings", "annual")

    def __init__(self, meetings: list | None = None, annual: list | None = None):
        self.meetings = meetings or [0.0, 0, 0.0]
        self.annual = annual or [0.0, 0, 0.0]

    def merge(self, other: Ages) -> None:
        for mine, theirs in ((self.meetings, other.meetings), (self.annual, other.annual)):
            mine[0] += theirs[0]
            mine[1] += theirs[1]
            mine[2] = max(mine[2], theirs[2])

    def staleness(self) -> Staleness:
        (ms, mn, mx), (a_s, an, ax) = self.meetings, self.annual
        return Staleness(_round(ms / mn) if mn else None, _round(mx) if mn else None,
                         _round(a_s / an) if an else None, _round(ax) if an else None)


@dataclass
class Section:
    """The totals of consecutive replications: plain and picklable."""

    tallies: dict[tuple[int, int, str], Tally] = field(default_factory=dict)  # (observer, kind, origin)
    ages: dict[tuple[int, int], Ages] = field(default_factory=dict)  # (observer, kind)
    standards: list[list[int]] = field(default_factory=list)  # [eligible, within] per standard
    step_ins: list[tuple[str, float]] = field(default_factory=list)
    items: int = 0
    replications: int = 0

    def compact(self) -> Section:
        """Hour histograms as their non-empty bins, to send between processes."""
        for tally in self.tallies.values():
            tally.compact()
        return self

    def merge(self, other: Section) -> None:
        """Add a later section (sections are merged in order)."""
        for key, tally in other.tallies.items():
            if key not in self.tallies:
                self.tallies[key] = Tally(len(tally.within))
            self.tallies[key].merge(tally)
        for key, ages in other.ages.items():
            self.ages.setdefault(key, Ages()).merge(ages)
        if not self.standards:
            self.standards = [[0, 0] for _ in other.standards]
        for acc, (eligible, within) in zip(self.standards, other.standards):
            acc[0] += eligible
            acc[1] += within
        self.step_ins.extend(other.step_ins)
        self.items += other.items
        self.replications += other.replications


def _add(total: np.ndarray, counts: np.ndarray) -> np.ndarray:
    if len(counts) > len(total):
        counts = counts.copy()
        counts[:len(total)] += total
        return counts
    total[:len(counts)] += counts
    return total


# --- one replication --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Awareness:
    """One observer's awareness of every item of a replication, worked out once for all its rows."""

    known: np.ndarray  # first time known, inf if never
    in_scope: np.ndarray  # the item arose in a team in the observer's scope
    by_horizon: np.ndarray
    days: np.ndarray  # days to awareness, inf if never
    ever: np.ndarray
    hours: np.ndarray  # the hour bin of each delay (rounded up to the hour), 0 if never


def _awareness(known: np.ndarray, arrival: np.ndarray, in_scope: np.ndarray,
               horizon: float) -> _Awareness:
    days = known - arrival
    ever = days < np.inf
    hours = np.zeros(len(days), dtype=np.int64)
    hours[ever] = np.ceil(days[ever] * BINS_PER_DAY - 1e-9).astype(np.int64)
    return _Awareness(known, in_scope, known <= horizon, days, ever, hours)


def summarise(plan: MetricsPlan, network: Network, record: ReplicationRecord,
              into: Section | None = None) -> Section:
    """Fold one replication's records into counts, sums and hour histograms.

    Per-origin rows are kept for serious and critical kinds only: those are the ones whose route
    (escalation up the line) differs by origin and that comparisons of options turn on.
    """
    into = Section() if into is None else into
    items = record.items
    by_kind = [np.flatnonzero(items.kind == k) for k in range(len(network.kinds))]
    known_by: dict[int, np.ndarray] = {}

    def known_times(node: int) -> np.ndarray:
        if node not in known_by:
            known_by[node] = record.known_times(node)
        return known_by[node]

    for o, observer in enumerate(plan.observers):
        seen = _awareness(known_times(observer.index), items.arrival,
                          plan.scope_masks[o][items.team], plan.horizon)
        stale_at = np.asarray(observer.meetings + plan.annual, dtype=np.float64)
        for k, of_kind in enumerate(by_kind):
            ids = of_kind[seen.in_scope[of_kind]]
            if len(ids):
                _tally_kind(plan, network, into, o, k, ids, seen, items.team)
                ages = _staleness(items.arrival[ids], seen.known[ids], stale_at,
                                  len(observer.meetings))
                if (o, k) in into.ages:
                    into.ages[(o, k)].merge(ages)
                else:
                    into.ages[(o, k)] = ages
    _tally_standards(plan, into, items, by_kind, known_times)
    into.step_ins.extend(record.step_ins)
    into.items += len(items.arrival)
    into.replications += 1
    return into


def _origins(network: Network, plan: MetricsPlan, k: int, ids: np.ndarray,
             team: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """The item ids of a row for every team, then per unit of origin for serious kinds."""
    groups: list[tuple[str, np.ndarray]] = [(ALL, ids)]
    if network.severities[k] >= SERIOUS:
        units = plan.unit_of[team[ids]]
        for u in sorted(set(units.tolist()), key=lambda u: network.units[u]):
            groups.append((network.units[u], ids[units == u]))
    return groups


def _tally_kind(plan: MetricsPlan, network: Network, into: Section, o: int, k: int,
                ids: np.ndarray, seen: _Awareness, team: np.ndarray) -> None:
    limits = [spec.within + WITHIN_SLACK
              for spec in plan.standards_for(plan.observers[o].index, k)]
    for group, members in _origins(network, plan, k, ids, team):
        tally = into.tallies.get((o, k, group))
        if tally is None:
            tally = into.tallies[(o, k, group)] = Tally(len(limits))
        members_known = members[seen.ever[members]]
        delays = seen.days[members_known]
        tally.items += len(members)
        tally.known_by_horizon += int(np.count_nonzero(seen.by_horizon[members]))
        tally.known += len(delays)
        tally.delay_sum += float(delays.sum())
        for n, limit in enumerate(limits):
            tally.within[n] += int(np.count_nonzero(delays <= limit))
        if len(delays):
            tally.add_hours(np.bincount(seen.hours[members_known]))


def _tally_standards(plan: MetricsPlan, into: Section, items, by_kind: list[np.ndarray],
                     known_times) -> None:
    if not into.standards:
        into.standards = [[0, 0] for _ in plan.standards]
    for acc, spec, (who, k, _), teams in zip(into.standards, plan.standards,
                                             plan.standard_filters, plan.standard_masks):
        ids = by_kind[k][teams[items.team[by_kind[k]]]]
        delays = known_times(who)[ids] - items.arrival[ids]
        acc[0] += len(ids)
        acc[1] += int(np.count_nonzero(delays <= spec.within + WITHIN_SLACK))


def _staleness(arrival: np.ndarray, known: np.ndarray, at: np.ndarray, meetings: int) -> Ages:
    """The age of the oldest outstanding item at each of the first `meetings` times of `at` (the
    observer's meetings), and at the rest (the anniversaries).

    Items are in order of arrival and an item known by time m stays known, so the oldest item
    outstanding at m is the first whose running maximum of known times exceeds m, provided it
    has arisen by m. Both sets of times are sampled in one pass.
    """
    if not len(at):
        return Ages()
    first = np.searchsorted(np.maximum.accumulate(known), at, side="right")
    arisen = np.searchsorted(arrival, at, side="right")
    outstanding = first < arisen
    ages = np.where(outstanding, at - arrival[np.minimum(first, len(arrival) - 1)], 0.0)
    return Ages(_age_summary(ages[:meetings]), _age_summary(ages[meetings:]))


def _age_summary(ages: np.ndarray) -> list:
    if not len(ages):
        return [0.0, 0, 0.0]
    return [float(ages.sum()), len(ages), float(ages.max())]


# --- across replications ----------------------------------------------------------------------

def section_bounds(replications: int) -> list[range]:
    """Up to SECTIONS consecutive blocks of replications; they depend on the count alone."""
    n = min(SECTIONS, replications)
    return [range(s * replications // n, (s + 1) * replications // n) for s in range(n)]


@dataclass
class Accumulator:
    """The total and the per-section totals, sections added in order."""

    replications: int
    total: Section = field(default_factory=Section)
    sections: list[Section] = field(default_factory=list)

    def add_section(self, section: Section) -> None:
        self.sections.append(section)
        self.total.merge(section)


def quantiles(n: int, bins: np.ndarray, counts: np.ndarray, qs: tuple[float, ...],
              ) -> list[float | None]:
    """Nearest-rank quantiles of delays with unknown items as infinite; None means never.

    `bins` are the non-empty hour bins in increasing order and `counts` their item counts; the
    running total is made once for all of `qs`."""
    if n == 0:
        return [None] * len(qs)
    ranks = [max(1, math.ceil(q * n - 1e-9)) for q in qs]
    positions = np.searchsorted(np.cumsum(counts), ranks).tolist()
    return [None if position >= len(bins) else int(bins[position]) / BINS_PER_DAY
            for position in positions]


def confidence_interval(estimate: float | None, sections: list[float | None],
                        ) -> tuple[float, float | None] | None:
    """Pooled estimate +/- t * standard error of the section estimates; None where undefined.

    A section whose statistic is undefined (never known) makes the upper bound unbounded (None).
    """
    if estimate is None or len(sections) < 2:
        return None
    if any(s is None for s in sections):
        finite = [s for s in sections if s is not None]
        return (round(min(finite), 4), None) if finite else None
    _, half = mean_and_half_width(sections)
    return round(max(0.0, estimate - half), 4), round(estimate + half, 4)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _estimate(value: float | None, sections: list[float | None]) -> Estimate:
    return Estimate(_round(value), confidence_interval(value, sections))


def _row_order(key: tuple[int, int, str]) -> tuple:
    """Rows by observer and kind, each kind's row for every team before its units'."""
    return key[0], key[1], key[2] != ALL, key[2]


def _standard_share(section: Section, n: int) -> tuple[int, float | None]:
    """(eligible items, share of them within) of the n-th standard in a section."""
    eligible, within = section.standards[n] if section.standards else (0, 0)
    return eligible, within / eligible if eligible else None


def finish(plan: MetricsPlan, network: Network, acc: Accumulator) -> Metrics:
    """Every metric row, standard result and step-in, in a stable order."""
    keys = sorted(acc.total.tallies, key=_row_order)
    return Metrics(tuple(_row(plan, network, acc, key) for key in keys),
                   tuple(_standard(acc, n, spec) for n, spec in enumerate(plan.standards)),
                   _step_ins(acc),
                   _round(acc.total.items / max(1, acc.replications)))


def _row(plan: MetricsPlan, network: Network, acc: Accumulator,
         key: tuple[int, int, str]) -> MetricRow:
    o, k, group = key
    observer = plan.observers[o]
    total = acc.total.tallies[key]
    sections = [s.tallies[key] for s in acc.sections if key in s.tallies]
    estimate = total.statistics()
    per_section = [s.statistics() for s in sections]
    stats = {name: _estimate(value, [s[name] for s in per_section])
             for name, value in estimate.items()}
    applicable = plan.standards_for(observer.index, k)
    within = tuple(
        WithinStandard(spec.id, _round(spec.within),
                       _estimate(total.share_within(n), [s.share_within(n) for s in sections]))
        for n, spec in enumerate(applicable))
    every_team = group == ALL
    ages = acc.total.ages.get((o, k), Ages())
    bins, counts = total.histogram()
    return MetricRow(observer.node, observer.title, observer.roles, network.kinds[k], group,
                     total.items, within_standards=within,
                     staleness=ages.staleness() if every_team else None,
                     standards=tuple(s.id for s in applicable) if every_team else (),
                     hours=tuple(zip(bins.tolist(), counts.tolist())), **stats)


@dataclass(frozen=True)
class Headline:
    """One row's figures in one section, as `finish` would give them (rounded the same way), and
    nothing else: what a comparison reads of each block, without the intervals, the other
    statistics and the histograms `finish` makes for a result."""

    observer: str  # node id
    item: str
    origin: str
    items: int
    share_known_by_horizon: float | None
    p50_days: float | None
    p90_days: float | None


def headlines(plan: MetricsPlan, network: Network, section: Section,
              ) -> tuple[list[Headline], list[tuple[StandardSpec, float | None, float | None]]]:
    """Each row's headline figures in one section, in the order of `finish`'s rows; and each
    standard with its days as `finish` rounds them and the share of its items known within them
    (None where none arose)."""
    keys = sorted(section.tallies, key=_row_order)
    tallies = [section.tallies[key] for key in keys]
    q = dict(QUANTILES)
    p50, p90 = _rows_quantiles(tallies, (q["p50"], q["p90"]))
    rows = [Headline(plan.observers[o].node, network.kinds[k], group, tally.items,
                     _round(tally.known_by_horizon / tally.items) if tally.items else None,
                     _round(a), _round(b))
            for (o, k, group), tally, a, b in zip(keys, tallies, p50, p90)]
    return rows, [(spec, _round(spec.within), _round(_standard_share(section, n)[1]))
                  for n, spec in enumerate(plan.standards)]


def _rows_quantiles(tallies: list[Tally], qs: tuple[float, ...]) -> list[list[float | None]]:
    """For each level in `qs`, every row's `quantiles` at it, from one running total over all the
    rows' bins (a section has hundreds of rows, and a call per row cost more than the sums)."""
    histograms = [tally.histogram() for tally in tallies]
    sizes = np.array([len(bins) for bins, _ in histograms], dtype=np.int64)
    if not sizes.sum():
        return [[None] * len(tallies) for _ in qs]
    ends = np.cumsum(sizes)
    running = np.cumsum(np.concatenate([counts for _, counts in histograms]))
    before = np.concatenate(([0], running))[ends - sizes]  # the counts of the rows before
    bins = np.concatenate([bins for bins, _ in histograms])
    n = np.array([tally.items for tally in tallies], dtype=np.int64)
    ends_list, n_list = ends.tolist(), n.tolist()
    out = []
    for q in qs:
        # nearest rank, as `quantiles` takes it, among the row's own bins (after the rows before)
        ranks = np.maximum(1, np.ceil(q * n - 1e-9)).astype(np.int64)
        positions = np.searchsorted(running, before + ranks)
        days = bins[np.minimum(positions, len(bins) - 1)] / BINS_PER_DAY
        out.append([None if items == 0 or position >= end else day
                    for items, position, end, day in zip(n_list, positions.tolist(), ends_list,
                                                         days.tolist())])
    return out


def _standard(acc: Accumulator, n: int, spec: StandardSpec) -> StandardResult:
    eligible, share = _standard_share(acc.total, n)
    sections = [s.standards[n][1] / s.standards[n][0] for s in acc.sections
                if s.standards and s.standards[n][0]]
    return StandardResult(spec.id, spec.who, spec.kind, _round(spec.within), spec.share,
                          tuple(spec.teams), eligible,
                          Estimate(_round(share), confidence_interval(share, sections)),
                          spec.default, str(spec.citation), spec.source)


def _step_ins(acc: Accumulator) -> tuple[StepIn, ...]:
    fired: dict[str, list[float]] = {}
    for right, day in acc.total.step_ins:
        fired.setdefault(right, []).append(day)
    return tuple(StepIn(right, _round(len(days) / acc.replications), _round(sum(days) / len(days)))
                 for right, days in sorted(fired.items()))
