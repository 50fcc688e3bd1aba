"""Rule pack `solace-adss`: the SOLACE/ADSS statement on Chief Executives and Directors of Social
Services (England, before the 2005 split into DCS and DASS).

The statement has no paragraph numbers; rules cite its section headings exactly as the document
writes them.

Strength: the statement is a joint view of two professional associations, never statutory
guidance, so no rule in this pack is red by default. Its "must"s and "should"s carry no statutory
force (a council owes them no duty to have regard, unlike s7 guidance), and most of what it asks
it words as "we believe" or "we recommend" (the monthly meetings), or offers "as a model" (the
quarterly briefing): every rule is *recommended*, amber when unmet. Where a finding here matters
in law it is because a statutory pack (the 2009 English or Welsh guidance) says the same.
"""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Strength
from . import structure as st
from .common import (direct_access_to_members, meetings_cover, on_management_team, regular_link,
                     reports_to_head_of_paid_service)
from .compensation import compensations, describe
from .engine import RuleSet, Status, failed, missing_role, not_assessed, passed

RECOMMENDED = Strength.recommended
# The document's own headings (checked against the text of the statement).
LEADERSHIP = "Chief Executives, Leadership and Accountability"
CONTEXT = "The Director of Social Services in context"
CORPORATE = "Corporate and Service Issues"
APPENDIX_A = "Appendix A: The post of Director of Social Services"
APPENDIX_B = "Appendix B: Matrix of responsibilities"
# What shows that quality and leadership stay with the DSS where another chief officer runs the
# service (the compensations the statement's own words support; an information right and a written
# protocol come from other documents and are not asked for here).
QUALITY_COMPENSATIONS = ("accountable_to", "safeguarding_route", "performance_route")
rules = RuleSet("solace-adss", "solace-adss",
                "SOLACE and ADSS statement on Chief Executives and Directors of Social Services")
rule = rules.rule


@rule("solace.first-line-to-cex", LEADERSHIP, RECOMMENDED,
      "The DSS's first line of accountability is to the Chief Executive",
      "the line manager of the holder of `dss` holds `head_of_paid_service`",
      "Make the Chief Executive the DSS's line manager.")
def first_line(ctx):
    return reports_to_head_of_paid_service(ctx, "dss", "DSS", "Chief Executive")


@rule("solace.monthly-cex-dss-meetings", LEADERSHIP, RECOMMENDED,
      "The Chief Executive and the DSS meet formally at least monthly",
      "channels both ways between the holders of `dss` and `head_of_paid_service`, or a body held "
      "for the two of them (not a management team, cabinet, council or board), at a month or "
      "faster",
      "Hold a formal monthly meeting of the Chief Executive and the DSS (hot issues; operational, "
      "performance and financial information; horizon scanning).")
def monthly_meetings(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"),
                        "Monthly CEx-DSS meeting", max_cadence=st.MONTHLY, two_way=True)


@rule("solace.meeting-agenda", LEADERSHIP, RECOMMENDED,
      "The monthly CEx-DSS meetings cover hot issues, performance and finance",
      "the channels between `dss` and `head_of_paid_service` at a month or faster together carry "
      "serious_incident, performance_dip and budget_pressure (a body held for the two of them "
      "carries what is tabled to it)",
      "Make the monthly meeting carry serious incidents, performance and budget information.")
def meeting_agenda(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return meetings_cover(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"), st.MONTHLY,
                          "The monthly meetings", "There is no monthly CEx-DSS meeting to judge "
                          "(see solace.monthly-cex-dss-meetings); add one first.")


@rule("solace.quarterly-political-briefing", LEADERSHIP, RECOMMENDED,
      "The Chief Executive, Leader, DSS and Executive Member are briefed together at least "
      "quarterly",
      "a body held for the briefing: attended by the holders of `head_of_paid_service`, `leader`, "
      "`dss` and `lead_member_children` (or `lead_member_adults`), chaired and made up of them "
      "alone (others may observe), not a cabinet, council, committee, management team or board, "
      "meeting quarterly or faster",
      "Hold a quarterly briefing of the Chief Executive, the Leader, the DSS and the Executive "
      "Member for social services.")
def quarterly_briefing(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service", "leader")):
        return na
    members = {*ctx.holders("lead_member_children"), *ctx.holders("lead_member_adults")}
    if not members:
        return missing_role(ctx, "lead_member_children")
    core = {ctx.holder("dss"), ctx.holder("head_of_paid_service"), ctx.holder("leader")}
    for b in st.dedicated_bodies(ctx.graph, core | members, st.QUARTERLY):
        body, present = ctx.scenario.bodies[b], set(st.attendees(ctx.graph, b))
        if members & present:
            return passed(f"{body.title} brings them together {st.fmt_days(body.meets)}.",
                          [f"body {b}: {body.title} meets {st.fmt_days(body.meets)}; attended by "
                           f"{st.names(ctx.graph, sorted(core | (members & present)))}"],
                          nodes=(b, *sorted(core)))
    return failed("No briefing brings the Chief Executive, Leader, DSS and Executive Member "
                  "together at least quarterly (a cabinet, council or management team they all "
                  "attend is not that briefing).", nodes=tuple(sorted(core | members)))


@rule("solace.top-team-member", CONTEXT, RECOMMENDED,
      "The DSS is an equal member of the top team under the Chief Executive",
      "the holder of `dss` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DSS to the corporate management team.")
def top_team(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dss"))


@rule("solace.single-political-point", CONTEXT, RECOMMENDED,
      "One identifiable councillor is politically accountable for childcare",
      "a member holds `lead_member_children` (not_assessed when no members are declared)",
      "Designate one executive member as politically accountable for children's social care.")
def single_political_point(ctx):
    if not ctx.scenario.members:
        return not_assessed("No elected members are declared. Add the councillors under "
                            "`members`, giving `roles: [lead_member_children]` to the one "
                            "accountable for childcare.")
    lm = ctx.holder("lead_member_children")
    if lm:
        return passed(f"{ctx.title(lm)} holds the role.", [f"member {st.name(ctx.graph, lm)}"],
                      nodes=(lm,))
    return failed("Members are declared but none is the accountable point for childcare.",
                  [f"members: {st.names(ctx.graph, ctx.scenario.members)}"])


@rule("solace.published-child-protection-overview", CONTEXT, RECOMMENDED,
      "One senior person gives a published overview of child protection, open to scrutiny",
      "a written channel, at least annual, carrying safeguarding items from a post to a body of "
      "kind `council`, `scrutiny`, `cabinet` or `committee`",
      "Have a named senior officer publish a yearly child protection overview to Council or "
      "scrutiny.")
def published_overview(ctx):
    kinds = ("council", "scrutiny", "cabinet", "committee")
    found = [(c, ch) for c, ch in st.channels(ctx.graph, max_cadence=st.ANNUAL,
                                              carrying=st.SAFEGUARDING_ITEMS, written=True)
             if ctx.kind(ch.source) == "post" and ch.target in ctx.scenario.bodies
             and ctx.scenario.bodies[ch.target].kind in kinds]
    if found:
        return passed("A written child protection overview goes to members.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found],
                      edges=tuple(c for c, _ in found))
    return failed("No officer sends a written safeguarding overview to Council, Cabinet or "
                  "scrutiny at least yearly.")


@rule("solace.keeps-cex-informed", CORPORATE, RECOMMENDED,
      "The DSS keeps the Chief Executive informed, inspection and audit reports included",
      "a channel from the holder of `dss` to the holder of `head_of_paid_service` carrying "
      "inspection_finding, or a body held for the two of them to which inspection findings are "
      "tabled, at least quarterly (assumption: keeping informed is regular; the text fixes no "
      "cadence)",
      "Report inspection and audit findings to the Chief Executive.")
def keeps_cex_informed(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"),
                        "Inspection findings reach the Chief Executive",
                        carrying=("inspection_finding",), both_ways=False)


@rule("solace.quality-where-operations-elsewhere", CONTEXT, RECOMMENDED,
      "Where operational child protection lies with another chief officer, the DSS keeps "
      "responsibility for quality",
      "for every split whose Director is the DSS: the unit (or a line manager of it below the "
      "Chief Executive) is declared accountable to the DSS, and routes (as the simulation moves "
      "items) bring serious incidents from every team of the unit within 5 days at worst and "
      "safeguarding concerns by routes no slower than monthly, and performance dips and budget "
      "pressures no slower than quarterly (assumed bounds, each stated with its source in the "
      "finding); the statement asks for no information right or written protocol, so none is "
      "required",
      "Declare the service accountable to the DSS and give the DSS regular safeguarding and "
      "performance reporting from it.")
def quality_elsewhere(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    comps = compensations(ctx.graph, dss)
    if not comps:
        return passed("Every social services team is line-managed through the DSS.", nodes=(dss,))
    out = []
    for c in comps:
        node = c.split.node
        missing = [m for m in QUALITY_COMPENSATIONS if m not in c.present]
        evidence = [line for line in describe(ctx.graph, c)
                    if not line.startswith(("present - a right", "missing - a right",
                                            "present - a written", "missing - a written",
                                            "barnet-2014"))]
        kw = dict(subject=node, nodes=(node, dss), edges=c.edges)
        where = f"{ctx.title(node)} is outside the DSS's line"
        if not missing:
            out.append(passed(f"{where}; it answers to the DSS, and its safeguarding and "
                              "performance information reaches the DSS in time.", evidence, **kw))
        elif c.unrouted:
            kinds = " and ".join(vocab.item_label(k).plural for k in c.unrouted)
            out.append(failed(f"{where}, and its {kinds} have no route to the DSS at all, so the "
                              "DSS cannot answer for its quality.", evidence, **kw))
        else:
            out.append(failed(f"{where}; the DSS's responsibility for quality is not supported "
                              f"(missing: {', '.join(missing)}).", evidence, **kw))
    return out


@rule("solace.executive-member-informed", LEADERSHIP, RECOMMENDED,
      "The DSS briefs the Executive Member for Social Services regularly, safeguarding included",
      "a channel from the holder of `dss` to the holder of `lead_member_children` carrying "
      "safeguarding items, or a body held for the two of them with safeguarding items tabled, at "
      "least quarterly (the statement's regular policy briefing of lead councillors)",
      "Brief the Executive Member on safeguarding at least quarterly.")
def executive_member_informed(ctx):
    if (na := missing_role(ctx, "dss", "lead_member_children")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("lead_member_children"),
                        "Safeguarding briefing of the Executive Member",
                        carrying=st.SAFEGUARDING_ITEMS, both_ways=False)


@rule("solace.political-managerial-divide", LEADERSHIP, RECOMMENDED,
      "Political and managerial authority stay distinct: no officer answers to a councillor as "
      "to a manager",
      "no post or team is declared accountable to an elected member (a member as line manager is "
      "already refused when the scenario is read)",
      "Make every officer accountable to an officer; the Executive Member is briefed by the "
      "Director and directs policy through the executive, not by managing staff.")
def political_managerial_divide(ctx):
    members = set(ctx.scenario.members)
    if not members:
        return not_assessed("No elected members are declared. Add the councillors under "
                            "`members`.")
    crossed = [f"{st.name(ctx.graph, node)} is accountable to {st.name(ctx.graph, m)}"
               for section in ("posts", "teams") for node in getattr(ctx.scenario, section)
               for m in ctx.accountable_to(node) if m in members]
    if crossed:
        return failed(f"{len(crossed)} officer relation(s) run to a councillor.", crossed)
    return passed("No officer is accountable to a councillor.")


@rule("solace.direct-access-to-councillors-and-committees", APPENDIX_A, RECOMMENDED,
      "The DSS has direct access to lead councillors and to the committees, executive and "
      "non-executive",
      "the holder of `dss` holds a `direct_access` right over, or a channel to, every member (or "
      "a body the member sits on), and over or to every body of kind `cabinet`, `committee` and "
      "`scrutiny`",
      "Give the DSS a direct_access right over the councillors, the Executive and the scrutiny "
      "committees.")
def direct_access(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    members = direct_access_to_members(ctx, dss)
    if members.status is not Status.passed:
        return members
    committees = [b for b, body in ctx.scenario.bodies.items()
                  if body.kind in ("cabinet", "committee", "scrutiny")]
    lacking = [b for b in committees if not st.direct_access(ctx.graph, dss, b)]
    evidence = [*members.evidence, *(e for b in committees
                                     for e in st.direct_access(ctx.graph, dss, b)[:1])]
    if lacking:
        return failed(f"{ctx.title(dss)} has direct access to every member but not to "
                      f"{st.names(ctx.graph, lacking)}.", evidence, nodes=(dss, *lacking))
    return passed(f"{ctx.title(dss)} has direct access to every declared member and committee.",
                  evidence, nodes=(dss,))


@rule("solace.effective-acpc", APPENDIX_A, RECOMMENDED,
      "There is an effective Area Child Protection Committee, with the DSS on it or receiving "
      "its reports",
      "a body of kind `lscb` (the Area Child Protection Committee, forerunner of the LSCB) meets "
      "at least quarterly, and the holder of `dss` chairs or is a member of it, or receives a "
      "channel from it",
      "Declare the Area Child Protection Committee (kind `lscb`), meeting at least quarterly, with "
      "the DSS as chair or member.")
def effective_acpc(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    committees = st.bodies_of_kind(ctx.graph, "lscb")
    if not committees:
        return failed("No Area Child Protection Committee (body of kind `lscb`) is declared.",
                      nodes=(dss,))
    evidence = []
    for b in committees:
        body = ctx.scenario.bodies[b]
        if body.meets is None or body.meets > st.QUARTERLY + 1e-9:
            continue
        if b in st.sits_on(ctx.graph, dss, "lscb"):
            evidence.append(f"body {b}: {body.title} meets {st.fmt_days(body.meets)}; the DSS "
                            f"{'chairs it' if body.chair == dss else 'is a member'}")
        evidence += [st.channel_text(ctx.graph, c, ch) for c, ch in st.channels(ctx.graph, b, dss)]
    if evidence:
        return passed("The Area Child Protection Committee meets regularly with the DSS.",
                      evidence, nodes=(dss, *committees))
    return failed("No Area Child Protection Committee meets at least quarterly with the DSS on it "
                  "or reporting to the DSS.", [f"committees: {st.names(ctx.graph, committees)}"],
                  nodes=(dss, *committees))


@rule("solace.laming-6-committee-of-members", APPENDIX_B, RECOMMENDED,
      "The council has a committee of members for children and families (Laming recommendation 6)",
      "a body of kind `committee` or `scrutiny`, chaired by an elected member, whose members are "
      "all elected members (officers may observe), to which a channel brings safeguarding items",
      "Set up a committee of members overseeing services to children and families, and report "
      "child protection to it.")
def committee_of_members(ctx):
    members = set(ctx.scenario.members)
    if not members:
        return not_assessed("No elected members are declared. Add the councillors under "
                            "`members`.")
    found, near = [], []
    for b, body in ctx.scenario.bodies.items():
        if body.kind not in ("committee", "scrutiny"):
            continue
        if body.chair not in members or not set(body.members) <= members:
            near.append(f"body {b}: {body.title} is not chaired and made up by members alone")
            continue
        fed = [st.channel_text(ctx.graph, c, ch) for c, ch in ctx.graph.channels_to(b)
               if st.carries_any(ctx.scenario, ch, st.SAFEGUARDING_ITEMS)]
        if fed:
            found += [f"body {b}: {body.title}, chaired by {ctx.title(body.chair)}", *fed]
        else:
            near.append(f"body {b}: {body.title} receives no safeguarding items")
    if found:
        return passed("A committee of members oversees children's safeguarding.", found)
    return failed("No committee of members receives reports on children's safeguarding.", near)


@rule("solace.laming-7-cex-chairs-board", APPENDIX_B, RECOMMENDED,
      "The Chief Executive chairs a management board for services to children and families "
      "(Laming recommendation 7)",
      "a body of kind `childrens_trust` or `partnership`, chaired by the holder of "
      "`head_of_paid_service`, that meets and has the holder of `dss` as a member",
      "Set up a management board for services to children and families, chaired by the Chief "
      "Executive, with the DSS on it.")
def cex_chairs_board(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    dss, hops = ctx.holder("dss"), ctx.holder("head_of_paid_service")
    boards = [b for b, body in ctx.scenario.bodies.items()
              if body.kind in ("childrens_trust", "partnership")]
    found = [f"body {b}: {ctx.scenario.bodies[b].title} meets "
             f"{st.fmt_days(ctx.scenario.bodies[b].meets)}; chaired by {ctx.title(hops)}"
             for b in boards if ctx.scenario.bodies[b].chair == hops
             and ctx.scenario.bodies[b].meets is not None and dss in ctx.scenario.bodies[b].members]
    if found:
        return passed("The Chief Executive chairs the board for children and families services.",
                      found, nodes=(hops, dss))
    return failed("No children and families board chaired by the Chief Executive with the DSS on "
                  "it.", [f"children's and partnership boards: "
                          f"{st.names(ctx.graph, boards) or 'none'}"],
                  nodes=(hops, dss))


PACK = rules.pack()
