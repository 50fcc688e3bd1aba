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
from .network import Network
from .standards import StandardSpec, scope_teams

BINS_PER_DAY = 24
SECTIONS = 20
QUANTILES = (("p50", 0.50), ("p90", 0.90), ("p99", 0.99))
OBSERVER_ROLES = ("dcs", "dass", "dss", "lead_director_cyp", "head_of_paid_service",
                  "lead_member_children", "lead_member_adults", "leader")
ALL = "all"
SERIOUS = int(vocab.Severity.serious)
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
         2.056, 2.052, 2.048, 2.045, 2.042)


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


def make_plan(graph: OrgGraph, network: Network, standards: tuple[StandardSpec, ...],
              horizon: float) -> MetricsPlan:
    nodes: list[str] = []
    for role in OBSERVER_ROLES:
        nodes.extend(h for h in graph.holders(role) if h not in nodes)
    nodes.extend(s.who for s in standards if s.who not in nodes)
    observers = []
    for node in nodes:
        i = network.index(node)
        meetings = sorted({m.phase + k * m.period
                           for m in network.meetings if m is not None and i in m.attendees
                           for k in range(int(max(0.0, horizon - m.phase) // m.period) + 1)
                           if m.phase + k * m.period < horizon})
        observers.append(Observer(node, i, graph.title(node), tuple(graph.graph.nodes[node]["roles"]),
                                  frozenset(network.index(t) for t in scope_teams(graph, node)),
                                  tuple(meetings)))
    filters = tuple((network.index(s.who), network.kind_index(s.kind),
                     frozenset(network.index(t) for t in s.teams)) for s in standards)
    annual = tuple(k * vocab.DAYS_PER_YEAR for k in range(1, int(horizon // vocab.DAYS_PER_YEAR) + 1))
    first: dict[str, int] = {}
    for node, unit in enumerate(network.units):
        first.setdefault(unit, node)
    return MetricsPlan(tuple(observers), standards, filters, horizon, annual,
                       tuple(_mask(len(network.nodes), o.scope) for o in observers),
                       tuple(_mask(len(network.nodes), teams) for _, _, teams in filters),
                       np.array([first[u] for u in network.units], dtype=np.int64))


def _mask(size: int, members: frozenset[int]) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[list(members)] = True
    return mask


# --- one replication --------------------------------------------------------------------------

def summarise(plan: MetricsPlan, network: Network, record: ReplicationRecord,
              into: dict | None = None) -> dict:
    """Fold one replication's records into counts, sums and hour histograms (plain, picklable).

    Per-origin rows are kept for serious and critical kinds only: those are the ones whose route
    (escalation up the line) differs by origin and that comparisons of options turn on.
    """
    into = _empty() if into is None else into
    items = record.items
    arrival, team, kind = items.arrival, items.team, items.kind
    horizon, severities = plan.horizon, network.severities
    keys, stale = into["keys"], into["stale"]
    by_kind = [np.flatnonzero(kind == k) for k in range(len(network.kinds))]
    unit_of = plan.unit_of
    known_by: dict[int, np.ndarray] = {}
    # [observer] -> its meetings then the anniversaries, the times staleness is sampled at
    stale_at = [np.asarray(observer.meetings + plan.annual, dtype=np.float64)
                for observer in plan.observers]

    def known_times(node: int) -> np.ndarray:
        if node not in known_by:
            known_by[node] = record.known_times(node)
        return known_by[node]

    for o, observer in enumerate(plan.observers):
        known = known_times(observer.index)
        # per item, worked out once for all the observer's rows: in scope; known by the horizon;
        # days to awareness (inf if never), which are the same numbers as subtracting row by row
        in_scope = plan.scope_masks[o][team]
        by_horizon = known <= horizon
        days = known - arrival
        ever = days < np.inf
        # the hour bin of each delay (rounded up to the hour), for the items ever known
        hours = np.zeros(len(days), dtype=np.int64)
        hours[ever] = np.ceil(days[ever] * BINS_PER_DAY - 1e-9).astype(np.int64)
        for k, of_kind in enumerate(by_kind):
            ids = of_kind[in_scope[of_kind]]
            if not len(ids):
                continue
            limits = [spec.within + 1e-9 for spec, (who, sk, _) in
                      zip(plan.standards, plan.standard_filters)
                      if who == observer.index and sk == k]
            groups: list[tuple[str, np.ndarray]] = [(ALL, ids)]
            if severities[k] >= SERIOUS:
                units = unit_of[team[ids]]
                for u in sorted(set(units.tolist()), key=lambda u: network.units[u]):
                    groups.append((network.units[u], ids[units == u]))
            for group, members in groups:
                entry = keys.get((o, k, group))
                if entry is None:
                    entry = keys[(o, k, group)] = [0, 0, 0, 0.0, np.zeros(0, dtype=np.int64),
                                                   [0] * len(limits)]
                members_known = members[ever[members]]
                delays = days[members_known]
                entry[0] += len(members)
                entry[1] += int(np.count_nonzero(by_horizon[members]))
                entry[2] += len(delays)
                entry[3] += float(delays.sum())
                for n, limit in enumerate(limits):
                    entry[5][n] += int(np.count_nonzero(delays <= limit))
                if len(delays):
                    entry[4] = _add(entry[4], np.bincount(hours[members_known]))
            a, w = arrival[ids], known[ids]
            values = _staleness(a, w, stale_at[o], len(observer.meetings))
            entry = stale.get((o, k))
            if entry is None:
                stale[(o, k)] = values
            else:
                _merge_stale(entry, values)
    if not into["standards"]:
        into["standards"] = [[0, 0] for _ in plan.standards]
    for acc, spec, (who, k, _), teams in zip(into["standards"], plan.standards,
                                             plan.standard_filters, plan.standard_masks):
        ids = by_kind[k][teams[team[by_kind[k]]]]
        delays = known_times(who)[ids] - arrival[ids]
        acc[0] += len(ids)
        acc[1] += int(np.count_nonzero(delays <= spec.within + 1e-9))
    into["step_ins"].extend(record.step_ins)
    into["items"] += len(arrival)
    into["replications"] += 1
    return into


def _add(total: np.ndarray, counts: np.ndarray) -> np.ndarray:
    if len(counts) > len(total):
        counts = counts.copy()
        counts[:len(total)] += total
        return counts
    total[:len(counts)] += counts
    return total


def _staleness(arrival: np.ndarray, known: np.ndarray, at: np.ndarray, meetings: int) -> list:
    """[sum, count, max] of the age of the oldest outstanding item at each of the first `meetings`
    times of `at` (the observer's meetings), then the same for the rest (the anniversaries).

    Items are in order of arrival and an item known by time m stays known, so the oldest item
    outstanding at m is the first whose running maximum of known times exceeds m, provided it
    has arisen by m. Both sets of times are sampled in one pass.
    """
    if not len(at):
        return [0.0, 0, 0.0, 0.0, 0, 0.0]
    first = np.searchsorted(np.maximum.accumulate(known), at, side="right")
    arisen = np.searchsorted(arrival, at, side="right")
    outstanding = first < arisen
    ages = np.where(outstanding, at - arrival[np.minimum(first, len(arrival) - 1)], 0.0)
    return _age_summary(ages[:meetings]) + _age_summary(ages[meetings:])


def _age_summary(ages: np.ndarray) -> list:
    if not len(ages):
        return [0.0, 0, 0.0]
    return [float(ages.sum()), len(ages), float(ages.max())]


def compact(section: dict) -> dict:
    """Hour histograms as (bins, counts) of their non-empty bins, to send between processes."""
    for entry in section["keys"].values():
        hist = entry[4]
        if isinstance(hist, np.ndarray):
            bins = np.flatnonzero(hist)
            entry[4] = (bins, hist[bins])
    return section


# --- across replications ----------------------------------------------------------------------

def _merge_stale(entry: list, values: list) -> None:
    entry[0] += values[0]
    entry[1] += values[1]
    entry[2] = max(entry[2], values[2])
    entry[3] += values[3]
    entry[4] += values[4]
    entry[5] = max(entry[5], values[5])


def merge(into: dict, section: dict) -> None:
    """Add a section's accumulator to the total (sections are merged in order)."""
    for key, (n, kh, nk, sd, (bins, counts), within) in section["keys"].items():
        entry = into["keys"].get(key)
        if entry is None:
            entry = into["keys"][key] = [0, 0, 0, 0.0, np.zeros(0, dtype=np.int64),
                                         [0] * len(within)]
        entry[5] = [a + b for a, b in zip(entry[5], within)]
        entry[0] += n
        entry[1] += kh
        entry[2] += nk
        entry[3] += sd
        if len(bins):
            entry[4] = _add(entry[4], np.bincount(bins, weights=counts).astype(np.int64))
    for key, values in section["stale"].items():
        entry = into["stale"].get(key)
        if entry is None:
            into["stale"][key] = list(values)
        else:
            _merge_stale(entry, values)
    if not into["standards"]:
        into["standards"] = [[0, 0] for _ in section["standards"]]
    for acc, (eligible, within) in zip(into["standards"], section["standards"]):
        acc[0] += eligible
        acc[1] += within
    into["step_ins"].extend(section["step_ins"])
    into["items"] += section["items"]
    into["replications"] += section["replications"]


def _empty() -> dict:
    return {"keys": {}, "stale": {}, "standards": [], "step_ins": [], "items": 0, "replications": 0}


def section_bounds(replications: int) -> list[range]:
    """Up to SECTIONS consecutive blocks of replications; they depend on the count alone."""
    n = min(SECTIONS, replications)
    return [range(s * replications // n, (s + 1) * replications // n) for s in range(n)]


@dataclass
class Accumulator:
    """The total and the per-section accumulators, sections added in order."""

    replications: int
    total: dict = field(default_factory=_empty)
    sections: list[dict] = field(default_factory=list)

    def add_section(self, section: dict) -> None:
        self.sections.append(section)
        merge(self.total, section)


def quantile(n: int, bins: np.ndarray, counts: np.ndarray, q: float) -> float | None:
    """Nearest-rank quantile of delays with unknown items as infinite; None means never.

    `bins` are the non-empty hour bins in increasing order and `counts` their item counts."""
    if n == 0:
        return None
    rank = max(1, math.ceil(q * n - 1e-9))
    position = int(np.searchsorted(np.cumsum(counts), rank))
    return None if position >= len(bins) else int(bins[position]) / BINS_PER_DAY


def _statistics(entry: list) -> dict[str, float | None]:
    n, kh, nk, sd, hist = entry[:5]
    if isinstance(hist, np.ndarray):
        bins = np.flatnonzero(hist)
        hist = (bins, hist[bins])
    stats: dict[str, float | None] = {
        "share_known_by_horizon": kh / n if n else None,
        "share_known_by_end": nk / n if n else None,
        "mean_days": sd / nk if nk else None,
    }
    for name, q in QUANTILES:
        stats[f"{name}_days"] = quantile(n, *hist, q)
    return stats


def confidence_interval(estimate: float | None, sections: list[float | None],
                        ) -> list[float | None] | None:
    """Pooled estimate +/- t * standard error of the section estimates; None where undefined.

    A section whose statistic is undefined (never known) makes the upper bound unbounded (None).
    """
    if estimate is None or len(sections) < 2:
        return None
    if any(s is None for s in sections):
        finite = [s for s in sections if s is not None]
        return [round(min(finite), 4), None] if finite else None
    m = len(sections)
    mean = sum(sections) / m
    sd = math.sqrt(sum((s - mean) ** 2 for s in sections) / (m - 1))
    half = (_T975[m - 2] if m - 1 <= len(_T975) else 1.96) * sd / math.sqrt(m)
    return [round(max(0.0, estimate - half), 4), round(estimate + half, 4)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _share_within(entry: list, n: int) -> float | None:
    """Share of an entry's items known within the time of its n-th applicable standard."""
    return entry[5][n] / entry[0] if entry[0] else None


def finish(plan: MetricsPlan, network: Network, acc: Accumulator) -> dict:
    """Plain dictionaries of every metric row, standard result and step-in, in a stable order."""
    rows = []
    for key in sorted(acc.total["keys"], key=lambda k: (k[0], k[1], k[2] != ALL, k[2])):
        o, k, group = key
        observer = plan.observers[o]
        estimate = _statistics(acc.total["keys"][key])
        per_section = [_statistics(s["keys"][key]) for s in acc.sections if key in s["keys"]]
        row = {"observer": observer.node, "title": observer.title, "roles": list(observer.roles),
               "item": network.kinds[k], "origin": group,
               "items": acc.total["keys"][key][0]}
        for name, value in estimate.items():
            row[name] = _round(value)
            row[name + "_ci95"] = confidence_interval(value, [s[name] for s in per_section])
        applicable = [spec for spec, (who, sk, _) in zip(plan.standards, plan.standard_filters)
                      if who == observer.index and sk == k]
        row["within_standards"] = [
            {"standard": spec.id, "within_days": _round(spec.within),
             "share_within": _round(_share_within(acc.total["keys"][key], n)),
             "share_within_ci95": confidence_interval(
                 _share_within(acc.total["keys"][key], n),
                 [_share_within(s["keys"][key], n) for s in acc.sections if key in s["keys"]])}
            for n, spec in enumerate(applicable)]
        if group == ALL:
            s = acc.total["stale"].get((o, k), [0.0, 0, 0.0, 0.0, 0, 0.0])
            row["staleness_at_meetings_mean_days"] = _round(s[0] / s[1]) if s[1] else None
            row["staleness_at_meetings_max_days"] = _round(s[2]) if s[1] else None
            row["staleness_at_annual_report_mean_days"] = _round(s[3] / s[4]) if s[4] else None
            row["staleness_at_annual_report_max_days"] = _round(s[5]) if s[4] else None
            row["standards"] = [spec.id for spec, (who, sk, _) in
                                zip(plan.standards, plan.standard_filters)
                                if who == observer.index and sk == k]
        rows.append(row)
    standards = []
    for n, spec in enumerate(plan.standards):
        eligible, within = acc.total["standards"][n] if acc.total["standards"] else (0, 0)
        share = within / eligible if eligible else None
        sections = [s["standards"][n][1] / s["standards"][n][0] for s in acc.sections
                    if s["standards"] and s["standards"][n][0]]
        standards.append({
            "id": spec.id, "who": spec.who, "item": spec.kind, "within_days": _round(spec.within),
            "target_share": spec.share, "teams": list(spec.teams), "items": eligible,
            "share_within": _round(share),
            "share_within_ci95": confidence_interval(share, sections),
            "met": None if share is None else share >= spec.share,
            "default": spec.default, "citation": str(spec.citation), "source": spec.source})
    fired: dict[str, list[float]] = {}
    for right, day in acc.total["step_ins"]:
        fired.setdefault(right, []).append(day)
    step_ins = {right: {"share_of_replications": _round(len(days) / acc.replications),
                        "mean_day": _round(sum(days) / len(days))}
                for right, days in sorted(fired.items())}
    return {"rows": rows, "standards": standards, "step_ins": step_ins,
            "items_per_replication": _round(acc.total["items"] / max(1, acc.replications))}
