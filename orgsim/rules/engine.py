"""The rule engine: rules, packs, and how a rule's outcome becomes a `Finding`.

A rule is a test on the graph (structure, never names) with its citation, the rating it raises when
failed, a plain-English title, a mitigation and the evidence it prints. A rule's check returns one
or more `Outcome`s (one per Director, split or protocol it judges); the engine turns each into the
shared `Finding` type, applying recorded departures: a rule marked `departure_allowed` that fails is amber,
and green with the recorded reason as evidence when the scenario's `departures` section holds an
entry under the rule's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ..model import vocab
from ..model.findings import Citation, Finding, Rating
from ..model.graph import OrgGraph


class Status(str, Enum):
    passed = "passed"
    failed = "failed"
    not_assessed = "not_assessed"


@dataclass(frozen=True)
class Outcome:
    """What a rule's test found for one subject (a Director, a split, a protocol...).

    `subject` distinguishes several outcomes of one rule (it becomes part of the finding id);
    `severity` may lower the rule's failing rating (a split that is partly compensated is amber).
    """

    status: Status
    explanation: str
    evidence: tuple[str, ...] = ()
    subject: str | None = None
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    severity: Rating | None = None


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
    severity: Rating  # the rating when the test fails: red or amber
    title: str
    test: str  # the test on the graph, in words
    mitigation: str
    check: Check = field(repr=False, compare=False)
    departure_allowed: bool = False

    @property
    def citation(self) -> Citation:
        return Citation(self.document, self.paragraph)

    def to_dict(self) -> dict:
        return {"id": self.id, "pack": self.pack, "citation": str(self.citation),
                "document": self.document, "paragraph": self.paragraph,
                "severity": self.severity.value, "title": self.title, "test": self.test,
                "mitigation": self.mitigation, "departure_allowed": self.departure_allowed}


@dataclass(frozen=True)
class Pack:
    name: str
    document: str
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
    if outcome.status is Status.passed:
        rating = Rating.green
    elif outcome.status is Status.not_assessed:
        rating = Rating.not_assessed
    else:
        rating = outcome.severity or rule.severity
        departure = ctx.scenario.departures.get(rule.id)
        if departure is not None:
            recorded = f"departure recorded under {rule.id}: {departure.reason}" + (
                f" ({departure.recorded_in})" if departure.recorded_in else "")
            evidence = (*evidence, recorded)
            if rule.departure_allowed:
                rating = Rating.green
        if rating is not Rating.green:
            mitigation = rule.mitigation
    finding_id = rule.id if outcome.subject is None else f"{rule.id}:{outcome.subject}"
    return Finding(id=finding_id, pack=rule.pack, citation=rule.citation, severity=rating,
                   title=rule.title, explanation=outcome.explanation, evidence=evidence,
                   mitigation=mitigation, nodes=outcome.nodes, edges=outcome.edges,
                   figures=dict(outcome.figures))


class RuleSet:
    """Collects one pack's rules as its module defines them, in citation order of definition."""

    def __init__(self, name: str, document: str, title: str):
        self.name, self.document, self.title = name, document, title
        self.rules: list[Rule] = []

    def rule(self, rule_id: str, paragraph: str, severity: Rating, title: str, test: str,
             mitigation: str, departure_allowed: bool = False) -> Callable[[Check], Check]:
        def register(check: Check) -> Check:
            self.rules.append(Rule(rule_id, self.name, self.document, paragraph, severity, title,
                                   test, mitigation, check, departure_allowed))
            return check
        return register

    def pack(self) -> Pack:
        return Pack(self.name, self.document, self.title, tuple(self.rules))


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
