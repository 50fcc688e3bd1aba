"""The organisation as one typed graph, with views and the queries checks and simulation need.

Line management, accountability, body membership, channels, rights and commissions are separate
edge types in one `networkx.MultiDiGraph`; they are never merged. Diagrams, checks and the simulation
all read this graph.

Edge directions: `line_manages` manager -> report; `accountable_to` the one accountable -> the one
held to account by; `member_of`/`chairs`/`observes` person -> body; `channel` source -> destination;
`right` holder -> node it is held over; `commissions` commissioner -> provider.

Code outside `orgsim.model` asks through the accessors (`roles_of`, `entry`, `edges`,
`channels_from`, `rights_held`, `bodies_of`, ...) and never reads networkx attribute dicts, so the
storage can change without touching the rules, the simulation or the diagrams.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import networkx as nx

from . import vocab
from .network import Network, compile_network
from .reach import Reach
from .scenario import NODE_KIND, NODE_SECTIONS, Channel, Commission, Right, Scenario

LINE_MANAGES = "line_manages"
ACCOUNTABLE_TO = "accountable_to"
MEMBER_OF = "member_of"
CHAIRS = "chairs"
OBSERVES = "observes"
CHANNEL = "channel"
RIGHT = "right"
COMMISSIONS = "commissions"
EDGE_TYPES = (LINE_MANAGES, ACCOUNTABLE_TO, MEMBER_OF, CHAIRS, OBSERVES, CHANNEL, RIGHT, COMMISSIONS)
BODY_EDGES = (MEMBER_OF, CHAIRS, OBSERVES)
# The edge attribute holding the scenario entry an edge of each type was built from.
_ENTRY_ATTRIBUTE = {CHANNEL: "channel", RIGHT: "right", COMMISSIONS: "commission"}


@dataclass(frozen=True)
class Split:
    """A node whose line chain does not pass through a Director it answers to.

    `reason` is `accountable_to` (the node is declared accountable to the Director) or `function`
    (it delivers statutory functions in the Director's remit).
    """

    node: str
    director: str
    reason: str
    functions: tuple[str, ...]
    line_chain: tuple[str, ...]

    @property
    def line_manager(self) -> str | None:
        return self.line_chain[0] if self.line_chain else None


class Edge(NamedTuple):
    """One typed edge, unpacking as (source, target, key, type, id, entry).

    `entry` is the channel, right or commission the edge comes from (None for line,
    accountability and body edges); `id` is that entry's scenario id (a right over several nodes
    gives one edge per node, each keyed `<id>:<node>`).
    """

    source: str
    target: str
    key: str
    type: str
    id: str | None = None
    entry: Channel | Right | Commission | None = None

    @property
    def kind(self) -> str | None:
        """The kind of right or commission."""
        return getattr(self.entry, "kind", None)


class OrgGraph:
    """A validated scenario as a typed multigraph. Immutable once built."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.graph = nx.MultiDiGraph(name=scenario.name, jurisdiction=scenario.jurisdiction,
                                     governance=scenario.governance)
        self._add_nodes()
        self._add_edges()
        nx.freeze(self.graph)
        # holder -> (right id, node held over, kind) of each of its rights
        self._rights: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}  # node -> its line chain

    # --- construction -------------------------------------------------------------------------

    def _add_nodes(self) -> None:
        for section in NODE_SECTIONS:
            for node_id, entry in getattr(self.scenario, section).items():
                self.graph.add_node(node_id, kind=NODE_KIND[section], title=entry.title,
                                    roles=tuple(getattr(entry, "roles", ())), entry=entry)

    def _edge(self, source: str, target: str, edge_type: str, key: str, **attrs) -> None:
        self.graph.add_edge(source, target, key=key, type=edge_type, **attrs)

    def _add_edges(self) -> None:
        s = self.scenario
        for section in ("posts", "teams"):
            for node_id, entry in getattr(s, section).items():
                if entry.line_manager:
                    self._edge(entry.line_manager, node_id, LINE_MANAGES, f"line:{node_id}")
                for target in entry.accountable_to:
                    self._edge(node_id, target, ACCOUNTABLE_TO, f"accountable:{node_id}:{target}")
        for body_id, body in s.bodies.items():
            if body.chair:
                self._edge(body.chair, body_id, CHAIRS, f"chairs:{body_id}")
            for person in body.members:
                self._edge(person, body_id, MEMBER_OF, f"member:{person}:{body_id}")
            for person in body.observers:
                self._edge(person, body_id, OBSERVES, f"observes:{person}:{body_id}")
        for channel_id, ch in s.channels.items():
            self._edge(ch.source, ch.target, CHANNEL, channel_id, id=channel_id, channel=ch)
        for right_id, right in s.rights.items():
            for target in right.over:
                self._edge(right.holder, target, RIGHT, f"{right_id}:{target}", id=right_id,
                           kind=right.kind, right=right)
        for commission_id, c in s.commissions.items():
            self._edge(c.source, c.target, COMMISSIONS, commission_id, id=commission_id,
                       kind=c.kind, commission=c)

    # --- views ----------------------------------------------------------------------------------

    def view(self, *edge_types: str) -> nx.MultiDiGraph:
        """A read-only view with every node and only the edges of the given types."""
        unknown = set(edge_types) - set(EDGE_TYPES)
        if unknown:
            raise ValueError(f"unknown edge types: {sorted(unknown)}")
        graph = self.graph
        return nx.subgraph_view(
            graph, filter_edge=lambda u, v, k: graph.edges[u, v, k]["type"] in edge_types)

    def line_view(self) -> nx.MultiDiGraph:
        return self.view(LINE_MANAGES)

    def accountability_view(self) -> nx.MultiDiGraph:
        return self.view(LINE_MANAGES, ACCOUNTABLE_TO)

    def information_view(self) -> nx.MultiDiGraph:
        return self.view(CHANNEL)

    def bodies_view(self) -> nx.MultiDiGraph:
        return self.view(*BODY_EDGES)

    # --- typed edges ----------------------------------------------------------------------------

    @staticmethod
    def _typed(u: str, v: str, key: str, data: dict) -> Edge:
        entry = data.get(_ENTRY_ATTRIBUTE.get(data["type"], ""))
        return Edge(u, v, key, data["type"], data.get("id"), entry)

    def _select(self, raw, edge_types: tuple[str, ...]) -> Iterator[Edge]:
        """Typed edges from networkx (u, v, key, data) rows, of the given types (all if none)."""
        for u, v, key, data in raw:
            if not edge_types or data["type"] in edge_types:
                yield self._typed(u, v, key, data)

    def edges(self, *edge_types: str) -> Iterator[Edge]:
        """Every edge of the given types (all types when none is given), in graph order."""
        return self._select(self.graph.edges(keys=True, data=True), edge_types)

    def edges_from(self, node: str, *edge_types: str) -> Iterator[Edge]:
        """The node's outgoing edges of the given types."""
        return self._select(self.graph.out_edges(node, keys=True, data=True), edge_types)

    def edges_to(self, node: str, *edge_types: str) -> Iterator[Edge]:
        """The node's incoming edges of the given types."""
        return self._select(self.graph.in_edges(node, keys=True, data=True), edge_types)

    def line_edges(self) -> Iterator[Edge]:
        return self.edges(LINE_MANAGES)

    def accountability_edges(self) -> Iterator[Edge]:
        """Declared accountable-to edges only (not line management)."""
        return self.edges(ACCOUNTABLE_TO)

    def channel_edges(self) -> Iterator[Edge]:
        return self.edges(CHANNEL)

    def channels_from(self, node: str) -> list[tuple[str, Channel]]:
        """(channel id, channel) for every channel the node sends, in graph order."""
        return [(e.id, e.entry) for e in self.edges_from(node, CHANNEL)]

    def channels_to(self, node: str) -> list[tuple[str, Channel]]:
        return [(e.id, e.entry) for e in self.edges_to(node, CHANNEL)]

    def rights_held(self, holder: str, kind: str | None = None,
                    over: str | None = None) -> list[tuple[str, str]]:
        """(right id, node held over) for the holder's rights, of a kind and over a node if given."""
        # asked thousands of times a check run (per rule, split and node): the graph is frozen,
        # so each holder's right edges are picked out of its out-edges once
        held = self._rights.get(holder)
        if held is None:
            held = self._rights[holder] = tuple((e.id, e.target, e.kind)
                                                for e in self.edges_from(holder, RIGHT))
        return [(rid, target) for rid, target, what in held
                if (kind is None or what == kind) and (over is None or target == over)]

    def bodies_of(self, person: str, relations: tuple[str, ...] = BODY_EDGES) -> dict[str, str]:
        """Bodies the person attends -> how (`member_of`, `chairs`, `observes`)."""
        return {e.target: e.type for e in self.edges_from(person, *relations)}

    def attendees(self, body: str) -> list[tuple[str, str]]:
        """(person, relation) for everyone who chairs, is a member of or observes the body."""
        return [(e.source, e.type) for e in self.edges_to(body, *BODY_EDGES)]

    # --- queries --------------------------------------------------------------------------------

    def has(self, node: str) -> bool:
        """Whether the id names a node (a post, member, team, body or external)."""
        return node in self.graph

    def nodes(self) -> list[str]:
        """Every node id, in scenario order (posts, members, teams, bodies, externals)."""
        return list(self.graph.nodes)

    def entry(self, node: str):
        """The scenario entry (Post, Member, Team, Body or External) a node was built from."""
        return self.graph.nodes[node]["entry"]

    def roles_of(self, node: str) -> tuple[str, ...]:
        """The statutory roles a node holds, in the order the scenario declares them."""
        return self.graph.nodes[node]["roles"]

    def director_roles_of(self, node: str) -> tuple[str, ...]:
        """The statutory Director roles among the node's roles (vocab.DIRECTOR_ROLES)."""
        return tuple(r for r in self.roles_of(node) if vocab.is_director(r))

    def accountable_to(self, node: str) -> tuple[str, ...]:
        """Whom a post or team is declared accountable to outside its line (empty otherwise)."""
        return tuple(getattr(self.entry(node), "accountable_to", ()))

    def unit_of(self, node: str) -> str | None:
        """A post's or team's directorate; a team without one sits in its line manager's."""
        unit = getattr(self.entry(node), "unit", None)
        if unit is None and self.kind(node) == "team":
            manager = self.line_manager(node)
            if manager is not None:
                unit = getattr(self.entry(manager), "unit", None)
        return unit

    # --- queries --------------------------------------------------------------------------------

    def kind(self, node: str) -> str:
        return self.graph.nodes[node]["kind"]

    def title(self, node: str) -> str:
        return self.graph.nodes[node]["title"]

    def nodes_of_kind(self, kind: str) -> list[str]:
        return [n for n, k in self.graph.nodes(data="kind") if k == kind]

    @cached_property
    def network(self) -> Network:
        """The compiled network the simulation runs on: the rules ask it where items travel."""
        return compile_network(self.scenario)

    @cached_property
    def reach(self) -> Reach:
        """Routes and worst-case days through `network` (`orgsim.model.reach`)."""
        return Reach(self.network)

    @cached_property
    def _role_holders(self) -> dict[str, tuple[str, ...]]:
        holders: dict[str, list[str]] = {}
        for node, roles in self.graph.nodes(data="roles"):
            for role in roles:
                holders.setdefault(role, []).append(node)
        return {role: tuple(nodes) for role, nodes in holders.items()}

    def holders(self, role: str) -> tuple[str, ...]:
        return self._role_holders.get(role, ())

    def holder(self, role: str) -> str | None:
        """The node holding a statutory role, or None where nobody is declared to hold it."""
        found = self.holders(role)
        return found[0] if found else None

    def line_manager(self, node: str) -> str | None:
        return getattr(self.entry(node), "line_manager", None)

    def line_chain(self, node: str) -> tuple[str, ...]:
        """The node's line managers, nearest first, up to the top of the organisation."""
        found = self._chains.get(node)
        if found is None:
            chain: list[str] = []
            manager = self.line_manager(node)
            while manager is not None and manager not in chain:
                chain.append(manager)
                manager = self.line_manager(manager)
            found = self._chains[node] = tuple(chain)
        return found

    def line_reports(self, node: str) -> list[str]:
        return [e.target for e in self.edges_from(node, LINE_MANAGES)]

    def remit(self, node: str) -> tuple[str, ...]:
        """The statutory functions a node answers for through the roles it holds."""
        roles = set(self.roles_of(node))
        return tuple(f for f in vocab.FUNCTIONS if roles & set(self.responsible_roles(f)))

    def responsible_roles(self, function: str) -> tuple[str, ...]:
        roles = vocab.REMITS[self.scenario.jurisdiction].get(function, ())
        if self.scenario.jurisdiction == "england" and function in vocab.ENGLAND_DSS_FUNCTIONS:
            roles = (*roles, "dss")
        return roles

    def responsible_directors(self, function: str) -> tuple[str, ...]:
        """The nodes holding a role whose remit includes the function, in role order."""
        directors: list[str] = []
        for role in self.responsible_roles(function):
            directors.extend(h for h in self.holders(role) if h not in directors)
        return tuple(directors)

    def delivered_functions(self, node: str) -> tuple[str, ...]:
        return tuple(getattr(self.entry(node), "delivers", ()))

    def statutory_roles(self) -> dict[str, tuple[str, ...]]:
        """Every statutory role in vocabulary order, with its holders (empty where undeclared)."""
        return {role: self.holders(role) for role in vocab.ROLES}

    def splits(self) -> list[Split]:
        """Every place where line management and accountability diverge, in a stable order."""
        found: list[Split] = []
        for section in ("posts", "teams"):
            for node in getattr(self.scenario, section):
                chain = self.line_chain(node)
                for director in self.accountable_to(node):
                    if director not in chain:
                        found.append(Split(node, director, ACCOUNTABLE_TO, (), chain))
                by_director: dict[str, list[str]] = {}
                for function in self.delivered_functions(node):
                    directors = self.responsible_directors(function)
                    # A shared function (transition: DCS and DASS) is in line when the chain
                    # passes through any one of the Directors who share it.
                    if any(d == node or d in chain for d in directors):
                        continue
                    for director in directors:
                        by_director.setdefault(director, []).append(function)
                for director, functions in by_director.items():
                    found.append(Split(node, director, "function", tuple(functions), chain))
        return found

    def counts(self) -> dict[str, int]:
        kinds = [k for _, k in self.graph.nodes(data="kind")]
        types = [t for _, _, t in self.graph.edges(data="type")]
        return {**{NODE_KIND[s]: kinds.count(NODE_KIND[s]) for s in NODE_SECTIONS},
                **{t: types.count(t) for t in EDGE_TYPES}}
