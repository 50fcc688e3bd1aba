"""Compare restructure options with a baseline: structure, checks and simulated oversight.

Simulation diff. Every scenario is simulated in paired blocks of replications and judged at a
fixed sequence of looks until every row's verdict is settled or the cap is reached (`blocks`
documents the design; `paired` the changes). An item never known counts as known at the end of
the run (horizon plus drain), so a change to or from "never" is a lower bound.

Each change is judged against a materiality margin (`materiality`): a **weakening** is a material
weakening, its whole interval beyond the margin on the worse side; a **strengthening** likewise on
the better side. Changes below materiality and changes not settled are reported in the rows, never
as findings. A weakening is red where it breaks a standard the baseline met, or where fewer than
90% of the items the Director learnt of in the baseline ever reach them; amber otherwise.

Like with like: a Director's rows compare the units they answered for in the baseline, unit by
unit; a unit that joined or left the remit, and the figures for all teams of a remit that changed,
are reported apart in the notes, never judged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from .. import __version__
from ..model import vocab
from ..model.findings import Citation, Finding, Rating
from ..model.graph import OrgGraph
from ..model.numbers import as_given, cadence_name, share, signed_days, signed_share
from ..model.scenario import Materiality, Scenario
from ..rules.registry import run_checks
from ..sim.executor import Executor
from ..sim.results import ALL
from ..sim.settings import RunSettings
from ..sim.standards import scope_teams
from .blocks import Key, Measurement, Measurer, design, slug, unit_of
from .diff import StructuralDiff, structural_diff
from .materiality import assumptions as materiality_assumptions
from .materiality import Verdict
from .paired import MetricChange, SimRow, judged_rows, order, paired_change

__all__ = ["Comparison", "MetricChange", "OptionComparison", "SimRow", "compare", "design",
           "measure_all", "measured_comparison", "paired_change", "unit_of"]

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
def _level(c: MetricChange) -> str:
    """'97.5%', '98.75%': the level of the look that decided the row."""
    return f"{c.level * 100:.4g}%"


def _the(role: str) -> str:
    """A Director role mid-sentence: 'the DCS'."""
    return vocab.role_label(role).article


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
                       f"(change {signed_days(c.change)}, {_level(c)} CI "
                       f"[{signed_days(c.ci[0])}, {signed_days(c.ci[1])}])")
        else:
            label = "share within " + (f"{as_given(row.standard.within_days)} days"
                                       if row.standard and c.metric == "share_within"
                                       else "the horizon")
            out.append(f"{label} {share(c.base, fixed=True)} -> {share(c.option, fixed=True)} "
                       f"(change {signed_share(c.change)}, {_level(c)} CI "
                       f"[{signed_share(c.ci[0])}, {signed_share(c.ci[1])}])")
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


def sim_findings(rows: list[SimRow], gb: OrgGraph, go: OrgGraph,
                 ) -> tuple[list[Finding], list[Finding]]:
    weak, strong = [], []
    for row in rows:
        if not row.verdict.material:
            continue
        citation, duty = DUTY[row.role]
        who = _the(row.role)
        where = "all teams in the remit" if row.origin == "all" else row.origin
        worse = row.verdict == Verdict.material_weakening
        figures = {f"{c.metric}_{k}": round(v, 4) for c in row.changes
                   for k, v in (("base", c.base), ("option", c.option), ("change", c.change),
                                ("ci_low", c.ci[0]), ("ci_high", c.ci[1]), ("margin", c.margin))}
        evidence = (*_figures(row),
                    "baseline " + route(gb, gb.holder(row.role), row.origin, row.item),
                    "option " + route(go, go.holder(row.role), row.origin, row.item))
        kind = "weakening" if worse else "strengthening"
        f = Finding(
            id=f"compare.{kind}.{row.role}.{row.item}.{slug(row.origin)}", pack="compare",
            citation=citation, severity=_rating(row) if worse else Rating.green,
            title=f"{'Weakens' if worse else 'Strengthens'} {who}'s oversight of {row.item} "
                  f"from {where}",
            explanation=f"Under the option {who} learns of {row.item} from {where} "
                        f"{'later' if worse else 'sooner'} than under the baseline, by more than "
                        "the margin that matters over the whole interval of the paired "
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
    # the dates whose law judged the baseline and the option (None: today)
    as_of: tuple[date | None, date | None] = (None, None)

    @property
    def new_red(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.new if f.severity == Rating.red)

    def to_dict(self) -> dict:
        return {**{k: [f.to_dict() for f in getattr(self, k)]
                   for k in ("new", "resolved", "unchanged")},
                "as_of": [d.isoformat() if d else None for d in self.as_of]}


def raised_findings(scenario: Scenario) -> dict[str, Finding]:
    """The scenario's findings that are not green, by id."""
    return {f.id: f for f in run_checks(OrgGraph(scenario)).findings if f.severity != Rating.green}


def check_diff(base: Scenario, option: Scenario,
               base_raised: dict[str, Finding] | None = None,
               option_raised: dict[str, Finding] | None = None) -> CheckDiff:
    """Non-green findings by id: new in the option (or rated worse), resolved, or unchanged.
    `base_raised` (`option_raised`) is `raised_findings(base)` (`(option)`) when the caller has
    it already."""
    b = raised_findings(base) if base_raised is None else base_raised
    o = raised_findings(option) if option_raised is None else option_raised
    new = [f for k, f in o.items() if k not in b or f.severity.rank < b[k].severity.rank]
    resolved = [f for k, f in b.items() if k not in o]
    unchanged = [f for k, f in o.items() if k in b and f.severity.rank >= b[k].severity.rank]
    return CheckDiff(tuple(new), tuple(resolved), tuple(unchanged), (base.as_of, option.as_of))


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
    replications: int  # per scenario, as run: the look at which every row settled, or the cap
    options: tuple[OptionComparison, ...]  # ranked, best first
    materiality: Materiality  # the baseline's margins

    @property
    def raises_red(self) -> bool:
        return any(o.raises_red for o in self.options)

    def to_dict(self) -> dict:
        return {"orgsim_version": __version__,
                "baseline": {"label": self.base_label, "name": self.base_name},
                "settings": design(self.settings), "replications_run": self.replications, "raises_red": self.raises_red,
                "ranking": [o.label for o in self.options],
                "assumptions": list(materiality_assumptions(self.materiality)),
                "options": [o.to_dict() for o in self.options]}


def missing_origins(graph: OrgGraph) -> list[str]:
    """Units in a Director's remit where a serious kind arising elsewhere in the remit never arises."""
    scenario = graph.scenario
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


def remit_units(graph: OrgGraph) -> Remits:
    """Per Director role held, the units of the teams its holder answers for."""
    return {role: frozenset(unit_of(graph.scenario, t) for t in scope_teams(graph, holder))
            for role in vocab.DIRECTOR_ROLES if (holder := graph.holder(role))}


Remits = dict[str, frozenset[str]]  # Director role -> units of its holder's remit


def like_with_like(before: Remits, after: Remits, base_m: Measurement, option_m: Measurement,
                   ) -> tuple[list[Key], list[str]]:
    """The rows to judge, and notes on those reported apart: a Director's rows compare the units
    they answered for in the baseline (`before`), unit by unit; a unit that joined or left the
    remit, and the figures for all teams of a remit that changed, are never judged."""
    keys, notes = [], []
    for key in sorted(set(base_m.values) | set(option_m.values), key=order):
        role, item, origin = key
        joined = after.get(role, frozenset()) - before.get(role, frozenset())
        left = before.get(role, frozenset()) - after.get(role, frozenset())
        if origin == ALL and (joined or left):
            notes.append(f"{_the(role)}, {item} from all teams in the remit: not judged, because "
                         f"the remit changed ({_remit_change(joined, left)}); each unit in both "
                         "is compared on its own")
        elif origin in joined or origin in left:
            notes.append(f"{_the(role)}, {item} from {origin}: reported apart, the unit "
                         f"{'joined' if origin in joined else 'left'} the remit in the option")
        elif key not in base_m.values or key not in option_m.values:
            where = "option" if key in option_m.values else "baseline"
            notes.append(f"{_the(role)}, {item} from {origin}: measured only in the {where}")
        else:
            keys.append(key)
    return keys, notes


def _remit_change(joined: frozenset[str], left: frozenset[str]) -> str:
    parts = [f"{', '.join(sorted(units))} {verb}" for units, verb in
             ((joined, "joined"), (left, "left")) if units]
    return "; ".join(parts)


def compare_option(label: str, base: Scenario, option: Scenario, base_m: Measurement,
                   option_m: Measurement,
                   base_raised: dict[str, Finding] | None = None,
                   option_raised: dict[str, Finding] | None = None, *,
                   graphs: tuple[OrgGraph, OrgGraph] | None = None,
                   structure: StructuralDiff | None = None) -> OptionComparison:
    """One option against the baseline, every row judged at the looks both were measured to.
    `graphs` (the two scenarios' graphs) and `structure` (their structural diff): given where
    the caller has them already."""
    gb, go = graphs or (OrgGraph(base), OrgGraph(option))
    keys, notes = like_with_like(remit_units(gb), remit_units(go), base_m, option_m)
    rows = judged_rows(keys, base_m, option_m, base.materiality)
    judged = {(r.role, r.item, r.origin) for r in rows}
    notes += [f"{_the(role)}, {item} from {origin}: too few blocks where such items arose in both "
              "to compare (raise --replications)"
              for role, item, origin in keys if (role, item, origin) not in judged]
    weak, strong = sim_findings(rows, gb, go)
    notes += [n for n in missing_origins(go) if n not in notes]
    return OptionComparison(label, option.name,
                            structural_diff(base, option) if structure is None else structure,
                            check_diff(base, option, base_raised, option_raised), tuple(rows), tuple(weak),
                            tuple(strong), tuple(notes))


def measure_all(scenarios: Sequence[Scenario], settings: RunSettings,
                executor: Executor | None = None) -> list[Measurement]:
    """Every scenario measured at every look within the cap."""
    with nullcontext(executor) if executor else Executor.of(settings) as run:
        return Measurer(scenarios, settings, run).extend_to_cap()


def _all_settled(base: Scenario, remits: list[Remits], measurer: Measurer) -> bool:
    """Whether every row judged, of every option, is settled at the looks measured so far."""
    base_m = measurer.measurements[0]
    for after, option_m in zip(remits[1:], measurer.measurements[1:]):
        keys, _ = like_with_like(remits[0], after, base_m, option_m)
        if not all(r.settled for r in judged_rows(keys, base_m, option_m, base.materiality)):
            return False
    return True


def measured_comparison(base: tuple[str, Scenario], options: list[tuple[str, Scenario]],
                        settings: RunSettings, progress: Callable[[int], None] | None = None,
                        executor: Executor | None = None) -> tuple[Comparison, Measurer]:
    """The comparison, run look by look until every row of every option is settled or the cap
    is reached, and the measurer holding every block it ran."""
    scenarios = [base[1], *(o for _, o in options)]
    with nullcontext(executor) if executor else Executor.of(settings) as run:
        measurer = Measurer(scenarios, settings, run)
        graphs = [e.graph for e in measurer.experiments]
        remits = [remit_units(g) for g in graphs]
        for look in measurer.measurements[0].design:
            measurer.extend(look.blocks, progress)
            if _all_settled(base[1], remits, measurer):
                break
    base_m, *option_ms = measurer.measurements
    done = [compare_option(label, base[1], option, base_m, option_m, graphs=(graphs[0], go))
            for (label, option), option_m, go in zip(options, option_ms, graphs[1:])]
    ranked = sorted(done, key=lambda o: o.rank_key())
    return Comparison(base[0], base[1].name, settings, base_m.blocks * base_m.k,
                      tuple(ranked), base[1].materiality), measurer


def compare(base: tuple[str, Scenario], options: list[tuple[str, Scenario]],
            settings: RunSettings, progress: Callable[[int], None] | None = None,
            executor: Executor | None = None) -> Comparison:
    """Compare each option with the baseline; options ranked by red, then amber, then count."""
    return measured_comparison(base, options, settings, progress, executor)[0]
