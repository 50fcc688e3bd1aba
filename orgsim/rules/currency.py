"""The law in force: whether the text each finding cites applied on the day judged, and, where a
requirement changed, what the later framework asks instead.

The facts are the project's record of which guidance is still in force (the successors' texts are
not held): each document's replacement is in `documents.py`; the requirements that changed are
listed here, each with the day the change took effect and its citation, a statute section or a
successor heading, never a paragraph number. A historic rule still runs whatever the date; its
finding is labelled. Where the requirement it tests no longer applied as such on that day (the
2009 discouragement of a combined DCS and DASS in 2026, an LSCB after 2019), the finding is
*superseded*: shown, with what replaced it, but not counted in the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..model.findings import Currency, Finding
from ..model.numbers import long_date
from .documents import Document, document


@dataclass(frozen=True)
class Change:
    """A requirement the later framework changed, for the rules that test it."""

    rules: tuple[str, ...]  # rule ids
    since: date  # the day the change took effect, as precisely as the record gives it
    asks: str  # what the later framework asks instead, in a sentence or two
    cites: str  # the successor, by statute section or heading
    # Whether the old requirement no longer applies as such (the finding is not counted). False
    # where the later framework keeps it under another name or the record marks it unconfirmed.
    supersedes: bool = True
    # The rule of today's framework that judges what replaced it: the old finding stops counting
    # only in a check where that rule ran (not, say, with `--pack england-dcs-lm-2009` alone).
    judged_by: str | None = None


CHANGES: tuple[Change, ...] = (
    Change(
        rules=("dcs.3.13.not-combined-with-dass", "dcs.3.13.no-second-tier-divide"),
        since=date(2013, 4, 8),
        asks="A DCS may now also hold other functions, the DASS included, where the council has "
             "satisfied itself through a documented local test of assurance, which it reviews, "
             "that the DCS can still discharge the statutory role.",
        cites="DfE 2013 statutory guidance on the DCS and Lead Member, 'additional functions' "
              "and 'local assurance'",
        judged_by="england-2026.dfe2013.additional-functions-assured"),
    Change(
        rules=("dcs.3.29.lscb-member", "dcs.2.17.lm-participant-observer",
               "dcs.2.17.lscb-independent-chair"),
        # Working Together 2018 arrangements were in place by September 2019; the day is the
        # first of the month.
        since=date(2019, 9, 1),
        asks="Local Safeguarding Children Boards were abolished (Children and Social Work Act "
             "2017; in place of them by September 2019): the council, the integrated care board "
             "and the chief officer of police share the duty as safeguarding partners, with "
             "independent scrutiny and a yearly report; since Working Together 2023 the "
             "council's chief executive is a Lead Safeguarding Partner who names a Delegated "
             "Safeguarding Partner able to take decisions.",
        cites="Working Together to Safeguard Children 2023, 'Lead Safeguarding Partners', "
              "'Delegated Safeguarding Partners', 'independent scrutiny' and 'yearly report'",
        judged_by="england-2026.wt2023.safeguarding-partnership"),
    Change(
        rules=("dcs.3.32.ctb-member",),
        since=date(2013, 4, 8),
        asks="The statutory duty to have a Children's Trust Board is reported to have lapsed "
             "(the Education Act 2011); orgsim's record of successors marks this unconfirmed, "
             "so the finding stands as the 2009 text asks.",
        cites="Education Act 2011 (unconfirmed)", supersedes=False),
    Change(
        rules=("dass.30.adult-protection-committee",),
        since=date(2015, 4, 1),
        asks="Safeguarding Adults Boards are statutory since the Care Act 2014 came into force: "
             "the council, the integrated care board and the chief officer of police are core "
             "members, the council appoints the chair, and the board publishes a strategic plan "
             "and an annual report and arranges safeguarding adults reviews.",
        cites="Care Act 2014 s43, Sch 2 and s44",
        judged_by="england-2026.s43.sab-core-members"),
    # Requirements today's framework restates: its own rule judges them from the day it applies,
    # so the historic finding is shown beside it and not counted twice.
    Change(
        rules=("dcs.3.5.reports-to-cex",),
        since=date(2013, 4, 8),
        asks="The 2013 guidance keeps the DCS reporting to the chief executive; today's "
             "framework judges it under that guidance's heading, so it is counted there once.",
        cites="DfE 2013 statutory guidance on the DCS and Lead Member, 'clear line of "
              "accountability'",
        judged_by="england-2026.dfe2013.dcs-reports-to-cex"),
    Change(
        rules=("wales.4.4.reports-to-hops",),
        since=date(2021, 1, 1),  # the Act's year; the record gives no commencement day
        asks="The 2021 Act replaced the head of paid service with a chief executive; today's "
             "framework judges the DSS's report to the chief executive, so it is counted there "
             "once.",
        cites="Local Government and Elections (Wales) Act 2021 s54",
        judged_by="wales-2026.s54.dss-reports-to-chief-executive"),
    Change(
        rules=("wales.5.3.hops-meetings", "wales.5.3.meeting-content",
               "wales.5.4.inspection-reports-to-hops", "wales.4.8.2.high-profile-cases",
               "wales.4.8.8.strategic-level", "wales.5.14.hops-reviews-arrangements"),
        since=date(2021, 1, 1),  # the Act's year; the record gives no commencement day
        asks="The 2021 Act replaced the designation of a head of paid service with a duty to "
             "appoint a chief executive: what this asks of the head of paid service is met by "
             "the chief executive.",
        cites="Local Government and Elections (Wales) Act 2021 s54", supersedes=False),
    Change(
        rules=("wales.4.8.4.safeguarding-boards",),
        since=date(2016, 4, 6),
        asks="Regional Safeguarding Boards for children and adults are reported to have replaced "
             "Welsh LSCBs under Part 7 of the 2014 Act; orgsim's record of successors marks this "
             "unconfirmed, so the finding stands as the 2009 text asks.",
        cites="Social Services and Well-being (Wales) Act 2014 Part 7 (unconfirmed)",
        supersedes=False),
)

# The SOLACE statement's rules all fall with the single English Director of Social Services.
_DSS_SPLIT = Change(
    rules=(), since=date(2005, 4, 1), judged_by="england-2026.s18.one-dcs",
    asks="From 2005 the single Director of Social Services was split into the DCS and the DASS: "
         "a council now needs both, each a statutory chief officer.",
    cites="Children Act 2004 s18; Local Authority Social Services Act 1970 s6(A1)")

_BY_RULE = {rule_id: change for change in CHANGES for rule_id in change.rules}


def change_for(rule_id: str, cited: str) -> Change | None:
    """The change the later framework made to what a rule tests, if the record lists one."""
    if cited == "solace-adss":
        return _DSS_SPLIT
    return _BY_RULE.get(rule_id)


def when_replaced(doc: Document) -> str:
    """'on 8 April 2013', 'in May 2006' or 'in 2005', as precisely as the record gives it."""
    text = doc.replaced_text or ""
    return f"on {text}" if len(text.split()) == 3 else f"in {text}"


def standing(doc: Document, day: date, name: str | None = None) -> str:
    """One sentence on the document's legal standing on `day`, or '' when it applied; `name`
    is how the sentence names it (its short name by default)."""
    name = name or doc.short
    if day < doc.issued:
        return (f"{name} dates from {doc.date_text}, after this structure's date "
                f"({long_date(day)}): its findings show what the later text asks.")
    if doc.replaced is not None and day >= doc.replaced:
        if doc.successor and doc.successor.startswith("no successor"):
            return f"{name} is historic since {doc.replaced_text}, with {doc.successor}."
        return f"{name} was replaced {when_replaced(doc)} by {doc.successor}."
    return ""


def currency_of(finding: Finding, day: date, ran: frozenset[str] | None = None) -> Currency:
    """Whether the text `finding` cites was the law on `day`, and what replaced it if not.
    `ran` is the ids of the rules the check ran (every rule when None)."""
    cited = finding.citation.document
    doc = document(cited)
    if day < doc.issued:
        return Currency("not_yet_issued", cited, standing(doc, day))
    if doc.replaced is None or day < doc.replaced:
        return Currency("in_force", cited, "")
    change = change_for(finding.id.partition(":")[0], cited)
    applies = change is not None and day >= change.since
    return Currency(
        "replaced", cited, standing(doc, day), replaced=doc.replaced, successor=doc.successor,
        change=change.asks if applies else None,
        successor_citation=change.cites if applies else None,
        superseded=applies and change.supersedes and (
            ran is None or change.judged_by is None or change.judged_by in ran))


def labelled(findings: tuple[Finding, ...], day: date) -> tuple[tuple[Finding, ...],
                                                                 tuple[Finding, ...]]:
    """The findings with their currency, split into those counted on `day` and those whose
    requirement had been superseded by then (shown, not counted)."""
    counted: list[Finding] = []
    superseded: list[Finding] = []
    ran = frozenset(f.id.partition(":")[0] for f in findings)
    for f in findings:
        c = currency_of(f, day, ran)
        (superseded if c.superseded else counted).append(replace(f, currency=c))
    return tuple(counted), tuple(superseded)


CAME_IN_LATER = "a requirement that came into force later"


@dataclass(frozen=True)
class Difference:
    """A finding that would be rated otherwise under the law of another day."""

    id: str
    title: str
    citation: str
    then: str | None  # its counted rating on the day judged; None: not counted, or not in force
    now: str | None  # and on the other day
    why: str  # in a sentence

    @property
    def not_yet_in_force(self) -> bool:
        return self.then is None and self.why == CAME_IN_LATER


def differences(then: tuple[Finding, ...], now: tuple[Finding, ...],
                now_superseded: tuple[Finding, ...] = ()) -> list[Difference]:
    """The counted findings whose rating differs between two days' checks of one structure:
    raised only under the later law (a requirement that came in since), no longer counted (its
    requirement superseded, with what replaced it), or rated otherwise. Greens that appear or go
    are left out: they change no verdict."""
    before = {f.id: f for f in then}
    after = {f.id: f for f in now}
    gone = {f.id: f for f in now_superseded}
    out: list[Difference] = []
    for fid, f in after.items():
        old = before.get(fid)
        if old is None and f.severity.value != "green":
            out.append(Difference(fid, f.title, str(f.citation), None, f.severity.value,
                                  CAME_IN_LATER))
        elif old is not None and old.severity is not f.severity:
            out.append(Difference(fid, f.title, str(f.citation), old.severity.value,
                                  f.severity.value, "the same rule, rated otherwise"))
    for fid, f in before.items():
        if fid not in after and f.severity.value != "green":
            replaced = gone.get(fid)
            why = (f"superseded: {replaced.currency.change}" if replaced and replaced.currency
                   and replaced.currency.change else "no longer applies")
            out.append(Difference(fid, f.title, str(f.citation), f.severity.value, None, why))
    return out
