"""The rule engine: rules, packs, and how a rule's outcome becomes a `Finding`.

A rule is a test on the graph (structure, never names) with its citation, the strength of the
requirement as the cited text words it, a plain-English title, a mitigation and the evidence it
prints. A rule's check returns one or more `Outcome`s (one per Director, split or protocol it
judges); the engine turns each into the shared `Finding` type. The rating of an unmet requirement
follows its strength (`Strength.unmet`): a recorded departure (the scenario's `departures`, keyed by
rule id) always travels with the finding, and turns an unmet *should* from red to amber.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from ..model import vocab
from ..model.findings import Citation, Finding, Rating, Strength
from ..model.graph import OrgGraph
from .documents import Document, document


class Status(str, Enum):
    passed = "passed"
    failed = "failed"
    not_assessed = "not_assessed"


@dataclass(frozen=True)
class Outcome:
    """What a rule's test found for one subject (a Director, a split, a protocol...).

    `subject` distinguishes several outcomes of one rule (it becomes part of the finding id);
    `severity` may lower the rating the rule's strength gives (a split that is partly compensated
    is amber), never raise it; `strength` may make one subject's failure firmer than the rule's
    (a split with no safeguarding route at all is not excused by a recorded departure).
    """

    status: Status
    explanation: str
    evidence: tuple[str, ...] = ()
    subject: str | None = None
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    severity: Rating | None = None
    strength: Strength | None = None  # where this subject's failure is firmer than the rule's
    citation: Citation | None = None  # where this subject is judged by another text (a protocol)


def passed(explanation: str, evidence: Iterable[str] = (), **kw) -> Outcome:
    return Outcome(Status.passed, explanation, tuple(evidence), **kw)


def failed(explanation: str, evidence: Iterable[str] = (), **kw) -> Outcome:
    return Outcome(Status.failed, explanation, tuple(evidence), **kw)


def not_assessed(what_to_add: str, **kw) -> Outcome:
    """The scenario cannot be judged; `what_to_add` tells the user what to write."""
    return Outcome(Status.not_assessed, what_to_add, **kw)


Check = Callable[["RuleContext"], Sequence[Outcome] | Outcome]


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    document: str
    paragraph: str
    strength: Strength
    title: str
    test: str  # the test on the graph, in words
    mitigation: str
    check: Check = field(repr=False, compare=False)
    # The day the requirement it tests came into force, where that is later than its pack's
    # document (a current-framework pack tests requirements of several dates); None: the document's.
    in_force: date | None = None

    def applies_on(self, day: date) -> bool:
        """Whether the requirement was in force on `day` (a rule of the current framework that
        came in later is not held against an older structure)."""
        return self.in_force is None or day >= self.in_force

    @property
    def citation(self) -> Citation:
        return Citation(self.document, self.paragraph)

    @property
    def severity(self) -> Rating:
        """The rating when the test fails and no departure is recorded."""
        return self.strength.unmet(departure_recorded=False)

    def to_dict(self) -> dict:
        return {"id": self.id, "pack": self.pack, "citation": str(self.citation),
                "document": self.document, "paragraph": self.paragraph,
                "strength": self.strength.value, "severity": self.severity.value,
                "severity_with_departure": self.strength.unmet(departure_recorded=True).value,
                "title": self.title, "test": self.test, "mitigation": self.mitigation}


@dataclass(frozen=True)
class Pack:
    name: str
    document: Document
    title: str
    rules: tuple[Rule, ...]


class RuleContext:
    """The graph a rule judges, and the scenario's recorded departures."""

    def __init__(self, graph: OrgGraph):
        self.graph = graph
        self.scenario = graph.scenario

    def __getattr__(self, name: str):  # graph queries read naturally: ctx.holder("dcs")
        return getattr(self.graph, name)


def evaluate(rule: Rule, ctx: RuleContext) -> list[Finding]:
    result = rule.check(ctx)
    outcomes = [result] if isinstance(result, Outcome) else list(result)
    return [_finding(rule, ctx, o) for o in outcomes]


def _finding(rule: Rule, ctx: RuleContext, outcome: Outcome) -> Finding:
    evidence = outcome.evidence
    mitigation: str | None = None
    departure: str | None = None
    if outcome.status is Status.passed:
        rating = Rating.green
    elif outcome.status is Status.not_assessed:
        rating = Rating.not_assessed
    else:
        recorded = ctx.scenario.departures.get(rule.id)
        if recorded is not None:
            departure = recorded.reason.strip() + (
                f" (recorded in {recorded.recorded_in})" if recorded.recorded_in else "")
        strength = outcome.strength or rule.strength
        rating = strength.unmet(departure_recorded=recorded is not None)
        if outcome.severity is not None and outcome.severity.rank > rating.rank:
            rating = outcome.severity
        mitigation = rule.mitigation
    finding_id = rule.id if outcome.subject is None else f"{rule.id}:{outcome.subject}"
    return Finding(id=finding_id, pack=rule.pack, citation=outcome.citation or rule.citation,
                   severity=rating,
                   title=rule.title, explanation=outcome.explanation, evidence=evidence,
                   mitigation=mitigation, nodes=outcome.nodes, edges=outcome.edges,
                   figures=dict(outcome.figures), strength=rule.strength, departure=departure)


class RuleSet:
    """Collects one pack's rules as its module defines them, in citation order of definition."""

    def __init__(self, name: str, document: str, title: str):
        self.name, self.document, self.title = name, document, title
        self.rules: list[Rule] = []

    def rule(self, rule_id: str, paragraph: str, strength: Strength, title: str, test: str,
             mitigation: str, *, document: str | None = None,
             in_force: date | None = None) -> Callable[[Check], Check]:
        """Register a rule. `document` names the text it cites where that is not the pack's own
        (a current-framework pack cites statutes and successor guidance); `in_force` is the day
        that requirement came into force."""
        def register(check: Check) -> Check:
            self.rules.append(Rule(rule_id, self.name, document or self.document, paragraph,
                                   strength, title, test, mitigation, check, in_force))
            return check
        return register

    def pack(self) -> Pack:
        return Pack(self.name, document(self.document), self.title, tuple(self.rules))


def missing_role(ctx: RuleContext, *roles: str) -> Outcome | None:
    """not_assessed naming what to add when a role the rule needs has no holder, else None."""
    absent = [r for r in roles if not ctx.graph.holders(r)]
    if not absent:
        return None
    parts = [f"`roles: [{r}]` to the {vocab.ROLES[r].holder_kind} that is the "
             f"{vocab.ROLES[r].description.split(':')[0].split(',')[0]}" for r in absent]
    return not_assessed(
        f"No holder of {', '.join(absent)} is declared, so this cannot be judged. Add "
        + "; and ".join(parts) + ".")
