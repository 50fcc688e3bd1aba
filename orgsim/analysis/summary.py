"""A plain summary of a scenario: who holds each statutory role, how big it is, where it splits."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model.graph import OrgGraph, Split


@dataclass(frozen=True)
class NodeRef:
    id: str
    title: str


@dataclass(frozen=True)
class SplitRow:
    node: NodeRef
    line_manager: NodeRef | None
    director: NodeRef
    reason: str
    functions: tuple[str, ...]
    line_chain: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioSummary:
    name: str
    jurisdiction: str
    governance: str
    roles: dict[str, tuple[NodeRef, ...]]
    counts: dict[str, int]
    splits: tuple[SplitRow, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def summarise(org: OrgGraph) -> ScenarioSummary:
    def ref(node: str) -> NodeRef:
        return NodeRef(node, org.title(node))

    def row(split: Split) -> SplitRow:
        manager = split.line_manager
        return SplitRow(ref(split.node), ref(manager) if manager else None, ref(split.director),
                        split.reason, split.functions, split.line_chain)

    s = org.scenario
    return ScenarioSummary(
        name=s.name, jurisdiction=s.jurisdiction, governance=s.governance,
        roles={role: tuple(ref(h) for h in holders)
               for role, holders in org.statutory_roles().items()},
        counts=org.counts(), splits=tuple(row(split) for split in org.splits()))
