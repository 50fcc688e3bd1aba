"""Rule pack `local-protocol`: a council's own accountability protocols, held to their word.

An accountability protocol (scenario `protocols` of kind `accountability`) names a statutory
Director, the posts and teams it covers and the mechanisms it promises (vocab.MECHANISMS, after
barnet-2014's (a)-(g) and its assurance report). Each mechanism rule checks that every protocol
declaring the mechanism has it in the structure: for every delivery-unit director it covers (a
covered post outside the Director's line), except the safeguarding one-to-one, which a protocol
may hold with only some of them (barnet-2014 DCS (d): Family Services alone). A mechanism no
protocol declares is not judged: the statutory packs already judge whether a split is
compensated. Further rules check that protocols cover the splits under their Director, name a
statutory Director, and that the Director reports to members. Transition protocols and framework
documents are not accountability protocols and are judged by the statutory packs.

Findings cite the protocol itself: Barnet's protocols (a `source` naming barnet-2014) by the
letter and heading of the DCS or DASS protocol; any other council's as "local protocol" with the
protocol's title.

Mismatches are amber: the statutory consequence, if any, is raised by england-dcs-lm-2009 3.11,
england-dass-2005 28 or wales-dss-2009 4.7; these rules tell an auditor where the paper and the
structure disagree.
"""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Citation, Strength
from ..model.numbers import words
from . import structure as st
from .compensation import BARNET_LETTERS, MECHANISM_TESTS, compensations, written_protocols
from .engine import RuleSet, failed, passed

RECOMMENDED = Strength.recommended
BARNET = "barnet-2014"
# Mechanisms judged once per protocol rather than per covered unit director.
PER_DIRECTOR = ("board_chair", "assurance_report")
# Mechanisms a protocol may apply to only some of the units it covers.
SOME_UNITS = ("safeguarding_one_to_one",)
# barnet-2014's headings, per protocol: the DASS protocol's differ from the DCS's.
HEADINGS = {
    "dcs": {"to_director": "Accountability to the DCS",
            "to_cex": "Accountability of the DCS to the Chief Executive",
            "to_members": "Accountability of the DCS to the Lead Member for Children's Services"},
    "dass": {"to_director": "Accountability to the DASS",
             "to_cex": "Accountability of the DASS to the Chief Executive",
             "to_members": "Accountability of the DASS to the Elected Members of the Council"},
}
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
    "board_chair": "the director chairs a body (not a management team) that meets and on "
                   "which someone answering for education sits (the schools standards "
                   "partnership board or its equivalent)",
    "joint_appraisal": "a `joint_appraisal` right held by the director over the covered node or "
                       "its line manager",
    "audit_programme": "the director holds an `agree_audit_programme` right over the covered "
                       "node or its line manager",
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

rules = RuleSet("local-protocol", "local-protocol", "The council's own accountability protocols "
                "(each judged against what it promises; Barnet's 2014 protocols are the model)")


def accountability_protocols(scenario) -> dict:
    return {pid: p for pid, p in scenario.protocols.items() if p.kind == "accountability"}


def _first_of_each_director(scenario) -> dict:
    """Director -> their first accountability protocol (the one its findings cite)."""
    first = {}
    for p in accountability_protocols(scenario).values():
        first.setdefault(p.director, p)
    return first


def _role(ctx, director: str) -> str | None:
    """Which Barnet protocol a Director's would be: the DCS's or the DASS's."""
    roles = set(ctx.graph.roles_of(director))
    return "dcs" if "dcs" in roles else "dass" if "dass" in roles else None


def _is_barnet(p) -> bool:
    return bool(p.source) and p.source.startswith(BARNET)


def citation(ctx, p, mechanism: str | None = None, heading: str = "to_director") -> Citation:
    """Where a finding about protocol `p` is written: Barnet's letter or heading for Barnet's
    protocols, the council's own protocol by title otherwise."""
    role = _role(ctx, p.director)
    if mechanism == "assurance_report":
        heading = "to_cex"
    if _is_barnet(p) and role in HEADINGS:
        letter = BARNET_LETTERS[role].get(mechanism or "", "")
        head = "The Accountability Arrangement" if letter else HEADINGS[role][heading]
        return Citation(BARNET, f"{role.upper()} protocol, {head}" + (f" {letter}" if letter
                                                                      else ""))
    return Citation("local-protocol", f"'{p.title}'")


def _mechanism_id(mechanism: str) -> str:
    return f"protocol.{mechanism.replace('_', '-')}"


def _unit_directors(ctx, p) -> tuple[list[str], bool]:
    """The delivery-unit directors a protocol covers (its covered posts outside the Director's
    line), each of whom must have the mechanism; where it names no such post (a company and its
    teams, say), what it covers, any one of which is enough."""
    posts = [n for n in p.covers
             if ctx.kind(n) == "post" and not st.in_line_of(ctx.graph, n, p.director)]
    return (posts, True) if posts else (list(p.covers), False)


def _mechanism_check(mechanism: str):
    detect = MECHANISM_TESTS[mechanism]

    def check(ctx):
        out = []
        for pid, p in accountability_protocols(ctx.scenario).items():
            if mechanism not in p.mechanisms:
                continue
            targets, each = ([None], False) if mechanism in PER_DIRECTOR else \
                _unit_directors(ctx, p)
            found = {n: detect(ctx.graph, p.director, st.hops_chain(ctx.graph, n) if n else ())
                     for n in targets}
            reached = [n for n, ev in found.items() if ev]
            lacking = [n for n in targets if n not in reached]
            evidence = [e for ev in found.values() for e in ev]
            if mechanism not in PER_DIRECTOR:
                evidence.append("not reaching: " + (st.names(ctx.graph, lacking) or "none"))
            where = f"'{p.title}' ({ctx.title(p.director)})"
            kw = dict(subject=pid, nodes=(p.director, *(n for n in reached if n)),
                      citation=citation(ctx, p, mechanism))
            enough = reached if mechanism in SOME_UNITS or not each else \
                (reached and not lacking)
            if enough:
                out.append(passed(f"{where}: declared and present"
                                  + ("." if not lacking else
                                     f" for {st.names(ctx.graph, reached)} (the protocol may "
                                     "hold it with only some units)."), evidence, **kw))
            elif reached:
                out.append(failed(f"{where}: the protocol declares {words(mechanism)} for "
                                  f"every unit it covers, but {st.names(ctx.graph, lacking)} "
                                  "has none.", evidence, **kw))
            else:
                out.append(failed(f"{where}: the protocol declares {words(mechanism)} "
                                  "but the structure has none.",
                                  [f"protocol {pid} mechanisms: {', '.join(p.mechanisms)}",
                                   f"covers: {st.names(ctx.graph, p.covers)}"], **kw))
        return out
    return check


for _m in vocab.MECHANISMS:
    rules.rule(_mechanism_id(_m), "the protocol's own mechanism", RECOMMENDED,
               f"The protocol's {words(_m)} exists in the structure",
               TESTS_IN_WORDS[_m], MITIGATIONS[_m])(_mechanism_check(_m))


@rules.rule("protocol.covers-splits", "the protocol's cover", RECOMMENDED,
            "Every split under a protocol's Director is covered by one of that Director's "
            "protocols",
            "for every split whose Director is the director of some protocol, a protocol by that "
            "Director covers the node or its line manager below the Chief Executive",
            "Add the post or team to the `covers` of the Director's protocol.")
def covers_splits(ctx):
    first = _first_of_each_director(ctx.scenario)
    out = []
    for c in compensations(ctx.graph):
        s = c.split
        if s.director not in first:
            continue
        docs = written_protocols(ctx.graph, s.director, st.hops_chain(ctx.graph, s.node))
        kw = dict(subject=f"{s.node}.{s.director}", nodes=(s.node, s.director),
                  citation=citation(ctx, first[s.director]))
        if docs:
            out.append(passed(f"{ctx.title(s.node)} is covered.", docs, **kw))
        else:
            out.append(failed(f"{ctx.title(s.node)} answers to {ctx.title(s.director)} but no "
                              "protocol of theirs covers it.",
                              [f"line chain: {' -> '.join(s.line_chain)}"], **kw))
    return out


@rules.rule("protocol.director-is-statutory", "the protocol's Director", RECOMMENDED,
            "Each protocol names a statutory Director",
            "the `director` of every protocol holds `dcs`, `dass` or `dss`",
            "Name the statutory Director (the holder of dcs, dass or dss) as the protocol's "
            "director.")
def director_is_statutory(ctx):
    out = []
    for pid, p in accountability_protocols(ctx.scenario).items():
        roles = set(ctx.graph.roles_of(p.director)) & {"dcs", "dass", "dss"}
        make = passed if roles else failed
        out.append(make(f"'{p.title}' names {ctx.title(p.director)}"
                        + (f" ({', '.join(sorted(roles))})." if roles
                           else ", who holds no statutory Director role."),
                        subject=pid, nodes=(p.director,),
                        citation=citation(ctx, p, heading="to_director")))
    return out


MEMBER_BODIES = ("committee", "cabinet", "scrutiny", "council")


@rules.rule("protocol.reports-to-members", "the protocol's accountability to members",
            RECOMMENDED,
            "Each protocol's Director reports to members at least quarterly",
            "a channel, quarterly or faster, from the protocol's director to a `member` or to a "
            "body of kind committee, cabinet, scrutiny or council",
            "Send the Director's quarterly performance report to the responsible committee and "
            "Lead Member.")
def reports_to_members(ctx):
    out = []
    for director, p in _first_of_each_director(ctx.scenario).items():
        found = [(c, ch) for c, ch in st.channels(ctx.graph, director, max_cadence=st.QUARTERLY)
                 if ctx.kind(ch.target) == "member" or (
                     ch.target in ctx.scenario.bodies
                     and ctx.scenario.bodies[ch.target].kind in MEMBER_BODIES)]
        kw = dict(subject=director, nodes=(director,), edges=tuple(c for c, _ in found),
                  citation=citation(ctx, p, heading="to_members"))
        if found:
            out.append(passed(f"{ctx.title(director)} reports to members.",
                              [st.channel_text(ctx.graph, c, ch) for c, ch in found], **kw))
        else:
            out.append(failed(f"{ctx.title(director)} has no regular report to members.", **kw))
    return out


PACK = rules.pack()
