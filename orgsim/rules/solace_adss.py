"""Rule pack `solace-adss`: the SOLACE/ADSS statement on Chief Executives and Directors of Social
Services (England, before the 2005 split into DCS and DASS).

The statement has no paragraph numbers; rules cite its section headings.
"""

from __future__ import annotations

from ..model.findings import Strength
from . import structure as st
from .common import (on_management_team, regular_link, reports_to_head_of_paid_service,
                     split_outcomes)
from .engine import RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
LEADERSHIP = "Chief Executives, Leadership and Accountability"
CONTEXT = "The Director of Social Services in context"
CORPORATE = "Corporate and Service Issues"
APPENDIX_B = "Appendix B (governance, 7.1-7.3)"
rules = RuleSet("solace-adss", "solace-adss",
                "SOLACE and ADSS statement on Chief Executives and Directors of Social Services")
rule = rules.rule


@rule("solace.first-line-to-cex", LEADERSHIP, SHOULD,
      "The DSS's first line of accountability is to the Chief Executive",
      "the line manager of the holder of `dss` holds `head_of_paid_service`",
      "Make the Chief Executive the DSS's line manager.")
def first_line(ctx):
    return reports_to_head_of_paid_service(ctx, "dss", "DSS", "Chief Executive")


@rule("solace.monthly-cex-dss-meetings", LEADERSHIP, SHOULD,
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
    dss, ceo = ctx.holder("dss"), ctx.holder("head_of_paid_service")
    found = st.links(ctx.graph, dss, ceo, st.MONTHLY)
    if not found:
        return not_assessed("There is no monthly CEx-DSS meeting to judge (see "
                            "solace.monthly-cex-dss-meetings); add one first.")
    wanted = ("serious_incident", "performance_dip", "budget_pressure")
    covered = set()
    for link in found:
        if link.via_body:
            covered.update(set(wanted) & st.tabled_kinds(ctx.graph, link.key))
        else:
            ch = ctx.scenario.channels[link.key]
            covered.update(k for k in wanted if st.carries_any(ctx.scenario, ch, (k,)))
    lacking = [k for k in wanted if k not in covered]
    evidence = [x.text for x in found]
    if lacking:
        return failed(f"The monthly meetings do not carry {', '.join(lacking)}.", evidence,
                      nodes=(dss, ceo))
    return passed("The monthly meetings cover hot issues, performance and finance.", evidence,
                  nodes=(dss, ceo))


@rule("solace.quarterly-political-briefing", LEADERSHIP, SHOULD,
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


@rule("solace.top-team-member", CONTEXT, SHOULD,
      "The DSS is an equal member of the top team under the Chief Executive",
      "the holder of `dss` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DSS to the corporate management team.")
def top_team(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dss"))


@rule("solace.single-political-point", CONTEXT, SHOULD,
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


@rule("solace.published-child-protection-overview", CONTEXT, SHOULD,
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
      "tabled, at least yearly",
      "Report inspection and audit findings to the Chief Executive.")
def keeps_cex_informed(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"),
                        "Inspection findings reach the Chief Executive", max_cadence=st.ANNUAL,
                        carrying=("inspection_finding",), both_ways=False)


@rule("solace.quality-where-operations-elsewhere", CONTEXT, SHOULD,
      "Where operational child protection lies with another chief officer, the DSS keeps "
      "responsibility for quality",
      "for every split whose Director is the DSS: an accountable-to edge, "
      "routes (as the simulation moves items) from every team of the unit bringing serious "
      "incidents within 5 days at worst and safeguarding concerns by routes no slower than "
      "monthly, and performance dips and budget pressures no slower than quarterly (assumed "
      "bounds, each stated with its source in the finding), "
      "a request_information right and a written protocol; red when "
      "some team's serious incidents or safeguarding concerns have no route to the DSS at all, "
      "amber while any compensation is missing",
      "Set out in writing how the DSS oversees quality, with a regular channel and an "
      "information right.")
def quality_elsewhere(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    return split_outcomes(ctx, ctx.holder("dss"), "Every social services team is line-managed "
                          "through the DSS.")


@rule("solace.executive-member-informed", APPENDIX_B, SHOULD,
      "The Executive Member, who shares governance of child care with the Chief Executive, is "
      "kept informed on safeguarding",
      "a channel from the holder of `dss` to the holder of `lead_member_children` carrying "
      "safeguarding items, or a body held for the two of them with safeguarding items tabled, at "
      "least quarterly",
      "Brief the Executive Member on safeguarding at least quarterly.")
def executive_member_informed(ctx):
    if (na := missing_role(ctx, "dss", "lead_member_children")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("lead_member_children"),
                        "Safeguarding briefing of the Executive Member",
                        carrying=st.SAFEGUARDING_ITEMS, both_ways=False)


PACK = rules.pack()
