"""Structural questions the rules ask of the graph, each answered with its evidence.

Rules judge structure, never names: "meets at least monthly" is a channel, or a body held for the
two of them, with a cadence of a month or faster (sitting together on a management team, cabinet,
council or board is not a meeting between them); where an item can travel, and how late, is the
simulation's own answer (`OrgGraph.reach`, `orgsim.model.reach`); "direct access" is a
`direct_access` right or a channel; "sits on the LSCB" is `member_of` or `chairs` a body of kind `lscb`.

Assumption (the guidance fixes no figure): "regular" means at least quarterly (`REGULAR`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from ..model import vocab
from ..model.graph import BODY_EDGES, CHAIRS, MEMBER_OF, OrgGraph
from ..model.numbers import cadence_name, days_figure, format_days
from ..model.reach import Route, step_text
from ..model.scenario import Channel

MONTHLY = vocab.CADENCES["monthly"]
QUARTERLY = vocab.CADENCES["quarterly"]
ANNUAL = vocab.CADENCES["annual"]
REGULAR = QUARTERLY
_EPS = 1e-9

SAFEGUARDING_ITEMS = ("safeguarding_concern", "serious_incident")
PERFORMANCE_ITEMS = ("performance_dip", "budget_pressure")


def fmt_days(days: float | None) -> str:
    """A cadence as people write it: the named cadence where it is one, else exact days."""
    return cadence_name(days, whole_units=False)


@dataclass(frozen=True)
class Link:
    """One way two nodes are joined: a channel, or a body held for the two of them."""

    text: str
    key: str  # an edge key (channel id) or a body id
    cadence: float
    via_body: bool = False


def name(g: OrgGraph, node: str) -> str:
    return f"{g.title(node)} ({node})"


def names(g: OrgGraph, nodes) -> str:
    return ", ".join(name(g, n) for n in nodes)


def carries_any(scenario, channel: Channel, kinds: tuple[str, ...]) -> bool:
    """True when the channel takes at least one of the item kinds (empty `carries` takes all)."""
    for kind in kinds:
        if channel.carries and kind not in channel.carries:
            continue
        if channel.min_severity and kind in scenario.item_kind_names() and \
                scenario.severity_of(kind) < vocab.Severity[channel.min_severity]:
            continue
        return True
    return False


_ENDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _candidates(g: OrgGraph, source: str | None, target: str | None):
    """The channels out of `source` or into `target`, in scenario order, from an index built
    once per graph: scanning every channel on every call made big councils quadratic."""
    if source is None and target is None:
        return g.scenario.channels.items()
    if g not in _ENDS:
        by_source: dict[str, list] = {}
        by_target: dict[str, list] = {}
        for cid, ch in g.scenario.channels.items():
            by_source.setdefault(ch.source, []).append((cid, ch))
            by_target.setdefault(ch.target, []).append((cid, ch))
        _ENDS[g] = (by_source, by_target)
    by_source, by_target = _ENDS[g]
    if source is None:
        return by_target.get(target, ())
    if target is None:
        return by_source.get(source, ())
    return min(by_source.get(source, ()), by_target.get(target, ()), key=len)


def channels(g: OrgGraph, source: str | None = None, target: str | None = None,
             max_cadence: float | None = None, carrying: tuple[str, ...] = (),
             written: bool | None = None) -> list[tuple[str, Channel]]:
    """Channels matching every given condition, as (id, channel), in scenario order."""
    found = []
    for cid, ch in _candidates(g, source, target):
        if source is not None and ch.source != source:
            continue
        if target is not None and ch.target != target:
            continue
        if max_cadence is not None and ch.cadence > max_cadence + _EPS:
            continue
        if carrying and not carries_any(g.scenario, ch, carrying):
            continue
        if written is not None and ch.written != written:
            continue
        found.append((cid, ch))
    return found


def channel_text(g: OrgGraph, cid: str, ch: Channel) -> str:
    lag = f", lag {format_days(ch.lag, whole_units=False)}" if ch.lag else ""
    carries = f", carries {', '.join(ch.carries)}" if ch.carries else ", carries every kind"
    return (f"channel {cid}: {g.title(ch.source)} -> {g.title(ch.target)}, '{ch.name}', "
            f"{fmt_days(ch.cadence)}{lag}{carries}")


def attendance(g: OrgGraph, node: str, roles=BODY_EDGES) -> dict[str, str]:
    """Bodies the node attends -> how (member_of, chairs, observes)."""
    return g.bodies_of(node, tuple(roles))


def attendees(g: OrgGraph, body: str) -> list[str]:
    """Everyone who chairs, is a member of or observes the body."""
    return [person for person, _ in g.attendees(body)]


def bodies_of_kind(g: OrgGraph, kind: str) -> list[str]:
    return [b for b, body in g.scenario.bodies.items() if body.kind == kind]


def sits_on(g: OrgGraph, node: str, kind: str) -> list[str]:
    """Bodies of a kind the node is a member of or chairs (observing is not sitting on)."""
    how = attendance(g, node, (MEMBER_OF, CHAIRS))
    return [b for b in bodies_of_kind(g, kind) if b in how]


# Bodies that meet for the council's or a partnership's business, not for a meeting between named
# people: sitting on one together is not a one-to-one, a liaison or a briefing (the guidance words
# those as contact between the people themselves).
GENERAL_BODY_KINDS = frozenset({"council", "cabinet", "committee", "scrutiny", "lscb", "sab",
                                "childrens_trust", "health_wellbeing", "management_team",
                                "partnership"})


def tabled_kinds(g: OrgGraph, body: str) -> set[str]:
    """The item kinds channels bring to the body: all a meeting can pass on (sitting on a body
    tables nothing)."""
    kinds = g.scenario.item_kind_names()
    return {k for _, ch in g.channels_to(body) for k in kinds if carries_any(g.scenario, ch, (k,))}


def dedicated_bodies(g: OrgGraph, people, max_cadence: float,
                     carrying: tuple[str, ...] = ()) -> list[str]:
    """Bodies held for these people's meeting: not a general body (`GENERAL_BODY_KINDS`), every
    one of them attends, its chair and members are all among them (observers may join), it meets
    at `max_cadence` or faster and, when `carrying` is given, something of those kinds is tabled."""
    wanted = set(people)
    found = []
    for body_id, body in g.scenario.bodies.items():
        core = {body.chair, *body.members} - {None}
        if body.kind in GENERAL_BODY_KINDS or body.meets is None \
                or body.meets > max_cadence + _EPS or not core <= wanted \
                or not wanted <= set(attendees(g, body_id)):
            continue
        if carrying and not set(carrying) & tabled_kinds(g, body_id):
            continue
        found.append(body_id)
    return found


def links(g: OrgGraph, a: str, b: str, max_cadence: float, both_ways: bool = True,
          carrying: tuple[str, ...] = (), bodies: bool = True) -> list[Link]:
    """Channels from a to b (and b to a when `both_ways`) with a cadence no slower than
    `max_cadence`, and (with `bodies`) bodies held for the two of them (`dedicated_bodies`).
    Co-membership of a management team, cabinet, council, committee or board is never a link."""
    found: list[Link] = []
    pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
    for s, t in pairs:
        for cid, ch in channels(g, s, t, max_cadence, carrying):
            found.append(Link(channel_text(g, cid, ch), cid, ch.cadence))
    if bodies:
        for body_id in dedicated_bodies(g, (a, b), max_cadence, carrying):
            body = g.scenario.bodies[body_id]
            found.append(Link(f"body {body_id}: {body.title} meets {fmt_days(body.meets)}; "
                              "held for the two of them", body_id, body.meets, via_body=True))
    return found


def two_way(links_found: list[Link], a: str, b: str, g: OrgGraph) -> bool:
    """True when the links carry information both ways: a channel each way, or a body held for
    the two (a meeting is two-way)."""
    directions = {(g.scenario.channels[x.key].source, g.scenario.channels[x.key].target)
                  for x in links_found if not x.via_body}
    return any(x.via_body for x in links_found) or {(a, b), (b, a)} <= directions


def rights(g: OrgGraph, holder: str, kind: str, over: str | None = None) -> list[tuple[str, str]]:
    """(right id, node held over) for the holder's rights of a kind."""
    return g.rights_held(holder, kind, over)


def direct_access(g: OrgGraph, holder: str, target: str) -> list[str]:
    """Evidence that the holder can go directly to the target: a right or a channel to the target,
    or to a body the target chairs or sits on (Full Council stands for every councillor on it)."""
    via = [target, *(b for b in attendance(g, target, (MEMBER_OF, CHAIRS)))]
    ev = [f"right {rid}: direct_access over {name(g, v)}"
          + ("" if v == target else f", which {g.title(target)} sits on")
          for v in via for rid, _ in rights(g, holder, "direct_access", v)]
    ev += [channel_text(g, cid, ch) for v in via for cid, ch in channels(g, holder, v)]
    return ev


def hops_chain(g: OrgGraph, node: str) -> tuple[str, ...]:
    """The node and its line managers up to, not including, the head of paid service.

    These are the posts a Director's compensating mechanisms may reach a split through: a report
    from the delivery director covers the teams below them; one from the Chief Executive does not.
    """
    hops = set(g.holders("head_of_paid_service"))
    chain = [node]
    for manager in g.line_chain(node):
        if manager in hops:
            break
        chain.append(manager)
    return tuple(chain)


def function_teams(g: OrgGraph, functions) -> list[str]:
    wanted = set(functions)
    return [t for t in g.scenario.teams if wanted & set(g.delivered_functions(t))]


def in_line_of(g: OrgGraph, node: str, director: str) -> bool:
    return node == director or director in g.line_chain(node)


def answers_to(g: OrgGraph, node: str, director: str) -> bool:
    """The node is in the Director's line, delivers a function in their remit, or is (or sits
    below a post) declared accountable to them."""
    if in_line_of(g, node, director):
        return True
    if any(director in g.responsible_directors(f) for f in g.delivered_functions(node)):
        return True
    return any(director in g.accountable_to(n) for n in hops_chain(g, node))


def route_text(g: OrgGraph, route: Route) -> str:
    """A route in words: where it starts, each step, and its worst case in days."""
    steps = "; ".join(step_text(s, g.title) for s in route.steps) or "(the Director's own unit)"
    return (f"route for {route.kind} from {name(g, route.source)} to {name(g, route.director)}: "
            f"{steps}; worst case {days_figure(route.worst_case_days)} days")


def unit_sources(g: OrgGraph, node: str) -> tuple[str, ...]:
    """Where a unit's items arise: a team itself, or the teams below a post (the post itself
    when no team is below it)."""
    if g.kind(node) == "team":
        return (node,)
    below = tuple(t for t in g.scenario.teams if node in g.line_chain(t))
    return below or (node,)


def slowest_route(g: OrgGraph, sources, kind: str,
                  director: str) -> tuple[Route | None, tuple[str, ...]]:
    """The latest-arriving of the sources' routes for `kind` to the Director, and the sources
    with no route at all (oversight of a unit is only as good as its least-connected team)."""
    routes, cut = [], []
    for source in sources:
        route = g.reach.route(source, kind, director)
        if route is None:
            cut.append(source)
        else:
            routes.append(route)
    worst = max(routes, key=lambda r: r.worst_case_days, default=None)
    return worst, tuple(cut)
