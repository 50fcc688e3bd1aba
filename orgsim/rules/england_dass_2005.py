"""Rule pack `england-dass-2005`: the Director of Adult Social Services (England, 2005 guidance)."""

from __future__ import annotations

from ..model.findings import Strength
from . import structure as st
from .common import (direct_access_to_members, on_management_team, regular_link, sits_on_rule,
                     split_outcomes)
from .engine import RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD, RECOMMENDED = Strength.must, Strength.should, Strength.recommended
ADULT_FUNCTIONS = ("adult_social_care", "safeguarding_adults")
rules = RuleSet("england-dass-2005", "england-dass-2005",
                "Director of Adult Social Services best practice guidance (2005)")
rule = rules.rule


@rule("dass.24.corporate-team", "24", SHOULD,
      "The DASS is a senior post on the corporate management team",
      "the holder of `dass` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DASS as a member of the corporate management team.")
def corporate_team(ctx):
    if (na := missing_role(ctx, "dass", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dass"))


@rule("dass.24.direct-access-to-members", "24", SHOULD,
      "The DASS has direct access to all members, executive and scrutiny alike",
      "the holder of `dass` holds a `direct_access` right over, or a channel to, every member",
      "Give the DASS a direct_access right over all members.")
def dass_direct_access(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    return direct_access_to_members(ctx, ctx.holder("dass"))


@rule("dass.23.scrutiny", "23-24", SHOULD,
      "Members have arrangements to scrutinise the DASS's work",
      "the holder of `dass` attends, or has a channel to, a body of kind `scrutiny` (or "
      "`committee` under the committee system)",
      "Have the DASS report to, or attend, the overview and scrutiny committee.")
def scrutiny(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    bodies = st.bodies_of_kind(ctx.graph, "scrutiny") + st.bodies_of_kind(ctx.graph, "committee")
    if not bodies:
        return not_assessed("No body of kind `scrutiny` or `committee` is declared. Add the "
                            "overview and scrutiny committee under `bodies`.")
    attends = [b for b in bodies if b in st.attendance(ctx.graph, dass)]
    chans = [(c, ch) for b in bodies for c, ch in st.channels(ctx.graph, dass, b)]
    evidence = [f"attends body {b}: {ctx.title(b)}" for b in attends] + \
        [st.channel_text(ctx.graph, c, ch) for c, ch in chans]
    if evidence:
        return passed("Members can scrutinise the DASS's work.", evidence, nodes=(dass, *attends),
                      edges=tuple(c for c, _ in chans))
    return failed("The DASS neither attends nor reports to a scrutiny body.",
                  [f"scrutiny bodies: {st.names(ctx.graph, bodies)}"], nodes=(dass, *bodies))


@rule("dass.28.officers-report-to-dass", "28, 26", SHOULD,
      "Officers delivering adult social services report to the DASS, or have clear reporting "
      "arrangements",
      "for every split whose Director is the DASS: an accountable-to edge, "
      "routes (as the simulation moves items) from every team of the unit bringing serious "
      "incidents within 5 days at worst and safeguarding concerns by routes no slower than "
      "monthly, and performance dips and budget pressures no slower than quarterly (assumed "
      "bounds, each stated with its source in the finding), "
      "a request_information right and a written protocol; red when "
      "some team's serious incidents or safeguarding concerns have no route to the DASS at all, "
      "amber while any compensation is missing",
      "Bring the officers into the DASS's line, or set out written reporting arrangements: "
      "immediate notification of serious incidents, at least a monthly safeguarding one-to-one, "
      "a quarterly performance report and an information right.")
def officers_report(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    return split_outcomes(ctx, ctx.holder("dass"), "Every officer and team delivering adult "
                          "social services is line-managed through the DASS.")


@rule("dass.25.contract-review-and-information", "25-26", SHOULD,
      "Contracts for commissioned adult services give the DASS review and information rights",
      "every commission from the DASS's line, or to a team delivering adult functions, has the "
      "term `performance_review` and either the term `information_rights` or a "
      "`request_information` right of the DASS over the provider, and its commissioner is the "
      "DASS or in the DASS's line",
      "Write information rights and performance review into each contract, held by the DASS.")
def contract_rights(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    relevant = {cid: c for cid, c in ctx.scenario.commissions.items()
                if st.in_line_of(ctx.graph, c.source, dass)
                or set(ADULT_FUNCTIONS) & set(ctx.delivered_functions(c.target))}
    if not relevant:
        return not_assessed("No commissioned adult services are declared. If any adult services "
                            "are provided by other agencies, add them under `commissions` from "
                            "the DASS with terms [information_rights, performance_review].")
    outcomes = []
    for cid, c in relevant.items():
        # A request_information right the DASS holds over the provider gives the same power as
        # the contract term.
        held = st.rights(ctx.graph, dass, "request_information", c.target)
        lacking = [t for t in ("information_rights", "performance_review")
                   if t not in c.terms and not (t == "information_rights" and held)]
        outside = not st.in_line_of(ctx.graph, c.source, dass)
        evidence = [f"commission {cid}: {c.kind} '{c.title}' from {st.name(ctx.graph, c.source)} "
                    f"to {st.name(ctx.graph, c.target)}; terms: {', '.join(c.terms) or 'none'}",
                    *(f"right {rid}: request_information over {st.name(ctx.graph, c.target)}"
                      for rid, _ in held)]
        kw = dict(subject=cid, nodes=(c.source, c.target), edges=(cid,))
        if lacking or outside:
            why = []
            if lacking:
                why.append(f"lacks {', '.join(lacking)}")
            if outside:
                why.append("is let from outside the DASS's line")
            outcomes.append(failed(f"'{c.title}' {' and '.join(why)}.", evidence, **kw))
        else:
            outcomes.append(passed(f"'{c.title}' gives the DASS review and information rights.",
                                   evidence, **kw))
    return outcomes


@rule("dass.29.performance-monitoring", "29", SHOULD,
      "The DASS monitors services regularly",
      "a channel into the holder of `dass` at least quarterly carrying performance_dip",
      "Give the DASS a regular performance report from the services.")
def performance_monitoring(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    found = st.channels(ctx.graph, target=dass, max_cadence=st.REGULAR,
                        carrying=("performance_dip",))
    if found:
        return passed("Performance information reaches the DASS regularly.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(dass,),
                      edges=tuple(c for c, _ in found))
    return failed("No channel brings performance information to the DASS at least quarterly.",
                  nodes=(dass,))


@rule("dass.30.safeguarding-adults-focus", "30", SHOULD,
      "There is a clear organisational focus on safeguarding adults, answerable to the DASS",
      "a team delivers `safeguarding_adults`, and each such team is in the DASS's line or has a "
      "channel carrying safeguarding items to the DASS",
      "Give a named team the safeguarding adults function, in or reporting to the DASS's line.")
def safeguarding_focus(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    adult_teams = st.function_teams(ctx.graph, ADULT_FUNCTIONS)
    if not adult_teams:
        return not_assessed("No team delivers adult functions. Add the adult social care teams "
                            "with `delivers: [adult_social_care]` or `[safeguarding_adults]`.")
    sg = st.function_teams(ctx.graph, ["safeguarding_adults"])
    if not sg:
        return failed("No team delivers `safeguarding_adults`.",
                      [f"adult teams: {st.names(ctx.graph, adult_teams)}"], nodes=(dass,))
    evidence, adrift = [], []
    for t in sg:
        if st.in_line_of(ctx.graph, t, dass):
            evidence.append(f"{st.name(ctx.graph, t)} is in the DASS's line")
            continue
        chans = [st.channel_text(ctx.graph, c, ch) for n in st.hops_chain(ctx.graph, t)
                 for c, ch in st.channels(ctx.graph, n, dass, carrying=st.SAFEGUARDING_ITEMS)]
        evidence += chans
        if not chans:
            adrift.append(t)
    if adrift:
        return failed("Safeguarding adults work neither sits in nor reports to the DASS's line.",
                      [*evidence, f"adrift: {st.names(ctx.graph, adrift)}"], nodes=(dass, *adrift))
    return passed("Safeguarding adults has a focus answerable to the DASS.", evidence,
                  nodes=(dass, *sg))


@rule("dass.30.sab-member", "30", SHOULD,
      "The DASS sits on the multi-agency safeguarding adults board",
      "the holder of `dass` is `member_of` or `chairs` a body of kind `sab`",
      "Make the DASS a member of the Safeguarding Adults Board.")
def sab_member(ctx):
    return sits_on_rule(ctx, "dass", "sab", "Safeguarding Adults Board")


@rule("dass.38.works-with-dcs", "37-38", SHOULD,
      "The DASS and the DCS work together regularly",
      "a channel between the holders of `dass` and `dcs`, or "
      "a body held for the two of them (not a shared board, team, cabinet or council), at least "
      "quarterly",
      "Add a regular DCS-DASS meeting (for example a quarterly joint review of transition).")
def works_with_dcs(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    return regular_link(ctx, ctx.holder("dass"), ctx.holder("dcs"), "Regular DASS-DCS contact")


@rule("dass.39.child-protection-focus", "39", SHOULD,
      "Adult services stay alert to child protection and tell the DCS",
      "a channel from the holder of `dass` to the holder of `dcs` carrying safeguarding_concern",
      "Add a channel from the DASS to the DCS carrying safeguarding concerns about children.")
def child_protection_focus(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    dass, dcs = ctx.holder("dass"), ctx.holder("dcs")
    found = st.channels(ctx.graph, dass, dcs, carrying=("safeguarding_concern",))
    if found:
        return passed("Adult services pass safeguarding concerns to the DCS.",
                      [st.channel_text(ctx.graph, c, ch) for c, ch in found], nodes=(dass, dcs),
                      edges=tuple(c for c, _ in found))
    return failed("No channel carries safeguarding concerns from the DASS to the DCS.",
                  nodes=(dass, dcs))


@rule("dass.47.transition-protocol", "37-39, 47", SHOULD,
      "A written protocol with the DCS covers transition between children's and adults' services",
      "a protocol whose director holds `dass` or `dcs` covers at least one node answering to the "
      "DCS and one answering to the DASS (in their line, delivering their functions, or "
      "accountable to them)",
      "Agree a transition protocol between the DASS and the DCS, covering teams on both sides.")
def transition_protocol(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    dass, dcs = ctx.holder("dass"), ctx.holder("dcs")
    for pid, p in ctx.scenario.protocols.items():
        if p.director not in (dass, dcs):
            continue
        sides = [[n for n in p.covers if st.answers_to(ctx.graph, n, d)] for d in (dcs, dass)]
        if all(sides):
            return passed(f"'{p.title}' covers both services.",
                          [f"protocol {pid}: covers {st.names(ctx.graph, p.covers)}"],
                          nodes=(dass, dcs, *p.covers))
    mine = [pid for pid, p in ctx.scenario.protocols.items() if p.director in (dass, dcs)]
    return failed("No protocol of the DASS or DCS covers both children's and adults' services.",
                  [f"their protocols: {', '.join(mine) or 'none'}"], nodes=(dass, dcs))


@rule("dass.45.executive-portfolio", "45, 55", SHOULD,
      "Adult social services sit in an executive member's portfolio",
      "the holder of `lead_member_adults` is a member or chair of a `cabinet` body (or chairs a "
      "`committee` under the committee system)",
      "Place adult social services in the portfolio of an executive (cabinet) member.")
def executive_portfolio(ctx):
    if (na := missing_role(ctx, "lead_member_adults")):
        return na
    lm = ctx.holder("lead_member_adults")
    committee = ctx.scenario.governance == "committee"
    kind = "committee" if committee else "cabinet"
    bodies = st.bodies_of_kind(ctx.graph, kind)
    if not bodies:
        return not_assessed(f"No body of kind `{kind}` is declared. Add the "
                            f"{'committees' if committee else 'cabinet'} under `bodies`.")
    roles = ("chairs",) if committee else ("member_of", "chairs")
    on = [b for b in bodies if st.attendance(ctx.graph, lm, roles).get(b)]
    if on:
        return passed(f"{ctx.title(lm)} is on the executive.",
                      [f"body {b}: {ctx.title(b)}" for b in on], nodes=(lm, *on))
    return failed(f"{ctx.title(lm)} is not an executive member.",
                  [f"{kind} bodies: {st.names(ctx.graph, bodies)}"], nodes=(lm, *bodies))


@rule("dass.48.member-working", "47-48", SHOULD,
      "The DASS and the responsible member exchange information regularly",
      "a channel between the holders of `dass` and `lead_member_adults`, or "
      "a body held for the two of them (not a shared board, team, cabinet or council), at least "
      "quarterly",
      "Hold regular DASS briefings of the member responsible for adult social services.")
def member_working(ctx):
    if (na := missing_role(ctx, "dass", "lead_member_adults")):
        return na
    return regular_link(ctx, ctx.holder("dass"), ctx.holder("lead_member_adults"),
                        "Regular DASS-member contact")


PACK = rules.pack()
