"""The menu of governance mechanisms, as a registry: each kind is declared once, below, with the
`@mechanism(...)` decorator on the function that builds its scenario entries at a site.

A declaration says what the kind adds, what it costs in meeting hours a year, the citation it is
tied to (none for a kind whose citation is that of the check it clears), whether it changes what
the simulation sees, and which problems it can clear: weakenings of which item kinds (`touches`),
and which rules, named by reference to the packs' rule functions (`clears`, resolved with
`rules.registry.rule_of_check`, so a renamed rule id cannot break the link), each with the
Director the rule is about and where the mechanism goes for a finding of it:

- `to_split_post`: between the Director and the post the finding names first (a split between
  line management and accountability);
- `to_heads_adrift`: between the Director and the post heading each team the finding names that
  lies outside the Director's line;
- `to_director`: the Director's own (a line, a seat, a right), placed by the builder.

The Director is never found by name: it is the holder of the role, the Chief Executive the holder
of `head_of_paid_service`. Everything else (which kinds the search bundles, which are offered for a
red split check or for safeguarding teams adrift, which rules have a remedy) reads these
declarations, so adding a kind is one declaration here; `menu_table()` renders the menu. Meeting
hours are assumptions: one hour a meeting a person, two for a board.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...model import vocab
from ...model.findings import Finding
from ...model.graph import OrgGraph
from ...model.scenario import Channel, Scenario
from ...model.numbers import cadence_name
from ...rules import (england_2026, england_dass_2005, england_dcs_lm_2009, wales_2026,
                      wales_dss_2009)
from ...rules.engine import Check, Rule
from ...rules.registry import rule_of_check
from .posts import heads_outside_line

HOUR = 1.0
FASTER = ("annual", "six_monthly", "quarterly", "monthly", "fortnightly", "weekly")
SAFEGUARDING_KINDS = ("safeguarding_concern", "serious_incident")


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
class Site:
    """Where a mechanism would go: Director D and post P (None for the Director's own), with the
    item kinds weakened under P, or the red finding the mechanism is to clear."""

    option: Scenario
    baseline: Scenario  # whose phases a new one-to-one keeps
    graph: OrgGraph
    director: str
    post: str | None = None
    weak: frozenset[str] = frozenset()
    finding: Finding | None = None

    @property
    def dt(self) -> str:
        return self.graph.title(self.director)

    @property
    def pt(self) -> str:
        return self.graph.title(self.post)


@dataclass(frozen=True)
class Offer:
    """One mechanism a builder finds at a site; `hours` None means the kind's declared hours."""

    id: str
    post: str
    text: str
    entries: dict
    hours: float | None = None


# Where a mechanism for a finding goes: (option, graph, Director, finding) -> posts (None: the
# Director's own)
Target = Callable[[Scenario, OrgGraph, str, Finding], Sequence[str | None]]


def to_director(option: Scenario, graph: OrgGraph, d: str, finding: Finding) -> list[None]:
    return [None]


def to_split_post(option: Scenario, graph: OrgGraph, d: str, finding: Finding) -> list[str]:
    post = finding.nodes[0] if finding.nodes else None
    return [] if post is None or post == d else [post]


def to_heads_adrift(option: Scenario, graph: OrgGraph, d: str, finding: Finding) -> list[str]:
    return heads_outside_line(option, graph, d, finding.nodes)


@dataclass(frozen=True)
class Clears:
    rule: Rule
    role: str  # the Director the rule is about
    target: Target


def clears(target: Target, role: str, *checks: Check) -> tuple[Clears, ...]:
    """The rules whose checks are given (the packs' decorated functions), about `role`."""
    return tuple(Clears(rule_of_check(c), role, target) for c in checks)


ItemTest = Callable[[Scenario, str], bool]  # (option, item kind) -> whether a kind is offered


def no_kind(option: Scenario, item: str) -> bool:
    return False


def any_kind(option: Scenario, item: str) -> bool:
    return True


def kinds(*names: str) -> ItemTest:
    return lambda option, item: item in names


def serious_kinds(option: Scenario, item: str) -> bool:
    return option.severity_of(item) >= vocab.Severity.serious


@dataclass(frozen=True)
class MechanismKind:
    name: str
    adds: str
    cost: str  # in meeting hours a year, in words
    citation: str | None  # None: the citation of the check it clears
    affects_simulation: bool
    build: Callable[[Site], list[Offer]]
    hours_per_year: float | None = None  # None: each offer says
    touches: ItemTest = no_kind  # weakened item kinds it is offered for
    clears: tuple[Clears, ...] = ()
    bundles: bool = False  # offered as one move for every post of a Director at once

    def offered_for(self, option: Scenario, weak: frozenset[str]) -> bool:
        return any(self.touches(option, k) for k in weak)

    @property
    def for_split(self) -> bool:
        """Offered between a Director and a post when a split check is red."""
        return any(c.target is not to_director for c in self.clears)

    def mechanisms(self, site: Site) -> list[Mechanism]:
        citation = self.citation or str(site.finding.citation)
        return [Mechanism(o.id, self.name, site.director, o.post, o.text, citation,
                          self.hours_per_year if o.hours is None else o.hours,
                          self.affects_simulation, o.entries) for o in self.build(site)]


MENU: dict[str, MechanismKind] = {}  # in declaration order, which is the order moves are offered


def mechanism(name: str, *, adds: str, cost: str, citation: str | None, simulated: bool,
              hours: float | None = None, touches: ItemTest = no_kind,
              clears: tuple[Clears, ...] = (), bundles: bool = False,
              ) -> Callable[[Callable[[Site], list[Offer]]], Callable[[Site], list[Offer]]]:
    """Declare a mechanism kind on the function building its offers at a site."""
    def declare(build: Callable[[Site], list[Offer]]) -> Callable[[Site], list[Offer]]:
        if name in MENU:
            raise ValueError(f"mechanism kind {name!r} is declared twice")
        MENU[name] = MechanismKind(name, adds, cost, citation, simulated, build, hours, touches,
                                   clears, bundles)
        return build
    return declare


def menu_table() -> str:
    rows = [f"| {k.name} | {k.adds} | {k.citation or 'the check it clears'} | {k.cost} |"
            for k in MENU.values()]
    return "\n".join(["| mechanism | what it adds | tied to | meeting hours a year |",
                      "|---|---|---|---|", *rows])


# --- shared by several builders ------------------------------------------------------------------

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


def _per_meeting(hours: float, meets: float) -> float:
    per_year = vocab.DAYS_PER_YEAR / meets if meets else 0.0
    return round(hours * per_year, 1)


def _carries(c: Channel, weak: frozenset[str]) -> bool:
    return not c.carries or bool(set(c.carries) & weak)


def _one_to_one(s: Site, cid: str, name: str, cadence: str, carries: list[str]) -> dict:
    phase = _phase(s.option, s.baseline, s.post, s.director, vocab.CADENCES[cadence])
    return {"channels": {cid: {"from": s.post, "to": s.director, "name": name,
                               "cadence": cadence, "phase": f"{phase:g}d", "carries": carries}}}


# The line-management splits, cleared by the channel, information and accountability mechanisms.
# Not england-dass-2005 28: for an officer serving adults only, no mechanism meets it (the text
# wants them in the DASS's line), so the menu never offers one as if it could; nor solace-adss,
# whose recommendations are never red.
SPLITS = clears(to_split_post, "dcs", england_dcs_lm_2009.line_management_elsewhere)


# --- between a Director and a post outside its line ----------------------------------------------

@mechanism("safeguarding_one_to_one",
           adds="monthly P -> D one-to-one on safeguarding concerns and serious incidents",
           cost="12 (one hour a month)", hours=12 * HOUR, citation="barnet-2014 (d)",
           simulated=True, touches=kinds(*SAFEGUARDING_KINDS), bundles=True,
           clears=(*SPLITS, *clears(to_heads_adrift, "dass", england_dass_2005.safeguarding_focus),
                   *clears(to_heads_adrift, "dcs", england_dcs_lm_2009.referral_points)))
def safeguarding_one_to_one(s: Site) -> list[Offer]:
    cid = _cid(s.post, s.director, "safeguarding_one_to_one")
    return [Offer(cid, s.post, f"Monthly safeguarding one-to-one between {s.pt} and {s.dt}",
                  _one_to_one(s, cid, f"Monthly safeguarding one-to-one ({s.pt} and {s.dt})",
                              "monthly", list(SAFEGUARDING_KINDS)))]


@mechanism("supervision_one_to_one",
           adds="fortnightly P -> D one-to-one on every kind weakened under P, at the baseline's "
                "phase for P -> D, else at the phase P's own fortnightly reports arrive (so it "
                "relays them that day)",
           cost="26", hours=26 * HOUR, citation="england-dcs-lm-2009 3.11; england-dass-2005 28",
           simulated=True, touches=any_kind, bundles=True)
def supervision_one_to_one(s: Site) -> list[Offer]:
    cid, carries = _cid(s.post, s.director, "supervision"), sorted(s.weak)
    return [Offer(cid, s.post,
                  f"Fortnightly one-to-one between {s.pt} and {s.dt} on {', '.join(carries)}",
                  _one_to_one(s, cid, f"Fortnightly one-to-one ({s.pt} and {s.dt})",
                              "fortnightly", carries))]


@mechanism("immediate_notification",
           adds="P tells D at once of anything serious or critical", cost="0", hours=0.0,
           citation="barnet-2014 (DCS protocol: safeguarding roles and responsibilities); "
                    "england-dass-2005 25-26",
           simulated=True, touches=serious_kinds, bundles=True)
def immediate_notification(s: Site) -> list[Offer]:
    cid = _cid(s.post, s.director, "immediate_notification")
    return [Offer(cid, s.post,
                  f"{s.pt} notifies {s.dt} at once of serious incidents and anything as severe",
                  {"channels": {cid: {
                      "from": s.post, "to": s.director,
                      "name": f"Immediate notification of serious incidents to {s.dt}",
                      "cadence": "immediate", "min_severity": "serious"}}})]


@mechanism("information_right",
           adds="D may require any information from P (and an information term in D's "
                "agreement with P)",
           cost="0", hours=0.0, citation="barnet-2014 (c); wales-dss-2009 6.11",
           simulated=False, clears=SPLITS)
def information_right(s: Site) -> list[Offer]:
    d, p = s.director, s.post
    info = {"rights": {_cid(p, d, "information"): {
        "holder": d, "kind": "request_information", "over": [p]}}}
    for cid, c in s.option.commissions.items():
        if c.source == d and c.target == p and "information_rights" not in c.terms:
            info["commissions"] = {cid: {"terms": sorted({*c.terms, "information_rights"})}}
    return [Offer(_cid(p, d, "information"), p,
                  f"{s.dt} may require any service or financial information from {s.pt}", info)]


@mechanism("accountable_with_agreement",
           adds="P accountable to D, with a management agreement", cost="1 per quarterly review",
           hours=4 * HOUR, citation="barnet-2014 (a); england-dcs-lm-2009 3.11",
           simulated=False, clears=SPLITS)
def accountable_with_agreement(s: Site) -> list[Offer]:
    d, p = s.director, s.post
    if p not in s.option.posts or d in s.option.posts[p].accountable_to:
        return []
    return [Offer(_cid(p, d, "accountable"), p, f"{s.pt} accountable to {s.dt} under a "
                  "management agreement",
                  {"posts": {p: {"accountable_to": sorted({*s.option.posts[p].accountable_to, d})}},
                   "commissions": {_cid(p, d, "agreement"): {
                       "from": d, "to": p, "kind": "management_agreement",
                       "title": f"{s.pt} management agreement",
                       "terms": ["outcomes_and_targets", "performance_review",
                                 "information_rights"],
                       "review": "quarterly"}}})]


@mechanism("board_membership",
           adds="D joins a board that P chairs or sits on and that receives a weakened kind",
           cost="2 per meeting", citation="barnet-2014 (e); england-dcs-lm-2009 3.29",
           simulated=True, touches=any_kind)
def board_membership(s: Site) -> list[Offer]:
    d, p, option = s.director, s.post, s.option
    out = []
    for bid, body in option.bodies.items():
        fed = any(c.target == bid and _carries(c, s.weak) for c in option.channels.values())
        if body.meets and fed and d not in body.members and d != body.chair and \
                (p == body.chair or p in body.members):
            out.append(Offer(_cid(p, d, "board", bid), p, f"{s.dt} joins {body.title}",
                             {"bodies": {bid: {"members": sorted({*body.members, d})}}},
                             _per_meeting(2 * HOUR, body.meets)))
    return out


@mechanism("faster_report",
           adds="a channel from P to D carrying a weakened kind, one named cadence faster",
           cost="1 per extra meeting (0 if written)", citation="barnet-2014 (b)",
           simulated=True, touches=any_kind, bundles=True)
def faster_report(s: Site) -> list[Offer]:
    out = []
    for cid, c in s.option.channels.items():
        if c.source != s.post or c.target != s.director or c.cadence <= 0 or \
                not _carries(c, s.weak) or cadence_name(c.cadence) not in FASTER[:-1]:
            continue
        name = cadence_name(c.cadence)
        faster = FASTER[FASTER.index(name) + 1]
        extra = vocab.DAYS_PER_YEAR / vocab.CADENCES[faster] - vocab.DAYS_PER_YEAR / c.cadence
        out.append(Offer(_cid(cid, "faster"), s.post, f"'{c.name}' {name} -> {faster}",
                         {"channels": {cid: {"cadence": faster}}},
                         0.0 if c.written else round(extra * HOUR, 1)))
    return out


@mechanism("step_in", adds="D takes line management of P after 10 performance dips in 3 months",
           cost="0", hours=0.0, citation="barnet-2014 (b)", simulated=True,
           touches=kinds("performance_dip"))
def step_in(s: Site) -> list[Offer]:
    d, p = s.director, s.post
    if any(r.kind == "step_in" and r.holder == d and p in r.over
           for r in s.option.rights.values()):
        return []
    return [Offer(_cid(p, d, "step_in"), p,
                  f"{s.dt} takes line management of {s.pt} after 10 performance dips in 3 months",
                  {"rights": {_cid(p, d, "step_in"): {
                      "holder": d, "kind": "step_in", "over": [p],
                      "when": "Level 3 performance escalation",
                      "trigger": {"item": "performance_dip", "count": 10, "within": "3m"}}}})]


# --- the Director's own, for a red check about it ------------------------------------------------

@mechanism("direct_line_to_chief_executive",
           adds="D's line manager becomes the head of paid service, with a monthly D -> head of "
                "paid service one-to-one (unless one at least monthly exists)",
           cost="12", citation=None, simulated=False,
           clears=(*clears(to_director, "dcs", england_dcs_lm_2009.reports_to_cex,
                           england_2026.dcs_reports_to_cex),
                   *clears(to_director, "dss", wales_dss_2009.reports_to_hops,
                           wales_2026.dss_reports_to_chief_executive)))
def direct_line_to_chief_executive(s: Site) -> list[Offer]:
    d, option = s.director, s.option
    hops = s.graph.holder("head_of_paid_service")
    if hops is None or hops == d or option.posts[d].line_manager == hops:
        return []
    ht = s.graph.title(hops)
    entries: dict = {"posts": {d: {"line_manager": hops}}}
    meets = any(c.source == d and c.target == hops and 0 < c.cadence <= vocab.CADENCES["monthly"]
                for c in option.channels.values())
    if not meets:
        entries["channels"] = {_cid(d, hops, "line_121"): {
            "from": d, "to": hops, "name": f"Monthly one-to-one ({s.dt} and {ht})",
            "cadence": "monthly"}}
    # Only what leaves the Director changes (its line manager and a channel from it), so what
    # reaches any statutory Director is as before: checks only.
    return [Offer(_cid(d, hops, "direct_line"), hops, f"{s.dt} line-managed by {ht}"
                  + ("" if meets else ", with a monthly one-to-one"), entries,
                  0.0 if meets else 12 * HOUR)]


@mechanism("management_team_seat",
           adds="D joins the management team the head of paid service chairs or attends",
           cost="2 per meeting", citation=None, simulated=True,
           clears=(*clears(to_director, "dcs", england_dcs_lm_2009.senior_management_team),
                   *clears(to_director, "dass", england_dass_2005.corporate_team),
                   *clears(to_director, "dss", wales_dss_2009.top_team)))
def management_team_seat(s: Site) -> list[Offer]:
    d, option = s.director, s.option
    hops = s.graph.holder("head_of_paid_service")
    if hops is None:
        return []
    for bid in sorted(option.bodies):
        body = option.bodies[bid]
        if body.kind != "management_team" or d == body.chair or d in body.members:
            continue
        if hops == body.chair or hops in body.members or hops in body.observers:
            return [Offer(_cid(d, bid, "seat"), bid, f"{s.dt} joins {body.title}",
                          {"bodies": {bid: {"members": sorted({*body.members, d})}}},
                          _per_meeting(2 * HOUR, body.meets))]
    return []


@mechanism("direct_access", adds="D holds a direct_access right over every member", cost="0",
           hours=0.0, citation=None, simulated=False,
           clears=(*clears(to_director, "dcs", england_dcs_lm_2009.dcs_direct_access),
                   *clears(to_director, "dass", england_dass_2005.dass_direct_access),
                   *clears(to_director, "dss", wales_dss_2009.direct_access)))
def direct_access(s: Site) -> list[Offer]:
    members = sorted(s.option.members)
    if not members:
        return []
    cid = _cid(s.director, "direct_access")
    return [Offer(cid, s.director, f"{s.dt} has direct access to every member",
                  {"rights": {cid: {"holder": s.director, "kind": "direct_access",
                                    "over": members}}})]
