"""Rule pack `local-protocol`: a council's own accountability protocol, modelled on barnet-2014.

A protocol (scenario `protocols`) names a statutory Director, the posts and teams it covers and the
mechanisms it promises (vocab.MECHANISMS: barnet-2014 (a)-(g) and the assurance report). Each
mechanism rule checks that every protocol declaring the mechanism has it in the structure for at
least one post or team it covers (listing those it does not reach). A mechanism no protocol
declares is not judged (no finding): the statutory packs already judge whether a split is
compensated. Further rules check that protocols cover the splits under their Director, name a
statutory Director, and that the Director reports to members.

Mismatches are amber: the statutory consequence, if any, is raised by england-dcs-lm-2009 3.11,
england-dass-2005 28 or wales-dss-2009 4.7; these rules tell an auditor where the paper and the
structure disagree.
"""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Strength
from ..model.numbers import words
from . import structure as st
from .compensation import MECHANISM_LETTERS, MECHANISM_TESTS, compensations, written_protocols
from .engine import RuleSet, failed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
DOCUMENT = "barnet-2014"
# Mechanisms judged once per protocol rather than per covered node.
PER_DIRECTOR = ("board_chair", "audit_programme", "assurance_report")
TESTS_IN_WORDS = {
    "management_agreement": "a `commissions` edge of kind `management_agreement` from the "
                            "protocol's director to the covered node (or its line manager below "
                            "the Chief Executive)",
    "quarterly_report": "a channel from the covered node (or its line manager below the Chief "
                        "Executive) to the director, quarterly or faster, carrying performance_dip "
                        "or budget_pressure",
    "step_in": "a `step_in` right held by the director over the covered node or its line manager",
    "information_right": "a `request_information` right held by the director over the covered "
                         "node or its line manager",
    "safeguarding_one_to_one": "a channel from the covered node (or its line manager) to the "
                               "director, monthly or faster, carrying safeguarding items",
    "board_chair": "the director chairs a body (not a management team) that meets",
    "joint_appraisal": "a `joint_appraisal` right held by the director over the covered node or "
                       "its line manager",
    "audit_programme": "the director holds an `agree_audit_programme` right",
    "assurance_report": "a written channel from the director to the Chief Executive or to a body "
                        "the Chief Executive chairs",
}
MITIGATIONS = {
    "management_agreement": "Declare the management agreement under `commissions` (kind "
                            "management_agreement) from the Director to the delivery unit.",
    "quarterly_report": "Add the quarterly performance and finance report as a channel to the "
                        "Director.",
    "step_in": "Declare the step-in right under `rights` (kind step_in) with its trigger.",
    "information_right": "Declare the Director's request_information right over the delivery unit.",
    "safeguarding_one_to_one": "Add the monthly safeguarding one-to-one as a channel to the "
                               "Director carrying safeguarding items.",
    "board_chair": "Make the Director the chair of the partnership board the protocol names.",
    "joint_appraisal": "Declare the joint_appraisal right over the delivery director.",
    "audit_programme": "Declare the Director's agree_audit_programme right.",
    "assurance_report": "Add the Director's written report to each assurance board meeting as a "
                        "channel to the board the Chief Executive chairs.",
}

rules = RuleSet("local-protocol", DOCUMENT, "Local accountability protocol (modelled on the "
                "London Borough of Barnet's 2014 DCS and DASS protocols)")


def _rule_id(mechanism: str) -> str:
    letter = MECHANISM_LETTERS[mechanism].strip("()")
    return f"protocol.{letter + '.' if letter else ''}{mechanism.replace('_', '-')}"


def _paragraph(mechanism: str) -> str:
    citation = vocab.MECHANISMS[mechanism].citation
    return citation.removeprefix(DOCUMENT).strip(" ,") or "accountability arrangement"


def _mechanism_check(mechanism: str):
    detect = MECHANISM_TESTS[mechanism]

    def check(ctx):
        out = []
        for pid, p in ctx.scenario.protocols.items():
            if mechanism not in p.mechanisms:
                continue
            # A protocol may apply a mechanism to only some of what it covers (barnet-2014 (d):
            # one-to-ones with the Family Services Director alone), so one covered node with the
            # mechanism is enough; the others are listed so an auditor can see the reach.
            targets = [None] if mechanism in PER_DIRECTOR else list(p.covers)
            found = {n: detect(ctx.graph, p.director, st.hops_chain(ctx.graph, n) if n else ())
                     for n in targets}
            reached = [n for n, ev in found.items() if ev]
            evidence = [e for ev in found.values() for e in ev]
            if mechanism not in PER_DIRECTOR:
                evidence.append("not reaching: " + (st.names(ctx.graph, [n for n in targets
                                                                        if n not in reached])
                                                    or "none"))
            where = f"'{p.title}' ({ctx.title(p.director)})"
            kw = dict(subject=pid, nodes=(p.director, *(n for n in reached if n)))
            if reached:
                out.append(passed(f"{where}: declared and present.", evidence, **kw))
            else:
                out.append(failed(f"{where}: the protocol declares {words(mechanism)} "
                                  "but the structure has none.",
                                  [f"protocol {pid} mechanisms: {', '.join(p.mechanisms)}",
                                   f"covers: {st.names(ctx.graph, p.covers)}"], **kw))
        return out
    return check


for _m in vocab.MECHANISMS:
    rules.rule(_rule_id(_m), _paragraph(_m), RECOMMENDED,
               f"The protocol's {words(_m)} exists in the structure",
               TESTS_IN_WORDS[_m], MITIGATIONS[_m])(_mechanism_check(_m))


@rules.rule("protocol.covers-splits", "Accountability to the DCS", RECOMMENDED,
            "Every split under a protocol's Director is covered by one of that Director's "
            "protocols",
            "for every split whose Director is the director of some protocol, a protocol by that "
            "Director covers the node or its line manager below the Chief Executive",
            "Add the post or team to the `covers` of the Director's protocol.")
def covers_splits(ctx):
    directors = {p.director for p in ctx.scenario.protocols.values()}
    out = []
    for c in compensations(ctx.graph):
        s = c.split
        if s.director not in directors:
            continue
        docs = written_protocols(ctx.graph, s.director, st.hops_chain(ctx.graph, s.node))
        kw = dict(subject=f"{s.node}.{s.director}", nodes=(s.node, s.director))
        if docs:
            out.append(passed(f"{ctx.title(s.node)} is covered.", docs, **kw))
        else:
            out.append(failed(f"{ctx.title(s.node)} answers to {ctx.title(s.director)} but no "
                              "protocol of theirs covers it.",
                              [f"line chain: {' -> '.join(s.line_chain)}"], **kw))
    return out


@rules.rule("protocol.director-is-statutory", "Introduction", RECOMMENDED,
            "Each protocol names a statutory Director",
            "the `director` of every protocol holds `dcs`, `dass` or `dss`",
            "Name the statutory Director (the holder of dcs, dass or dss) as the protocol's "
            "director.")
def director_is_statutory(ctx):
    out = []
    for pid, p in ctx.scenario.protocols.items():
        roles = set(ctx.graph.roles_of(p.director)) & {"dcs", "dass", "dss"}
        make = passed if roles else failed
        out.append(make(f"'{p.title}' names {ctx.title(p.director)}"
                        + (f" ({', '.join(sorted(roles))})." if roles
                           else ", who holds no statutory Director role."),
                        subject=pid, nodes=(p.director,)))
    return out


MEMBER_BODIES = ("committee", "cabinet", "scrutiny", "council")


@rules.rule("protocol.reports-to-members", "Accountability of the DCS to the Lead Member", RECOMMENDED,
            "Each protocol's Director reports to members at least quarterly",
            "a channel, quarterly or faster, from the protocol's director to a `member` or to a "
            "body of kind committee, cabinet, scrutiny or council",
            "Send the Director's quarterly performance report to the responsible committee and "
            "Lead Member.")
def reports_to_members(ctx):
    out = []
    for director in dict.fromkeys(p.director for p in ctx.scenario.protocols.values()):
        found = [(c, ch) for c, ch in st.channels(ctx.graph, director, max_cadence=st.QUARTERLY)
                 if ctx.kind(ch.target) == "member" or (
                     ch.target in ctx.scenario.bodies
                     and ctx.scenario.bodies[ch.target].kind in MEMBER_BODIES)]
        kw = dict(subject=director, nodes=(director,), edges=tuple(c for c, _ in found))
        if found:
            out.append(passed(f"{ctx.title(director)} reports to members.",
                              [st.channel_text(ctx.graph, c, ch) for c, ch in found], **kw))
        else:
            out.append(failed(f"{ctx.title(director)} has no regular report to members.", **kw))
    return out


PACK = rules.pack()
