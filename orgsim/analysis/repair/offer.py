"""What the menu offers for an option's problems, read from the registry in `menu`: the
mechanisms for each weakening's (Director, post) pair and for each new red check, and the moves
the search tries.

Each candidate mechanism is a move, and so is each bundle of one kind declared `bundles` for every
post it is offered for under one Director (say the Director's fortnightly supervision of all the
delivery-unit directors at once): a Director's "all teams" row can only clear when every unit
feeding it is repaired, so no single post's mechanism would show an improvement on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...model import vocab
from ...model.findings import Finding
from ...model.graph import OrgGraph
from ...model.scenario import Body, Channel, Commission, Post, Right, Scenario
from ...rules.registry import rule_of_finding
from ..compare import OptionComparison
from .menu import MENU, Clears, Mechanism, MechanismKind, Site
from .posts import weakening_pairs

_MODELS = {"channels": Channel, "rights": Right, "commissions": Commission, "posts": Post,
           "bodies": Body}


@dataclass(frozen=True)
class Move:
    """One step of the search: a mechanism, or the same kind for several posts of one Director."""

    mechanisms: tuple[Mechanism, ...]


def pair_mechanisms(option: Scenario, baseline: Scenario, d: str, p: str, weak: Iterable[str],
                    split_red: bool = False) -> list[Mechanism]:
    """The menu for one (Director, post) pair: the kinds that can touch a kind weakened under the
    post, and with `split_red` the kinds offered for a red split check."""
    weak = frozenset(weak)
    site = Site(option, baseline, OrgGraph(option), d, p, weak)
    return [m for kind in MENU.values()
            if kind.offered_for(option, weak) or (split_red and kind.for_split)
            for m in kind.mechanisms(site)]


def check_mechanisms(option: Scenario, finding: Finding) -> list[Mechanism]:
    """Mechanisms that can clear one new red check (empty when the menu has none)."""
    rule = rule_of_finding(finding)
    graph = OrgGraph(option)
    return [m for kind in MENU.values() for c in kind.clears if c.rule is rule
            for m in _clearing(kind, c, option, graph, finding)]


def _clearing(kind: MechanismKind, clears: Clears, option: Scenario, graph: OrgGraph,
              finding: Finding) -> list[Mechanism]:
    d = graph.holder(clears.role)
    if d is None or d not in option.posts:
        return []
    return [m for post in clears.target(option, graph, d, finding)
            for m in kind.mechanisms(Site(option, option, graph, d, post, finding=finding))]


def finding_line(finding: Finding) -> str:
    return f"[{finding.severity.value}] {finding.id} ({finding.citation}): {finding.title}"


def offer_moves(option: Scenario, baseline: Scenario, result: OptionComparison,
                ) -> tuple[list[Move], list[str]]:
    """The moves for the option's problems, and the new red checks with no menu remedy."""
    pairs, kinds, _ = weakening_pairs(option, result.weakenings, result.weakened_rows)
    mechanisms: list[Mechanism] = []
    for d, p in pairs:
        mechanisms += pair_mechanisms(option, baseline, d, p, kinds[(d, p)])
    no_remedy = []
    for f in result.checks.new_red:
        found = check_mechanisms(option, f)
        if not found:
            no_remedy.append(finding_line(f))
        mechanisms += found
    unique: dict[str, Mechanism] = {}
    for m in mechanisms:
        unique.setdefault(m.id, m)
    return [Move((m,)) for m in unique.values()] + _bundles(unique.values()), no_remedy


def _bundles(mechanisms: Iterable[Mechanism]) -> list[Move]:
    groups: dict[tuple[str, str], list[Mechanism]] = {}
    for m in mechanisms:
        if m.affects_simulation and MENU[m.kind].bundles:
            groups.setdefault((m.director, m.kind), []).append(m)
    return [Move(tuple(ms)) for ms in groups.values() if len({m.post for m in ms}) > 1]


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


def merge_entries(mechanisms: Iterable[Mechanism]) -> dict:
    """The mechanisms' entries as one set of scenario sections (lists of a field united)."""
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
