"""Repair an option: the least set of protocol mechanisms that restores the statutory Directors'
oversight to the baseline's and clears the option's new red checks.

The menu. Mechanisms for a weakening are between a statutory Director D and a post P outside D's
line: for every team in D's remit where a weakened item kind arises and whose line chain does not
pass through D, P is the highest post on that chain below the first holder of a statutory role (the
delivery-unit director heading the team, whoever is titled what; intermediate heads of service
are reached through it). Only mechanisms that can touch a kind weakened under P are offered. A
weakening no such post can reach (every team where it arises is in D's line) is left unrepaired
and says so: where its route is unchanged, the difference is chance at that replication count.

| mechanism | what it adds | offered when | tied to | meeting hours a year (assumed) |
|---|---|---|---|---|
| safeguarding_one_to_one | monthly P -> D one-to-one on safeguarding concerns and serious incidents | either kind weakened under P, or a split check is red | barnet-2014 (d) | 12 (one hour a month) |
| supervision_one_to_one | fortnightly P -> D one-to-one on every kind weakened under P, at the baseline's phase for P -> D, else at the phase P's own fortnightly reports arrive (so it relays them that day) | a kind weakened under P | england-dcs-lm-2009 3.11 / england-dass-2005 28 (the baseline's supervision) | 26 |
| immediate_notification | P tells D at once of anything serious or critical | a serious or critical kind weakened under P | barnet-2014 (DCS protocol, safeguarding roles protocol); england-dass-2005 25-26 | 0 |
| information_right | D may require any information from P (and an information term in D's agreement with P) | a split check is red | barnet-2014 (c); wales-dss-2009 6.11 | 0 |
| board_membership | D joins a board that P chairs or sits on and that receives a weakened kind | as said | barnet-2014 (e); england-dcs-lm-2009 3.29 | 2 per meeting |
| faster_report | a channel from P to D carrying a weakened kind, one named cadence faster | as said | barnet-2014 (b) | 1 per extra meeting (0 if written) |
| accountable_with_agreement | P accountable to D, with a management agreement | a split check is red | barnet-2014 (a); england-dcs-lm-2009 3.11 | 1 per quarterly review |
| step_in | D takes line management of P after 10 performance dips in 3 months | performance_dip weakened under P | barnet-2014 (b) | 0 |

Mechanisms for a new red check, for the Director the rule is about (never judged on names: the
Director is the holder of the role, the Chief Executive the holder of `head_of_paid_service`):

| mechanism | what it adds | clears | meeting hours a year |
|---|---|---|---|
| direct_line_to_chief_executive | D's line manager becomes the head of paid service, with a monthly D -> head of paid service one-to-one (unless one at least monthly exists) | dcs.3.5.reports-to-cex (england-dcs-lm-2009 3.5, 3.44), solace.first-line-to-cex (solace-adss), wales.4.4.reports-to-hops (wales-dss-2009 4.4) | 12 |
| management_team_seat | D joins the management team the head of paid service chairs or attends | dcs.3.5.senior-management-team, dass.24.corporate-team, wales.4.4.top-management-team, solace.top-team-member | 2 per meeting |
| direct_access | D holds a direct_access right over every member | dcs.3.7.direct-access-to-members, dass.24.direct-access-to-members, wales.4.4.direct-access-to-councillors | 0 |
| safeguarding_one_to_one (above), from the post heading each safeguarding adults team adrift | | dass.30.safeguarding-adults-focus (england-dass-2005 30) | 12 each |
| the channel, information and accountability mechanisms above, for the split the finding names | | dcs.3.11.line-management-elsewhere, dass.28.officers-report-to-dass, solace.quality-where-operations-elsewhere | |

Every other new red check has no menu remedy: the result lists it under `no_menu_remedy` before the
search starts, and it stays unrepaired (it needs a structural change the menu does not make).

Moves. Each candidate mechanism is a move, and so is each bundle of one channel mechanism
(safeguarding or supervision one-to-one, immediate notification, faster report) for every post it
is offered for under one Director (say the Director's fortnightly supervision of all the
delivery-unit directors at once): a Director's "all teams" row can only clear when every unit
feeding it is repaired, so no single post's mechanism would show an improvement on its own.

Search: greedy with a proof of improvement. The baseline and the option are measured once at the
requested replication count (the "before" figures, which also say which pairs to try), and the
baseline once more at the search's replication count (`search_replications`, fewer, for speed). At
each step moves not yet chosen are added to the set and the option re-evaluated: checks, and a
paired simulation against the baseline when the move changes what reaches a Director (a
measurement is cached by the set of such mechanisms, so no set is simulated twice, and a move that
changes only checks costs no simulation). The move that leaves the fewest outstanding problems (new
red checks plus weakenings) is kept, fewer meeting hours, then fewer mechanisms, then ids breaking
ties, and only if it strictly reduces them. The step is lazy: the first tries every move; later
ones try moves in order of the gain they showed when last tried, in batches of `BATCH`, and stop
once a move has shown a gain larger than any untried move last showed (a heuristic: a move's gain
can grow as the set grows, which the bundles are there for; when no tried move improves, every
move is tried before the search stops). Then each chosen mechanism is dropped in turn if the set
does as well without it. The set is verified
by a comparison at the requested replication count with the same seed, which is exactly what
`orgsim compare BASE REPAIRED` with those settings computes. When the search ran at fewer
replications and the verification still finds problems (a weakening within the noise of the smaller
count, or a unit whose items are too rare for it), the search continues at the requested count from
the verified set, trying only the moves for the pairs the remaining problems point to that can
speed a kind still weakened (and the remedies of checks still red), ordered by the gains seen so
far; it prunes only what it added, and its last evaluation is the verification.

The simulations of one step run in parallel across `settings.workers` processes; each is a
deterministic function of its scenario, seed and replication count, and ties are broken by a total
order, so the result is identical whatever the number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import yaml

from ..model import vocab
from ..model.findings import Finding
from ..model.graph import OrgGraph
from ..model.scenario import Body, Channel, Commission, Post, Right, Scenario
from ..model.units import cadence_name
from ..sim.standards import scope_teams
from ..sim.executor import Executor
from ..sim.settings import RunSettings
from .compare import (Measurement, OptionComparison, _slug, compare_option, design, measure_all,
                      raised_findings, unit_of)

HOUR = 1.0
FASTER = ("annual", "six_monthly", "quarterly", "monthly", "fortnightly", "weekly")
SAFEGUARDING_KINDS = ("safeguarding_concern", "serious_incident")
_MODELS = {"channels": Channel, "rights": Right, "commissions": Commission, "posts": Post,
           "bodies": Body}
DEFAULT_SEARCH_REPLICATIONS = 4
BATCH = 4  # moves simulated together in a lazy step: fixed, so workers never change the result

# New red checks the menu can try to clear: rule id -> (the Director role it is about, remedies).
SPLIT = "split"  # the channel, information and accountability mechanisms for the split named
CHECK_REMEDIES: dict[str, tuple[str, str]] = {
    "dcs.3.5.reports-to-cex": ("dcs", "direct_line_to_chief_executive"),
    "solace.first-line-to-cex": ("dss", "direct_line_to_chief_executive"),
    "wales.4.4.reports-to-hops": ("dss", "direct_line_to_chief_executive"),
    "dcs.3.5.senior-management-team": ("dcs", "management_team_seat"),
    "dass.24.corporate-team": ("dass", "management_team_seat"),
    "wales.4.4.top-management-team": ("dss", "management_team_seat"),
    "solace.top-team-member": ("dss", "management_team_seat"),
    "dcs.3.7.direct-access-to-members": ("dcs", "direct_access"),
    "dass.24.direct-access-to-members": ("dass", "direct_access"),
    "wales.4.4.direct-access-to-councillors": ("dss", "direct_access"),
    "dass.30.safeguarding-adults-focus": ("dass", "safeguarding_channel"),
    "dcs.3.11.line-management-elsewhere": ("dcs", SPLIT),
    "dass.28.officers-report-to-dass": ("dass", SPLIT),
    "solace.quality-where-operations-elsewhere": ("dss", SPLIT),
}


@dataclass(frozen=True)
class Mechanism:
    id: str
    kind: str
    director: str
    post: str
    text: str
    citation: str
    hours_per_year: float
    # whether it can change what reaches a statutory Director (else only the checks are re-run)
    affects_simulation: bool
    # section -> entry id -> fields as written in a scenario file (full field values)
    entries: dict = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "director": self.director, "post": self.post,
                "text": self.text, "citation": self.citation,
                "meeting_hours_per_year": self.hours_per_year, "entries": self.entries}


@dataclass(frozen=True)
class Move:
    """One step of the search: a mechanism, or the same kind for several posts of one Director."""

    mechanisms: tuple[Mechanism, ...]


def apply(scenario: Scenario, mechanisms: Iterable[Mechanism]) -> Scenario:
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


# --- which (Director, post) pairs a problem points to --------------------------------------------

Pair = tuple[str, str]


def _parse(finding_id: str) -> tuple[str, str, str]:
    _, _, role, item, origin = finding_id.split(".", 4)
    return role, item, origin


def _head_outside(option: Scenario, chain: tuple[str, ...]) -> str | None:
    """The highest post on a line chain below the first holder of a statutory role."""
    head = None
    for n in chain:
        if n not in option.posts or option.posts[n].roles:
            break
        head = n
    return head


def _teams_behind(option: Scenario, graph: OrgGraph, director: str, item: str,
                  origin: str) -> list[str]:
    """Teams in the Director's scope (and its standards for the kind) where the kind arises."""
    teams = set(scope_teams(graph, director))
    for s in option.standards.values():
        if s.who == director and s.item == item:
            teams |= set(s.teams or ())
    return [t for t in option.teams if t in teams and option.teams[t].items.get(item, 0) > 0
            and (origin == "all" or _slug(unit_of(option, t)) == origin)]


def weakening_pairs(option: Scenario, weakenings: Iterable[Finding],
                    ) -> tuple[list[Pair], dict[Pair, set[str]], list[str]]:
    """(Director, post) pairs to try, the item kinds weakened under each post, and the weakenings
    that point to no post (every team where the kind arises is in the Director's line)."""
    graph = OrgGraph(option)
    pairs: list[Pair] = []
    kinds: dict[Pair, set[str]] = {}
    stranded: list[str] = []

    def add(d: str, p: str, kind: str) -> None:
        if (d, p) not in pairs:
            pairs.append((d, p))
        kinds.setdefault((d, p), set()).add(kind)

    for f in weakenings:
        role, item, origin = _parse(f.id)
        d = graph.holder(role)
        if d is None:
            stranded.append(f.id)
            continue
        found = False
        for team in _teams_behind(option, graph, d, item, origin):
            chain = graph.line_chain(team)
            if d in chain:
                continue
            p = _head_outside(option, chain)
            if p:
                add(d, p, item)
                found = True
        if not found:
            stranded.append(f.id)
    return pairs, kinds, stranded


def _remedy_of(finding: Finding) -> tuple[str, str] | None:
    for rule, remedy in CHECK_REMEDIES.items():
        if finding.id == rule or finding.id.startswith(rule + ":"):
            return remedy
    return None


# --- the menu ------------------------------------------------------------------------------------

def _cid(*parts: str) -> str:
    return "repair_" + "_".join(parts)


def _phase(option: Scenario, baseline: Scenario, p: str, d: str, period: float) -> float:
    """The baseline's phase for P -> D at this period; else when P's own reports at this period
    arrive (so the one-to-one relays them that day); else 0."""
    for c in baseline.channels.values():
        if c.source == p and c.target == d and abs(c.cadence - period) < 1e-9:
            return c.phase
    inbound = [(c.phase + c.lag) % period for c in option.channels.values()
               if c.target == p and abs(c.cadence - period) < 1e-9]
    return max(inbound) if inbound else 0.0


def _carries(c: Channel, kinds: set[str]) -> bool:
    return not c.carries or bool(set(c.carries) & kinds)


def pair_mechanisms(option: Scenario, baseline: Scenario, d: str, p: str, weak: set[str],
                    split_red: bool) -> list[Mechanism]:
    """The menu for one (Director, post) pair: what can touch the kinds weakened under the post,
    and for a red split check the channel, information and accountability mechanisms."""
    graph = OrgGraph(option)
    dt, pt = graph.title(d), graph.title(p)
    out: list[Mechanism] = []
    serious = sorted(k for k in weak if option.severity_of(k) >= vocab.Severity.serious)
    if split_red or weak & set(SAFEGUARDING_KINDS):
        out.append(Mechanism(
            _cid(p, d, "safeguarding_one_to_one"), "safeguarding_one_to_one", d, p,
            f"Monthly safeguarding one-to-one between {pt} and {dt}", "barnet-2014 (d)",
            12 * HOUR, True,
            {"channels": {_cid(p, d, "safeguarding_one_to_one"): {
                "from": p, "to": d, "name": f"Monthly safeguarding one-to-one ({pt} and {dt})",
                "cadence": "monthly", "phase": f"{_phase(option, baseline, p, d, vocab.CADENCES['monthly']):g}d",
                "carries": list(SAFEGUARDING_KINDS)}}}))
    if weak:
        period = vocab.CADENCES["fortnightly"]
        carries = sorted(weak)
        out.append(Mechanism(
            _cid(p, d, "supervision"), "supervision_one_to_one", d, p,
            f"Fortnightly one-to-one between {pt} and {dt} on {', '.join(carries)}",
            "england-dcs-lm-2009 3.11; england-dass-2005 28", 26 * HOUR, True,
            {"channels": {_cid(p, d, "supervision"): {
                "from": p, "to": d, "name": f"Fortnightly one-to-one ({pt} and {dt})",
                "cadence": "fortnightly", "phase": f"{_phase(option, baseline, p, d, period):g}d",
                "carries": carries}}}))
    if serious:
        out.append(Mechanism(
            _cid(p, d, "immediate_notification"), "immediate_notification", d, p,
            f"{pt} notifies {dt} at once of serious incidents and anything as severe",
            "barnet-2014 (DCS protocol: safeguarding roles and responsibilities); "
            "england-dass-2005 25-26", 0.0, True,
            {"channels": {_cid(p, d, "immediate_notification"): {
                "from": p, "to": d, "name": f"Immediate notification of serious incidents to {dt}",
                "cadence": "immediate", "min_severity": "serious"}}}))
    if split_red:
        info = {"rights": {_cid(p, d, "information"): {
            "holder": d, "kind": "request_information", "over": [p]}}}
        for cid, c in option.commissions.items():
            if c.source == d and c.target == p and "information_rights" not in c.terms:
                info["commissions"] = {cid: {"terms": sorted({*c.terms, "information_rights"})}}
        out.append(Mechanism(_cid(p, d, "information"), "information_right", d, p,
                             f"{dt} may require any service or financial information from {pt}",
                             "barnet-2014 (c); wales-dss-2009 6.11", 0.0, False, info))
        if p in option.posts and d not in option.posts[p].accountable_to:
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
    if weak:
        for bid, body in option.bodies.items():
            fed = any(c.target == bid and _carries(c, weak) for c in option.channels.values())
            if body.meets and fed and d not in body.members and d != body.chair and \
                    (p == body.chair or p in body.members):
                per_year = vocab.DAYS_PER_YEAR / body.meets
                out.append(Mechanism(
                    _cid(p, d, "board", bid), "board_membership", d, p,
                    f"{dt} joins {body.title}", "barnet-2014 (e); england-dcs-lm-2009 3.29",
                    round(2 * HOUR * per_year, 1), True,
                    {"bodies": {bid: {"members": sorted({*body.members, d})}}}))
        for cid, c in option.channels.items():
            if c.source == p and c.target == d and c.cadence > 0 and _carries(c, weak):
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
    if "performance_dip" in weak and not any(
            r.kind == "step_in" and r.holder == d and p in r.over for r in option.rights.values()):
        out.append(Mechanism(
            _cid(p, d, "step_in"), "step_in", d, p,
            f"{dt} takes line management of {pt} after 10 performance dips in 3 months",
            "barnet-2014 (b)", 0.0, True,
            {"rights": {_cid(p, d, "step_in"): {
                "holder": d, "kind": "step_in", "over": [p],
                "when": "Level 3 performance escalation",
                "trigger": {"item": "performance_dip", "count": 10, "within": "3m"}}}}))
    return out


def speeds(m: Mechanism, option: Scenario) -> frozenset[str] | None:
    """The item kinds a mechanism can bring to its Director sooner (None: any kind)."""
    if not m.affects_simulation:
        return frozenset()
    out: set[str] = set()
    for cid, fields in m.entries.get("channels", {}).items():
        old = option.channels.get(cid)
        carries = fields.get("carries", old.carries if old else ())
        floor = fields.get("min_severity", old.min_severity if old else None)
        kinds = set(carries) if carries else set(option.item_kind_names())
        if floor:
            kinds = {k for k in kinds if option.severity_of(k) >= vocab.Severity[floor]}
        out |= kinds
    for bid in m.entries.get("bodies", {}):
        for c in option.channels.values():
            if c.target == bid:
                out |= set(c.carries) if c.carries else set(option.item_kind_names())
    if m.entries.get("rights"):
        return None  # a step-in moves a line: anything may travel differently
    return frozenset(out)


def check_mechanisms(option: Scenario, finding: Finding) -> list[Mechanism]:
    """Mechanisms that can clear one new red check (empty when the menu has none)."""
    remedy = _remedy_of(finding)
    if remedy is None:
        return []
    role, kind = remedy
    graph = OrgGraph(option)
    d = graph.holder(role)
    hops = graph.holder("head_of_paid_service")
    if d is None or d not in option.posts:
        return []
    dt = graph.title(d)
    cite = str(finding.citation)
    if kind == "direct_line_to_chief_executive":
        if hops is None or hops == d or option.posts[d].line_manager == hops:
            return []
        ht = graph.title(hops)
        entries: dict = {"posts": {d: {"line_manager": hops}}}
        meets = any(c.source == d and c.target == hops and 0 < c.cadence <= vocab.CADENCES["monthly"]
                    for c in option.channels.values())
        if not meets:
            entries["channels"] = {_cid(d, hops, "line_121"): {
                "from": d, "to": hops, "name": f"Monthly one-to-one ({dt} and {ht})",
                "cadence": "monthly"}}
        # Only what leaves the Director changes (its line manager and a channel from it), so what
        # reaches any statutory Director is as before: checks only.
        return [Mechanism(_cid(d, hops, "direct_line"), kind, d, hops,
                          f"{dt} line-managed by {ht}" + ("" if meets else
                                                          ", with a monthly one-to-one"),
                          cite, 0.0 if meets else 12 * HOUR, False, entries)]
    if kind == "management_team_seat":
        if hops is None:
            return []
        for bid in sorted(option.bodies):
            body = option.bodies[bid]
            if body.kind != "management_team" or d == body.chair or d in body.members:
                continue
            if hops == body.chair or hops in body.members or hops in body.observers:
                per_year = vocab.DAYS_PER_YEAR / body.meets if body.meets else 0.0
                return [Mechanism(_cid(d, bid, "seat"), kind, d, bid, f"{dt} joins {body.title}",
                                  cite, round(2 * HOUR * per_year, 1), True,
                                  {"bodies": {bid: {"members": sorted({*body.members, d})}}})]
        return []
    if kind == "direct_access":
        members = sorted(option.members)
        if not members:
            return []
        return [Mechanism(_cid(d, "direct_access"), kind, d, d,
                          f"{dt} has direct access to every member", cite, 0.0, False,
                          {"rights": {_cid(d, "direct_access"): {
                              "holder": d, "kind": "direct_access", "over": members}}})]
    if kind == "safeguarding_channel":  # a safeguarding one-to-one from above each team adrift
        out: list[Mechanism] = []
        for team in finding.nodes:
            if team in option.teams and d not in graph.line_chain(team):
                p = _head_outside(option, graph.line_chain(team))
                if p and all(m.post != p for m in out):
                    out += [m for m in pair_mechanisms(option, option, d, p, set(), True)
                            if m.kind == "safeguarding_one_to_one"]
        return out
    # a split: the post the finding names first
    post = finding.nodes[0] if finding.nodes else None
    if post is None or post == d:
        return []
    return [m for m in pair_mechanisms(option, option, d, post, set(), True)
            if m.kind in ("safeguarding_one_to_one", "information_right",
                          "accountable_with_agreement")]


def menu(option: Scenario, baseline: Scenario, result: OptionComparison,
         ) -> tuple[list[Move], list[str], list[str]]:
    """The moves for the option's problems, the new red checks with no menu remedy, and the
    weakenings no post outside the Director's line can reach."""
    pairs, kinds, stranded = weakening_pairs(option, result.weakenings)
    mechanisms: list[Mechanism] = []
    for d, p in pairs:
        mechanisms += pair_mechanisms(option, baseline, d, p, kinds[(d, p)], False)
    no_remedy = []
    for f in result.checks.new_red:
        found = check_mechanisms(option, f)
        if not found:
            no_remedy.append(f"[{f.severity.value}] {f.id} ({f.citation}): {f.title}")
        mechanisms += found
    unique: dict[str, Mechanism] = {}
    for m in mechanisms:
        unique.setdefault(m.id, m)
    moves = [Move((m,)) for m in unique.values()]
    groups: dict[tuple[str, str], list[Mechanism]] = {}
    for m in unique.values():
        if m.affects_simulation and m.kind in ("safeguarding_one_to_one", "supervision_one_to_one",
                                               "immediate_notification", "faster_report"):
            groups.setdefault((m.director, m.kind), []).append(m)
    moves += [Move(tuple(ms)) for ms in groups.values() if len({m.post for m in ms}) > 1]
    return moves, no_remedy, stranded


# --- search --------------------------------------------------------------------------------------

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

    def order(self) -> tuple:
        return (self.problems, self.hours, len(self.mechanisms),
                tuple(sorted(m.id for m in self.mechanisms)))


@dataclass(frozen=True)
class RepairResult:
    method: str
    before: Evaluation  # the option as given, at the requested replications
    after: Evaluation  # the verification at the requested replications
    steps: tuple[str, ...]
    unrepaired: tuple[str, ...]
    no_menu_remedy: tuple[str, ...]
    settings: RunSettings
    search_settings: RunSettings
    simulations: int  # scenario measurements run (each at its replication count)
    snippet: str

    @property
    def mechanisms(self) -> tuple[Mechanism, ...]:
        return self.after.mechanisms

    def to_dict(self) -> dict:
        return {"method": self.method, "verification_seed": self.settings.seed,
                "verification": design(self.settings), "search": design(self.search_settings),
                "simulations": self.simulations,
                "mechanisms": [m.to_dict() for m in self.mechanisms],
                "meeting_hours_per_year": self.after.hours,
                "before": {"problems": self.before.problems, **self.before.result.to_dict()},
                "after": {"problems": self.after.problems, **self.after.result.to_dict()},
                "steps": list(self.steps), "unrepaired": list(self.unrepaired),
                "no_menu_remedy": list(self.no_menu_remedy), "snippet": self.snippet}


class _Measurer:
    """Measurements cached by (what was simulated, replications); the blocks of all the
    measurements asked for at once run together on the executor, results in the order asked."""

    def __init__(self, executor: Executor):
        self.executor = executor
        self.cache: dict[tuple, Measurement] = {}
        self.runs = 0

    def ensure(self, wanted: list[tuple[tuple, Scenario, RunSettings]]) -> None:
        todo: dict[tuple, tuple[Scenario, RunSettings]] = {}
        for key, scenario, at in wanted:
            if (key, at.replications) not in self.cache:
                todo.setdefault((key, at.replications), (scenario, at))
        by_count: dict[int, list[tuple]] = {}
        for key, (_, at) in todo.items():
            by_count.setdefault(at.replications, []).append(key)
        for keys in by_count.values():
            at = todo[keys[0]][1]
            found = measure_all([todo[k][0] for k in keys], at, executor=self.executor)
            self.cache.update(zip(keys, found))
        self.runs += len(todo)

    def has(self, key: tuple, at: RunSettings) -> bool:
        return (key, at.replications) in self.cache

    def get(self, key: tuple, at: RunSettings) -> Measurement:
        return self.cache[(key, at.replications)]


def _move_key(move: Move) -> tuple:
    return tuple(m.id for m in move.mechanisms)


def _sim_key(mechanisms: Iterable[Mechanism]) -> tuple:
    return ("option", *sorted(m.id for m in mechanisms if m.affects_simulation))


BASE_KEY = ("baseline",)


def repair(base: Scenario, option: Scenario, settings: RunSettings,
           search_replications: int = DEFAULT_SEARCH_REPLICATIONS, label: str = "option",
           progress: Callable[[str], None] | None = None) -> RepairResult:
    say = progress or (lambda _: None)
    search = replace(settings, replications=min(settings.replications, search_replications))
    steps: list[str] = []
    base_raised = raised_findings(base)
    with Executor(settings.workers) as executor:
        measurer = _Measurer(executor)
        def evaluate(chosen: Iterable[Mechanism], at: RunSettings) -> Evaluation:
            chosen = tuple(chosen)
            return Evaluation(chosen, compare_option(
                label, base, apply(option, chosen), measurer.get(BASE_KEY, at),
                measurer.get(_sim_key(chosen), at), base_raised))

        def trials(sets: list[tuple[Mechanism, ...]], at: RunSettings) -> list[Evaluation]:
            measurer.ensure([(_sim_key(s), apply(option, s), at) for s in sets])
            return [evaluate(s, at) for s in sets]

        gains: dict[tuple, float] = {}

        def greedy(start: tuple[Mechanism, ...], moves: list[Move],
                   at: RunSettings) -> Evaluation:
            current = trials([start], at)[0]
            # lazy greedy: each move's gain when last tried (in this search or an earlier one)
            # bounds what it is tried for next
            bound = [gains.get(_move_key(mv), math.inf) for mv in moves]
            while current.problems:
                pending, seen = [], set()
                for i, move in enumerate(moves):
                    new = tuple(m for m in move.mechanisms if m not in current.mechanisms)
                    if new and frozenset(m.id for m in new) not in seen:
                        seen.add(frozenset(m.id for m in new))
                        pending.append((i, (*current.mechanisms, *new)))
                if not pending:
                    break
                # sets whose simulation is known already (checks-only moves) cost nothing
                free = [(i, s) for i, s in pending if measurer.has(_sim_key(s), at)]
                queue = sorted((x for x in pending if x not in free),
                               key=lambda x: (-bound[x[0]], x[0]))
                tried: list[Evaluation] = []
                batch = free
                while True:
                    for (i, _), e in zip(batch, trials([s for _, s in batch], at)):
                        bound[i] = gains[_move_key(moves[i])] = current.problems - e.problems
                        tried.append(e)
                    gain = current.problems - min(e.problems for e in tried) if tried else 0
                    if not queue or (gain > 0 and gain > bound[queue[0][0]]):
                        break
                    batch, queue = queue[:BATCH], queue[BATCH:]
                best = min(tried, key=Evaluation.order)
                if best.problems >= current.problems:
                    break
                new_ids = [m.id for m in best.mechanisms if m not in current.mechanisms]
                steps.append(f"added {' + '.join(new_ids)}: problems {current.problems} -> "
                             f"{best.problems} ({at.replications} replications)")
                say(steps[-1])
                current = best
            # backward pruning: drop any mechanism this search added that the set does not need
            # (every set without one is simulated at once; after a drop the later sets are new)
            added = [m for m in current.mechanisms if m not in start]
            trials([tuple(c for c in current.mechanisms if c != m) for m in added], at)
            for m in reversed(added):
                rest = tuple(c for c in current.mechanisms if c != m)
                trial = trials([rest], at)[0]
                if trial.problems <= current.problems:
                    steps.append(f"dropped {m.id}: not needed ({at.replications} replications)")
                    say(steps[-1])
                    current = trial
            return current

        say(f"measuring the baseline and the option at {settings.replications} replications")
        measurer.ensure([(BASE_KEY, base, settings), (_sim_key(()), option, settings),
                         (BASE_KEY, base, search)])
        before = evaluate((), settings)
        moves, no_remedy, _ = menu(option, base, before.result)
        say(f"{len(moves)} candidate moves for {before.problems} problems")
        found = greedy((), moves, search) if before.problems else before
        say(f"verifying at {settings.replications} replications (seed {settings.seed})")
        after = trials([found.mechanisms], settings)[0]
        if after.problems and search.replications != settings.replications:
            # only the pairs the remaining problems point to, and the checks still red
            pairs, kinds, _ = weakening_pairs(option, after.result.weakenings)
            for_checks = {m.id for f in after.result.checks.new_red
                          for m in check_mechanisms(option, f)}

            def useful(m: Mechanism) -> bool:
                if m.id in for_checks:
                    return True
                if (m.director, m.post) not in pairs:
                    return False
                fast = speeds(m, option)
                return fast is None or bool(fast & kinds[(m.director, m.post)])

            more = [mv for mv in moves if all(useful(m) for m in mv.mechanisms)]
            if more:
                say(f"{after.problems} problems remain at {settings.replications} replications: "
                    "searching on at that count")
                after = greedy(after.mechanisms, more, settings)
        _, _, stranded = weakening_pairs(option, after.result.weakenings)
        no_remedy_ids = {f.id for f in after.result.checks.new_red
                         if not check_mechanisms(option, f)}
        runs = measurer.runs
    unrepaired = tuple(
        f"[{f.severity.value}] {f.id} ({f.citation}): {f.title}"
        + (" (no mechanism on the menu: a structural change is needed)"
           if f.id in no_remedy_ids else "")
        + (" (no post outside the Director's line heads a team where it arises, so no mechanism "
           "on the menu reaches it; where its route is as in the baseline the difference is chance "
           "at this replication count: the simulation draws escalation delays from one random "
           "stream per replication, which shifts when other routes change)"
           if f.id in stranded else "")
        for f in (*after.result.checks.new_red, *after.result.weakenings))
    return RepairResult("greedy with proof of improvement, then backward pruning", before, after,
                        tuple(steps), unrepaired, tuple(no_remedy), settings, search, runs,
                        snippet(after.mechanisms, option.name, settings, search))


def snippet(mechanisms: list[Mechanism] | tuple[Mechanism, ...], option_name: str,
            settings: RunSettings, search: RunSettings | None = None) -> str:
    """YAML ready to paste into the option file (sections merge by id with what is there)."""
    lines = [f"# orgsim repair for: {option_name}",
             f"# verified with seed {settings.seed}, {settings.replications} replications, "
             f"horizon {settings.horizon:g} days"
             + (f" (searched at {search.replications})" if search else ""),
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
