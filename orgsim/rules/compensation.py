"""Splits and what compensates for them.

For every split (a post or team whose line chain misses a Director it answers to) this finds, in
the structure alone, the compensating mechanisms the guidance names (england-dcs-lm-2009 3.11;
england-dass-2005 26, 28; wales-dss-2009 4.6-4.8.8, 5.15): an accountable-to edge, routes that
bring the unit's safeguarding items and its performance and finance items to the Director in
time, an information right, a written framework or protocol; and the local protocol mechanisms
modelled on barnet-2014 (a)-(g) plus the assurance report.

"In time" is judged on the route the simulation would use (`OrgGraph.reach`): a channel that
carries other kinds, or arrives too rarely, does not compensate. The guidance fixes no figures, so
the bounds in `TIMELINESS` are assumptions, each stated with its source and printed with the
finding. A unit whose safeguarding items have no route to the Director at all has no "effective
system" (england-dcs-lm-2009 3.11), whatever else is present: that is red.

A mechanism reaches a split through the split node or any of its line managers below the head of
paid service (`structure.hops_chain`): the delivery director's monthly one-to-one covers the
teams below them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from ..model import vocab
from ..model.graph import OrgGraph, Split
from ..model.numbers import cadence_name, duration_words, words
from ..model.reach import Route
from . import structure as st


@dataclass(frozen=True)
class Bound:
    """How soon an item kind must reach the Director for a split to count as compensated:
    `within` days at worst, or a route none of whose steps is slower than `cadence`."""

    kind: str
    within: float | None
    cadence: float | None
    group: str  # the compensation it belongs to
    source: str
    why: str

    def words(self) -> str:
        if self.within is not None:
            return f"within {duration_words(self.within)} at worst"
        return f"by a route no slower than {cadence_name(self.cadence)}"

    def met(self, route: Route) -> bool:
        if self.within is not None and route.worst_case_days > self.within + 1e-9:
            return False
        return self.cadence is None or route.slowest_cadence_days <= self.cadence + 1e-9


TIMELINESS = (
    Bound("serious_incident", 5.0, None, "safeguarding_route", "england-dcs-lm-2009 3.11, 3.29",
          "assumption: the guidance asks for effective systems (3.11) and makes the Director "
          "answer for safeguarding; a council must notify the inspectorate of a serious incident "
          "within five working days, so the Director must know first: at worst 5 calendar days "
          "(the simulation's default standard for serious incidents uses the same figure)"),
    Bound("safeguarding_concern", None, vocab.CADENCES["monthly"], "safeguarding_route",
          "barnet-2014 (d)",
          "assumption: concerns reviewed with the Director at least monthly, the cadence of "
          "the protocol's safeguarding one-to-ones"),
    Bound("performance_dip", None, vocab.CADENCES["quarterly"], "performance_route",
          "barnet-2014 (b); wales-dss-2009 4.6",
          "assumption: performance reported to the Director at least quarterly, the protocol's "
          "quarterly performance and finance report"),
    Bound("budget_pressure", None, vocab.CADENCES["quarterly"], "performance_route",
          "barnet-2014 (b); wales-dss-2009 4.6",
          "assumption: finance reported to the Director at least quarterly, as performance"),
)
SAFEGUARDING_KINDS = tuple(b.kind for b in TIMELINESS if b.group == "safeguarding_route")


@dataclass(frozen=True)
class RouteCheck:
    """One item kind of a unit against its bound: the slowest of its teams' routes, the teams
    with no route, and whether the bound is met."""

    bound: Bound
    route: Route | None
    cut: tuple[str, ...]

    @property
    def met(self) -> bool:
        return not self.cut and self.route is not None and self.bound.met(self.route)

COMPENSATIONS = ("accountable_to", "safeguarding_route", "performance_route", "information_right",
                 "written_protocol")
COMPENSATION_TITLES = {
    "accountable_to": "accountable-to edge to the Director",
    "safeguarding_route": "safeguarding items reach the Director in time",
    "performance_route": "performance and finance items reach the Director at least quarterly",
    "information_right": "a right to request information",
    "written_protocol": "a written framework or protocol covering it",
}

# barnet-2014's letters for the mechanisms (vocab.MECHANISMS), as each of its two protocols lists
# them: the DASS protocol has no board chair, so its appraisal is (e) and its audit programme (f).
BARNET_LETTERS = {
    "dcs": {"management_agreement": "(a)", "quarterly_report": "(b)", "step_in": "(b)",
            "information_right": "(c)", "safeguarding_one_to_one": "(d)", "board_chair": "(e)",
            "joint_appraisal": "(f)", "audit_programme": "(g)"},
    "dass": {"management_agreement": "(a)", "quarterly_report": "(b)", "step_in": "(b)",
             "information_right": "(c)", "safeguarding_one_to_one": "(d)",
             "joint_appraisal": "(e)", "audit_programme": "(f)"},
}


@dataclass(frozen=True)
class Compensation:
    split: Split
    present: dict[str, tuple[str, ...]]  # mechanism -> evidence lines
    missing: tuple[str, ...]
    mechanisms: dict[str, tuple[str, ...]]  # barnet-2014 mechanism -> evidence (present only)
    routes: tuple[RouteCheck, ...] = ()

    @property
    def edges(self) -> tuple[str, ...]:
        keys = {e for ev in self.present.values() for e in _keys(ev)}
        keys |= {s.via for r in self.routes if r.route for s in r.route.steps
                 if s.how == "channel"}
        return tuple(sorted(keys))

    @property
    def unrouted(self) -> tuple[str, ...]:
        """Safeguarding item kinds some team of the unit has no route for."""
        return tuple(r.bound.kind for r in self.routes
                     if r.bound.group == "safeguarding_route" and r.cut)


def _keys(evidence: tuple[str, ...]) -> list[str]:
    # Evidence lines start "channel <id>:", "right <id>:", "protocol <id>:", "commission <id>:".
    keys = []
    for line in evidence:
        head, _, _ = line.partition(":")
        parts = head.split(" ")
        if len(parts) == 2 and parts[0] in ("channel", "right", "commission"):
            keys.append(parts[1])
    return keys


def compensation(g: OrgGraph, split: Split) -> Compensation:
    reach = st.hops_chain(g, split.node)
    d = split.director
    present: dict[str, tuple[str, ...]] = {}
    accountable = [n for n in reach if d in g.accountable_to(n)]
    if accountable:
        present["accountable_to"] = tuple(f"accountable_to: {st.name(g, n)} -> {st.name(g, d)}"
                                          for n in accountable)
    routes = route_checks(g, split)
    for group in ("safeguarding_route", "performance_route"):
        checks = [r for r in routes if r.bound.group == group]
        if checks and all(r.met for r in checks):
            present[group] = tuple(route_line(g, r) for r in checks)
    info = [f"right {rid}: request_information over {st.name(g, n)}"
            for n in reach for rid, _ in st.rights(g, d, "request_information", n)]
    if info:
        present["information_right"] = tuple(info)
    docs = written_protocols(g, d, reach)
    if docs:
        present["written_protocol"] = tuple(docs)
    missing = tuple(m for m in COMPENSATIONS if m not in present)
    mechanisms = {m: ev for m, detect in MECHANISM_TESTS.items()
                  if (ev := tuple(detect(g, d, reach)))}
    return Compensation(split, present, missing, mechanisms, routes)


def route_checks(g: OrgGraph, split: Split) -> tuple[RouteCheck, ...]:
    """Each bounded item kind the scenario has, from the unit's teams to the Director."""
    sources = st.unit_sources(g, split.node)
    kinds = set(g.scenario.item_kind_names())
    return tuple(RouteCheck(b, *st.slowest_route(g, sources, b.kind, split.director))
                 for b in TIMELINESS if b.kind in kinds)


def route_line(g: OrgGraph, r: RouteCheck) -> str:
    """Evidence for one item kind: the route and its worst case against the bound, or the teams
    with no route."""
    wanted = f"{vocab.item_label(r.bound.kind).plural} {r.bound.words()} ({r.bound.source}; {r.bound.why})"
    if r.cut:
        return f"no route for {r.bound.kind} from {st.names(g, r.cut)}; wanted: {wanted}"
    verdict = "within the bound" if r.met else "beyond the bound"
    return f"{st.route_text(g, r.route)}; {verdict}; wanted: {wanted}"


def written_protocols(g: OrgGraph, director: str, reach) -> list[str]:
    """The written arrangements covering a unit: a protocol of the Director's, or a commission
    from the Director to the unit or to the organisation whose staff it is (a contract's terms
    are its written arrangement)."""
    found = [f"protocol {pid}: '{p.title}' by {st.name(g, director)} covers {st.name(g, n)}"
             for pid, p in g.scenario.protocols.items() if p.director == director
             for n in reach if n in p.covers]
    employers = {t.provided_by for n in reach if (t := g.scenario.teams.get(n)) and t.provided_by}
    found += [f"commission {cid}: {c.kind} '{c.title}' to {st.name(g, c.target)}"
              for cid, c in g.scenario.commissions.items()
              if c.source == director and (c.target in reach or c.target in employers)]
    return found


# graph -> its compensations, every Director's: five packs' rules ask for them, and a graph is
# immutable once built, so each is worked out once per graph (most of a check's time otherwise)
_FOUND: WeakKeyDictionary[OrgGraph, tuple[Compensation, ...]] = WeakKeyDictionary()


def compensations(g: OrgGraph, director: str | None = None) -> list[Compensation]:
    """One compensation per (node, Director): a node both declared accountable to a Director and
    delivering functions in their remit is one split, not two."""
    found = _FOUND.get(g)
    if found is None:
        merged: dict[tuple[str, str], Split] = {}
        for s in g.splits():
            key = (s.node, s.director)
            if key in merged:
                first = merged[key]
                s = replace(first,
                            functions=tuple(dict.fromkeys((*first.functions, *s.functions))))
            merged[key] = s
        found = _FOUND[g] = tuple(compensation(g, s) for s in merged.values())
    return [c for c in found if director is None or c.split.director == director]


# --- barnet-2014 mechanisms, each a structural test ---------------------------------------------

def _management_agreement(g, d, reach):
    return [f"commission {cid}: management agreement '{c.title}' with {st.name(g, c.target)}"
            + (f" (terms: {', '.join(c.terms)})" if c.terms else "")
            for cid, c in g.scenario.commissions.items()
            if c.source == d and c.target in reach and c.kind == "management_agreement"]


def _quarterly_report(g, d, reach):
    return [st.channel_text(g, cid, ch) for n in reach
            for cid, ch in st.channels(g, n, d, st.QUARTERLY, st.PERFORMANCE_ITEMS)]


def _right(kind):
    def detect(g, d, reach):
        return [f"right {rid}: {kind} over {st.name(g, n)}"
                + (f" when {g.scenario.rights[rid].when}" if g.scenario.rights[rid].when else "")
                for n in reach for rid, _ in st.rights(g, d, kind, n)]
    return detect


def _one_to_one(g, d, reach):
    return [st.channel_text(g, cid, ch) for n in reach
            for cid, ch in st.channels(g, n, d, st.MONTHLY, st.SAFEGUARDING_ITEMS)]


def _board_chair(g, d, reach):
    """barnet-2014 DCS (e): the Director chairs the partnership board for school improvement, so
    only a board that meets and on which someone answering for education sits counts."""
    return [f"chairs {b}: {body.title} meets {st.fmt_days(body.meets)}"
            for b, body in g.scenario.bodies.items()
            if body.chair == d and body.meets is not None and body.kind != "management_team"
            and any(_answers_for_education(g, n) for n in st.attendees(g, b) if n != d)]


def _answers_for_education(g: OrgGraph, node: str) -> bool:
    return any("education" in g.delivered_functions(t) for t in st.unit_sources(g, node)) or \
        "education" in g.delivered_functions(node)


def _audit_programme(g, d, reach):
    return [f"right {rid}: agree_audit_programme over {st.name(g, n)}"
            for n in reach for rid, _ in st.rights(g, d, "agree_audit_programme", n)]


def _assurance_report(g, d, reach):
    hops = set(g.holders("head_of_paid_service"))
    out = []
    for cid, ch in st.channels(g, d, written=True):
        body = g.scenario.bodies.get(ch.target)
        if ch.target in hops or (body is not None and body.chair in hops):
            out.append(st.channel_text(g, cid, ch))
    return out


MECHANISM_TESTS: dict[str, Callable[[OrgGraph, str, tuple[str, ...]], list[str]]] = {
    "management_agreement": _management_agreement,
    "quarterly_report": _quarterly_report,
    "step_in": _right("step_in"),
    "information_right": _right("request_information"),
    "safeguarding_one_to_one": _one_to_one,
    "board_chair": _board_chair,
    "joint_appraisal": _right("joint_appraisal"),
    "audit_programme": _audit_programme,
    "assurance_report": _assurance_report,
}


def mechanism_label(m: str) -> str:
    """A mechanism in words; letters belong to a protocol's own list, not to the mechanism."""
    return words(m)


def describe(g: OrgGraph, c: Compensation,
             required: tuple[str, ...] = COMPENSATIONS) -> tuple[str, ...]:
    """Evidence lines for a split: the split itself, each compensation the rule asks for
    (`required`) present and missing, and the barnet-2014 mechanisms (a)-(g) found in the
    structure."""
    s = c.split
    why = " and ".join(
        (["declared accountable to"] if s.reason == "accountable_to" else [])
        + ([f"delivers {', '.join(s.functions)} in the remit of"] if s.functions else []))
    chain = " -> ".join(st.name(g, n) for n in s.line_chain) or "(no line manager)"
    lines = [f"split: {st.name(g, s.node)} {why} {st.name(g, s.director)}; line chain: {chain}"]
    for m in required:
        if m in c.present:
            lines += [f"present - {COMPENSATION_TITLES[m]}: {ev}" for ev in c.present[m]]
        elif m in ("safeguarding_route", "performance_route"):
            lines += [f"missing - {COMPENSATION_TITLES[m]}: {route_line(g, r)}"
                      for r in c.routes if r.bound.group == m and not r.met]
        else:
            lines.append(f"missing - {COMPENSATION_TITLES[m]}")
    found = [mechanism_label(m) for m in MECHANISM_TESTS if m in c.mechanisms]
    absent = [mechanism_label(m) for m in MECHANISM_TESTS if m not in c.mechanisms]
    lines.append("protocol mechanisms present: " + (", ".join(found) or "none"))
    lines.append("protocol mechanisms missing: " + (", ".join(absent) or "none"))
    return tuple(lines)
