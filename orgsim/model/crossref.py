"""Cross-reference checks that need the whole scenario: ids, cycles, roles and item kinds.

They return every problem at once, each with the path of the offending value in the scenario so the
loader can point at the file, line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import vocab
from .scenario import NODE_KIND, NODE_SECTIONS, SECTIONS, Scenario

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class RefProblem:
    path: Path
    message: str
    at_key: bool = False  # point at the mapping key rather than its value


def nearest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str], what: str) -> str:
    choices = sorted(set(choices))
    guess = nearest(word, choices)
    if guess:
        return f"did you mean '{guess}'?"
    if not choices:
        return f"declare the {what} first"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"write one of: {shown}"


def node_kinds(scenario: Scenario) -> dict[str, str]:
    """Every node id and its kind (post, member, team, body, external)."""
    return {node_id: NODE_KIND[section]
            for section in NODE_SECTIONS for node_id in getattr(scenario, section)}


class _Checker:
    def __init__(self, scenario: Scenario, removed: Mapping[str, str]):
        self.s = scenario
        self.removed = removed
        self.kinds = node_kinds(scenario)
        self.items = set(scenario.item_kind_names())
        self.problems: list[RefProblem] = []

    def add(self, path: Path, message: str, at_key: bool = False) -> None:
        self.problems.append(RefProblem(path, message, at_key))

    def ref(self, path: Path, target: str, allowed: tuple[str, ...], what: str) -> bool:
        """Check `target` names a node of one of the `allowed` kinds."""
        kind = self.kinds.get(target)
        if kind is None and target in self.removed:
            self.add(path, f"{what} '{target}' was removed {self.removed[target]}; "
                     "point this at another node, or change or remove this entry too")
            return False
        if kind is None:
            candidates = [n for n, k in self.kinds.items() if k in allowed]
            self.add(path, f"unknown {what} '{target}'; "
                     f"{did_you_mean(target, candidates, ' or '.join(allowed))}")
            return False
        if kind not in allowed:
            self.add(path, f"{what} '{target}' is a {kind}, but must be a {' or '.join(allowed)}")
            return False
        return True

    def item_kind(self, path: Path, kind: str, at_key: bool = False) -> None:
        if kind not in self.items:
            self.add(path, f"unknown item kind '{kind}'; {did_you_mean(kind, self.items, 'item kind')}"
                     " (declare new kinds under item_kinds)", at_key)

    def run(self) -> list[RefProblem]:
        self.unique_ids()
        self.people()
        self.bodies()
        self.edges()
        self.standards_and_protocols()
        self.roles()
        self.line_cycles()
        return self.problems

    def unique_ids(self) -> None:
        first_section: dict[str, str] = {}
        for section in SECTIONS:
            for entry_id in getattr(self.s, section):
                if entry_id in first_section:
                    self.add((section, entry_id), f"id '{entry_id}' is already used in "
                             f"{first_section[entry_id]}; ids must be unique across the scenario, "
                             "so rename one of them")
                else:
                    first_section[entry_id] = section

    def people(self) -> None:
        for section in ("posts", "teams"):
            for node_id, entry in getattr(self.s, section).items():
                here = (section, node_id)
                if entry.line_manager is not None:
                    if entry.line_manager == node_id:
                        self.add((*here, "line_manager"),
                                 f"'{node_id}' cannot line-manage itself; name its manager's post id")
                    else:
                        self.ref((*here, "line_manager"), entry.line_manager, ("post",),
                                 "line manager")
                for i, target in enumerate(entry.accountable_to):
                    path = (*here, "accountable_to", i)
                    if target == node_id:
                        self.add(path, f"'{node_id}' cannot be accountable to itself; remove it")
                    elif target == entry.line_manager:
                        self.add(path, f"'{target}' is already the line manager of '{node_id}'; "
                                 "accountable_to is for accountability outside the line, so remove it")
                    else:
                        self.ref(path, target, ("post", "member", "body"), "accountable_to")
                if getattr(entry, "provided_by", None) is not None:
                    self.ref((*here, "provided_by"), entry.provided_by, ("external",),
                             "provider")
                for kind in getattr(entry, "items", {}):
                    self.item_kind((*here, "items", kind), kind, at_key=True)
                for i, period in enumerate(getattr(entry, "vacant", ())):
                    if period.covered_by is None:
                        continue
                    path = (*here, "vacant", i, "covered_by")
                    if period.covered_by == node_id:
                        self.add(path, f"'{node_id}' cannot cover its own vacancy; name another "
                                 "post or leave covered_by out")
                    else:
                        self.ref(path, period.covered_by, ("post",), "interim")

    def bodies(self) -> None:
        for body_id, body in self.s.bodies.items():
            here = ("bodies", body_id)
            attendees = ("post", "member", "external")
            if body.chair is not None:
                self.ref((*here, "chair"), body.chair, attendees, "chair")
            for field in ("members", "observers"):
                for i, node in enumerate(getattr(body, field)):
                    self.ref((*here, field, i), node, attendees, field[:-1])
            both = set(body.members) & set(body.observers)
            for node in sorted(both):
                self.add((*here, "observers", body.observers.index(node)),
                         f"'{node}' is both a member and an observer of '{body_id}'; keep one")
            self.safeguarding_fields(body_id, body)

    # Which body kinds each safeguarding field belongs to: elsewhere it would never be read.
    SAFEGUARDING_FIELDS = {"partners": ("safeguarding_partnership", "sab"),
                           "independent_scrutiny": ("safeguarding_partnership",),
                           "yearly_report": ("safeguarding_partnership",),
                           "chair_appointed_by": ("sab",)}
    # The external kinds each partner may be: the ICB was `nhs` before its own kind existed.
    PARTNER_KINDS = {"police": ("police",), "icb": ("icb", "nhs")}

    def safeguarding_fields(self, body_id: str, body) -> None:
        here = ("bodies", body_id)
        for field, kinds in self.SAFEGUARDING_FIELDS.items():
            if getattr(body, field) is not None and body.kind not in kinds:
                self.add((*here, field), f"`{field}` is for a body of kind "
                         f"{' or '.join(kinds)}, and '{body_id}' is a {body.kind}; remove it, or "
                         f"change the body's kind", at_key=True)
        if body.partners is not None:
            for partner, kinds in self.PARTNER_KINDS.items():
                target = getattr(body.partners, partner)
                path = (*here, "partners", partner)
                if target is None or not self.ref(path, target, ("external",), f"{partner} partner"):
                    continue
                kind = self.s.externals[target].kind
                if kind not in kinds:
                    self.add(path, f"the {partner} partner '{target}' is an external of kind "
                             f"{kind}; name an external of kind {' or '.join(kinds)}, or give "
                             f"'{target}' `kind: {kinds[0]}`")
        if body.independent_scrutiny is not None:
            path = (*here, "independent_scrutiny")
            if self.ref(path, body.independent_scrutiny, ("external",), "independent scrutineer"):
                partners = body.partners
                if partners is not None and body.independent_scrutiny in (partners.police,
                                                                          partners.icb):
                    self.add(path, f"'{body.independent_scrutiny}' is one of the partners, so "
                             "cannot scrutinise them independently; name another external")
        if body.chair_appointed_by is not None:
            self.ref((*here, "chair_appointed_by"), body.chair_appointed_by,
                     ("post", "member", "body"), "appointer of the chair")

    def edges(self) -> None:
        anything = ("post", "member", "team", "body", "external")
        for channel_id, ch in self.s.channels.items():
            here = ("channels", channel_id)
            self.ref((*here, "from"), ch.source, anything, "channel source")
            self.ref((*here, "to"), ch.target, anything, "channel destination")
            for i, author in enumerate(ch.jointly_with):
                self.ref((*here, "jointly_with", i), author, ("post", "member"), "joint author")
            if ch.source == ch.target:
                self.add((*here, "to"), f"channel '{channel_id}' runs from '{ch.source}' to itself; "
                         "a channel must join two different nodes")
            for i, kind in enumerate(ch.carries):
                self.item_kind((*here, "carries", i), kind)
        for right_id, right in self.s.rights.items():
            here = ("rights", right_id)
            self.ref((*here, "holder"), right.holder, ("post", "member", "body"), "right holder")
            for i, target in enumerate(right.over):
                if target == right.holder:
                    self.add((*here, "over", i), f"'{target}' cannot hold a right over itself")
                else:
                    self.ref((*here, "over", i), target, anything, "node")
            if right.trigger is not None:
                self.item_kind((*here, "trigger", "item"), right.trigger.item)
        for commission_id, c in self.s.commissions.items():
            here = ("commissions", commission_id)
            self.ref((*here, "from"), c.source, ("post", "body"), "commissioner")
            self.ref((*here, "to"), c.target, ("post", "team", "external"), "provider")
            if c.source == c.target:
                self.add((*here, "to"), "a commission must join two different nodes")

    def standards_and_protocols(self) -> None:
        for standard_id, st in self.s.standards.items():
            here = ("standards", standard_id)
            if st.who not in self.kinds:
                if st.who in vocab.ROLES:
                    if not any(st.who in e.roles for e in (*self.s.posts.values(),
                                                          *self.s.members.values())):
                        self.add((*here, "who"), f"no node holds the role '{st.who}'; give it to a "
                                 "post or member, or name a node id")
                else:
                    self.add((*here, "who"), f"unknown node or role '{st.who}'; "
                             f"{did_you_mean(st.who, [*self.kinds, *vocab.ROLES], 'node')}")
            self.item_kind((*here, "item"), st.item)
            for i, team in enumerate(st.teams):
                self.ref((*here, "teams", i), team, ("team",), "team")
        for protocol_id, p in self.s.protocols.items():
            here = ("protocols", protocol_id)
            self.ref((*here, "director"), p.director, ("post",), "director")
            for i, node in enumerate(p.covers):
                self.ref((*here, "covers", i), node, ("post", "team", "external"), "covered node")

    def roles(self) -> None:
        holders: dict[str, list[Path]] = {}
        for section in ("posts", "members"):
            kind = NODE_KIND[section]
            for node_id, entry in getattr(self.s, section).items():
                for i, role_name in enumerate(entry.roles):
                    path = (section, node_id, "roles", i)
                    role = vocab.ROLES[role_name]
                    if role.holder_kind != kind:
                        where = "posts" if role.holder_kind == "post" else "members"
                        self.add(path, f"role '{role_name}' is held by a {role.holder_kind}, not a "
                                 f"{kind}; move it to an entry under {where}")
                    if self.s.jurisdiction not in role.jurisdictions:
                        alternative = " (in Wales the statutory director is 'dss')" \
                            if role_name in ("dcs", "dass") else ""
                        self.add(path, f"role '{role_name}' does not exist in "
                                 f"{self.s.jurisdiction}{alternative}")
                    holders.setdefault(role_name, []).append(path)
        for role_name, paths in holders.items():
            if vocab.ROLES[role_name].singular and len(paths) > 1:
                first = paths[0][1]
                for path in paths[1:]:
                    self.add(path, f"role '{role_name}' is already held by '{first}'; only one "
                             "node may hold it, so remove it from one of them")

    def line_cycles(self) -> None:
        managers = {node_id: e.line_manager
                    for section in ("posts", "teams")
                    for node_id, e in getattr(self.s, section).items()
                    if e.line_manager and e.line_manager != node_id and e.line_manager in self.kinds}
        # Each post is walked once: a walk stops at a post an earlier walk finished, so the
        # check is linear in the number of posts (a 5,000-post chain is instant).
        finished: set[str] = set()
        for start in managers:
            if start in finished:
                continue
            position: dict[str, int] = {}
            chain, node = [], start
            while node in managers and node not in finished and node not in position:
                position[node] = len(chain)
                chain.append(node)
                node = managers[node]
            if node in position:
                cycle = chain[position[node]:]
                shown = " -> ".join([*cycle, cycle[0]])
                section = "posts" if cycle[0] in self.s.posts else "teams"
                self.add((section, cycle[0], "line_manager"),
                         f"line management goes round in a circle ({shown}); "
                         "one of these posts must report outside the circle")
            finished.update(chain)


def cross_reference_problems(scenario: Scenario, removed: Mapping[str, str] | None = None,
                             ) -> list[RefProblem]:
    """Every cross-reference problem; `removed` maps ids an overlay removed to where it did so."""
    return _Checker(scenario, removed or {}).run()

