"""Repair an option: the least set of protocol mechanisms that restores the statutory Director's
oversight to the baseline's.

The menu (each mechanism between a statutory Director D and a post P whose line runs outside D):

| mechanism | what it adds | tied to | meeting hours a year (assumed) |
|---|---|---|---|
| safeguarding_one_to_one | monthly P -> D one-to-one on safeguarding concerns and serious incidents | barnet-2014 (d) | 12 (one hour a month) |
| supervision_one_to_one | fortnightly P -> D one-to-one on every item kind that weakened | england-dcs-lm-2009 3.11 / england-dass-2005 28 (the baseline's supervision) | 26 |
| immediate_notification | P tells D at once of anything serious or critical | barnet-2014 (DCS protocol, safeguarding roles protocol); england-dass-2005 25-26 | 0 |
| information_right | D may require any information from P (and an information term in D's agreement with P) | barnet-2014 (c); wales-dss-2009 6.11 | 0 |
| board_membership | D joins a board that P chairs or sits on | barnet-2014 (e); england-dcs-lm-2009 3.29 | 2 per meeting |
| faster_report | a channel from P to D one named cadence faster | barnet-2014 (b) | 1 per extra meeting (0 if written) |
| accountable_with_agreement | P accountable to D, with a management agreement | barnet-2014 (a); england-dcs-lm-2009 3.11 | 1 per quarterly review |
| step_in | D takes line management of P after 10 performance dips in 3 months | barnet-2014 (b) | 0 |

Search: greedy with a proof of improvement. At each step every candidate not yet chosen is added in
turn and the option re-evaluated (checks, and a paired simulation against the baseline for the
mechanisms that change how information flows); the candidate that removes the most outstanding
problems (new red checks plus weakenings) is kept, fewer meeting hours breaking ties, and only if
it strictly reduces them. Then each chosen mechanism is dropped in turn if the set does as well
without it. The result is verified by a fresh comparison at the full replication count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import yaml

from ..model import vocab
from ..model.graph import OrgGraph
from ..model.scenario import Body, Channel, Commission, Post, Right, Scenario
from ..model.units import cadence_name
from .compare import (CompareSettings, Measurement, OptionComparison, compare_option, measure,
                      unit_of)

HOUR = 1.0
FASTER = ("annual", "six_monthly", "quarterly", "monthly", "fortnightly", "weekly")
_MODELS = {"channels": Channel, "rights": Right, "commissions": Commission, "posts": Post,
           "bodies": Body}


@dataclass(frozen=True)
class Mechanism:
    id: str
    kind: str
    director: str
    post: str
    text: str
    citation: str
    hours_per_year: float
    affects_simulation: bool
    # section -> entry id -> fields as written in a scenario file (full field values)
    entries: dict = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "director": self.director, "post": self.post,
                "text": self.text, "citation": self.citation,
                "meeting_hours_per_year": self.hours_per_year, "entries": self.entries}


def apply(scenario: Scenario, mechanisms: list[Mechanism]) -> Scenario:
    """The scenario with the mechanisms' entries merged in, as an `extends` file would."""
    sections = {s: dict(getattr(scenario, s)) for s in _MODELS}
    for m in mechanisms:
        for section, entries in m.entries.items():
            for key, fields in entries.items():
                old = sections[section].get(key)
                merged = {**(old.model_dump(by_alias=True, exclude_none=True) if old else {}),
                          **fields}
                sections[section][key] = _MODELS[section].model_validate(merged)
    return scenario.model_copy(update=sections)


def _merge_entries(mechanisms: list[Mechanism]) -> dict:
    out: dict = {}
    for m in mechanisms:
        for section, entries in m.entries.items():
            for key, fields in entries.items():
                target = out.setdefault(section, {}).setdefault(key, {})
                for name, value in fields.items():
                    if isinstance(value, list) and isinstance(target.get(name), list):
                        target[name] = sorted(set(target[name]) | set(value))
                    else:
                        target[name] = value
    return out


# --- the menu ---------------------------------------------------------------------------------

def _cid(*parts: str) -> str:
    return "repair_" + "_".join(parts)


def candidates(option: Scenario, pairs: list[tuple[str, str]], kinds: dict[tuple[str, str], set[str]],
               baseline: Scenario) -> list[Mechanism]:
    graph = OrgGraph(option)
    out: list[Mechanism] = []
    for d, p in pairs:
        dt, pt = graph.title(d), graph.title(p)
        phase = next((c.phase for c in baseline.channels.values()
                      if c.source == p and c.target == d), 0.0)
        out.append(Mechanism(
            _cid(p, d, "safeguarding_one_to_one"), "safeguarding_one_to_one", d, p,
            f"Monthly safeguarding one-to-one between {pt} and {dt}", "barnet-2014 (d)",
            12 * HOUR, True,
            {"channels": {_cid(p, d, "safeguarding_one_to_one"): {
                "from": p, "to": d, "name": f"Monthly safeguarding one-to-one ({pt} and {dt})",
                "cadence": "monthly", "carries": ["safeguarding_concern", "serious_incident"]}}}))
        weak = sorted(kinds.get((d, p), set()))
        if weak:
            out.append(Mechanism(
                _cid(p, d, "supervision"), "supervision_one_to_one", d, p,
                f"Fortnightly one-to-one between {pt} and {dt} on {', '.join(weak)}",
                "england-dcs-lm-2009 3.11; england-dass-2005 28", 26 * HOUR, True,
                {"channels": {_cid(p, d, "supervision"): {
                    "from": p, "to": d, "name": f"Fortnightly one-to-one ({pt} and {dt})",
                    "cadence": "fortnightly", "phase": f"{phase:g}d", "carries": weak}}}))
        out.append(Mechanism(
            _cid(p, d, "immediate_notification"), "immediate_notification", d, p,
            f"{pt} notifies {dt} at once of serious incidents and anything as severe",
            "barnet-2014 (DCS protocol: safeguarding roles and responsibilities); "
            "england-dass-2005 25-26", 0.0, True,
            {"channels": {_cid(p, d, "immediate_notification"): {
                "from": p, "to": d, "name": f"Immediate notification of serious incidents to {dt}",
                "cadence": "immediate", "min_severity": "serious"}}}))
        info = {"rights": {_cid(p, d, "information"): {
            "holder": d, "kind": "request_information", "over": [p]}}}
        for cid, c in option.commissions.items():
            if c.source == d and c.target == p and "information_rights" not in c.terms:
                info["commissions"] = {cid: {"terms": sorted({*c.terms, "information_rights"})}}
        out.append(Mechanism(_cid(p, d, "information"), "information_right", d, p,
                             f"{dt} may require any service or financial information from {pt}",
                             "barnet-2014 (c); wales-dss-2009 6.11", 0.0, False, info))
        for bid, body in option.bodies.items():
            if body.meets and d not in body.members and d != body.chair and \
                    (p == body.chair or p in body.members):
                per_year = vocab.DAYS_PER_YEAR / body.meets
                out.append(Mechanism(
                    _cid(p, d, "board", bid), "board_membership", d, p,
                    f"{dt} joins {body.title}", "barnet-2014 (e); england-dcs-lm-2009 3.29",
                    round(2 * HOUR * per_year, 1), True,
                    {"bodies": {bid: {"members": sorted({*body.members, d})}}}))
        for cid, c in option.channels.items():
            if c.source == p and c.target == d and c.cadence > 0:
                name = cadence_name(c.cadence)
                if name in FASTER and FASTER.index(name) + 1 < len(FASTER):
                    faster = FASTER[FASTER.index(name) + 1]
                    extra = vocab.DAYS_PER_YEAR / vocab.CADENCES[faster] - \
                        vocab.DAYS_PER_YEAR / c.cadence
                    out.append(Mechanism(
                        _cid(cid, "faster"), "faster_report", d, p,
                        f"'{c.name}' {name} -> {faster}", "barnet-2014 (b)",
                        0.0 if c.written else round(extra * HOUR, 1), True,
                        {"channels": {cid: {"cadence": faster}}}))
        if d not in (option.posts[p].accountable_to if p in option.posts else ()):
            out.append(Mechanism(
                _cid(p, d, "accountable"), "accountable_with_agreement", d, p,
                f"{pt} accountable to {dt} under a management agreement",
                "barnet-2014 (a); england-dcs-lm-2009 3.11", 4 * HOUR, False,
                {"posts": {p: {"accountable_to": sorted({*option.posts[p].accountable_to, d})}},
                 "commissions": {_cid(p, d, "agreement"): {
                     "from": d, "to": p, "kind": "management_agreement",
                     "title": f"{pt} management agreement",
                     "terms": ["outcomes_and_targets", "performance_review", "information_rights"],
                     "review": "quarterly"}}}))
        if not any(r.kind == "step_in" and r.holder == d and p in r.over
                   for r in option.rights.values()):
            out.append(Mechanism(
                _cid(p, d, "step_in"), "step_in", d, p,
                f"{dt} takes line management of {pt} after 10 performance dips in 3 months",
                "barnet-2014 (b)", 0.0, True,
                {"rights": {_cid(p, d, "step_in"): {
                    "holder": d, "kind": "step_in", "over": [p],
                    "when": "Level 3 performance escalation",
                    "trigger": {"item": "performance_dip", "count": 10, "within": "3m"}}}}))
    return out


def _top_post_of(option: Scenario, graph: OrgGraph, unit: str, director: str) -> str | None:
    """The highest post of the unit on its teams' line chains: the unit's delivery director."""
    teams = [t for t in option.teams if unit_of(option, t) == unit]
    best = None
    for t in teams:
        for n in graph.line_chain(t):
            if n == director:
                return None  # the unit is in the Director's line already
            if n in option.posts and (option.posts[n].unit or n) == unit:
                best = n
    return best


def problem_pairs(option: Scenario, result: OptionComparison,
                  ) -> tuple[list[tuple[str, str]], dict[tuple[str, str], set[str]]]:
    """(Director, post) pairs to try, and the item kinds weakened for each."""
    graph = OrgGraph(option)
    pairs: list[tuple[str, str]] = []
    kinds: dict[tuple[str, str], set[str]] = {}

    def add(d: str, p: str, kind: str | None) -> None:
        if (d, p) not in pairs:
            pairs.append((d, p))
        if kind:
            kinds.setdefault((d, p), set()).add(kind)

    splits = graph.splits()
    for f in result.weakenings:
        role, item, origin = _parse(f.id)
        d = graph.holder(role)
        if d is None:
            continue
        for row in result.rows:
            if (row.role, row.item) == (role, item) and row.verdict == "worse" \
                    and row.origin != "all" and _slug_eq(row.origin, origin):
                p = _top_post_of(option, graph, row.origin, d)
                if p:
                    add(d, p, item)
        if origin == "all":
            for s in splits:
                if s.director == d and s.node in option.posts:
                    add(d, s.node, item)
    for f in result.checks.new_red:
        directors = [n for n in f.nodes if n in option.posts and
                     set(option.posts[n].roles) & {"dcs", "dass", "dss", "lead_director_cyp"}]
        for d in directors:
            for p in f.nodes:
                # a statutory officer is not a delivery post to compensate for
                if p != d and p in option.posts and not option.posts[p].roles:
                    add(d, p, None)
    return pairs, kinds


def _parse(finding_id: str) -> tuple[str, str, str]:
    _, _, role, item, origin = finding_id.split(".", 4)
    return role, item, origin


def _slug_eq(unit: str, slug: str) -> bool:
    from .compare import _slug
    return _slug(unit) == slug


# --- search -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    mechanisms: tuple[Mechanism, ...]
    result: OptionComparison

    @property
    def problems(self) -> int:
        return len(self.result.checks.new_red) + len(self.result.weakenings)

    @property
    def hours(self) -> float:
        return sum(m.hours_per_year for m in self.mechanisms)


@dataclass(frozen=True)
class RepairResult:
    method: str
    before: Evaluation
    after: Evaluation  # the verification at full replications
    steps: tuple[str, ...]
    unrepaired: tuple[str, ...]
    settings: CompareSettings
    search_settings: CompareSettings
    snippet: str

    @property
    def mechanisms(self) -> tuple[Mechanism, ...]:
        return self.after.mechanisms

    def to_dict(self) -> dict:
        return {"method": self.method, "verification_seed": self.settings.seed,
                "verification": self.settings.to_dict(), "search": self.search_settings.to_dict(),
                "mechanisms": [m.to_dict() for m in self.mechanisms],
                "meeting_hours_per_year": self.after.hours,
                "before": {"problems": self.before.problems, **self.before.result.to_dict()},
                "after": {"problems": self.after.problems, **self.after.result.to_dict()},
                "steps": list(self.steps), "unrepaired": list(self.unrepaired),
                "snippet": self.snippet}


def repair(base: Scenario, option: Scenario, settings: CompareSettings,
           search_replications: int = 20, label: str = "option",
           progress: Callable[[str], None] | None = None) -> RepairResult:
    say = progress or (lambda _: None)
    search = replace(settings, replications=min(settings.replications, search_replications))
    base_search = measure(base, search)

    def evaluate(chosen: list[Mechanism], at: CompareSettings, base_m: Measurement,
                 previous: Evaluation | None = None) -> Evaluation:
        repaired = apply(option, chosen)
        if previous is not None and not chosen[-1].affects_simulation:
            # checks only: reuse the simulation of the set without this mechanism
            rows_from = previous.result
            checked = compare_option(label, base, repaired, base_m, base_m)
            result = replace(rows_from, checks=checked.checks, structure=checked.structure)
            return Evaluation(tuple(chosen), result)
        return Evaluation(tuple(chosen), compare_option(label, base, repaired, base_m,
                                                        measure(repaired, at)))

    current = evaluate([], search, base_search)
    before = current
    steps: list[str] = []
    pairs, kinds = problem_pairs(option, current.result)
    menu = candidates(option, pairs, kinds, base)
    say(f"{len(menu)} candidate mechanisms for {len(pairs)} Director-post pairs")
    while current.problems:
        best: Evaluation | None = None
        for m in menu:
            if m in current.mechanisms:
                continue
            trial = evaluate([*current.mechanisms, m], search, base_search, current)
            if best is None or (trial.problems, trial.hours, m.id) < \
                    (best.problems, best.hours, best.mechanisms[-1].id):
                best = trial
        if best is None or best.problems >= current.problems:
            break
        steps.append(f"added {best.mechanisms[-1].id}: problems {current.problems} -> "
                     f"{best.problems}")
        say(steps[-1])
        current = best
    # backward pruning: drop any mechanism the set does not need
    chosen = list(current.mechanisms)
    for m in reversed(list(chosen)):
        rest = [c for c in chosen if c != m]
        trial = evaluate(rest, search, base_search)
        if trial.problems <= current.problems:
            chosen = rest
            current = trial
            steps.append(f"dropped {m.id}: not needed")
            say(steps[-1])
    say("verifying at the full replication count")
    after = evaluate(chosen, settings, measure(base, settings))
    before_full = evaluate([], settings, measure(base, settings)) \
        if settings.replications != search.replications else before
    unrepaired = tuple(f"[{f.severity.value}] {f.id} ({f.citation}): {f.title}"
                       for f in (*after.result.checks.new_red, *after.result.weakenings))
    return RepairResult("greedy with proof of improvement, then backward pruning", before_full,
                        after, tuple(steps), unrepaired, settings, search,
                        snippet(chosen, option.name, settings))


def snippet(mechanisms: list[Mechanism] | tuple[Mechanism, ...], option_name: str,
            settings: CompareSettings) -> str:
    """YAML ready to paste into the option file (sections merge by id with what is there)."""
    lines = [f"# orgsim repair for: {option_name}",
             f"# verified with seed {settings.seed}, {settings.replications} replications, "
             f"horizon {settings.horizon:g} days",
             "# meeting time added: "
             f"{sum(m.hours_per_year for m in mechanisms):g} hours a year"]
    for m in mechanisms:
        lines.append(f"# - {m.kind}: {m.text} ({m.citation})")
    merged = _merge_entries(list(mechanisms))
    if not merged:
        lines.append("# no mechanism needed")
        return "\n".join(lines) + "\n"
    body = yaml.safe_dump(merged, sort_keys=True, default_flow_style=False, allow_unicode=True,
                          width=100)
    return "\n".join(lines) + "\n" + body
