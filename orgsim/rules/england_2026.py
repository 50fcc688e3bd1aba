"""Rule pack `england-2026`: today's English framework, at the level of statute sections and
successor headings.

orgsim does not hold the successor texts, so every rule cites a statute section (Children Act
2004 s18 and s19, Local Authority Social Services Act 1970 s6(A1), Care Act 2014 s43 and Schedule
2) or a heading of the successor guidance as the project's record of successors names it
(dfe-dcs-lm-2013, working-together-2023), never a paragraph. Each rule carries the day its
requirement came into force, so a structure dated before it is not judged by it.

Strength: a statute's duty is *must*; a heading of statutory guidance is *should* (a council
departs only with recorded reasons), except the local test of assurance, whose absence is amber:
the 2013 guidance permits a DCS with other functions, and what is missing is the record.
"""

from __future__ import annotations

from datetime import date

from ..model import vocab
from ..model.findings import Rating, Strength
from . import structure as st
from .common import director_appointed, reports_to_head_of_paid_service
from .engine import RuleSet, failed, missing_role, not_assessed, passed

MUST, SHOULD = Strength.must, Strength.should
LEVEL = "tests the framework at the level of statute sections and successor headings: "
# When each requirement came into force, as the project's record of successors dates it. The
# record dates the split of the Director of Social Services into the DCS and the DASS "from 2005"
# (the year only); the day is the one `documents.py` gives solace-adss's replacement, so the two
# packs hand over on the same day. The record gives no separate date for the Lead Member, so s19
# is dated with s18.
FROM_2005 = date(2005, 4, 1)
DFE_2013 = date(2013, 4, 8)
CARE_ACT = date(2015, 4, 1)
WORKING_TOGETHER_2023 = date(2023, 12, 1)  # the record gives December 2023, no day

rules = RuleSet("england-2026", "england-2026",
                "The current English framework, tested at the level of statute sections and "
                "successor headings (as at 2026)")
rule = rules.rule

CHILDREN_CORE = ("education", "children_social_care")
ADULT_FUNCTIONS = ("adult_social_care", "safeguarding_adults")
# Roles that are part of being the DCS, not other functions: the DCS is usually the council's
# Delegated Safeguarding Partner (working-together-2023).
NOT_OTHER_ROLES = ("dcs", "delegated_safeguarding_partner")
LSCB_ABOLISHED = ("Local Safeguarding Children Boards were abolished (Children and Social Work "
                  "Act 2017; Working Together 2018, in place by September 2019)")


# --- helpers --------------------------------------------------------------------------------------

def covered_by(ctx, node: str, director: str) -> bool:
    """The node is in the Director's line, or it (or a post above it) is accountable to them: the
    Director covers it whoever line-manages it."""
    return st.in_line_of(ctx.graph, node, director) or any(
        director in ctx.accountable_to(n) for n in st.hops_chain(ctx.graph, node))


def three_partners(ctx, b: str, subject: str | None, among: str, met: str):
    """The body has the council, the police and the integrated care board among its `among`
    (partners, core members); `met` is what it says when it has."""
    council = council_sitting(ctx, b)
    police, icb = partner(ctx, b, "police"), partner(ctx, b, "icb")
    evidence = [f"council: {st.names(ctx.graph, council) or '(no council post or member)'}",
                f"police: {st.name(ctx.graph, police) if police else '(none)'}",
                f"integrated care board: {st.name(ctx.graph, icb) if icb else '(none)'}"]
    missing = [w for w, x in (("the council", council), ("the police", police),
                              ("the integrated care board", icb)) if not x]
    kw = dict(subject=subject, nodes=(b, *council, *(x for x in (police, icb) if x)))
    if missing:
        return failed(f"{ctx.title(b)} lacks {' and '.join(missing)} among its {among}.",
                      evidence, **kw)
    return passed(f"{ctx.title(b)} {met}", evidence, **kw)


def sitting(ctx, body: str) -> list[str]:
    """Who chairs or is a member of the body: an observer is not one of its partners."""
    return [n for n, how in ctx.graph.attendees(body) if how in ("member_of", "chairs")]


def council_sitting(ctx, body: str) -> list[str]:
    """The council's posts and members among those sitting on the body."""
    return sorted(n for n in set(sitting(ctx, body)) if ctx.kind(n) in ("post", "member"))


def partner(ctx, body: str, which: str) -> str | None:
    """The body's police or ICB partner: as its `partners` names it, else an external of
    that kind chairing or sitting on it (the ICB may still be written as `nhs`)."""
    named = ctx.scenario.bodies[body].partners
    if named is not None and getattr(named, which) is not None:
        return getattr(named, which)
    kinds = ("police",) if which == "police" else ("icb", "nhs")
    return next((n for n in sitting(ctx, body)
                 if ctx.kind(n) == "external" and ctx.scenario.externals[n].kind in kinds), None)


def partnerships(ctx) -> list[str]:
    return st.bodies_of_kind(ctx.graph, "safeguarding_partnership")


def no_partnership(ctx, what: str):
    """not_assessed for a rule about the partnership's working when none is declared (the
    partnership rule raises its absence)."""
    return not_assessed(f"No body of kind `safeguarding_partnership` is declared, so {what} "
                        "cannot be judged. Add the safeguarding partnership under `bodies` with "
                        "`kind: safeguarding_partnership`.")


def each_body(bodies: list[str], judge):
    """One outcome per body, named as the subject only when there are several."""
    return [judge(b, b if len(bodies) > 1 else None) for b in bodies]


def per_partnership(ctx, judge):
    return each_body(partnerships(ctx), judge)


def other_functions(ctx, dcs: str) -> list[str]:
    """What the DCS holds beyond the DCS role: other statutory roles of the post, and functions
    outside the DCS's remit delivered by teams in their line."""
    roles = [vocab.role_label(r).full for r in ctx.roles_of(dcs) if r not in NOT_OTHER_ROLES]
    # Functions another role of the post answers for are that role's (named above), not more.
    remit = set(ctx.graph.remit(dcs))
    functions = sorted({f for t in ctx.scenario.teams if st.in_line_of(ctx.graph, t, dcs)
                        for f in ctx.delivered_functions(t) if f not in remit},
                       key=list(vocab.FUNCTIONS).index)
    return [*roles, *(vocab.function_label(f).plural for f in functions)]


# --- the Director and the Lead Member --------------------------------------------------------------

@rule("england-2026.s18.one-dcs", "s18", MUST,
      "One Director of Children's Services covers education and children's social care",
      LEVEL + "a post holds `dcs`, and every team delivering `education` or "
      "`children_social_care` is in the DCS's line or accountable to the DCS (itself or through "
      "a post above it); red where an English council still has a single Director of Social "
      "Services (`dss`), whose children's duties passed to the DCS in 2005",
      "Appoint one DCS and bring education and children's social care into the DCS's line, or "
      "make the post running them accountable to the DCS.",
      document="children-act-2004", in_force=FROM_2005)
def one_dcs(ctx):
    dcs = ctx.holder("dcs")
    teams = st.function_teams(ctx.graph, CHILDREN_CORE)
    if dcs is None:
        if ctx.holders("dss"):
            dss = ctx.holder("dss")
            return failed(f"{ctx.title(dss)} holds the single Director of Social Services role, "
                          "which England replaced in 2005 with a DCS (Children Act 2004 s18) and "
                          "a DASS; no post holds the DCS role.",
                          [f"{st.name(ctx.graph, dss)} roles: {', '.join(ctx.roles_of(dss))}"],
                          nodes=(dss,))
        if teams:
            return failed(f"{len(teams)} team(s) deliver education or children's social care, "
                          "but no post holds the DCS role.",
                          [f"teams: {st.names(ctx.graph, teams)}"], nodes=tuple(teams))
        return missing_role(ctx, "dcs")
    lacking = {f: [t for t in st.function_teams(ctx.graph, [f]) if not covered_by(ctx, t, dcs)]
               for f in CHILDREN_CORE}
    absent = [f for f in CHILDREN_CORE if not st.function_teams(ctx.graph, [f])]
    if absent:
        return not_assessed(f"No team delivers {' or '.join(f'`{f}`' for f in absent)}, so "
                            "whether the DCS covers it cannot be judged. Add "
                            + " and ".join(f"`delivers: [{f}]`" for f in absent)
                            + " to the teams that do.", nodes=(dcs,))
    evidence = [f"{vocab.function_label(f).singular}: "
                + (f"outside the DCS: {st.names(ctx.graph, ts)}" if ts else
                   f"all {len(st.function_teams(ctx.graph, [f]))} team(s) covered by the DCS")
                for f, ts in lacking.items()]
    outside = [t for ts in lacking.values() for t in ts]
    if outside:
        what = " and ".join(vocab.function_label(f).plural for f, ts in lacking.items() if ts)
        return failed(f"{ctx.title(dcs)} does not cover all of {what}: "
                      f"{len(outside)} team(s) are neither in the DCS's line nor accountable to "
                      "the DCS.", evidence, nodes=(dcs, *outside))
    return passed(f"{ctx.title(dcs)} covers education and children's social care.", evidence,
                  nodes=(dcs,))


@rule("england-2026.s19.one-lead-member", "s19", MUST,
      "One Lead Member for Children's Services is designated",
      LEVEL + "a member holds `lead_member_children` (the format allows one holder, and the role "
      "spans education and children's social care as the DCS's does); not assessed where no "
      "members are declared",
      "Designate one member as Lead Member for Children's Services: `roles: "
      "[lead_member_children]`.",
      document="children-act-2004", in_force=FROM_2005)
def one_lead_member(ctx):
    lm = ctx.holder("lead_member_children")
    if lm is not None:
        return passed(f"{ctx.title(lm)} holds the Lead Member role for children's services.",
                      [f"{st.name(ctx.graph, lm)} roles: {', '.join(ctx.roles_of(lm))}"],
                      nodes=(lm,))
    if not ctx.scenario.members:
        return missing_role(ctx, "lead_member_children")
    return failed(f"None of the {len(ctx.scenario.members)} declared members is the Lead Member "
                  "for Children's Services.",
                  [f"members: {st.names(ctx.graph, list(ctx.scenario.members))}"])


@rule("england-2026.dfe2013.dcs-reports-to-cex", "clear line of accountability", SHOULD,
      "The DCS reports to the chief executive",
      LEVEL + "the line manager of the holder of `dcs` holds `head_of_paid_service` (the chief "
      "executive)",
      "Make the chief executive the DCS's line manager.",
      document="dfe-dcs-lm-2013", in_force=DFE_2013)
def dcs_reports_to_cex(ctx):
    return reports_to_head_of_paid_service(ctx, "dcs", "DCS", "chief executive")


@rule("england-2026.dfe2013.additional-functions-assured", "additional functions; local assurance",
      SHOULD,
      "A DCS holding other functions has a recorded local test of assurance",
      LEVEL + "where the holder of `dcs` holds another statutory role (the DASS, say) or has "
      "teams in their line delivering functions outside the DCS's remit, the post records "
      "`local_assurance` with `recorded_in` and a `review`; amber, not red, where it does not: "
      "the combination is permitted, and what is missing is the record",
      "Record the council's local test of assurance under the DCS post's `local_assurance` "
      "(the report that documents it, its date and how often it is reviewed).",
      document="dfe-dcs-lm-2013", in_force=DFE_2013, ceiling=Rating.amber)
def additional_functions_assured(ctx):
    if (na := missing_role(ctx, "dcs")):
        return na
    dcs = ctx.holder("dcs")
    others = other_functions(ctx, dcs)
    if not others:
        return passed(f"{ctx.title(dcs)} holds no function beyond the DCS's that the scenario "
                      "records, so no local test of assurance is needed.", nodes=(dcs,))
    evidence = [f"{st.name(ctx.graph, dcs)} also holds: {', '.join(others)}"]
    assurance = ctx.scenario.posts[dcs].local_assurance
    if assurance is None:
        return failed(f"{ctx.title(dcs)} also holds {', '.join(others)}, and no local test of "
                      "assurance is recorded.", evidence, nodes=(dcs,))
    evidence.append(f"local assurance recorded in {assurance.recorded_in}"
                    + (f", dated {assurance.made_on.isoformat()}" if assurance.made_on else "")
                    + (f", reviewed {st.fmt_days(assurance.review)}"
                       if assurance.review is not None else ", no review recorded"))
    if assurance.review is None:
        return failed(f"{ctx.title(dcs)}'s local test of assurance is documented but no review "
                      "is recorded; the test is to be documented and reviewed.", evidence,
                      nodes=(dcs,))
    return passed(f"{ctx.title(dcs)} holds other functions under a documented local test of "
                  "assurance that is reviewed.", evidence, nodes=(dcs,))


# --- the safeguarding partners (Working Together 2023) ---------------------------------------------

@rule("england-2026.wt2023.safeguarding-partnership", "Lead Safeguarding Partners", SHOULD,
      "The multi-agency safeguarding arrangements join the council, the ICB and the police",
      LEVEL + "a body of kind `safeguarding_partnership` whose partners are the council (a post "
      "or member of it chairs or is a member), an integrated care board and the police (`partners`, or an "
      "external member of kind `icb`/`nhs` and `police`); red where the scenario has an "
      "`lscb` and no partnership, since LSCBs were abolished; not assessed where it has neither",
      "Replace the LSCB with a safeguarding partnership of the council, the ICB and the police, "
      "naming them under the body's `partners`.",
      document="working-together-2023", in_force=WORKING_TOGETHER_2023)
def safeguarding_partnership(ctx):
    bodies = partnerships(ctx)
    if not bodies:
        lscbs = st.bodies_of_kind(ctx.graph, "lscb")
        if lscbs:
            return failed(f"The scenario has {', '.join(ctx.title(b) for b in lscbs)} and no "
                          f"safeguarding partnership. {LSCB_ABOLISHED}; the council, the ICB and "
                          "the police now share the duty to make safeguarding arrangements.",
                          [f"bodies of kind lscb: {st.names(ctx.graph, lscbs)}"],
                          nodes=tuple(lscbs))
        return no_partnership(ctx, "the multi-agency safeguarding arrangements")

    def judge(b, subject):
        return three_partners(ctx, b, subject, "partners",
                              "joins the council, the police and the integrated care board.")
    return per_partnership(ctx, judge)


@rule("england-2026.wt2023.lead-safeguarding-partner", "Lead Safeguarding Partners", SHOULD,
      "The council's chief executive is its Lead Safeguarding Partner",
      LEVEL + "the holder of `lead_safeguarding_partner` holds `head_of_paid_service`",
      "Give the chief executive the role `lead_safeguarding_partner`.",
      document="working-together-2023", in_force=WORKING_TOGETHER_2023)
def lead_safeguarding_partner(ctx):
    if (na := missing_role(ctx, "lead_safeguarding_partner", "head_of_paid_service")):
        return na
    lsp, cex = ctx.holder("lead_safeguarding_partner"), ctx.holder("head_of_paid_service")
    evidence = [f"Lead Safeguarding Partner: {st.name(ctx.graph, lsp)}",
                f"chief executive: {st.name(ctx.graph, cex)}"]
    if lsp == cex:
        return passed(f"{ctx.title(cex)} is the council's Lead Safeguarding Partner.", evidence,
                      nodes=(cex,))
    return failed(f"The council's Lead Safeguarding Partner is {ctx.title(lsp)}, not the chief "
                  f"executive ({ctx.title(cex)}).", evidence, nodes=(lsp, cex))


@rule("england-2026.wt2023.delegated-safeguarding-partner", "Delegated Safeguarding Partners",
      SHOULD,
      "A named Delegated Safeguarding Partner can decide for the council and reports back",
      LEVEL + "a post other than the Lead Safeguarding Partner holds "
      "`delegated_safeguarding_partner`, holds a `safeguarding_decisions` right (its authority "
      "to take decisions for the council), and has a channel to the holder of "
      "`lead_safeguarding_partner` (its reporting back)",
      "Name the Delegated Safeguarding Partner (usually the DCS) with the role "
      "`delegated_safeguarding_partner`, give them a `safeguarding_decisions` right over the "
      "partnership, and a regular report to the chief executive.",
      document="working-together-2023", in_force=WORKING_TOGETHER_2023)
def delegated_safeguarding_partner(ctx):
    if (na := missing_role(ctx, "delegated_safeguarding_partner", "lead_safeguarding_partner")):
        return na
    dsp, lsp = ctx.holder("delegated_safeguarding_partner"), ctx.holder("lead_safeguarding_partner")
    if dsp == lsp:
        return failed(f"{ctx.title(lsp)} is both the Lead and the Delegated Safeguarding Partner: "
                      "no one is delegated.", [f"{st.name(ctx.graph, lsp)} roles: "
                                               f"{', '.join(ctx.roles_of(lsp))}"], nodes=(lsp,))
    decides = st.rights(ctx.graph, dsp, "safeguarding_decisions")
    reports = st.channels(ctx.graph, source=dsp, target=lsp)
    evidence = [f"Delegated Safeguarding Partner: {st.name(ctx.graph, dsp)}",
                *(f"right {rid}: may decide for the council in {ctx.title(over)}"
                  for rid, over in decides),
                *(st.channel_text(ctx.graph, cid, ch) for cid, ch in reports)]
    missing = [w for w, x in (("no authority to take decisions for the council is recorded (a "
                               "`safeguarding_decisions` right)", decides),
                              (f"no channel reports back to {ctx.title(lsp)}", reports)) if not x]
    kw = dict(nodes=(dsp, lsp), edges=tuple(cid for cid, _ in reports))
    if missing:
        return failed(f"{ctx.title(dsp)} is the Delegated Safeguarding Partner, but "
                      + "; and ".join(missing) + ".", evidence, **kw)
    return passed(f"{ctx.title(dsp)} is the Delegated Safeguarding Partner, may decide for the "
                  f"council and reports back to {ctx.title(lsp)}.", evidence, **kw)


@rule("england-2026.wt2023.independent-scrutiny", "independent scrutiny", SHOULD,
      "The safeguarding arrangements are scrutinised independently",
      LEVEL + "each `safeguarding_partnership` names under `independent_scrutiny` an external "
      "that is not one of its partners",
      "Name the independent scrutineer (an external) under the partnership's "
      "`independent_scrutiny`.",
      document="working-together-2023", in_force=WORKING_TOGETHER_2023)
def independent_scrutiny(ctx):
    if not partnerships(ctx):
        return no_partnership(ctx, "independent scrutiny")

    def judge(b, subject):
        by = ctx.scenario.bodies[b].independent_scrutiny
        if by is None:
            return failed(f"No independent scrutiny of {ctx.title(b)} is recorded.",
                          [f"body {b}: {ctx.title(b)}; independent_scrutiny: (none)"],
                          subject=subject, nodes=(b,))
        return passed(f"{ctx.title(by)} scrutinises {ctx.title(b)} independently.",
                      [f"body {b}: {ctx.title(b)}; independent_scrutiny: {st.name(ctx.graph, by)}"],
                      subject=subject, nodes=(b, by))
    return per_partnership(ctx, judge)


@rule("england-2026.wt2023.yearly-report", "yearly report", SHOULD,
      "The safeguarding arrangements report yearly",
      LEVEL + "each `safeguarding_partnership` records its `yearly_report`, or sends a written "
      "channel at least annual",
      "Record the partnership's yearly report under its `yearly_report`.",
      document="working-together-2023", in_force=WORKING_TOGETHER_2023)
def yearly_report(ctx):
    if not partnerships(ctx):
        return no_partnership(ctx, "the yearly report")

    def judge(b, subject):
        recorded = ctx.scenario.bodies[b].yearly_report
        written = st.channels(ctx.graph, source=b, max_cadence=st.ANNUAL, written=True)
        evidence = ([f"yearly report: {recorded}"] if recorded else []) + [
            st.channel_text(ctx.graph, cid, ch) for cid, ch in written]
        kw = dict(subject=subject, nodes=(b,), edges=tuple(cid for cid, _ in written))
        if recorded or written:
            return passed(f"{ctx.title(b)} reports yearly.", evidence, **kw)
        return failed(f"No yearly report of {ctx.title(b)} is recorded.",
                      [f"body {b}: {ctx.title(b)}; yearly_report: (none); no written channel "
                       "from it at least annual"], **kw)
    return per_partnership(ctx, judge)


# --- adults --------------------------------------------------------------------------------------

@rule("england-2026.s6a1.dass-appointed", "s6(A1)", MUST,
      "A Director of Adult Social Services is appointed",
      LEVEL + "a post holds `dass`; red where teams deliver `adult_social_care` or "
      "`safeguarding_adults` and none does (an English `dss` no longer counts: the single "
      "Director was split in 2005); not assessed where no adult functions are declared",
      "Appoint a DASS: `roles: [dass]` on the post that leads adult social services.",
      document="lassa-1970", in_force=FROM_2005)
def dass_appointed(ctx):
    return director_appointed(
        ctx, "dass", ADULT_FUNCTIONS, "adult social services", "DASS",
        " (the single Director of Social Services no longer exists in England)"
        if ctx.holders("dss") else "")


def _sab_or_absent(ctx):
    bodies = st.bodies_of_kind(ctx.graph, "sab")
    if bodies:
        return bodies, None
    teams = st.function_teams(ctx.graph, ADULT_FUNCTIONS)
    if teams:
        return [], failed("No Safeguarding Adults Board is declared, though the council delivers "
                          "adult social services; the board is a statutory duty.",
                          [f"adult teams: {st.names(ctx.graph, teams)}"], nodes=tuple(teams))
    return [], not_assessed("No body of kind `sab` is declared and no team delivers adult "
                            "social services. Add the Safeguarding Adults Board under `bodies` "
                            "with `kind: sab`.")


@rule("england-2026.s43.sab-core-members", "s43, Sch 2", MUST,
      "The Safeguarding Adults Board has the council, the ICB and the police as core members",
      LEVEL + "a body of kind `sab` has a post or member of the council as chair or member, and an "
      "integrated care board and a police partner (`partners`, or an external member of kind "
      "`icb`/`nhs` and `police`); red where adult teams exist and no `sab` is declared",
      "Declare the Safeguarding Adults Board with the council, the ICB and the police among its "
      "members, naming the ICB and police under `partners`.",
      document="care-act-2014", in_force=CARE_ACT)
def sab_core_members(ctx):
    bodies, absent = _sab_or_absent(ctx)
    if absent is not None:
        return absent

    def judge(b, subject):
        return three_partners(ctx, b, subject, "core members",
                              "has the council, the police and the integrated care board as "
                              "core members.")
    return each_body(bodies, judge)


@rule("england-2026.sch2.sab-chair-appointed-by-council", "Sch 2", MUST,
      "The council appoints the chair of the Safeguarding Adults Board",
      LEVEL + "each `sab` records `chair_appointed_by`, a post, member or body of the council",
      "Record who in the council appointed the SAB's chair under the board's "
      "`chair_appointed_by`.",
      document="care-act-2014", in_force=CARE_ACT)
def sab_chair(ctx):
    bodies, absent = _sab_or_absent(ctx)
    if absent is not None:
        return absent

    def judge(b, subject):
        body = ctx.scenario.bodies[b]
        by = body.chair_appointed_by
        if by is None:
            return not_assessed(f"{ctx.title(b)} does not record who appointed its chair. Add "
                                "`chair_appointed_by:` naming the council post, member or body "
                                "(Full Council, the Cabinet) that did.",
                                subject=subject, nodes=(b,))
        evidence = [f"chair: {st.name(ctx.graph, body.chair) if body.chair else '(none)'}; "
                    f"appointed by {st.name(ctx.graph, by)}"]
        # A body of the council (Full Council, the Cabinet) appoints for it; a partnership board
        # or another partner does not.
        of_council = ctx.kind(by) in ("post", "member") or (
            ctx.kind(by) == "body" and ctx.scenario.bodies[by].kind in
            ("council", "cabinet", "committee"))
        if of_council:
            return passed(f"The council ({ctx.title(by)}) appointed the chair of "
                          f"{ctx.title(b)}.", evidence, subject=subject, nodes=(b, by))
        return failed(f"The chair of {ctx.title(b)} was appointed by {ctx.title(by)}, not by "
                      "the council.", evidence, subject=subject, nodes=(b, by))
    return each_body(bodies, judge)


PACK = rules.pack()
