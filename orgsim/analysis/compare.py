"""Compare restructure options with a baseline: structure, checks and simulated oversight.

Simulation diff. Every scenario is simulated in B blocks (B = min(10, replications)); block b is
exactly `orgsim simulate --seed S+b --replications n_b` of that scenario, so any block's figures can
be reproduced on their own. The baseline and each option run the same blocks with the same seeds,
and item streams are keyed by team id and item kind, so a team present in both produces the same
items in both, and escalation delays are keyed by post, so a post escalating the same items
in both passes them up after the same delays (common random numbers): block b of the option is paired with block b of the
baseline. For each metric the change is the mean of the B paired differences and its 95%
confidence interval is that mean plus or minus t(0.975, B - 1) times their standard error. An item
never known counts as known at the end of the run (horizon plus drain), so a change to or from
"never" is a lower bound.

Each change is judged against a materiality margin (`materiality`): a **weakening** is a material
weakening, its whole interval beyond the margin on the worse side; a **strengthening** likewise on
the better side. Changes below materiality and changes not settled are reported in the rows, never
as findings. A weakening is red where it breaks a standard the baseline met, or where fewer than
90% of the items the Director learnt of in the baseline ever reach them; amber otherwise.

Share within standards is measured per unit of origin by adding, for the measurement only, a copy
of each standard restricted to the teams of each unit of origin (`<standard>.origin.<unit>`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass

from .. import __version__
from ..model import vocab
from ..model.findings import Citation, Finding, Rating
from ..model.numbers import as_given, cadence_name, days_figure, share, signed_days, signed_share
from ..model.graph import OrgGraph
from ..model.scenario import Scenario, Standard
from ..rules.registry import run_checks
from ..sim.executor import INLINE, Executor
from ..sim.montecarlo import simulate
from ..sim.results import ALL, SimulationResult
from ..sim.settings import RunSettings
from ..sim.standards import StandardSpec, resolve_standards
from ..sim.stats import mean_and_half_width
from .diff import StructuralDiff, structural_diff
from .materiality import ASSUMPTIONS as MATERIALITY_ASSUMPTIONS
from .materiality import DEFAULT as DEFAULT_MATERIALITY
from .materiality import Materiality, Verdict, judge, overall

MAX_BLOCKS = 10
HOUR = 1 / 24
# The guidance duty a weakening of each Director's oversight bears on.
DUTY = {
    "dcs": (Citation("england-dcs-lm-2009", "3.11"),
            "officers may be line-managed outside the DCS only where systems and protocols keep "
            "the DCS able to discharge the statutory role"),
    "dass": (Citation("england-dass-2005", "28"),
             "officers delivering adult social services report to the DASS or have clear reporting "
             "arrangements to the DASS"),
    "dss": (Citation("wales-dss-2009", "4.8.8"),
            "where services sit outside the DSS line the DSS needs reliable flows of information "
            "at operational level"),
    "lead_director_cyp": (Citation("wales-dss-2009", "5.13"),
                          "the Lead Director reports regularly and formally on integrated "
                          "children's services"),
}
# (name, label, worse when it goes up)
METRICS = (("share_known", "share known by the horizon", False),
           ("p50_days", "p50 days to awareness", True),
           ("p90_days", "p90 days to awareness", True),
           ("share_within", "share within the standard", False))


def paired_blocks(settings: RunSettings) -> list[RunSettings]:
    """The B blocks every scenario runs: block b is `orgsim simulate --seed S+b -n n_b`."""
    if settings.replications < 2:
        raise ValueError("a comparison needs at least 2 replications for an interval")
    b = min(MAX_BLOCKS, settings.replications)
    n = settings.replications
    return [settings.but(seed=settings.seed + i, replications=(i + 1) * n // b - i * n // b,
                         workers=1) for i in range(b)]


def design(settings: RunSettings) -> dict:
    """The paired design as recorded in outputs: seeds and sizes of the blocks."""
    blocks = paired_blocks(settings)
    return {"seed": settings.seed, "replications": settings.replications,
            "blocks": len(blocks), "block_seeds": [s.seed for s in blocks],
            "block_replications": [s.replications for s in blocks],
            "horizon_days": settings.horizon, "drain_days": settings.drain,
            "escalation_delay_mean_days": settings.escalation_delay}


# --- measuring one scenario in paired blocks ---------------------------------------------------

Key = tuple[str, str, str]  # (director role, item kind, unit of origin or "all")


@dataclass(frozen=True)
class StandardTarget:
    """The standard a comparison row is judged against."""

    id: str
    within_days: float
    target_share: float

    def to_dict(self) -> dict:
        return {"id": self.id, "within_days": self.within_days, "target_share": self.target_share}


@dataclass(frozen=True)
class Measurement:
    """Per (role, kind, origin): per metric, one value per block (None = not measured)."""

    values: dict[Key, dict[str, list[float | None]]]
    standards: dict[Key, StandardTarget]
    items: dict[Key, float]  # items per replication
    never: float = math.inf  # the day value standing for "never known" (horizon plus drain)


def _the(role: str) -> str:
    """A Director role mid-sentence: 'the DCS'."""
    return vocab.role_label(role).article


def unit_of(scenario: Scenario, team: str) -> str:
    return scenario.teams[team].unit or team


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_") or "unit"


@dataclass(frozen=True)
class MeasuredStandard:
    """A standard the comparison measures: one of the scenario's, or its copy for one unit."""

    standard: str  # the scenario's standard id
    origin: str  # the unit of origin, or "all"


def measured_scenario(scenario: Scenario, standards: Sequence[StandardSpec],
                      ) -> tuple[Scenario, dict[str, MeasuredStandard]]:
    """The scenario with its effective standards written out, plus a copy per unit of origin.

    Returns the scenario and, by measured standard id, what each measures."""
    out: dict[str, Standard] = {}
    measured: dict[str, MeasuredStandard] = {}
    for s in standards:
        fields = {"who": s.who, "item": s.kind, "within": s.within, "share": s.share,
                  "source": str(s.citation)}
        out[s.id] = Standard.model_validate({**fields, "teams": list(s.teams)})
        measured[s.id] = MeasuredStandard(s.id, ALL)
        units: dict[str, list[str]] = {}
        for t in s.teams:
            if t in scenario.teams:
                units.setdefault(unit_of(scenario, t), []).append(t)
        for unit, teams in sorted(units.items()):
            sid = f"{s.id}.origin.{_slug(unit)}"
            out[sid] = Standard.model_validate({**fields, "teams": teams})
            measured[sid] = MeasuredStandard(s.id, unit)
    return scenario.model_copy(update={"standards": out}), measured


def _run_block(task: tuple[Scenario, RunSettings]) -> SimulationResult:
    scenario, settings = task
    return simulate(scenario, settings, "compare", executor=INLINE)


def _director_roles(scenario: Scenario, node: str) -> list[str]:
    entry = scenario.posts.get(node)
    return [r for r in (entry.roles if entry else ()) if vocab.is_director(r)]


def measure_all(scenarios: Sequence[Scenario], settings: RunSettings,
                progress: Callable[[int], None] | None = None,
                executor: Executor | None = None) -> list[Measurement]:
    """Every scenario in the same paired blocks; all blocks of all scenarios run as one batch of
    tasks on the executor (by default one of `settings.workers` processes)."""
    blocks = paired_blocks(settings)
    prepared = [measured_scenario(sc, resolve_standards(OrgGraph(sc))[0]) for sc in scenarios]
    tasks = [(measured, block) for measured, _ in prepared for block in blocks]
    results: list[SimulationResult] = []
    with nullcontext(executor) if executor else Executor(settings.workers) as run:
        for (_, block), result in zip(tasks, run.imap(_run_block, tasks)):
            results.append(result)
            if progress:
                progress(block.replications)
    return [_measurement(sc, standards, results[i * len(blocks):(i + 1) * len(blocks)], settings)
            for i, (sc, (_, standards)) in enumerate(zip(scenarios, prepared))]


def measure(scenario: Scenario, settings: RunSettings,
            progress: Callable[[int], None] | None = None,
            executor: Executor | None = None) -> Measurement:
    return measure_all([scenario], settings, progress, executor)[0]


def _measurement(scenario: Scenario, measured: dict[str, MeasuredStandard],
                 results: list[SimulationResult], settings: RunSettings) -> Measurement:
    """The blocks' figures per (Director role, kind, origin), block by block."""
    cap = settings.horizon + settings.drain
    values: dict[Key, dict[str, list[float | None]]] = {}
    items: dict[Key, float] = {}
    standards: dict[Key, StandardTarget] = {}

    def slot(key: Key) -> dict[str, list[float | None]]:
        return values.setdefault(key, {m: [None] * len(results) for m, _, _ in METRICS})

    for b, result in enumerate(results):
        for row in result.rows:
            for role in _director_roles(scenario, row.observer):
                key = (role, row.item, row.origin)
                v = slot(key)
                v["share_known"][b] = row.share_known_by_horizon.value
                for q in ("p50_days", "p90_days"):
                    value = row.statistic(q).value
                    v[q][b] = cap if value is None else value
                items[key] = items.get(key, 0.0) + row.items / settings.replications
        for s in result.standards:
            what = measured[s.id]
            for role in _director_roles(scenario, s.who):
                if s.share_within.value is None:
                    continue
                key = (role, s.item, what.origin)
                slot(key)["share_within"][b] = s.share_within.value
                standards[key] = StandardTarget(what.standard, s.within_days, s.target_share)
    return Measurement(values, standards, items, cap)


# --- paired differences --------------------------------------------------------------------------

@dataclass(frozen=True)
class MetricChange:
    metric: str
    base: float
    option: float
    change: float
    ci95: tuple[float, float]
    verdict: Verdict
    margin: float  # the smallest change that matters (materiality)
    never: float = math.inf  # a day value at or beyond this means no item was ever known

    def days_text(self, value: float) -> str:
        """Days for people: 'never' where every block counted the items as never known."""
        return days_figure(None if self.is_never(value) else value, fixed=True)

    def to_dict(self) -> dict:
        return {"metric": self.metric, "base": _r(self.base), "option": _r(self.option),
                "change": _r(self.change), "change_ci95": [_r(self.ci95[0]), _r(self.ci95[1])],
                "margin": _r(self.margin), "verdict": self.verdict.value}

    def is_never(self, value: float) -> bool:
        return value >= self.never - HOUR


def _r(x: float) -> float:
    return round(x, 4)


def paired_change(metric: str, base: list[float], option: list[float], up_is_worse: bool,
                  never: float = math.inf, target: float | None = None,
                  materiality: Materiality = DEFAULT_MATERIALITY) -> MetricChange:
    """The mean paired difference (option - baseline) with its 95% interval, judged against the
    metric's materiality margin (`target`: the standard's, for share within a standard)."""
    diffs = [o - b for b, o in zip(base, option)]
    n = len(diffs)
    mean, half = mean_and_half_width(diffs)
    lo, hi = mean - half, mean + half
    base_mean = sum(base) / n
    margin = materiality.margin(metric, base_mean, target)
    verdict = judge(lo, hi, margin) if up_is_worse else judge(-hi, -lo, margin)
    return MetricChange(metric, base_mean, sum(option) / n, mean, (lo, hi), verdict, margin,
                        never if metric.endswith("_days") else math.inf)


@dataclass(frozen=True)
class SimRow:
    role: str
    item: str
    origin: str
    items_per_replication: float
    changes: tuple[MetricChange, ...]
    standard: StandardTarget | None

    @property
    def verdict(self) -> Verdict:
        return overall(c.verdict for c in self.changes)

    def change(self, metric: str) -> MetricChange | None:
        return next((c for c in self.changes if c.metric == metric), None)

    def to_dict(self) -> dict:
        return {"director": self.role, "item": self.item, "origin": self.origin,
                "items_per_replication": _r(self.items_per_replication),
                "verdict": self.verdict.value,
                "standard": self.standard.to_dict() if self.standard else None,
                "metrics": [c.to_dict() for c in self.changes]}


def sim_diff(base: Measurement, option: Measurement) -> tuple[list[SimRow], list[str]]:
    rows, notes = [], []
    for key in sorted(set(base.values) | set(option.values),
                      key=lambda k: (vocab.DIRECTOR_ROLES.index(k[0]), k[1], k[2] != ALL, k[2])):
        role, item, origin = key
        if key not in base.values or key not in option.values:
            where = "option" if key in option.values else "baseline"
            notes.append(f"{_the(role)}, {item} from {origin}: measured only in the {where}")
            continue
        changes = []
        standard = base.standards.get(key)
        for metric, _, up in METRICS:
            b, o = base.values[key][metric], option.values[key][metric]
            if any(v is None for v in b) or any(v is None for v in o):
                continue
            target = standard.target_share if standard and metric == "share_within" else None
            changes.append(paired_change(metric, b, o, up, never=base.never, target=target))
        if changes:
            rows.append(SimRow(role, item, origin, base.items.get(key, 0.0), tuple(changes),
                               standard))
    return rows, notes


# --- findings --------------------------------------------------------------------------------

def _rating(row: SimRow) -> Rating:
    """Red for a material weakening that breaks a standard the baseline met, or after which
    fewer than 90% of the items the Director learnt of ever reach them; amber otherwise."""
    material = [c for c in row.changes if c.verdict == Verdict.material_weakening]
    for c in material:
        if c.metric == "share_within" and row.standard and \
                c.base >= row.standard.target_share > c.option:
            return Rating.red
        if c.metric == "p90_days" and c.is_never(c.option) and not c.is_never(c.base):
            return Rating.red
    return Rating.amber


def _figures(row: SimRow) -> list[str]:
    out = []
    for c in row.changes:
        if c.metric.endswith("_days"):
            out.append(f"{c.metric.replace('_days', '')} {c.days_text(c.base)} -> "
                       f"{c.days_text(c.option)} days "
                       f"(change {signed_days(c.change)}, 95% CI [{signed_days(c.ci95[0])}, "
                       f"{signed_days(c.ci95[1])}])")
        else:
            label = "share within " + (f"{as_given(row.standard.within_days)} days"
                                       if row.standard and c.metric == "share_within"
                                       else "the horizon")
            out.append(f"{label} {share(c.base, fixed=True)} -> {share(c.option, fixed=True)} "
                       f"(change {signed_share(c.change)}, 95% CI [{signed_share(c.ci95[0])}, "
                       f"{signed_share(c.ci95[1])}])")
    return out


def route(graph: OrgGraph, director: str | None, origin: str, item: str) -> str:
    """How items of a unit reach the Director: the line chain and the channels into the Director."""
    s = graph.scenario
    teams = [t for t in s.teams if (s.teams[t].unit or t) == origin] if origin != "all" else []
    chain: list[str] = []
    for t in teams:
        for n in graph.line_chain(t):
            if n not in chain:
                chain.append(n)
    if director is None:
        return "no holder of the role"
    feeds = [f"'{c.name}' from {graph.title(c.source)} ({'immediate' if c.cadence == 0 else cadence_name(c.cadence)})"
             for c in s.channels.values()
             if c.target == director and (not c.carries or item in c.carries)
             and (not chain or c.source in chain or c.source in teams)]
    line = " -> ".join(graph.title(n) for n in chain) if chain else "-"
    return f"line: {line}; channels to {graph.title(director)} carrying {item}: " + \
        ("; ".join(feeds) if feeds else "none")


def sim_findings(rows: list[SimRow], base: Scenario, option: Scenario,
                 ) -> tuple[list[Finding], list[Finding]]:
    gb, go = OrgGraph(base), OrgGraph(option)
    weak, strong = [], []
    for row in rows:
        if not row.verdict.material:
            continue
        citation, duty = DUTY[row.role]
        who = _the(row.role)
        where = "all teams in the remit" if row.origin == "all" else row.origin
        worse = row.verdict == Verdict.material_weakening
        figures = {f"{c.metric}_{k}": _r(v) for c in row.changes
                   for k, v in (("base", c.base), ("option", c.option), ("change", c.change),
                                ("ci95_low", c.ci95[0]), ("ci95_high", c.ci95[1]))}
        evidence = (*_figures(row),
                    "baseline " + route(gb, gb.holder(row.role), row.origin, row.item),
                    "option " + route(go, go.holder(row.role), row.origin, row.item))
        kind = "weakening" if worse else "strengthening"
        f = Finding(
            id=f"compare.{kind}.{row.role}.{row.item}.{_slug(row.origin)}", pack="compare",
            citation=citation, severity=_rating(row) if worse else Rating.green,
            title=f"{'Weakens' if worse else 'Strengthens'} {who}'s oversight of {row.item} "
                  f"from {where}",
            explanation=f"Under the option {who} learns of {row.item} from {where} "
                        f"{'later' if worse else 'sooner'} than under the baseline, by more than "
                        "the margin that matters over the whole 95% interval of the paired "
                        f"difference; the duty: {duty}.",
            evidence=evidence,
            mitigation=("`orgsim repair OPTION --against BASE` proposes the least set of "
                        "mechanisms that restores it") if worse else None,
            nodes=tuple(n for n in (go.holder(row.role),) if n), figures=figures)
        (weak if worse else strong).append(f)
    return weak, strong


# --- checks --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckDiff:
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]

    @property
    def new_red(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.new if f.severity == Rating.red)

    def to_dict(self) -> dict:
        return {k: [f.to_dict() for f in getattr(self, k)] for k in ("new", "resolved", "unchanged")}


def raised_findings(scenario: Scenario) -> dict[str, Finding]:
    """The scenario's findings that are not green, by id."""
    return {f.id: f for f in run_checks(OrgGraph(scenario)).findings if f.severity != Rating.green}


def check_diff(base: Scenario, option: Scenario,
               base_raised: dict[str, Finding] | None = None) -> CheckDiff:
    """Non-green findings by id: new in the option (or rated worse), resolved, or unchanged.
    `base_raised` is `raised_findings(base)` when the caller has it already."""
    b = raised_findings(base) if base_raised is None else base_raised
    o = raised_findings(option)
    new = [f for k, f in o.items() if k not in b or f.severity.rank < b[k].severity.rank]
    resolved = [f for k, f in b.items() if k not in o]
    unchanged = [f for k, f in o.items() if k in b and f.severity.rank >= b[k].severity.rank]
    return CheckDiff(tuple(new), tuple(resolved), tuple(unchanged))


# --- the comparison ------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionComparison:
    label: str
    name: str
    structure: StructuralDiff
    checks: CheckDiff
    rows: tuple[SimRow, ...]
    weakenings: tuple[Finding, ...]
    strengthenings: tuple[Finding, ...]
    notes: tuple[str, ...]

    @property
    def raises_red(self) -> bool:
        return bool(self.checks.new_red) or any(f.severity == Rating.red for f in self.weakenings)

    @property
    def weakened_rows(self) -> tuple[SimRow, ...]:
        """The simulation rows behind the weakenings, in the same order (one weakening a row)."""
        return tuple(r for r in self.rows if r.verdict == Verdict.material_weakening)

    def rank_key(self) -> tuple:
        red = len(self.checks.new_red) + sum(f.severity == Rating.red for f in self.weakenings)
        amber = sum(f.severity == Rating.amber for f in (*self.weakenings, *self.checks.new))
        return (red, amber, len(self.weakenings) + len(self.checks.new))

    def to_dict(self) -> dict:
        red, amber, total = self.rank_key()
        return {"label": self.label, "name": self.name, "equal_structure": self.structure.equal,
                "raises_red": self.raises_red,
                "counts": {"red": red, "amber": amber, "weakenings": len(self.weakenings),
                           "strengthenings": len(self.strengthenings),
                           "new_findings": len(self.checks.new),
                           "resolved_findings": len(self.checks.resolved)},
                "structure": self.structure.to_dict(), "checks": self.checks.to_dict(),
                "simulation": [r.to_dict() for r in self.rows],
                "weakenings": [f.to_dict() for f in self.weakenings],
                "strengthenings": [f.to_dict() for f in self.strengthenings],
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Comparison:
    base_label: str
    base_name: str
    settings: RunSettings
    options: tuple[OptionComparison, ...]  # ranked, best first

    @property
    def raises_red(self) -> bool:
        return any(o.raises_red for o in self.options)

    def to_dict(self) -> dict:
        return {"orgsim_version": __version__,
                "baseline": {"label": self.base_label, "name": self.base_name},
                "settings": design(self.settings), "raises_red": self.raises_red,
                "ranking": [o.label for o in self.options],
                "assumptions": list(MATERIALITY_ASSUMPTIONS),
                "options": [o.to_dict() for o in self.options]}


def missing_origins(scenario: Scenario) -> list[str]:
    """Units in a Director's remit where a serious kind arising elsewhere in the remit never arises."""
    graph = OrgGraph(scenario)
    notes = []
    for role in vocab.DIRECTOR_ROLES:
        if graph.holder(role) is None:
            continue
        scope = [t for t, team in scenario.teams.items()
                 if any(role in graph.responsible_roles(f) for f in team.delivers)]
        kinds = sorted({k for t in scope for k, rate in scenario.teams[t].items.items()
                        if rate > 0 and scenario.severity_of(k) >= vocab.Severity.serious})
        for unit in sorted({unit_of(scenario, t) for t in scope}):
            teams = [t for t in scope if unit_of(scenario, t) == unit]
            for k in kinds:
                if not any(scenario.teams[t].items.get(k, 0) > 0 for t in teams):
                    notes.append(f"{_the(role)}: no {k} arises in {unit} (no team there has "
                                 f"a rate for it), so there is nothing to compare")
    return notes


def compare_option(label: str, base: Scenario, option: Scenario, base_m: Measurement,
                   option_m: Measurement,
                   base_raised: dict[str, Finding] | None = None) -> OptionComparison:
    rows, notes = sim_diff(base_m, option_m)
    weak, strong = sim_findings(rows, base, option)
    notes += [n for n in missing_origins(option) if n not in notes]
    return OptionComparison(label, option.name, structural_diff(base, option),
                            check_diff(base, option, base_raised), tuple(rows), tuple(weak),
                            tuple(strong), tuple(notes))


def compare(base: tuple[str, Scenario], options: list[tuple[str, Scenario]],
            settings: RunSettings,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Compare each option with the baseline; options ranked by red, then amber, then count."""
    base_m, *option_ms = measure_all([base[1], *(o for _, o in options)], settings, progress)
    done = [compare_option(label, base[1], option, base_m, option_m)
            for (label, option), option_m in zip(options, option_ms)]
    ranked = sorted(done, key=lambda o: o.rank_key())
    return Comparison(base[0], base[1].name, settings, tuple(ranked))
