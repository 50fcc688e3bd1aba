"""Rule pack `england-dass-2005`: the Director of Adult Social Services (England, 2005 guidance).

Part 2 of the document is best-practice guidance issued for consultation, and its foreword lets a
council adopt another model where it has good reason; so every rule here is a recommendation
(amber when unmet, with the council's recorded reason beside it where it has one), even where
the text says "must" (47, 55) or "essential" (26).
"""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Strength
from . import structure as st
from .common import (direct_access_to_members, on_executive, on_management_team, regular_link,
                     split_outcome)
from .compensation import compensations
from .engine import RuleSet, Status, failed, missing_role, not_assessed, passed

RECOMMENDED = Strength.recommended
ADULT_FUNCTIONS = ("adult_social_care", "safeguarding_adults")
rules = RuleSet("england-dass-2005", "england-dass-2005",
                "Director of Adult Social Services best practice guidance (2005)")
rule = rules.rule


@rule("dass.24.corporate-team", "24", RECOMMENDED,
      "The DASS is a senior post on the corporate management team",
      "the holder of `dass` is a member or chair of a `management_team` body the holder of "
      "`head_of_paid_service` attends",
      "Add the DASS as a member of the corporate management team.")
def corporate_team(ctx):
    if (na := missing_role(ctx, "dass", "head_of_paid_service")):
        return na
    return on_management_team(ctx, ctx.holder("dass"))


@rule("dass.24.direct-access-to-members", "24", RECOMMENDED,
      "The DASS has direct access to all members, executive and scrutiny alike",
      "the holder of `dass` holds a `direct_access` right over, or a channel to, every member",
      "Give the DASS a direct_access right over all members.")
def dass_direct_access(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    return direct_access_to_members(ctx, ctx.holder("dass"))


@rule("dass.23.scrutiny", "23-24", RECOMMENDED,
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


@rule("dass.28.officers-report-to-dass", "28", RECOMMENDED,
      "Council officers delivering adult social services report to the DASS; those serving "
      "adults and children have clear reporting arrangements",
      "for every split whose Director is the DASS and whose line runs into the council (staff of "
      "another organisation are governed by their contract, judged under 25-26): an officer "
      "serving adults and children needs clear reporting arrangements to the DASS (an "
      "accountable-to edge, and routes (as the simulation moves items) bringing serious "
      "incidents within 5 days at worst, safeguarding concerns no slower than monthly, and "
      "performance dips and budget pressures no slower than quarterly; assumed bounds, each "
      "stated with its source in the finding); any other officer outside the DASS's line is a "
      "departure from 28, amber with its compensations listed",
      "Bring the officers into the DASS's line; where they also serve children, set out clear "
      "reporting arrangements to the DASS: immediate notification of serious incidents, at least "
      "a monthly safeguarding one-to-one and a quarterly performance report.")
def officers_report(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    council = [c for c in compensations(ctx.graph, dass) if _council_officer(ctx, c.split.node)]
    if not council:
        return passed("Every council officer and team delivering adult social services is "
                      "line-managed through the DASS.", nodes=(dass,))
    out = []
    for c in council:
        where = f"{ctx.title(c.split.node)} is outside the line of {ctx.title(dass)}"
        if _serves_children_too(ctx, c.split.node):
            out.append(split_outcome(ctx, c, CLEAR_REPORTING, no_route=None,
                                     where=where + " and serves children as well as adults"))
            continue
        judged = split_outcome(ctx, c, CLEAR_REPORTING, no_route=None, where=where)
        if judged.status is Status.passed:
            # Para 28's alternative is only for officers serving both; compensated or not, an
            # adults-only officer outside the line is a departure from the recommended model.
            judged = failed(f"{where}; para 28 expects council officers delivering adult social "
                            "services to report to the DASS (its clear-reporting alternative is "
                            "for officers serving adults and children). Every compensation is "
                            "present.", judged.evidence, subject=judged.subject,
                            nodes=judged.nodes, edges=judged.edges, figures=judged.figures)
        out.append(judged)
    return out


# What para 28 calls clear reporting arrangements: an accountability and the unit's items
# reaching the DASS in time (the information right and written protocol belong to other texts).
CLEAR_REPORTING = ("accountable_to", "safeguarding_route", "performance_route")


def _council_officer(ctx, node: str) -> bool:
    """A post, or a team with a line into the council and no other employer: a provider's
    staff (`provided_by`) are governed by their contract."""
    team = ctx.scenario.teams.get(node)
    if team is None:
        return ctx.kind(node) == "post"
    return team.provided_by is None and team.line_manager is not None


def _serves_children_too(ctx, node: str) -> bool:
    england = vocab.REMITS["england"]
    return any("dcs" in england.get(f, ()) for f in ctx.delivered_functions(node))


@rule("dass.25.contract-review-and-information", "25-26", RECOMMENDED,
      "Contracts with other agencies for adult services let the DASS review them, require "
      "improvement and obtain information",
      "every commission of an external kind (contract, service level or partnership agreement, "
      "not an internal management agreement) for a provider of adult services: the terms "
      "`performance_review` and `require_improvement`, and information: the term "
      "`information_rights` where the DASS holds the contract, or a `request_information` right "
      "of the DASS over the provider (whoever signs, the rights are the DASS's)",
      "Write performance review, a power to require improvement and information rights for the "
      "DASS into each contract.")
def contract_rights(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    relevant = {cid: c for cid, c in ctx.scenario.commissions.items()
                if c.kind != "management_agreement" and (
                    st.in_line_of(ctx.graph, c.source, dass)
                    or set(ADULT_FUNCTIONS) & set(ctx.delivered_functions(c.target))
                    or _provides_adult_services(ctx, c.target))}
    if not relevant:
        return not_assessed("No contracts for adult services with other agencies are declared. "
                            "If any adult services are provided by other agencies, add them "
                            "under `commissions` with terms [information_rights, "
                            "performance_review, require_improvement].")
    outcomes = []
    for cid, c in relevant.items():
        held = st.rights(ctx.graph, dass, "request_information", c.target)
        dass_holds_contract = c.source == dass
        lacking = [t for t in ("performance_review", "require_improvement") if t not in c.terms]
        if not held and not ("information_rights" in c.terms and dass_holds_contract):
            lacking.append("information for the DASS (the term information_rights on a contract "
                           "the DASS holds, or a request_information right over the provider)")
        evidence = [f"commission {cid}: {c.kind} '{c.title}' from {st.name(ctx.graph, c.source)} "
                    f"to {st.name(ctx.graph, c.target)}; terms: {', '.join(c.terms) or 'none'}",
                    *(f"right {rid}: request_information over {st.name(ctx.graph, c.target)}"
                      for rid, _ in held)]
        kw = dict(subject=cid, nodes=(c.source, c.target), edges=(cid,))
        if lacking:
            outcomes.append(failed(f"'{c.title}' lacks {'; '.join(lacking)}.", evidence, **kw))
        else:
            outcomes.append(passed(f"'{c.title}' lets the DASS review the service, require "
                                   "improvement and obtain information.", evidence, **kw))
    return outcomes


def _provides_adult_services(ctx, provider: str) -> bool:
    """An external whose staff (the teams it `provided_by`) deliver adult functions."""
    return any(set(ADULT_FUNCTIONS) & set(ctx.delivered_functions(t))
               for t, team in ctx.scenario.teams.items() if team.provided_by == provider)


@rule("dass.29.performance-monitoring", "29", RECOMMENDED,
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


@rule("dass.30.safeguarding-adults-focus", "30", RECOMMENDED,
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


@rule("dass.30.adult-protection-committee", "30", RECOMMENDED,
      "Where an adult protection committee exists, the DASS makes sure it works",
      "where a body of kind `sab` (the adult protection committee or safeguarding adults board) "
      "is declared, the holder of `dass` chairs or is a member of it, or it (or its chair) "
      "reports to the DASS with a channel carrying safeguarding items",
      "Give the DASS a seat on the adult protection committee, or its reports.")
def adult_protection_committee(ctx):
    if (na := missing_role(ctx, "dass")):
        return na
    dass = ctx.holder("dass")
    boards = st.bodies_of_kind(ctx.graph, "sab")
    if not boards:
        return not_assessed("No adult protection committee (a body of kind `sab`) is declared. "
                            "Para 30 applies where one exists: declare it under `bodies` if the "
                            "area has one.")
    evidence, edges = [], []
    for b in boards:
        how = st.attendance(ctx.graph, dass).get(b)
        if how in ("member_of", "chairs"):
            evidence.append(f"body {b}: {ctx.title(b)}; {ctx.title(dass)}: {how}")
        chair = ctx.scenario.bodies[b].chair
        for source in (b, chair):
            if source is None:
                continue
            for cid, ch in st.channels(ctx.graph, source, dass, carrying=st.SAFEGUARDING_ITEMS):
                evidence.append(st.channel_text(ctx.graph, cid, ch))
                edges.append(cid)
    if evidence:
        return passed("The DASS sits on, or receives the reports of, the adult protection "
                      "committee.", evidence, nodes=(dass, *boards), edges=tuple(edges))
    return failed("The DASS neither sits on nor receives the reports of the adult protection "
                  "committee.", [f"boards: {st.names(ctx.graph, boards)}"],
                  nodes=(dass, *boards))


@rule("dass.38.works-with-dcs", "37-38", RECOMMENDED,
      "The DASS and the DCS work together regularly",
      "a channel between the holders of `dass` and `dcs`, or "
      "a body held for the two of them (not a shared board, team, cabinet or council), at least "
      "quarterly",
      "Add a regular DCS-DASS meeting (for example a quarterly joint review of transition).")
def works_with_dcs(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    if (one := _one_person(ctx)):
        return one
    return regular_link(ctx, ctx.holder("dass"), ctx.holder("dcs"), "Regular DASS-DCS contact")


@rule("dass.39.child-protection-focus", "39", RECOMMENDED,
      "Adult services stay child-protection focused: concerns about children reach children's "
      "safeguarding",
      "from every team delivering adult functions, a route (as the simulation moves items) for "
      "safeguarding concerns to a team delivering `safeguarding_children` or to the holder of "
      "`dcs`",
      "Give the adult teams a referral route for concerns about children to the children's "
      "safeguarding front door.")
def child_protection_focus(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    dcs = ctx.holder("dcs")
    adult_teams = st.function_teams(ctx.graph, ADULT_FUNCTIONS)
    doors = [*st.function_teams(ctx.graph, ["safeguarding_children"]), dcs]
    if not adult_teams:
        return not_assessed("No team delivers adult functions. Add `delivers: "
                            "[adult_social_care]` to the adult social care teams.")
    if "safeguarding_concern" not in ctx.scenario.item_kind_names():
        return not_assessed("The scenario has no safeguarding_concern item kind to route.")
    evidence, cut = [], []
    for t in adult_teams:
        route = ctx.graph.reach.fastest_route(t, "safeguarding_concern", doors)
        if route is not None:
            evidence.append(st.route_text(ctx.graph, route))
        else:
            cut.append(t)
    if cut:
        return failed(f"{len(cut)} adult team(s) have no route for concerns about children to "
                      "children's safeguarding.", [*evidence, f"no route from: "
                                                    f"{st.names(ctx.graph, cut)}"],
                      nodes=(dcs, *cut))
    return passed("Every adult team can refer concerns about children to children's "
                  "safeguarding.", evidence, nodes=(dcs, *adult_teams))


@rule("dass.47.transition-protocol", "37-39, 47", RECOMMENDED,
      "A written protocol with the DCS covers transition between children's and adults' services",
      "a protocol whose director holds `dass` or `dcs` covers at least one node answering to the "
      "DCS and one answering to the DASS (in their line, delivering their functions, or "
      "accountable to them)",
      "Agree a transition protocol between the DASS and the DCS, covering teams on both sides.")
def transition_protocol(ctx):
    if (na := missing_role(ctx, "dass", "dcs")):
        return na
    if (one := _one_person(ctx)):
        return one
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


@rule("dass.45.executive-portfolio", "45, 55", RECOMMENDED,
      "Adult social services sit in an executive member's portfolio",
      "the holder of `lead_member_adults` is a member or chair of a `cabinet` body (or chairs a "
      "`committee` under the committee system)",
      "Place adult social services in the portfolio of an executive (cabinet) member.")
def executive_portfolio(ctx):
    return on_executive(ctx, "lead_member_adults")


@rule("dass.48.member-working", "47-48", RECOMMENDED,
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


def _one_person(ctx):
    """Where one post holds the DCS and the DASS, what the guidance asks of the two Directors
    together is done by that post itself; the combination is judged under england-dcs-lm-2009
    3.13 instead."""
    dass, dcs = ctx.holder("dass"), ctx.holder("dcs")
    if dass != dcs:
        return None
    return passed(f"{ctx.title(dcs)} holds both the DASS and the DCS roles, so the two work "
                  "together in one person; the combination itself is judged under "
                  "england-dcs-lm-2009 3.13.", nodes=(dcs,))


PACK = rules.pack()
