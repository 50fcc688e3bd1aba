"""Structural questions the rules ask of the graph, each answered with its evidence.

Rules judge structure, never names: "meets at least monthly" is a channel or a shared body with a
cadence of a month or faster joining two nodes; "direct access" is a `direct_access` right or a
channel; "sits on the LSCB" is `member_of` or `chairs` a body of kind `lscb`.

Assumption (the guidance fixes no figure): "regular" means at least quarterly (`REGULAR`).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..model import vocab
from ..model.graph import BODY_EDGES, CHAIRS, MEMBER_OF, OrgGraph
from ..model.numbers import cadence_name, format_days
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
    """One way two nodes are joined: a channel or a body both attend."""

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


def channels(g: OrgGraph, source: str | None = None, target: str | None = None,
             max_cadence: float | None = None, carrying: tuple[str, ...] = (),
             written: bool | None = None) -> list[tuple[str, Channel]]:
    """Channels matching every given condition, as (id, channel), in scenario order."""
    found = []
    for cid, ch in g.scenario.channels.items():
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


def links(g: OrgGraph, a: str, b: str, max_cadence: float, both_ways: bool = True,
          carrying: tuple[str, ...] = (), bodies: bool = True) -> list[Link]:
    """Channels from a to b (and b to a when `both_ways`) and bodies both attend, with a cadence
    no slower than `max_cadence`."""
    found: list[Link] = []
    pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
    for s, t in pairs:
        for cid, ch in channels(g, s, t, max_cadence, carrying):
            found.append(Link(channel_text(g, cid, ch), cid, ch.cadence))
    if bodies:
        shared = set(attendance(g, a)) & set(attendance(g, b))
        for body_id in sorted(shared):
            body = g.scenario.bodies[body_id]
            if body.meets is not None and body.meets <= max_cadence + _EPS:
                found.append(Link(f"body {body_id}: {body.title} meets {fmt_days(body.meets)}; "
                                  f"both attend", body_id, body.meets, via_body=True))
    return found


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


def out_channels(g: OrgGraph, node: str) -> list[tuple[str, Channel]]:
    return g.channels_from(node)


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


def information_graph(g: OrgGraph, without: frozenset[str] = frozenset()):
    """Who can pass regular reports to whom, weighted by the worst-case wait in days.

    A channel u -> v costs its cadence plus its lag (an item just missing a cut-off waits a full
    period). A body is a node: an attendee reaches it at no cost and it reaches its attendees at
    its meeting cadence (a body that never meets passes nothing on). Line escalation is left out:
    it carries only items at or above a post's escalation severity, while these paths describe
    regular reporting. `without` removes nodes (a vacant post).
    """
    info = nx.DiGraph()
    info.add_nodes_from(n for n in g.nodes() if n not in without)

    def add(u: str, v: str, days: float, via: str) -> None:
        if u in without or v in without:
            return
        if not info.has_edge(u, v) or info.edges[u, v]["days"] > days:
            info.add_edge(u, v, days=days, via=via)

    for cid, ch in g.scenario.channels.items():
        add(ch.source, ch.target, ch.cadence + ch.lag, cid)
    for body_id, body in g.scenario.bodies.items():
        for person in attendees(g, body_id):
            add(person, body_id, 0.0, body_id)
            if body.meets is not None:
                add(body_id, person, body.meets, body_id)
    return info


def answers_to(g: OrgGraph, node: str, director: str) -> bool:
    """The node is in the Director's line, delivers a function in their remit, or is (or sits
    below a post) declared accountable to them."""
    if in_line_of(g, node, director):
        return True
    if any(director in g.responsible_directors(f) for f in g.delivered_functions(node)):
        return True
    return any(director in g.accountable_to(n) for n in hops_chain(g, node))
