"""The one result type shared by checks, simulation and comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
class Currency:
    """Whether the text a finding cites was the law on the day judged, and if not, what was.

    `status`: in_force, replaced (a successor had taken its place by then) or not_yet_issued (the
    structure is older than the text). `change` says what the later framework asks instead where
    the requirement itself changed, citing it by statute section or successor heading
    (`successor_citation`); `superseded` is set when the requirement no longer applied as such on
    that day, so the finding is shown and labelled but not counted in the verdict.
    """

    status: str
    document: str
    note: str  # one sentence for the reader; empty when the text was in force
    replaced: date | None = None
    successor: str | None = None
    change: str | None = None
    successor_citation: str | None = None
    superseded: bool = False

    def to_dict(self) -> dict:
        return {"status": self.status, "document": self.document, "note": self.note,
                "replaced": self.replaced.isoformat() if self.replaced else None,
                "successor": self.successor, "change": self.change,
                "successor_citation": self.successor_citation, "superseded": self.superseded}


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
    currency: Currency | None = None  # whether the cited text was the law on the day judged

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
            "currency": self.currency.to_dict() if self.currency else None,
        }
