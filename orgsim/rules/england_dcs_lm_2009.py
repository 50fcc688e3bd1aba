"""Rule pack `england-dcs-lm-2009`: the Lead Member for Children's Services and the DCS (England).

Each rule paraphrases one requirement of the 2009 statutory guidance and tests it on the graph.
"""

from __future__ import annotations

from ..model.findings import Strength
from . import structure as st
from .common import (annual_written, below_director, direct_access_to_members, monitoring_link,
                     on_executive, on_management_team, regular_link,
                     reports_to_head_of_paid_service, sits_on_rule, split_outcomes)
from .engine import RuleContext, RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
rules = RuleSet("england-dcs-lm-2009", "england-dcs-lm-2009",
                "Lead Member for Children's Services and Director of Children's Services (2009)")
rule = rules.rule


def _lm(ctx: RuleContext) -> str | None:
    return ctx.holder("lead_member_children")


@rule("dcs.3.5.reports-to-cex", "3.5, 3.44", MUST,
      "The DCS reports directly to the Chief Executive",
      "the line manager of the holder of `dcs` holds `head_of_paid_service`",
      "Make the Chief Executive the DCS's line manager, with no tier between them.")
def reports_to_cex(ctx):
    return reports_to_head_of_paid_service(ctx, "dcs", "DCS", "head of paid service")


@rule("dcs.3.5.senior-management-team", "3.5, 3.10", MUST,
      "The DCS sits on the council's senior management team",
      "the holder of `dcs` is a member or chair of a `management_team` body that the holder of "
      "`head_of_paid_service` chairs or attends",
      "Add the DCS as a member of the corporate management team chaired by the Chief Executive.")
def senior_management_team(ctx):
    if (na := missing_role(ctx, "dcs", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dcs"))


@rule("dcs.3.7.direct-access-to-members", "3.7", SHOULD,
      "The DCS has direct access to all members, the Leader included",
      "the holder of `dcs` holds a `direct_access` right over, or a channel to, every member",
      "Give the DCS a direct_access right over all members (within the corporate framework).")
def dcs_direct_access(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    return direct_access_to_members(ctx, ctx.holder("dcs"))


@rule("dcs.3.11.line-management-elsewhere", "3.11", SHOULD,
      "Where line management lies outside the DCS, effective systems and protocols compensate",
      "for every split whose Director is the DCS (OrgGraph.splits): an accountable-to edge, "
      "routes (as the simulation moves items) from every team of the unit bringing serious "
      "incidents within 5 days at worst and safeguarding concerns by routes no slower than "
      "monthly, and performance dips and budget pressures no slower than quarterly (assumed "
      "bounds, each stated with its source in the finding), "
      "and a written protocol (3.11 asks for systems and protocols); red when "
      "some team's serious incidents or safeguarding concerns have no route to the DCS at all "
      "(the DCS answers for safeguarding whoever line-manages, 3.44(b): a recorded departure "
      "does not excuse it), amber while any compensation is missing",
      "Give the unit an immediate notification of serious incidents and at least a monthly "
      "safeguarding one-to-one with the DCS, a quarterly performance and finance report and a "
      "written protocol (barnet-2014 (a)-(g) are one council's model).")
def line_management_elsewhere(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    return split_outcomes(ctx, ctx.holder("dcs"), "Every officer and team delivering children's "
                          "functions is line-managed through the DCS.", SYSTEMS_AND_PROTOCOLS)


SYSTEMS_AND_PROTOCOLS = ("accountable_to", "safeguarding_route", "performance_route",
                         "written_protocol")


@rule("dcs.3.13.not-combined-with-dass", "3.13", RECOMMENDED,
      "The DCS and DASS roles are combined only with a strong recorded justification",
      "one post holds both `dcs` and `dass`; green if not, or if `departures` records a reason "
      "under this rule's id",
      "Separate the roles, or record the justification under `departures` with this rule's id.")
def not_combined(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    dcs = ctx.holder("dcs")
    if dcs in ctx.holders("dass"):
        return failed(f"{ctx.title(dcs)} holds both the DCS and the DASS roles.",
                      [f"{st.name(ctx.graph, dcs)} roles: dcs, dass"], nodes=(dcs,))
    return passed("The DCS does not also hold the DASS role.", nodes=(dcs,))


@rule("dcs.3.13.no-second-tier-divide", "3.13", SHOULD,
      "A combined DCS/DASS keeps education and children's social care integrated below it",
      "where one post holds `dcs` and `dass`, the teams delivering `education` and those "
      "delivering `children_social_care` share a post in the tier directly below the DCS",
      "Put education and children's social care under one second-tier post.")
def no_second_tier_divide(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    dcs = ctx.holder("dcs")
    if dcs not in ctx.holders("dass"):
        return passed("The roles are not combined, so the condition does not arise.")
    tiers = {}
    for function in ("education", "children_social_care"):
        teams = st.function_teams(ctx.graph, [function])
        if not teams:
            return not_assessed(f"No team delivers `{function}`. Add `delivers: [{function}]` "
                                "to the teams that do.")
        tiers[function] = {below_director(ctx, t, dcs) for t in teams} - {None}
    shared = tiers["education"] & tiers["children_social_care"]
    evidence = [f"second tier for {f}: {st.names(ctx.graph, sorted(n)) or '(none)'}"
                for f, n in tiers.items()]
    if shared:
        return passed("Education and children's social care meet below the combined Director.",
                      evidence, nodes=(dcs, *sorted(shared)))
    return failed("Education and children's social care are divided at the second tier under "
                  "the combined Director.", evidence,
                  nodes=(dcs, *sorted(tiers["education"] | tiers["children_social_care"])))


@rule("dcs.3.29.lscb-member", "3.29, 3.32", SHOULD,
      "The DCS is a member of the Local Safeguarding Children Board",
      "the holder of `dcs` is `member_of` or `chairs` a body of kind `lscb`",
      "Make the DCS a member of the LSCB.")
def lscb_member(ctx):
    return sits_on_rule(ctx, "dcs", "lscb", "Local Safeguarding Children Board")


@rule("dcs.3.32.ctb-member", "3.32", SHOULD,
      "The DCS is a member of the Children's Trust Board",
      "the holder of `dcs` is `member_of` or `chairs` a body of kind `childrens_trust`",
      "Make the DCS a member of the Children's Trust Board.")
def ctb_member(ctx):
    return sits_on_rule(ctx, "dcs", "childrens_trust", "Children's Trust Board")


@rule("dcs.3.30.cex-holds-dcs-to-account", "3.29, 3.30", SHOULD,
      "The Chief Executive meets the DCS regularly to hold them to account",
      "a channel between the holders of `dcs` and `head_of_paid_service`, or "
      "a body held for the two of them (not a shared board, team, cabinet or council), or a "
      "channel from the DCS to a body the Chief Executive chairs, at least quarterly "
      "(assumption: 'regular' = quarterly or faster)",
      "Add a monthly DCS one-to-one with the Chief Executive.")
def cex_holds_dcs_to_account(ctx):
    if (na := missing_role(ctx, "dcs", "head_of_paid_service")):
        return na
    return monitoring_link(ctx, ctx.holder("head_of_paid_service"), ctx.holder("dcs"),
                           "Regular DCS-Chief Executive contact", reports_to_chaired=True)


@rule("dcs.2.1.lm-on-the-executive", "2.1", SHOULD,
      "The Lead Member for Children's Services is a member of the political executive",
      "the holder of `lead_member_children` is a member or chair of a `cabinet` body (or chairs a "
      "`committee` under the committee system)",
      "Give the Lead Member for Children's Services a seat on the cabinet.")
def lm_on_executive(ctx):
    return on_executive(ctx, "lead_member_children")


@rule("dcs.2.9.lm-safeguarding-meetings", "2.17, 2.9", SHOULD,
      "The Lead Member meets the DCS regularly, including on safeguarding",
      "a channel from the holder of `dcs` to the holder of `lead_member_children` at least "
      "quarterly carrying safeguarding_concern or serious_incident",
      "Hold regular DCS-Lead Member meetings with a standing safeguarding item.")
def lm_safeguarding(ctx):
    if (na := missing_role(ctx, "dcs", "lead_member_children")):
        return na
    return regular_link(ctx, ctx.holder("dcs"), _lm(ctx), "Regular DCS briefing of the Lead "
                        "Member on safeguarding", carrying=st.SAFEGUARDING_ITEMS, bodies=False,
                        both_ways=False)


@rule("dcs.2.25.lm-receives-data", "2.25, 2.9", SHOULD,
      "The Lead Member receives performance data to keep an overview of all children's services",
      "a channel into the holder of `lead_member_children` at least quarterly carrying "
      "performance_dip",
      "Send the Lead Member a regular performance report on children's services.")
def lm_receives_data(ctx):
    if (na := missing_role(ctx, "lead_member_children")):
        return na
    lm = _lm(ctx)
    found = st.channels(ctx.graph, target=lm, max_cadence=st.REGULAR, carrying=("performance_dip",))
    if found:
        return passed("The Lead Member receives performance data regularly.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(lm,),
                      edges=tuple(c for c, _ in found))
    return failed("No channel brings performance data to the Lead Member at least quarterly.",
                  [f"channels into {st.name(ctx.graph, lm)}: "
                   + (", ".join(c for c, _ in st.channels(ctx.graph, target=lm)) or "none")],
                  nodes=(lm,))


@rule("dcs.2.17.lm-participant-observer", "2.17", SHOULD,
      "The Lead Member is a participant observer of the LSCB, not a member",
      "the holder of `lead_member_children` `observes` a body of kind `lscb` and is neither "
      "`member_of` nor `chairs` it",
      "List the Lead Member under the LSCB's `observers`, not its members.")
def lm_participant_observer(ctx):
    if (na := missing_role(ctx, "lead_member_children")):
        return na
    lm = _lm(ctx)
    bodies = st.bodies_of_kind(ctx.graph, "lscb")
    if not bodies:
        return not_assessed("No body of kind `lscb` is declared. Add the LSCB under `bodies` "
                            "with the Lead Member among its `observers`.")
    how = {b: st.attendance(ctx.graph, lm).get(b) for b in bodies}
    evidence = [f"body {b}: {ctx.title(b)}; Lead Member: {h or 'absent'}" for b, h in how.items()]
    if any(h == "observes" for h in how.values()) and not any(h in ("member_of", "chairs")
                                                              for h in how.values()):
        return passed("The Lead Member observes the LSCB.", evidence, nodes=(lm, *bodies))
    reason = ("is a member of the LSCB, which makes them part of its decisions"
              if any(h in ("member_of", "chairs") for h in how.values())
              else "does not attend the LSCB")
    return failed(f"The Lead Member {reason}.", evidence, nodes=(lm, *bodies))


@rule("dcs.2.17.lscb-independent-chair", "2.17", SHOULD,
      "The LSCB is chaired by someone independent of the local agencies",
      "the chair of each `lscb` body is an `external`",
      "Appoint an independent chair (an external), or record why not under `departures`.")
def lscb_independent_chair(ctx):
    bodies = st.bodies_of_kind(ctx.graph, "lscb")
    if not bodies:
        return not_assessed("No body of kind `lscb` is declared. Add the LSCB under `bodies` "
                            "with its `chair`.")
    outcomes = []
    for b in bodies:
        subject = b if len(bodies) > 1 else None
        chair = ctx.scenario.bodies[b].chair
        if chair is None:
            outcomes.append(not_assessed(f"{ctx.title(b)} has no `chair`. Name its chair.",
                                         subject=subject, nodes=(b,)))
        elif ctx.kind(chair) == "external":
            outcomes.append(passed(f"{ctx.title(b)} is chaired by {ctx.title(chair)}, an "
                                   "external.", [f"chairs:{b}: {st.name(ctx.graph, chair)}"],
                                   subject=subject, nodes=(b, chair), edges=(f"chairs:{b}",)))
        else:
            outcomes.append(failed(f"{ctx.title(b)} is chaired by {ctx.title(chair)}, a "
                                   f"{ctx.kind(chair)} of the council.",
                                   [f"chairs:{b}: {st.name(ctx.graph, chair)} ({ctx.kind(chair)})"],
                                   subject=subject, nodes=(b, chair), edges=(f"chairs:{b}",)))
    return outcomes


@rule("dcs.2.26.lm-complaints", "2.26", SHOULD,
      "The Lead Member is kept aware of complaints",
      "a channel into the holder of `lead_member_children` carries complaint items",
      "Include complaints in a regular report to the Lead Member.")
def lm_complaints(ctx):
    if (na := missing_role(ctx, "lead_member_children")):
        return na
    lm = _lm(ctx)
    found = st.channels(ctx.graph, target=lm, carrying=("complaint",))
    if found:
        return passed("Complaints reach the Lead Member.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(lm,),
                      edges=tuple(c for c, _ in found))
    return failed("No channel brings complaints to the Lead Member.", nodes=(lm,))


@rule("dcs.3.31.annual-safeguarding-assessment", "3.31, 4.5", SHOULD,
      "The Chief Executive and the Leader assess safeguarding arrangements at least yearly",
      "the holders of `head_of_paid_service` and `leader` each make, alone or jointly "
      "(`jointly_with`), a written channel at least annual carrying safeguarding items; one joint "
      "assessment counts for both",
      "Have the Chief Executive and the Leader make a written safeguarding assessment at least "
      "once a year, jointly or each (for example to Full Council).")
def annual_assessment(ctx):
    if (na := missing_role(ctx, "head_of_paid_service", "leader")):
        return na
    authors = (ctx.holder("head_of_paid_service"), ctx.holder("leader"))
    found = {c: ch for who in authors for c, ch in annual_written(ctx, who)}
    found |= {c: ch for c, ch in st.channels(ctx.graph, max_cadence=st.ANNUAL,
                                              carrying=st.SAFEGUARDING_ITEMS, written=True)
              if set(authors) & set(ch.jointly_with)}
    evidence = [st.channel_text(ctx.graph, c, ch) for c, ch in found.items()]
    lacking = [who for who in authors
               if not any(who == ch.source or who in ch.jointly_with for ch in found.values())]
    if lacking:
        return failed(f"No yearly written safeguarding assessment by "
                      f"{st.names(ctx.graph, lacking)}.", evidence, nodes=tuple(lacking),
                      edges=tuple(found))
    return passed("The Chief Executive and the Leader make a written safeguarding assessment "
                  "at least yearly.", evidence, edges=tuple(found))


@rule("dcs.4.5.leader-monitors-lm", "4.5", SHOULD,
      "The Leader monitors the Lead Member's performance",
      "a channel between the holders of `leader` and `lead_member_children`, or a body held for "
      "the two of them, or a cabinet or committee the Leader chairs with the Lead Member a member "
      "(the executive the Leader leads; not a body both merely attend), at least quarterly",
      "Give the Leader a regular one-to-one with the Lead Member.")
def leader_monitors_lm(ctx):
    if (na := missing_role(ctx, "leader", "lead_member_children")):
        return na
    return monitoring_link(ctx, ctx.holder("leader"), _lm(ctx),
                           "Regular Leader-Lead Member contact", chaired_member=True)


@rule("dcs.3.33.referral-points-reviewed", "3.33", MUST,
      "The DCS regularly reviews every point where concerns about children are received",
      "every referral point (a team delivering `safeguarding_children`, and any team that "
      "receives safeguarding concerns from another, education's included) has a route (as the "
      "simulation moves items) for safeguarding concerns to the holder of `dcs` none of whose "
      "steps is slower than quarterly (assumption: 'regularly' = at least quarterly)",
      "Add a regular review of each referral point (the front door, the designated officer for "
      "allegations, schools' referral routes) reported to the DCS at least quarterly.")
def referral_points(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    dcs = ctx.holder("dcs")
    points = _referral_points(ctx)
    if not points:
        return not_assessed("No team delivers `safeguarding_children` or receives safeguarding "
                            "concerns. Add it to the `delivers` of the teams that receive "
                            "concerns about children.")
    evidence, unreviewed = [], []
    for point in points:
        route = ctx.graph.reach.route(point, "safeguarding_concern", dcs) if point != dcs else None
        if route is not None and route.slowest_cadence_days <= st.QUARTERLY + 1e-9:
            evidence.append(st.route_text(ctx.graph, route))
        else:
            unreviewed.append(point)
            evidence.append(f"{st.name(ctx.graph, point)}: "
                            + ("no route to the DCS" if route is None else
                               f"slowest step {st.fmt_days(route.slowest_cadence_days)}"))
    if unreviewed:
        return failed(f"{len(unreviewed)} of {len(points)} referral points are not reviewed by "
                      "the DCS at least quarterly.", evidence, nodes=(dcs, *unreviewed))
    return passed(f"All {len(points)} referral points reach the DCS at least quarterly.",
                  evidence, nodes=(dcs, *points))


def _referral_points(ctx) -> list[str]:
    """Where concerns about children are received: the children's safeguarding teams and any
    team another team refers safeguarding concerns to (schools' designated officer, the hub)."""
    points = dict.fromkeys(st.function_teams(ctx.graph, ["safeguarding_children"]))
    for _, ch in st.channels(ctx.graph, carrying=("safeguarding_concern",)):
        if ctx.kind(ch.source) == "team" and ctx.kind(ch.target) == "team":
            points.setdefault(ch.target)
    return list(points)


PACK = rules.pack()
