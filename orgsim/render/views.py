"""Diagrams as views over the one OrgGraph: each says what to show, `diagram` says how.

- `line`: line management as a top-down tree, directorates as clusters.
- `accountability`: the line tree with accountable-to edges over it; every split between line
  management and accountability (OrgGraph.splits()) drawn heavy and its post or team double-boxed.
- `information`: reporting channels labelled with name, cadence, lag and what they carry.
- `governance`: each council, committee and board as a cluster of its chair, members and observers.
- `all`: everything on one page, with a legend.
- `diff_view`: any of these for a baseline and an option at once, marking what the option adds,
  removes and changes; `highlight` marks the nodes and edges that findings name.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..model import vocab
from ..model.findings import Finding, Rating
from ..model.graph import ACCOUNTABLE_TO, COMMISSIONS, RIGHT, OrgGraph, Split
from ..model.numbers import cadence_words, days, duration_words, moment, words
from ..rules.structure import slowest_route
from .diagram import (
    ADDED,
    AMBER,
    CHANGED,
    RED,
    REMOVED,
    ClusterSpec,
    DiagramSpec,
    EdgeSpec,
    NodeSpec,
    Ratings,
    with_ratings,
)

GOVERNANCE_PER_ROW = 6  # bodies side by side before the next row starts
GOVERNANCE_PER_COLUMN = 6  # people stacked under a body before a new column starts


# --- nodes ---------------------------------------------------------------------------------------

def _duration(days: float) -> str:
    """Days for people: whole months or weeks where they are, else days to one decimal."""
    return duration_words(days, years=False, places=1)


ITEM_CODES = {
    "serious_incident": "SI", "safeguarding_concern": "SC", "provider_failure": "PF",
    "inspection_finding": "IF", "performance_dip": "PD", "budget_pressure": "BP",
    "workforce_shortfall": "WS", "complaint": "CO",
}


def _period(start: float, end: float | None) -> str:
    """A vacancy's span: 'from the start to month 3', 'from day 2.5 onwards'."""
    return ("from the start" if start == 0 else f"from {moment(start)}") + (
        f" to {moment(end)}" if end is not None else " onwards")


def _vacancy_text(g: OrgGraph, start: float, end: float | None, covered_by: str | None) -> str:
    cover = f"; interim: {g.title(covered_by)}" if covered_by else "; no interim"
    return f"vacant {_period(start, end)}{cover}"


_INTERIMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _interim_notes(g: OrgGraph) -> dict[str, list[str]]:
    """Interim cover each post gives, computed once per graph (every node asks)."""
    if g in _INTERIMS:
        return _INTERIMS[g]
    notes: dict[str, list[str]] = {}
    for post_id, post in g.scenario.posts.items():
        for v in post.vacant:
            if v.covered_by:
                notes.setdefault(v.covered_by, []).append(
                    f"interim {g.title(post_id)}, {_period(v.start, v.end)}")
    _INTERIMS[g] = notes
    return notes


def _signature(model: object) -> str:
    dump = getattr(model, "model_dump", None)
    return json.dumps(dump(mode="json"), sort_keys=True) if dump else ""


def _node(g: OrgGraph, node: str, clustered: bool = True, **extra) -> NodeSpec:
    roles = g.roles_of(node)
    entry = g.entry(node)
    notes: list[str] = []
    vacant = bool(getattr(entry, "vacant", ()))
    for v in getattr(entry, "vacant", ()):
        notes.append(_vacancy_text(g, v.start, v.end, v.covered_by))
    interim = _interim_notes(g).get(node, [])
    notes.extend(interim)
    unit = g.unit_of(node) if clustered else None
    cluster = extra.pop("cluster", f"unit:{unit}" if unit else None)
    return NodeSpec(
        id=node, kind=g.kind(node), title=g.title(node),
        badges=tuple(vocab.role_label(r).short if r in vocab.ROLE_LABELS else r for r in roles),
        director=bool(g.director_roles_of(node)),
        notes=(*notes, *extra.pop("notes", ())), vacant=vacant, interim=bool(interim),
        cluster=cluster, signature=_signature(entry), **extra)


def _clusters_for(nodes: Iterable[NodeSpec]) -> tuple[ClusterSpec, ...]:
    seen = dict.fromkeys(n.cluster for n in nodes if n.cluster and n.cluster.startswith("unit:"))
    return tuple(ClusterSpec(c, c.removeprefix("unit:"), "unit") for c in seen)


def _line_nodes(g: OrgGraph) -> list[str]:
    return [*g.scenario.posts, *g.scenario.teams]


def _line_edges(g: OrgGraph, nodes: set[str] | None = None) -> list[EdgeSpec]:
    return [EdgeSpec(e.source, e.target, "line", e.key) for e in g.line_edges()
            if nodes is None or (e.source in nodes and e.target in nodes)]


def _top(g: OrgGraph, nodes: Iterable[str]) -> tuple[str, ...]:
    heads = set(g.holders("head_of_paid_service"))
    return tuple(n for n in nodes if n in heads)


def _leaf_stacks(g: OrgGraph, nodes: set[str]) -> tuple[tuple[str, ...], ...]:
    """Where a manager has two or more reports with none of their own, stack them in a column
    under the manager rather than spreading them across the page: it keeps a 60-node council
    inside A4 landscape."""
    stacks = []
    for manager in g.nodes():
        if manager not in nodes:
            continue
        reports = [r for r in g.line_reports(manager) if r in nodes]
        leaves = [r for r in reports if not any(x in nodes for x in g.line_reports(r))]
        if len(leaves) >= 2:
            stacks.append(tuple(leaves))
    return tuple(stacks)


# --- views ---------------------------------------------------------------------------------------

def line_view(g: OrgGraph) -> DiagramSpec:
    nodes = _line_nodes(g)
    specs = [_node(g, n) for n in nodes]
    return DiagramSpec(
        name="line", title=f"Line management: {g.scenario.name}",
        subtitle="Who directs, appraises and can hire or fire whom; boxes group directorates.",
        nodes=tuple(specs), edges=tuple(_line_edges(g)), clusters=_clusters_for(specs),
        top=_top(g, nodes), stacks=_leaf_stacks(g, set(nodes)))


def _short(g: OrgGraph, node: str) -> str:
    """A Director by statutory role where it holds one (DCS), else by title."""
    roles = g.director_roles_of(node)
    return vocab.role_label(roles[0]).short if roles else g.title(node)


def _split_edges(g: OrgGraph, splits: list[Split]) -> tuple[list[EdgeSpec], dict[str, list[str]]]:
    """Accountable-to edges (heavy where they leave the line) and one edge per function split at
    the top of each split subtree; with the notes each split node carries."""
    split_pairs = {(s.node, s.director) for s in splits}
    notes: dict[str, list[str]] = {}
    edges: list[EdgeSpec] = []
    for u, v, k, *_ in g.accountability_edges():
        if (u, v) in split_pairs:
            line = g.line_manager(u)
            # Where the Director sits no higher in the tree than the split post, the edge may
            # pull the two together on the page without moving anyone's rank.
            edges.append(EdgeSpec(u, v, "split", k,
                                  label=f"accountable to the {_short(g, v)}, outside the line",
                                  constraint=len(g.line_chain(v)) >= len(g.line_chain(u))))
            notes.setdefault(u, []).append(
                f"line: {g.title(line) if line else 'none'}; answers to the {_short(g, v)}")
        else:
            edges.append(EdgeSpec(u, v, "accountable", k, constraint=False))
    for s in splits:
        if s.reason != "function":
            continue
        notes.setdefault(s.node, []).append(
            f"outside the line of the {_short(g, s.director)}: "
            + ", ".join(map(words, s.functions)))
        # Draw the edge only at the top of a split subtree: below it, the double box says enough.
        if any((up, s.director) in split_pairs for up in s.line_chain):
            continue
        edges.append(EdgeSpec(s.node, s.director, "function_split",
                              f"function:{s.node}:{s.director}",
                              label="delivers " + ", ".join(map(words, s.functions)),
                              constraint=False))
    return edges, notes


def _split_summary(g: OrgGraph, splits: list[Split]) -> tuple[str, ...]:
    lines = []
    for s in splits:
        if s.reason != ACCOUNTABLE_TO:
            continue
        manager = g.title(s.line_manager) if s.line_manager else "nobody"
        lines.append(f"Split: {g.title(s.node)} is line-managed by {manager} "
                     f"but accountable to {g.title(s.director)}.")
    top_function = [s for s in splits if s.reason == "function"
                    and not any(x.node in s.line_chain and x.director == s.director for x in splits)
                    and (s.node, s.director) not in {(x.node, x.director) for x in splits
                                                     if x.reason == ACCOUNTABLE_TO}]
    for s in top_function:
        lines.append(f"Split: {g.title(s.node)} delivers {', '.join(s.functions)} outside "
                     f"{g.title(s.director)}'s line.")
    return tuple(lines)


def accountability_view(g: OrgGraph) -> DiagramSpec:
    nodes = _line_nodes(g)
    splits = g.splits()
    split_edges, notes = _split_edges(g, splits)
    split_nodes = {s.node for s in splits}
    specs = [_node(g, n, split=n in split_nodes, notes=tuple(notes.get(n, ()))) for n in nodes]
    n_splits = len({(s.node, s.director) for s in splits})
    subtitle = (f"{n_splits} split{'s' if n_splits != 1 else ''} between line management and "
                "accountability, drawn heavy."
                if n_splits else "No splits: every line chain passes through the Director "
                "answerable for its work.")
    return DiagramSpec(
        name="accountability", title=f"Accountability over line management: {g.scenario.name}",
        subtitle=subtitle, nodes=tuple(specs), edges=(*_line_edges(g), *split_edges),
        clusters=_clusters_for(specs), top=_top(g, nodes), stacks=_leaf_stacks(g, set(nodes)),
        extra_legend=_split_summary(g, splits))


def channel_label(channel, full: bool = True) -> str:
    """Name, cadence, lag and what a channel carries; item kinds as the codes the key explains."""
    timing = cadence_words(channel.cadence) + (f", lag {_duration(channel.lag)}" if channel.lag else "")
    if not full:
        return timing
    carries = (" ".join(ITEM_CODES.get(k, k) for k in channel.carries) if channel.carries
               else "all items")
    if channel.min_severity:
        carries += f" ({channel.min_severity}+)"
    return f"{channel.name}\n{timing}\n{carries}"


def _item_key(edges: Iterable[EdgeSpec], g: OrgGraph) -> tuple[str, ...]:
    used = {k for e in g.channel_edges() for k in e.entry.carries}
    codes = [f"{code} {words(kind)}" for kind, code in ITEM_CODES.items() if kind in used]
    return ("Items carried: " + "; ".join(codes) + ".",) if codes else ()


def _channel_edges(g: OrgGraph, full: bool) -> list[EdgeSpec]:
    return [EdgeSpec(e.source, e.target, "channel", e.key, label=channel_label(e.entry, full),
                     signature=_signature(e.entry))
            for e in g.channel_edges()]


def information_view(g: OrgGraph) -> DiagramSpec:
    edges = _channel_edges(g, full=True)
    ends = {e.source for e in edges} | {e.target for e in edges}
    nodes = [n for n in g.nodes() if n in ends]
    specs = [_node(g, n) for n in nodes]
    return DiagramSpec(
        name="information", title=f"Reporting channels: {g.scenario.name}",
        subtitle="Each arrow is a channel: its name, how often it runs, its lag and what it carries.",
        nodes=tuple(specs), edges=tuple(edges), clusters=_clusters_for(specs), rankdir="BT",
        extra_legend=_item_key(edges, g))


def governance_view(g: OrgGraph) -> DiagramSpec:
    nodes: list[NodeSpec] = []
    clusters: list[ClusterSpec] = []
    stacks: list[tuple[str, ...]] = []
    firsts: list[tuple[str, str]] = []  # (body node, last chip of its first column)
    for body_id, body in g.scenario.bodies.items():
        meets = f"meets {cadence_words(body.meets)}" if body.meets is not None else "no meetings set"
        cluster = f"body:{body_id}"
        clusters.append(ClusterSpec(cluster, body.title, "body"))
        # The cluster carries the body's name; its own box says what kind of body and how often.
        nodes.append(replace(_node(g, body_id, clustered=False, cluster=cluster),
                             title=f"{vocab.BODY_KINDS[body.kind]}; {meets}"))
        people = ([(body.chair, "chair", f"chairs:{body_id}")] if body.chair else []) + \
            [(p, "member", f"member:{p}:{body_id}") for p in body.members] + \
            [(p, "observer", f"observes:{p}:{body_id}") for p in body.observers]
        chips = []
        for person, role, edge_key in people:
            base = _node(g, person, clustered=False)
            chip = replace(base, id=f"{body_id}/{person}", participation=role,
                           cluster=cluster, stands_for=person, seat=edge_key, notes=(),
                           signature=json.dumps({"seat": role, **json.loads(base.signature or "{}")},
                                                sort_keys=True))
            nodes.append(chip)
            chips.append(chip.id)
        columns = [chips[i:i + GOVERNANCE_PER_COLUMN]
                   for i in range(0, len(chips), GOVERNANCE_PER_COLUMN)] or [[]]
        for column in columns:
            stacks.append((body_id, *column))
        firsts.append((body_id, columns[0][-1] if columns[0] else body_id))
    # Wrap the boards into rows: each row starts below the tallest column of the row above.
    for i in range(GOVERNANCE_PER_ROW, len(firsts)):
        stacks.append((firsts[i - GOVERNANCE_PER_ROW][1], firsts[i][0]))
    return DiagramSpec(
        name="governance", title=f"Governance: {g.scenario.name}",
        subtitle="Councils, committees and boards with their chair, members and observers.",
        nodes=tuple(nodes), clusters=tuple(clusters), stacks=tuple(stacks))


def _grid(nodes: list[str], per_column: int) -> list[tuple[str, ...]]:
    return [tuple(nodes[i:i + per_column]) for i in range(0, len(nodes), per_column)]


SIDE_GROUPS = {"member": "Elected members", "body": "Councils, committees and boards",
               "external": "Outside the council"}


SEAT_STYLES = {"chairs": "chair", "member_of": "member", "observes": "observer"}


def _other_edge(e) -> EdgeSpec:
    """A body seat, right or commission edge for the all-in-one view."""
    if e.type in SEAT_STYLES:
        return EdgeSpec(e.source, e.target, SEAT_STYLES[e.type], e.key, constraint=False)
    if e.type == RIGHT:
        return EdgeSpec(e.source, e.target, "right", e.key, label=words(e.kind),
                        constraint=False, signature=_signature(e.entry))
    return EdgeSpec(e.source, e.target, "commission", e.key, label=e.entry.title,
                    signature=_signature(e.entry))


def all_view(g: OrgGraph) -> DiagramSpec:
    splits = g.splits()
    split_edges, notes = _split_edges(g, splits)
    split_nodes = {s.node for s in splits}
    nodes = []
    stacks: list[tuple[str, ...]] = [*_leaf_stacks(g, set(_line_nodes(g)))]
    for kind, group in SIDE_GROUPS.items():
        # Nodes outside the line tree would all sit on the top rank in one long row; grouping
        # them in stacked columns keeps the page landscape rather than a strip.
        ids = g.nodes_of_kind(kind)
        nodes += [_node(g, n, clustered=False, cluster=f"group:{kind}") for n in ids]
        columns = _grid(ids, 3)
        stacks += columns
        # ...and above the line tree, which would otherwise run beside them.
        stacks += [(column[-1], head) for column in columns for head in _top(g, g.nodes())]
    nodes += [_node(g, n, split=n in split_nodes, notes=tuple(notes.get(n, ())))
              for n in _line_nodes(g)]
    edges: list[EdgeSpec] = [*_line_edges(g), *split_edges]
    edges += [replace(e, constraint=False) for e in _channel_edges(g, full=False)]
    edges += [_other_edge(e) for e in g.edges(*SEAT_STYLES, RIGHT, COMMISSIONS)]
    groups = tuple(ClusterSpec(f"group:{kind}", title, "body")
                   for kind, title in SIDE_GROUPS.items() if g.nodes_of_kind(kind))
    return DiagramSpec(
        name="all", title=f"The whole organisation: {g.scenario.name}",
        subtitle="Line management, accountability, channels (with cadence), boards, rights and "
        "commissions.", nodes=tuple(nodes), edges=tuple(edges),
        clusters=(*groups, *_clusters_for(nodes)), top=_top(g, g.nodes()),
        stacks=tuple(stacks), extra_legend=_split_summary(g, splits))


VIEWS: dict[str, Callable[[OrgGraph], DiagramSpec]] = {
    "line": line_view,
    "accountability": accountability_view,
    "information": information_view,
    "governance": governance_view,
    "all": all_view,
}


def view(g: OrgGraph, name: str) -> DiagramSpec:
    return VIEWS[name](g)


# --- diff ----------------------------------------------------------------------------------------

def _changed_fields(before: str, after: str) -> list[str]:
    a, b = json.loads(before or "{}"), json.loads(after or "{}")
    return [words(k) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


def diff_view(base: OrgGraph, option: OrgGraph, view_name: str = "accountability") -> DiagramSpec:
    """One diagram of the option, with what it adds, removes and changes against the baseline.

    Nodes are matched by id and compared by their whole scenario entry; edges are matched by
    type, key and both ends (so a post moved to a new line manager shows its old line edge removed
    and its new one added) and compared by the channel, right or commission they carry.
    """
    old, new = VIEWS[view_name](base), VIEWS[view_name](option)
    old_nodes = {n.id: n for n in old.nodes}
    new_ids = {n.id for n in new.nodes}
    nodes: list[NodeSpec] = []
    for n in new.nodes:
        before = old_nodes.get(n.id)
        if before is None:
            nodes.append(replace(n, change=ADDED))
        elif before.signature != n.signature:
            fields = _changed_fields(before.signature, n.signature)
            nodes.append(replace(n, change=CHANGED, notes=(
                *n.notes, "changed: " + ", ".join(fields) if fields else "changed")))
        else:
            nodes.append(n)
    nodes.extend(replace(n, change=REMOVED) for n in old.nodes if n.id not in new_ids)

    old_edges = {e.identity: e for e in old.edges}
    new_identities = {e.identity for e in new.edges}
    edges: list[EdgeSpec] = []
    for e in new.edges:
        before = old_edges.get(e.identity)
        if before is None:
            edges.append(replace(e, change=ADDED))
        elif before.signature != e.signature or before.style != e.style:
            edges.append(replace(e, change=CHANGED))
        else:
            edges.append(e)
    edges.extend(replace(e, change=REMOVED) for e in old.edges if e.identity not in new_identities)

    cluster_ids = {c.id for c in new.clusters}
    clusters = (*new.clusters, *(c for c in old.clusters if c.id not in cluster_ids))
    removed = {n.id for n in nodes if n.change == REMOVED}
    stacks = (*new.stacks, *(s for s in old.stacks if removed & set(s)))
    counts = {c: sum(1 for x in (*nodes, *edges) if x.change == c) for c in (ADDED, REMOVED, CHANGED)}
    return replace(
        new, name=f"diff-{view_name}",
        title=f"Changes ({view_name}): {base.scenario.name} -> {option.scenario.name}",
        subtitle=f"{counts[ADDED]} added, {counts[REMOVED]} removed, {counts[CHANGED]} changed "
        "(nodes and edges).", nodes=tuple(nodes), edges=tuple(edges), clusters=clusters,
        stacks=stacks)


# --- findings ------------------------------------------------------------------------------------

def highlight(spec: DiagramSpec, findings: Iterable[Finding]) -> DiagramSpec:
    """Mark red and amber the nodes and edges the findings name (red wins where both do)."""
    nodes: Ratings = {}
    edges: Ratings = {}
    for f in findings:
        if f.severity not in (Rating.red, Rating.amber):
            continue
        rating = RED if f.severity == Rating.red else AMBER
        for target, refs in ((nodes, f.nodes), (edges, f.edges)):
            for ref in refs:
                previous, ids = target.get(ref, (rating, ()))
                target[ref] = (RED if RED in (previous, rating) else AMBER, (*ids, f.id))
    return with_ratings(spec, nodes, edges)


# --- line of sight -------------------------------------------------------------------------------

SIGHT_KINDS = ("serious_incident", "safeguarding_concern")
SIGHT_NODES = 30  # at most, so the diagram prints at 8 pt or more on an A4 page


@dataclass(frozen=True)
class SightRoute:
    """The slowest route by which one unit's items of one kind reach a Director."""

    unit: str
    kind: str
    teams: tuple[str, ...]
    steps: tuple[tuple[str, str, str, str], ...]  # (source, target, how, cadence words)
    worst_case_days: float | None  # None: some team of the unit has no route


def unit_node(unit: str) -> str:
    return f"unit/{unit}"


def remit_units(g: OrgGraph, director: str) -> dict[str, list[str]]:
    """The units (by name) of the teams whose functions the Director answers for."""
    units: dict[str, list[str]] = {}
    for team in g.scenario.teams:
        if any(director in g.responsible_directors(f) for f in g.delivered_functions(team)):
            units.setdefault(g.scenario.teams[team].unit or g.title(team), []).append(team)
    return units


def sight_routes(g: OrgGraph, director: str) -> list[SightRoute]:
    """Per unit of the remit and safeguarding kind, the route of its slowest team (the reach
    query the checks and the simulation share), the unit standing for its teams."""
    out = []
    kinds = [k for k in SIGHT_KINDS if k in g.scenario.item_kind_names()]
    for unit, teams in remit_units(g, director).items():
        for kind in kinds:
            worst, cut = slowest_route(g, teams, kind, director)
            steps: list[tuple[str, str, str, str]] = []
            if worst is not None and not cut:
                for i, st in enumerate(worst.steps):
                    source = unit_node(unit) if i == 0 else st.source
                    if st.how == "escalation":
                        how = "up the line at once"
                    else:
                        how = cadence_words(st.period) + (
                            f", lag {_duration(st.lag)}" if st.lag else "")
                        if st.how == "meeting":
                            how = f"at {g.title(st.via)} ({how})"
                        elif st.via in g.scenario.channels:
                            how = f"{g.scenario.channels[st.via].name} ({how})"
                    steps.append((source, st.target, st.how, how))
            out.append(SightRoute(unit, kind, tuple(teams), tuple(steps),
                                  None if cut or worst is None else worst.worst_case_days))
    return out


def sight_view(g: OrgGraph, director: str) -> DiagramSpec:
    """The Director, the units in their remit, and the routes by which safeguarding items reach
    them: each route labelled with its cadence, each unit with its worst case per kind."""
    routes = sight_routes(g, director)
    short = _short(g, director)
    unit_notes: dict[str, list[str]] = {}
    unit_rating: dict[str, str] = {}
    edges: dict[tuple[str, str, str], list[str]] = {}
    middle: list[str] = []
    for r in routes:
        label = vocab.item_label(r.kind)
        if r.worst_case_days is None:
            unit_notes.setdefault(r.unit, []).append(f"{label.singular}s: no route to the {short}")
            unit_rating[r.unit] = RED
        else:
            unit_notes.setdefault(r.unit, []).append(
                f"{label.singular}s: " + ("at once" if r.worst_case_days < 1e-9 else f"{days(r.worst_case_days)} at worst"))
        for source, target, _, how in r.steps:
            edges.setdefault((source, target, how), []).append(ITEM_CODES.get(r.kind, label.singular))
            for n in (source, target):
                if n != director and not n.startswith("unit/") and n not in middle:
                    middle.append(n)
    nodes = [_node(g, director, clustered=False)]
    for unit, teams in remit_units(g, director).items():
        nodes.append(NodeSpec(id=unit_node(unit), kind="team", title=unit,
                              notes=(f"{len(teams)} team{'s' if len(teams) != 1 else ''}",
                                     *unit_notes.get(unit, ())),
                              rating=unit_rating.get(unit)))
    nodes += [_node(g, n, clustered=False) for n in middle]
    specs = []
    for (source, target, how), kinds in edges.items():
        style = "line" if how == "up the line at once" else "channel"
        specs.append(EdgeSpec(source, target, style, f"sight/{source}/{target}/{how}",
                              label=f"{' '.join(dict.fromkeys(kinds))}: {how}"))
    if len(nodes) > SIGHT_NODES:
        # keep the Director, the units and the posts nearest the Director
        keep = {n.id for n in nodes[:SIGHT_NODES]}
        nodes = [n for n in nodes if n.id in keep]
        specs = [e for e in specs if e.source in keep and e.target in keep]
    return DiagramSpec(
        name=f"sight-{director}", title=f"Line of sight: {g.title(director)} ({short})",
        subtitle=f"Routes of serious incidents and safeguarding concerns to the {short}; each "
        "unit's worst case is its slowest team's.",
        nodes=tuple(nodes), edges=tuple(specs), shrink=False,
        extra_legend=_item_key_for(routes))


def _item_key_for(routes: Iterable[SightRoute]) -> tuple[str, ...]:
    kinds = dict.fromkeys(r.kind for r in routes)
    codes = [f"{ITEM_CODES.get(k, k)} {vocab.item_label(k).plural}" for k in kinds]
    return ("Items: " + "; ".join(codes) + ".",) if codes else ()
