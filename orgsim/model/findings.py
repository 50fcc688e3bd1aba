"""The one result type shared by checks, simulation and comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Rating(str, Enum):
    """RAG rating of a finding.

    red: a statutory requirement is not met. amber: a departure the guidance allows only with a
    recorded reason or mitigation. green: met. not_assessed: the scenario does not say enough to
    judge; the explanation says what to add.
    """

    red = "red"
    amber = "amber"
    green = "green"
    not_assessed = "not_assessed"

    @property
    def rank(self) -> int:
        """Worst first: red 0, amber 1, not_assessed 2, green 3."""
        return {"red": 0, "amber": 1, "not_assessed": 2, "green": 3}[self.value]


class Strength(str, Enum):
    """How strongly the cited text asks for what a rule tests, read from its wording.

    must: statute, or "must" in statutory guidance. should: statutory guidance's "should" (a
    council may depart with clear reasons). recommended: best practice, a joint statement's
    recommendation, or a model the text offers.
    """

    must = "must"
    should = "should"
    recommended = "recommended"

    def unmet(self, departure_recorded: bool) -> "Rating":
        """The rating of an unmet requirement: a must is red whatever is recorded; a should is red
        unless the council has recorded its reason for departing, then amber; a recommendation
        is amber."""
        if self is Strength.must:
            return Rating.red
        if self is Strength.should:
            return Rating.amber if departure_recorded else Rating.red
        return Rating.amber


@dataclass(frozen=True)
class Citation:
    """A guidance document by its short name, and a paragraph or section heading."""

    document: str
    paragraph: str

    def __str__(self) -> str:
        return f"{self.document} {self.paragraph}".strip()


@dataclass(frozen=True)
class Finding:
    """One judgement with its evidence and where the guidance says so.

    `nodes` and `edges` name the graph elements involved (node ids; edge keys as in OrgGraph) so
    diagrams can highlight them; `figures` carries numbers (days, shares, counts) for reports.
    """

    id: str
    pack: str
    citation: Citation
    severity: Rating
    title: str
    explanation: str
    evidence: tuple[str, ...] = ()
    mitigation: str | None = None
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    strength: Strength | None = None  # None for findings no guidance text sets (simulation)
    departure: str | None = None  # the council's recorded reason for departing, when it has one

    def to_dict(self) -> dict:
        return {
            "id": self.id, "pack": self.pack, "citation": str(self.citation),
            "document": self.citation.document, "paragraph": self.citation.paragraph,
            "severity": self.severity.value,
            "strength": self.strength.value if self.strength else None,
            "departure": self.departure, "title": self.title,
            "explanation": self.explanation, "evidence": list(self.evidence),
            "mitigation": self.mitigation, "nodes": list(self.nodes), "edges": list(self.edges),
            "figures": dict(self.figures),
        }
