"""Rule pack `wales-dss-2009`: the Director of Social Services in Wales (2009 guidance)."""

from __future__ import annotations


from ..model import vocab
from ..model.findings import Strength
from . import structure as st
from .common import (direct_access_to_members, on_management_team, regular_link,
                     reports_to_head_of_paid_service)
from .compensation import compensations, describe
from .engine import RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
SOCIAL_SERVICES = tuple(f for f, roles in vocab.REMITS["wales"].items() if "dss" in roles)
ANNUAL_REPORT_KINDS = ("performance_dip", "serious_incident", "safeguarding_concern",
                       "inspection_finding", "complaint", "workforce_shortfall", "budget_pressure",
                       "provider_failure")
rules = RuleSet("wales-dss-2009", "wales-dss-2009",
                "Role and accountabilities of the Director of Social Services (Wales, 2009)")
rule = rules.rule


@rule("wales.4.4.reports-to-hops", "4.4", SHOULD,
      "The DSS reports directly to the Head of Paid Service",
      "the line manager of the holder of `dss` holds `head_of_paid_service`",
      "Make the Head of Paid Service the DSS's line manager.")
def reports_to_hops(ctx):
    return reports_to_head_of_paid_service(ctx, "dss", "DSS", "Head of Paid Service")


@rule("wales.4.4.top-management-team", "4.4", SHOULD,
      "The DSS is a member of the top management team",
      "the holder of `dss` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DSS to the corporate management team.")
def top_team(ctx):
    if (na := missing_role(ctx, "dss", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dss"))


@rule("wales.4.4.direct-access-to-councillors", "4.4", SHOULD,
      "The DSS has direct access to councillors",
      "the holder of `dss` holds a `direct_access` right over, or a channel to, every member",
      "Give the DSS a direct_access right over all councillors.")
def direct_access(ctx):
    if (na := missing_role(ctx, "dss")):
        return na
    return direct_access_to_members(ctx, ctx.holder("dss"))


def _per_split(ctx, judge):
    """Apply `judge(compensation) -> (ok, explanation, evidence)` to every DSS split."""
    if (na := missing_role(ctx, "dss")):
        return na
    dss = ctx.holder("dss")
    comps = compensations(ctx.graph, dss)
    if not comps:
        return passed("Every social services team is line-managed through the DSS, so the "
                      "requirement does not arise.", nodes=(dss,))
    out = []
    for c in comps:
        ok, explanation, evidence = judge(c)
        make = passed if ok else failed
        out.append(make(explanation, (*evidence, *describe(ctx.graph, c)[:1]), subject=c.split.node,
                        nodes=(c.split.node, dss), edges=c.edges))
    return out


@rule("wales.4.7.written-framework", "4.6-4.8, 5.15", SHOULD,
      "Services managed outside the DSS's line have a written framework document",
      "for every split whose Director holds `dss`: a protocol by the DSS covering the node or a "
      "line manager below the Head of Paid Service (or a commission from the DSS, for an external "
      "agency)",
      "Write a framework document setting out responsibilities and lines of accountability, and "
      "declare it under `protocols` with the DSS as director.")
def written_framework(ctx):
    def judge(c):
        ev = c.present.get("written_protocol", ())
        return (bool(ev), f"{ctx.title(c.split.node)} is outside the DSS's line "
                + ("and a written framework covers it." if ev else "with no written framework."),
                ev)
    return _per_split(ctx, judge)


@rule("wales.5.15.regular-liaison", "5.15", SHOULD,
      "The DSS liaises regularly with heads of service outside their line",
      "for every split whose Director holds `dss`: a channel either way, or "
      "a body held for the two of them (not a shared board, team, cabinet or council), at "
      "least quarterly between the DSS and the head of service (the split post, or the post "
      "line-managing the split team)",
      "Set up regular (at least quarterly) liaison between the DSS and the head of service.")
def regular_liaison(ctx):
    dss = ctx.holder("dss")

    def judge(c):
        # The head of service is the split post itself, or the post managing a split team; a
        # Lead Director's own contact with the DSS is judged by 5.13-5.14, not here.
        node = c.split.node
        head = node if ctx.kind(node) == "post" else ctx.line_manager(node)
        found = st.links(ctx.graph, head, dss, st.REGULAR) if head else []
        return (bool(found), f"{ctx.title(node)}: "
                + (f"{len(found)} regular link(s) between the DSS and {ctx.title(head)}."
                   if found else "no regular liaison between the DSS and the head of service "
                   f"({ctx.title(head) if head else 'none'})."), [x.text for x in found])
    return _per_split(ctx, judge)


@rule("wales.6.11.secure-information", "6.11, 4.6", SHOULD,
      "The DSS can secure information from parts of social services outside their line",
      "for every split whose Director holds `dss`: a `request_information` right held by the DSS "
      "over the node or its line manager below the Head of Paid Service",
      "Give the DSS a request_information right over the services outside their line.")
def secure_information(ctx):
    def judge(c):
        ev = c.present.get("information_right", ())
        return (bool(ev), f"{ctx.title(c.split.node)}: "
                + ("the DSS holds an information right." if ev else "the DSS has no power to "
                   "secure information."), ev)
    return _per_split(ctx, judge)


@rule("wales.4.6.performance-information", "4.6, 4.8.8", SHOULD,
      "Performance information on services outside the DSS's line reaches the DSS",
      "for every split whose Director holds `dss`: a channel at least quarterly carrying "
      "performance_dip from the node or its line manager below the Head of Paid Service to the DSS",
      "Add a regular performance report from the service to the DSS.")
def performance_information(ctx):
    dss = ctx.holder("dss")

    def judge(c):
        found = [st.channel_text(ctx.graph, cid, ch) for n in st.hops_chain(ctx.graph, c.split.node)
                 for cid, ch in st.channels(ctx.graph, n, dss, st.REGULAR, ("performance_dip",))]
        return (bool(found), f"{ctx.title(c.split.node)}: "
                + ("performance information reaches the DSS." if found
                   else "no regular performance information reaches the DSS."), found)
    return _per_split(ctx, judge)


def _social_services_chains(ctx, lead: str) -> set[str]:
    """Posts from the Lead Director down to the social services teams in their line."""
    reach: set[str] = set()
    for team in st.function_teams(ctx.graph, SOCIAL_SERVICES):
        chain = (team, *ctx.line_chain(team))
        if lead in chain:
            reach.update(chain[:chain.index(lead) + 1])
    return reach


@rule("wales.5.13.lead-director-reporting", "5.13", SHOULD,
      "A Lead Director running integrated children's services reports regularly and formally to "
      "the DSS",
      "where teams delivering social services functions sit in the line of the holder of "
      "`lead_director_cyp`, channels at least quarterly from the Lead Director (or the posts "
      "between them and those teams) to the DSS together carry safeguarding items and "
      "performance_dip",
      "Agree regular written reporting from the Lead Director to the DSS on the safety and "
      "performance of children's social services.")
def lead_director_reporting(ctx):
    if (na := missing_role(ctx, "dss", "lead_director_cyp")):
        return na
    dss, lead = ctx.holder("dss"), ctx.holder("lead_director_cyp")
    if lead == dss:
        return passed("The DSS is also the Lead Director.", nodes=(dss,))
    reach = _social_services_chains(ctx, lead)
    if not reach:
        return passed("The Lead Director runs no social services, so the requirement does not "
                      "arise.", nodes=(lead,))
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


@rule("wales.5.14.reciprocal-liaison", "5.14", RECOMMENDED,
      "The DSS and the Lead Director liaise regularly and formally both ways",
      "channels both ways between the holders of `dss` and `lead_director_cyp`, or a body held "
      "for the two of them (not a shared board, team, cabinet or council), at least quarterly",
      "Agree regular liaison both ways between the DSS and the Lead Director.")
def reciprocal(ctx):
    if (na := missing_role(ctx, "dss", "lead_director_cyp")):
        return na
    dss, lead = ctx.holder("dss"), ctx.holder("lead_director_cyp")
    if lead == dss:
        return passed("The DSS is also the Lead Director.", nodes=(dss,))
    return regular_link(ctx, dss, lead, "Regular DSS-Lead Director liaison", two_way=True)


def _annual_reports(ctx, dss):
    councils = set(st.bodies_of_kind(ctx.graph, "council"))
    return [(c, ch) for c, ch in st.channels(ctx.graph, dss, max_cadence=st.ANNUAL, written=True)
            if ch.target in councils]


@rule("wales.6.8.annual-report", "6.8", SHOULD,
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


@rule("wales.6.9.annual-report-scope", "6.9", RECOMMENDED,
      "The annual report covers performance, risk, protection, quality, workforce and resources",
      "the DSS's annual report channel carries every kind, or at least performance_dip, "
      "serious_incident, safeguarding_concern, inspection_finding, complaint, "
      "workforce_shortfall, budget_pressure and provider_failure",
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
      "a channel, or a body held for the two of them (not a shared board, team, cabinet or "
      "council), at least quarterly, between the holder of `dss` and each of the holders of `head_of_paid_service` and `lead_member_children`/`lead_member_adults`",
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
        found = st.links(ctx.graph, dss, other, st.REGULAR)
        evidence += [x.text for x in found[:2]]
        if not found:
            lacking.append(other)
    if lacking:
        return failed(f"No regular link between the DSS and {st.names(ctx.graph, lacking)}.",
                      evidence, nodes=(dss, *lacking))
    return passed("The DSS reports regularly to the Head of Paid Service and the Lead Member(s).",
                  evidence, nodes=(dss,))


@rule("wales.4.8.8.operational-level", "4.8.8, 5.12", SHOULD,
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


PACK = rules.pack()
