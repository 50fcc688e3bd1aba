"""Rule pack `wales-dss-2009`: the Director of Social Services in Wales (2009 guidance).

The document is statutory guidance under s7 of the Local Authority Social Services Act 1970, so
each rule's strength is the wording of the paragraph it cites: *must* where the paragraph says
"must" (4.4 on the top team, 4.6, 4.8.8's operational level, 5.13, 6.8-6.9, 6.11), *should* where it
says "should" or states what the Director "will" do or what the council "has" to arrange (the
guidance's descriptive duties: 4.7, 4.8, 4.8.2-4.8.5, 4.8.8's other levels, 5.3-5.4, 5.14-5.15,
6.15), *recommended* where it lists what challenge is "likely to include" (6.12).

Paragraphs 5.11-5.14 sit under the heading on a Lead Director who also manages an integrated
children's service including children's social services: their rules arise only where the Lead
Director's line reaches social services teams.
"""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Strength
from . import structure as st
from .common import (direct_access_to_members, meetings_cover, on_management_team, regular_link,
                     reports_to_head_of_paid_service)
from .compensation import compensations, describe
from .engine import RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
SOCIAL_SERVICES = tuple(f for f, roles in vocab.REMITS["wales"].items() if "dss" in roles)
CHILDREN_SOCIAL_SERVICES = ("children_social_care", "safeguarding_children",
                            "looked_after_children")
ANNUAL_REPORT_KINDS = ("performance_dip", "serious_incident", "safeguarding_concern",
                       "inspection_finding", "complaint", "workforce_shortfall", "budget_pressure",
                       "provider_failure")
# What a framework document can name that makes a reporting line between the DSS and a head of
# service outside their line (vocab.MECHANISMS), and a contract's terms that do the same (4.7: for
# external agencies the arrangements form part of the contract).
REPORTING_MECHANISMS = ("quarterly_report", "safeguarding_one_to_one", "assurance_report")
REPORTING_TERMS = ("performance_review", "information_rights")
MEMBER_BODIES = ("council", "cabinet", "scrutiny", "committee")
rules = RuleSet("wales-dss-2009", "wales-dss-2009",
                "Role and accountabilities of the Director of Social Services (Wales, 2009)")
rule = rules.rule


# --- helpers: services outside the DSS's line, the integrated Lead Director, the annual report

def head_of_service(ctx, node: str, split_nodes: set[str]) -> str:
    """The head of service a split unit's relation with the DSS runs through: the highest split
    post in its line below the Head of Paid Service, or, for a split team with no split post above
    it, the post that line-manages it (the team itself when the Head of Paid Service does)."""
    chain = st.hops_chain(ctx.graph, node)
    top = [n for n in chain if n in split_nodes][-1]
    if ctx.kind(top) == "post":
        return top
    above = st.hops_chain(ctx.graph, top)
    return above[1] if len(above) > 1 else top


def per_head_of_service(ctx, judge, ok_text: str, fail_text: str):
    """One outcome per relation between the DSS and a head of service outside their line.

    `judge(head, compensation)` gives (ok, evidence) for each split unit below that head; the
    relation passes when every unit does (the units it fails for are named). The guidance speaks
    of the liaison and framework between the DSS and "that Head of Service" (5.15), so a missing
    report is one finding, not one per team below the head."""
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    comps = compensations(ctx.graph, dss)
    if not comps:
        return passed("Every social services team is line-managed through the DSS, so the "
                      "requirement does not arise.", nodes=(dss,))
    split_nodes = {c.split.node for c in comps}
    groups: dict[str, list] = {}
    for c in comps:
        groups.setdefault(head_of_service(ctx, c.split.node, split_nodes), []).append(c)
    out = []
    for head, group in groups.items():
        evidence, lacking, edges = [], [], set()
        for c in group:
            ok, ev = judge(head, c)
            evidence += [e for e in ev if e not in evidence]
            evidence.append(describe(ctx.graph, c)[0])
            edges.update(c.edges)
            if not ok:
                lacking.append(c.split.node)
        units = st.names(ctx.graph, [c.split.node for c in group])
        evidence.insert(0, f"head of service: {st.name(ctx.graph, head)}; units outside the "
                           f"DSS's line: {units}")
        kw = dict(subject=head, nodes=(head, dss, *(c.split.node for c in group)),
                  edges=tuple(sorted(edges)))
        if lacking:
            out.append(failed(f"{ctx.title(head)}: {fail_text}"
                              + ("" if len(lacking) == len(group) else
                                 f" (for {', '.join(ctx.title(n) for n in lacking)})") + ".",
                              evidence, **kw))
        else:
            out.append(passed(f"{ctx.title(head)}: {ok_text}.", evidence, **kw))
    return out


def _social_services_chains(ctx, lead: str) -> set[str]:
    """Posts from the Lead Director down to the social services teams in their line."""
    reach: set[str] = set()
    for team in st.function_teams(ctx.graph, SOCIAL_SERVICES):
        chain = (team, *ctx.line_chain(team))
        if lead in chain:
            reach.update(chain[:chain.index(lead) + 1])
    return reach


def _integrated_lead(ctx):
    """(dss, lead, reach) where a Lead Director other than the DSS runs social services teams,
    or an outcome saying why 5.11-5.14 do not arise."""
    if (na := missing_role(ctx, "dss", "lead_director_cyp")):
        return na
    dss, lead = ctx.holder("dss"), ctx.holder("lead_director_cyp")
    if lead == dss:
        return passed("The DSS is also the Lead Director.", nodes=(dss,))
    reach = _social_services_chains(ctx, lead)
    if not reach:
        return passed("The Lead Director runs no social services, so the requirement does not "
                      "arise (5.11-5.14 concern a Lead Director managing integrated children's "
                      "services).", nodes=(lead,))
    return dss, lead, reach


def _annual_reports(ctx, dss):
    councils = set(st.bodies_of_kind(ctx.graph, "council"))
    return [(c, ch) for c, ch in st.channels(ctx.graph, dss, max_cadence=st.ANNUAL, written=True)
            if ch.target in councils]


# --- the rules, in paragraph order -------------------------------------------------------------

@rule("wales.4.4.reports-to-hops", "4.4, 5.2", SHOULD,
      "The DSS reports directly to the Head of Paid Service",
      "the line manager of the holder of `dss` holds `head_of_paid_service`",
      "Make the Head of Paid Service the DSS's line manager.")
def reports_to_hops(ctx):
    # 4.4 states the direct report as the arrangement (no "must" on this clause; the paragraph
    # opens with "should"), so a council may depart from it with reasons.
    return reports_to_head_of_paid_service(ctx, "dss", "DSS", "Head of Paid Service")


@rule("wales.4.4.top-management-team", "4.4, 5.2", MUST,
      "The DSS is a member of the top management team",
      "the holder of `dss` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DSS to the corporate management team.")
def top_team(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dss"))


@rule("wales.4.4.direct-access-to-councillors", "4.4, 3.5", SHOULD,
      "The DSS has direct access to councillors",
      "the holder of `dss` holds a `direct_access` right over, or a channel to, every member (or "
      "to a body the member sits on)",
      "Give the DSS a direct_access right over all councillors.")
def direct_access(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    return direct_access_to_members(ctx, ctx.holder("dss"))


@rule("wales.4.6.performance-information", "4.6", MUST,
      "Performance information on services outside the DSS's line reaches the DSS",
      "for every head of service outside the line of the holder of `dss`: for every split unit "
      "below them, a channel at least quarterly carrying performance_dip from the unit or a line "
      "manager of it below the Head of Paid Service to the DSS",
      "Add a regular performance report from the head of service (or their Director) to the DSS.")
def performance_information(ctx):
    dss = ctx.holder("dss")

    def judge(head, c):
        found = [st.channel_text(ctx.graph, cid, ch) for n in st.hops_chain(ctx.graph, c.split.node)
                 for cid, ch in st.channels(ctx.graph, n, dss, st.REGULAR, ("performance_dip",))]
        return bool(found), found
    return per_head_of_service(ctx, judge, "performance information reaches the DSS at least "
                               "quarterly", "no regular performance information reaches the DSS")


@rule("wales.4.7.written-framework", "4.7, 5.15", SHOULD,
      "Services managed outside the DSS's line have a written framework document",
      "for every head of service outside the line of the holder of `dss` (one finding each): "
      "every split unit below them is covered by a protocol whose director is the DSS, through "
      "the unit or a line manager below the Head of Paid Service, or (an external agency) by a "
      "commission from the DSS",
      "Write a framework document setting out responsibilities and lines of accountability, and "
      "declare it under `protocols` with the DSS as director.")
def written_framework(ctx):
    def judge(head, c):
        ev = c.present.get("written_protocol", ())
        return bool(ev), ev
    return per_head_of_service(ctx, judge, "a written framework covers the services outside "
                               "the DSS's line", "no written framework covers the services "
                               "outside the DSS's line")


@rule("wales.4.8.framework-sets-out-accountabilities", "4.8, 4.7", SHOULD,
      "The framework document sets out the mutual accountabilities of the senior staff",
      "for every head of service outside the line of the holder of `dss`: a protocol by the DSS "
      "covers the head of service's own post (or a line manager of it below the Head of Paid "
      "Service) and names at least one reporting mechanism to the DSS (quarterly_report, "
      "safeguarding_one_to_one or assurance_report), or a commission from the DSS with "
      "performance_review or information_rights terms covers it; orgsim reads what the document "
      "names, not its wording",
      "Write into the framework document how the head of service and their Director report to "
      "the DSS (for example a quarterly report and a safeguarding one-to-one), and declare those "
      "mechanisms under the protocol.")
def framework_accountabilities(ctx):
    g, dss = ctx.graph, ctx.holder("dss")

    def judge(head, c):
        seniors = st.hops_chain(g, head)
        ev, named_only = [], []
        for pid, p in g.scenario.protocols.items():
            if p.director != dss or not set(seniors) & set(p.covers):
                continue
            reporting = [m for m in p.mechanisms if m in REPORTING_MECHANISMS]
            covered = [n for n in seniors if n in p.covers]
            line = (f"protocol {pid}: '{p.title}' covers {st.names(g, covered)}; mechanisms "
                    f"named: {', '.join(p.mechanisms) or 'none'}")
            (ev if reporting else named_only).append(line)
        for cid, com in g.scenario.commissions.items():
            if com.source == dss and com.target in seniors \
                    and set(com.terms) & set(REPORTING_TERMS):
                ev.append(f"commission {cid}: {com.kind} '{com.title}' with terms "
                          f"{', '.join(com.terms)}")
        if ev:
            return True, ev
        return False, named_only or [f"no protocol by the DSS covers {st.name(g, head)} or the "
                                     "posts above it"]
    return per_head_of_service(ctx, judge, "the framework document covers the senior post and "
                               "names how it reports to the DSS", "the framework document does "
                               "not set out how the senior staff report to the DSS")


@rule("wales.4.8.2.high-profile-cases", "4.8.2", SHOULD,
      "Serious incidents known to the DSS reach the Head of Paid Service and the Lead Member(s)",
      "a route (as the simulation moves items) for serious_incident from the holder of `dss` to "
      "the holder of `head_of_paid_service` and to each holder of `lead_member_children` and "
      "`lead_member_adults`",
      "Add a serious incident briefing from the DSS to the Head of Paid Service and the Cabinet "
      "Member(s).")
def high_profile_cases(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    members = sorted({*ctx.holders("lead_member_children"), *ctx.holders("lead_member_adults")})
    if not members:
        return missing_role(ctx, "lead_member_adults")
    if "serious_incident" not in ctx.scenario.item_kind_names():
        return not_assessed("The scenario has no `serious_incident` item kind; declare it.")
    dss = ctx.holder("dss")
    evidence, lacking = [], []
    for who in (ctx.holder("head_of_paid_service"), *members):
        route = ctx.graph.reach.route(dss, "serious_incident", who)
        if route is None:
            lacking.append(who)
        else:
            evidence.append(st.route_text(ctx.graph, route))
    if lacking:
        return failed(f"Serious incidents the DSS learns of have no route to "
                      f"{st.names(ctx.graph, lacking)}.", evidence, nodes=(dss, *lacking))
    return passed("Serious incidents the DSS learns of reach the Head of Paid Service and the "
                  "Lead Member(s).", evidence, nodes=(dss,))


@rule("wales.4.8.4.safeguarding-reported-to-councillors", "4.8.4", SHOULD,
      "The DSS reports to councillors on child and adult protection",
      "a written channel, at least annual, carrying safeguarding items from the holder of `dss` "
      "to a councillor or to a body of kind `council`, `cabinet`, `scrutiny` or `committee`",
      "Add a written report on the operation of child and adult protection from the DSS to "
      "Cabinet, Council or scrutiny.")
def safeguarding_reported(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    found = [(c, ch) for c, ch in st.channels(ctx.graph, dss, max_cadence=st.ANNUAL,
                                              carrying=st.SAFEGUARDING_ITEMS, written=True)
             if ch.target in ctx.scenario.members or (
                 ch.target in ctx.scenario.bodies
                 and ctx.scenario.bodies[ch.target].kind in MEMBER_BODIES)]
    if found:
        return passed("The DSS reports to councillors in writing on safeguarding.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(dss,),
                      edges=tuple(c for c, _ in found))
    return failed("No written report carrying safeguarding items goes from the DSS to "
                  "councillors.", nodes=(dss,))


@rule("wales.4.8.4.safeguarding-boards", "4.8.4, 3.11-3.12", SHOULD,
      "The LSCB and the adult protection committee operate with the DSS",
      "a body of kind `lscb` and one of kind `sab` (the adult protection committee) each meet, "
      "and the holder of `dss` chairs or is a member of each, or receives a channel from it",
      "Declare the LSCB and the adult protection committee, with the DSS on them or receiving "
      "their reports.")
def safeguarding_boards(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    evidence, lacking = [], []
    for kind, label in (("lscb", "Local Safeguarding Children Board"),
                        ("sab", "adult protection committee")):
        ok = []
        for b in st.bodies_of_kind(ctx.graph, kind):
            if ctx.scenario.bodies[b].meets is None:
                continue
            if b in st.sits_on(ctx.graph, dss, kind):
                ok.append(f"the DSS sits on {b}: {ctx.title(b)}")
            ok += [st.channel_text(ctx.graph, c, ch) for c, ch in st.channels(ctx.graph, b, dss)]
        evidence += ok
        if not ok:
            lacking.append(label)
    if lacking:
        return failed(f"No {' or '.join(lacking)} that meets with the DSS on it or reporting to "
                      "the DSS.", evidence, nodes=(dss,))
    return passed("The LSCB and the adult protection committee operate with the DSS.", evidence,
                  nodes=(dss,))


@rule("wales.4.8.5.childrens-safeguarding-reaches-dss", "4.8.5, 4.8.4", SHOULD,
      "Children's safeguarding items reach the DSS, who keeps final accountability for them",
      "every team delivering children_social_care, safeguarding_children or "
      "looked_after_children has a route (as the simulation moves items) for serious_incident "
      "and for safeguarding_concern to the holder of `dss` none of whose steps is slower than "
      "monthly (assumption: a quarterly board passes items on late and second hand)",
      "Add a monthly safeguarding report (and an immediate serious incident notification) from "
      "the head of children's services to the DSS.")
def childrens_safeguarding(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    teams = st.function_teams(ctx.graph, CHILDREN_SOCIAL_SERVICES)
    if not teams:
        return not_assessed("No team delivers children's social services. Add `delivers` to the "
                            "children's social services teams.")
    evidence, slow = [], []
    for kind in (k for k in st.SAFEGUARDING_ITEMS if k in ctx.scenario.item_kind_names()):
        for team in teams:
            route = ctx.graph.reach.route(team, kind, dss)
            if route is None:
                evidence.append(f"no route for {kind} from {st.name(ctx.graph, team)}")
            elif route.slowest_cadence_days > st.MONTHLY + 1e-9:
                evidence.append(st.route_text(ctx.graph, route) + "; a step slower than monthly")
            else:
                continue
            if team not in slow:
                slow.append(team)
    if slow:
        return failed(f"{len(slow)} of {len(teams)} children's social services teams have no "
                      "route at least monthly to the DSS for serious incidents or safeguarding "
                      "concerns.", evidence, nodes=(dss, *slow))
    return passed(f"All {len(teams)} children's social services teams reach the DSS at least "
                  "monthly with safeguarding items.", nodes=(dss,))


@rule("wales.4.8.8.governance-level", "4.8.8, 4.5", SHOULD,
      "At the governance level, the DSS advises the Executive and the Council",
      "the holder of `dss` attends, or has a channel to, a body of kind `cabinet` or `council`",
      "Have the DSS attend the Cabinet or report to it.")
def governance_level(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    bodies = st.bodies_of_kind(ctx.graph, "cabinet") + st.bodies_of_kind(ctx.graph, "council")
    if not bodies:
        return not_assessed("No `cabinet` or `council` body is declared. Add them under `bodies`.")
    evidence = [f"attends body {b}: {ctx.title(b)}" for b in bodies
                if b in st.attendance(ctx.graph, dss)]
    evidence += [st.channel_text(ctx.graph, c, ch) for b in bodies
                 for c, ch in st.channels(ctx.graph, dss, b)]
    if evidence:
        return passed("The DSS advises the Executive or the Council.", evidence, nodes=(dss,))
    return failed("The DSS neither attends nor reports to the Cabinet or the Council.",
                  [f"bodies: {st.names(ctx.graph, bodies)}"], nodes=(dss, *bodies))


@rule("wales.4.8.8.strategic-level", "4.8.8", SHOULD,
      "At the strategic level, the DSS reports to the Head of Paid Service and the Lead Member(s)",
      "a channel from the holder of `dss`, or a body held for the two of them (not a shared "
      "board, team, cabinet or council), at least quarterly, to each of the holders of "
      "`head_of_paid_service` and `lead_member_children`/`lead_member_adults` (a channel from "
      "them to the DSS is not the DSS reporting)",
      "Add regular DSS reporting to the Head of Paid Service and to the Lead Member(s).")
def strategic_level(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    members = sorted({*ctx.holders("lead_member_children"), *ctx.holders("lead_member_adults")})
    if not members:
        return missing_role(ctx, "lead_member_adults")
    dss = ctx.holder("dss")
    evidence, lacking = [], []
    for other in (ctx.holder("head_of_paid_service"), *members):
        found = st.links(ctx.graph, dss, other, st.REGULAR, both_ways=False)
        evidence += [x.text for x in found[:2]]
        if not found:
            lacking.append(other)
    if lacking:
        return failed(f"The DSS does not report regularly to {st.names(ctx.graph, lacking)}.",
                      evidence, nodes=(dss, *lacking))
    return passed("The DSS reports regularly to the Head of Paid Service and the Lead Member(s).",
                  evidence, nodes=(dss,))


@rule("wales.4.8.8.operational-level", "4.8.8, 5.12", MUST,
      "At the operational level, information flows to the DSS from every social services function",
      "every team delivering a social services function has a route (channels, meetings of bodies "
      "its items are tabled to, line escalation of items at or above the escalation severity) to "
      "the holder of `dss` for safeguarding concerns and for performance dips; sitting on a body "
      "tables nothing",
      "Add reporting channels from the teams (or their managers) that cannot reach the DSS.")
def operational_level(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    teams = st.function_teams(ctx.graph, SOCIAL_SERVICES)
    if not teams:
        return not_assessed("No team delivers a social services function. Add `delivers` to the "
                            "social services teams.")
    kinds = [k for k in ("safeguarding_concern", "performance_dip")
             if k in ctx.scenario.item_kind_names()]
    evidence, cut = [], []
    for kind in kinds:
        worst, lacking = st.slowest_route(ctx.graph, teams, kind, dss)
        if worst is not None:
            evidence.append("slowest " + st.route_text(ctx.graph, worst))
        if lacking:
            evidence.append(f"no route for {kind}: {st.names(ctx.graph, lacking)}")
        cut += [t for t in lacking if t not in cut]
    if cut:
        return failed(f"{len(cut)} of {len(teams)} social services teams have no route to the "
                      f"DSS for {' or '.join(vocab.item_label(k).plural for k in kinds)}.",
                      evidence, nodes=(dss, *cut))
    return passed(f"All {len(teams)} social services teams have a route to the DSS.", evidence,
                  nodes=(dss,))


@rule("wales.5.3.hops-meetings", "5.3", SHOULD,
      "The Head of Paid Service and the DSS brief each other in regular formal meetings",
      "channels both ways between the holders of `dss` and `head_of_paid_service`, or a body "
      "held for the two of them (not a management team, cabinet, council or board), at least "
      "quarterly (assumption: the guidance asks for regular meetings and fixes no cadence)",
      "Hold regular formal meetings of the Head of Paid Service and the DSS with briefing both "
      "ways.")
def hops_meetings(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"),
                        "Regular formal DSS-Head of Paid Service meetings", two_way=True)


@rule("wales.5.3.meeting-content", "5.3", SHOULD,
      "The DSS-Head of Paid Service briefing covers hot issues and operational, performance and "
      "financial information",
      "the channels between `dss` and `head_of_paid_service` at least quarterly together carry "
      "serious_incident, performance_dip and budget_pressure (a body held for the two of them "
      "carries what is tabled to it); horizon scanning and strategic planning carry no items in "
      "orgsim and are not judged",
      "Make the DSS-Head of Paid Service meetings carry serious incidents, performance and budget "
      "information.")
def meeting_content(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return meetings_cover(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"), st.REGULAR,
                          "The DSS-Head of Paid Service meetings",
                          "There are no regular DSS-Head of Paid Service meetings to judge (see "
                          "wales.5.3.hops-meetings); add them first.")


@rule("wales.5.4.inspection-reports-to-hops", "5.4", SHOULD,
      "The DSS keeps the Head of Paid Service informed, inspection and audit reports included",
      "a channel from the holder of `dss` to the holder of `head_of_paid_service` carrying "
      "inspection_finding, or a body held for the two of them to which inspection findings are "
      "tabled, at least quarterly",
      "Report inspection and audit findings to the Head of Paid Service.")
def inspection_to_hops(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return regular_link(ctx, ctx.holder("dss"), ctx.holder("head_of_paid_service"),
                        "Inspection findings reach the Head of Paid Service",
                        carrying=("inspection_finding",), both_ways=False)


@rule("wales.5.13.lead-director-reporting", "5.13", MUST,
      "A Lead Director running integrated children's services reports regularly and formally to "
      "the DSS",
      "where teams delivering social services functions sit in the line of the holder of "
      "`lead_director_cyp`, channels at least quarterly from the Lead Director (or the posts "
      "between them and those teams) to the DSS together carry safeguarding items and "
      "performance_dip",
      "Agree regular written reporting from the Lead Director to the DSS on the safety and "
      "performance of children's social services.")
def lead_director_reporting(ctx):
    found = _integrated_lead(ctx)
    if not isinstance(found, tuple):
        return found
    dss, lead, reach = found
    chans = [(c, ch) for n in sorted(reach) for c, ch in st.channels(ctx.graph, n, dss, st.REGULAR)]
    sg = [c for c, ch in chans if st.carries_any(ctx.scenario, ch, st.SAFEGUARDING_ITEMS)]
    perf = [c for c, ch in chans if st.carries_any(ctx.scenario, ch, ("performance_dip",))]
    evidence = [f"social services in the Lead Director's line: "
                f"{st.names(ctx.graph, sorted(reach - {lead}))}",
                *(st.channel_text(ctx.graph, c, ch) for c, ch in chans)]
    kw = dict(nodes=(lead, dss), edges=tuple(c for c, _ in chans))
    if sg and perf:
        return passed("Regular formal reporting reaches the DSS on safety and performance.",
                      evidence, **kw)
    lacking = [w for w, ok in (("safeguarding", sg), ("performance", perf)) if not ok]
    return failed(f"No regular formal reporting from the integrated children's services to the "
                  f"DSS on {' or '.join(lacking)}.", evidence, **kw)


@rule("wales.5.14.reciprocal-liaison", "5.14", SHOULD,
      "The DSS and a Lead Director running integrated children's services liaise regularly and "
      "formally both ways",
      "where teams delivering social services functions sit in the line of the holder of "
      "`lead_director_cyp`: channels both ways between the holders of `dss` and "
      "`lead_director_cyp`, or a body held for the two of them (not a shared board, team, cabinet "
      "or council), at least quarterly",
      "Agree regular liaison both ways between the DSS and the Lead Director.")
def reciprocal(ctx):
    found = _integrated_lead(ctx)
    if not isinstance(found, tuple):
        return found
    dss, lead, _ = found
    return regular_link(ctx, dss, lead, "Regular DSS-Lead Director liaison", two_way=True)


@rule("wales.5.14.cabinet-member-liaison", "5.14", SHOULD,
      "The DSS and a Lead Director running integrated children's services each liaise closely "
      "with the Cabinet Member for children's services",
      "where teams delivering social services functions sit in the line of the holder of "
      "`lead_director_cyp`: for each holder of `lead_member_children`, a channel either way (or a "
      "body held for the two of them) at least quarterly with the DSS, and one with the Lead "
      "Director",
      "Add regular briefings of the Cabinet Member for children's services by the DSS and by the "
      "Lead Director.")
def cabinet_member_liaison(ctx):
    found = _integrated_lead(ctx)
    if not isinstance(found, tuple):
        return found
    dss, lead, _ = found
    members = ctx.holders("lead_member_children")
    if not members:
        return missing_role(ctx, "lead_member_children")
    evidence, lacking = [], []
    for m in members:
        for officer in (dss, lead):
            links = st.links(ctx.graph, officer, m, st.REGULAR)
            evidence += [x.text for x in links[:2]]
            if not links:
                lacking.append(f"{ctx.title(officer)} and {ctx.title(m)}")
    if lacking:
        return failed(f"No regular liaison between {'; '.join(lacking)}.", evidence,
                      nodes=(dss, lead, *members))
    return passed("The DSS and the Lead Director both liaise regularly with the Cabinet "
                  "Member(s) for children's services.", evidence, nodes=(dss, lead, *members))


@rule("wales.5.14.hops-reviews-arrangements", "5.14", SHOULD,
      "The Head of Paid Service reports to the Executive on the DSS-Lead Director arrangements",
      "where teams delivering social services functions sit in the line of the holder of "
      "`lead_director_cyp`: a written channel, at least annual, from the holder of "
      "`head_of_paid_service` to a body of kind `cabinet` or `council` (orgsim cannot tell what "
      "a report is about, so any written report of the Head of Paid Service to the Executive or "
      "the Council counts)",
      "Have the Head of Paid Service review the DSS-Lead Director arrangements and report on them "
      "to the Cabinet at least yearly.")
def hops_reviews(ctx):
    found = _integrated_lead(ctx)
    if not isinstance(found, tuple):
        return found
    if (na := missing_role(ctx, "head_of_paid_service")):
        return na
    hops = ctx.holder("head_of_paid_service")
    targets = set(st.bodies_of_kind(ctx.graph, "cabinet") + st.bodies_of_kind(ctx.graph, "council"))
    reports = [(c, ch) for c, ch in st.channels(ctx.graph, hops, max_cadence=st.ANNUAL,
                                                written=True) if ch.target in targets]
    if reports:
        return passed("The Head of Paid Service reports in writing to the Executive or Council at "
                      "least yearly.", [st.channel_text(ctx.graph, c, ch) for c, ch in reports],
                      nodes=(hops,), edges=tuple(c for c, _ in reports))
    return failed("No written report from the Head of Paid Service to the Cabinet or Council, so "
                  "nothing carries a review of the integrated arrangements to the Executive.",
                  nodes=(hops,))


@rule("wales.5.15.regular-liaison", "5.15", SHOULD,
      "The DSS liaises regularly with heads of service outside their line",
      "for every head of service outside the line of the holder of `dss` (the split post, or the "
      "post line-managing a split team; one finding each): a channel either way, or a body held "
      "for the two of them (not a shared board, team, cabinet or council), at least quarterly "
      "between the DSS and that head of service",
      "Set up regular (at least quarterly) liaison between the DSS and the head of service.")
def regular_liaison(ctx):
    dss = ctx.holder("dss")

    def judge(head, c):
        # A Lead Director's own contact with the DSS is judged by 5.13-5.14, not here.
        found = st.links(ctx.graph, head, dss, st.REGULAR)
        return bool(found), [x.text for x in found]
    return per_head_of_service(ctx, judge, "the DSS and the head of service liaise at least "
                               "quarterly", "no regular liaison between the DSS and the head of "
                               "service")


@rule("wales.6.8.annual-report", "6.8", MUST,
      "The DSS reports to the Council every year",
      "a written channel, at least annual, from the holder of `dss` to a body of kind `council`",
      "Add the DSS's annual report to Council.")
def annual_report(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    if not st.bodies_of_kind(ctx.graph, "council"):
        return not_assessed("No body of kind `council` is declared. Add Full Council under "
                            "`bodies`.")
    found = _annual_reports(ctx, dss)
    if found:
        return passed("The DSS reports to Council at least yearly.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(dss,),
                      edges=tuple(c for c, _ in found))
    return failed("No written annual report from the DSS to Council.", nodes=(dss,))


@rule("wales.6.9.annual-report-scope", "6.9", MUST,
      "The annual report covers the fourteen headings under six areas that 6.9 lists (getting "
      "help to providing direction), as far as item kinds stand for them",
      "the DSS's annual report channel carries every kind, or at least performance_dip, "
      "serious_incident, safeguarding_concern, inspection_finding, complaint, "
      "workforce_shortfall, budget_pressure and provider_failure (item kinds stand in for the "
      "headings: orgsim cannot read a report's chapters, users' views or indicator set)",
      "Let the annual report carry every kind of item (leave `carries` empty).")
def annual_report_scope(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    found = _annual_reports(ctx, ctx.holder("dss"))
    if not found:
        return not_assessed("There is no annual report to Council to judge (see "
                            "wales.6.8.annual-report); add it first.")
    covered = {k for _, ch in found for k in ANNUAL_REPORT_KINDS
               if st.carries_any(ctx.scenario, ch, (k,))}
    lacking = [k for k in ANNUAL_REPORT_KINDS if k not in covered]
    evidence = [st.channel_text(ctx.graph, c, ch) for c, ch in found]
    if lacking:
        return failed(f"The annual report leaves out {', '.join(lacking)}.", evidence,
                      edges=tuple(c for c, _ in found))
    return passed("The annual report covers the whole range.", evidence,
                  edges=tuple(c for c, _ in found))


@rule("wales.6.11.secure-information", "6.11", MUST,
      "The DSS can secure information from parts of social services outside their line",
      "for every head of service outside the line of the holder of `dss`: a "
      "`request_information` right held by the DSS over every split unit below them, or over a "
      "line manager of it below the Head of Paid Service",
      "Give the DSS a request_information right over the services outside their line.")
def secure_information(ctx):
    def judge(head, c):
        ev = c.present.get("information_right", ())
        return bool(ev), ev
    return per_head_of_service(ctx, judge, "the DSS holds an information right", "the DSS has no "
                               "power to secure information")


@rule("wales.6.12.report-challenged-by-scrutiny", "6.12", RECOMMENDED,
      "The annual report is open to the challenge of an overview and scrutiny committee",
      "a written channel, at least annual, from the holder of `dss` to a body of kind `scrutiny` "
      "(6.12 lists scrutiny's attention among the challenges the report is likely to get)",
      "Send the DSS's annual report (or a yearly written report) to the scrutiny committee.")
def report_to_scrutiny(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    committees = st.bodies_of_kind(ctx.graph, "scrutiny")
    if not committees:
        return not_assessed("No body of kind `scrutiny` is declared. Add the overview and "
                            "scrutiny committee for social services under `bodies`.")
    found = [(c, ch) for c, ch in st.channels(ctx.graph, dss, max_cadence=st.ANNUAL, written=True)
             if ch.target in committees]
    if found:
        return passed("A written report of the DSS goes to scrutiny at least yearly.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(dss,),
                      edges=tuple(c for c, _ in found))
    return failed("No written report from the DSS reaches a scrutiny committee.",
                  [f"scrutiny committees: {st.names(ctx.graph, committees)}"],
                  nodes=(dss, *committees))


@rule("wales.6.15.advises-scrutiny", "6.15, 4.8.2", SHOULD,
      "The DSS advises the scrutiny committees directly",
      "the holder of `dss` attends (as member, chair or observer) or has a channel to a body of "
      "kind `scrutiny`",
      "Have the DSS attend and advise the social services scrutiny committee.")
def advises_scrutiny(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    committees = st.bodies_of_kind(ctx.graph, "scrutiny")
    if not committees:
        return not_assessed("No body of kind `scrutiny` is declared. Add the overview and "
                            "scrutiny committee for social services under `bodies`.")
    how = st.attendance(ctx.graph, dss)
    evidence = [f"{how[b]} {b}: {ctx.title(b)}" for b in committees if b in how]
    evidence += [st.channel_text(ctx.graph, c, ch) for b in committees
                 for c, ch in st.channels(ctx.graph, dss, b)]
    if evidence:
        return passed("The DSS advises scrutiny directly.", evidence, nodes=(dss,))
    return failed("The DSS neither attends nor reports to any scrutiny committee.",
                  [f"scrutiny committees: {st.names(ctx.graph, committees)}"],
                  nodes=(dss, *committees))


PACK = rules.pack()
