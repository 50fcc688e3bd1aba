"""Tests several packs share: the same structural question asked of different Directors."""

from __future__ import annotations

from ..model import vocab
from ..model.findings import Rating, Strength
from . import structure as st
from .compensation import COMPENSATION_TITLES, COMPENSATIONS, compensations, describe
from .engine import Status, failed, missing_role, not_assessed, passed


def reports_to_head_of_paid_service(ctx, role: str, short: str | None = None,
                                    boss: str = "head of paid service"):
    """Shared test: the holder of `role` is line-managed by the head of paid service, no tier
    between; `boss` is how the guidance names the head of paid service (each document has its
    own word for it), `short` the Director (by default the role's short label, "DCS")."""
    if (na := missing_role(ctx, role, "head_of_paid_service")):
        return na
    short = short or vocab.role_label(role).short
    director = ctx.holder(role)
    manager = ctx.line_manager(director)
    chain = " -> ".join(st.name(ctx.graph, n) for n in ctx.line_chain(director)) or "(none)"
    evidence = [f"line manager of {st.name(ctx.graph, director)}: "
                + (st.name(ctx.graph, manager) if manager else "(none)"), f"line chain: {chain}"]
    kw = dict(nodes=(director, *ctx.line_chain(director)),
              edges=(f"line:{director}",) if manager else ())
    if manager in ctx.holders("head_of_paid_service"):
        return passed(f"The {short} is line-managed by the {boss}.", evidence, **kw)
    return failed(f"The {short}'s line manager is not the {boss}"
                  + (f": {ctx.title(manager)} stands between them." if manager else
                     f": the {short} has no line manager."), evidence, **kw)


def director_appointed(ctx, role: str, functions, does: str, title: str, note: str = ""):
    """Shared test: a post holds `role`; red where teams deliver `functions` and none does
    (`does` says what those teams deliver, `title` names the Director, `note` adds why), not
    assessed, naming what to add, where no such team is declared."""
    holder = ctx.holder(role)
    if holder is not None:
        return passed(f"{ctx.title(holder)} is the {title}.", nodes=(holder,))
    teams = st.function_teams(ctx.graph, functions)
    if not teams:
        return missing_role(ctx, role)
    return failed(f"{len(teams)} team(s) deliver {does}, but no post holds the "
                  f"{vocab.role_label(role).short} role{note}.",
                  [f"teams: {st.names(ctx.graph, teams)}"], nodes=tuple(teams))


def on_management_team(ctx, director: str):
    """Shared test: the Director sits on a management team the head of paid service attends."""
    teams = st.bodies_of_kind(ctx.graph, "management_team")
    if not teams:
        return not_assessed("No body of kind `management_team` is declared. Add the corporate or "
                            "senior management team under `bodies`, with its chair and members.")
    hops = set(ctx.holders("head_of_paid_service"))
    for body in st.sits_on(ctx.graph, director, "management_team"):
        if hops & set(st.attendees(ctx.graph, body)):
            return passed(f"{ctx.title(director)} sits on {ctx.title(body)} with the head of paid "
                          "service.", [f"body {body}: {ctx.title(body)}"], nodes=(director, body))
    return failed(f"{ctx.title(director)} does not sit on a management team the head of paid "
                  "service attends.",
                  [f"management teams: {st.names(ctx.graph, teams)}",
                   f"{st.name(ctx.graph, director)} sits on: "
                   + (st.names(ctx.graph, st.sits_on(ctx.graph, director, 'management_team'))
                      or "none")], nodes=(director, *teams))


def direct_access_to_members(ctx, director: str):
    """Shared test: a direct_access right or a channel from the Director to every member."""
    members = list(ctx.scenario.members)
    if not members:
        return not_assessed("No elected members are declared. Add the councillors under "
                            "`members` (at least the Leader and the Lead Members).")
    evidence, lacking = [], []
    for m in members:
        found = st.direct_access(ctx.graph, director, m)
        evidence += found[:1]
        if not found:
            lacking.append(m)
    if lacking:
        return failed(f"{ctx.title(director)} has no direct access to "
                      f"{len(lacking)} of {len(members)} members.",
                      [*evidence, f"no right or channel to: {st.names(ctx.graph, lacking)}"],
                      nodes=(director, *lacking))
    return passed(f"{ctx.title(director)} has direct access to every declared member.", evidence,
                  nodes=(director,))


def split_outcomes(ctx, director: str, in_line: str, required=COMPENSATIONS,
                   no_route: Strength | None = Strength.must):
    """Shared test for splits: red when some team of the unit has no route at all for a
    safeguarding item kind to the Director (no effective system, england-dcs-lm-2009 3.11, 3.44(b);
    `no_route` is that failure's strength, None to leave it to the rule's), amber while any of the
    `required` compensations is missing (including routes slower than `compensation.TIMELINESS`),
    green when all are present."""
    comps = compensations(ctx.graph, director)
    if not comps:
        return passed(in_line, nodes=(director,))
    return [split_outcome(ctx, c, required, no_route) for c in comps]


def split_outcome(ctx, c, required=COMPENSATIONS, no_route: Strength | None = Strength.must,
                  where: str | None = None):
    """One split judged on the compensations a rule's text asks for."""
    s, director = c.split, c.split.director
    missing = [m for m in c.missing if m in required]
    kw = dict(subject=s.node, nodes=(s.node, director, *s.line_chain[:1]), edges=c.edges,
              figures={"present": len([m for m in c.present if m in required]),
                       "missing": len(missing), "mechanisms": len(c.mechanisms)})
    where = where or f"{ctx.title(s.node)} is outside the line of {ctx.title(director)}"
    if not missing:
        return passed(f"{where}; every compensating mechanism is present.",
                      describe(ctx.graph, c, required), **kw)
    if c.unrouted:
        kinds = " and ".join(vocab.item_label(k).plural for k in c.unrouted)
        # The Director answers for safeguarding whoever manages the unit (england-dcs-lm-2009
        # 3.44(b); wales-dss-2009 4.8.5): with no route at all there is nothing a recorded
        # departure could rest on, so this stays red.
        firm = ", and a recorded departure cannot make up for that" if no_route else ""
        return failed(f"{where}, and its {kinds} have no route to the Director at all: no "
                      f"effective system tells them{firm}.", describe(ctx.graph, c, required),
                      strength=no_route, **kw)
    return failed(f"{where}; compensation is partial (missing: "
                  f"{', '.join(COMPENSATION_TITLES[m] for m in missing)}).",
                  describe(ctx.graph, c, required), severity=Rating.amber, **kw)


def below_director(ctx, node: str, director: str) -> str | None:
    """The post directly below the Director on the node's line chain."""
    chain = (node, *ctx.line_chain(node))
    if director not in chain:
        return None
    i = chain.index(director)
    return chain[i - 1] if i > 0 else None


def sits_on_rule(ctx, role: str, kind: str, label: str):
    """Shared test: the role's holder is a member or chair of a body of the kind."""
    if (na := missing_role(ctx, role)):
        return na
    director = ctx.holder(role)
    bodies = st.bodies_of_kind(ctx.graph, kind)
    if not bodies:
        return not_assessed(f"No body of kind `{kind}` ({label}) is declared. Add it under "
                            "`bodies` with its chair, members and cadence.")
    on = st.sits_on(ctx.graph, director, kind)
    if on:
        return passed(f"{ctx.title(director)} sits on the {label}.",
                      [f"body {b}: {ctx.title(b)}" for b in on], nodes=(director, *on))
    how = {b: st.attendance(ctx.graph, director).get(b, "absent") for b in bodies}
    return failed(f"{ctx.title(director)} is not a member of the {label}.",
                  [f"body {b}: {ctx.title(b)}; {ctx.title(director)}: {h}" for b, h in how.items()],
                  nodes=(director, *bodies))


def regular_link(ctx, a: str, b: str, what: str, max_cadence: float = st.REGULAR,
                 carrying: tuple[str, ...] = (), bodies: bool = True, both_ways: bool = True,
                 two_way: bool = False):
    """Shared test: a channel, or a body held for the two of them (never co-membership of a
    management team, cabinet, council or board), joins a and b at `max_cadence` or faster; with
    `two_way`, information must flow both ways (a channel each way, or such a body)."""
    found = st.links(ctx.graph, a, b, max_cadence, both_ways=both_ways, carrying=carrying,
                     bodies=bodies)
    kw = dict(nodes=(a, b), edges=tuple(x.key for x in found if not x.via_body),
              figures={"fastest_cadence_days": min(x.cadence for x in found)} if found else {})
    if found and two_way and not st.two_way(found, a, b, ctx.graph):
        return failed(f"{what}: only one way. The guidance asks for contact both ways; add a "
                      f"channel the other way at least {st.fmt_days(max_cadence)}.",
                      [x.text for x in found], **kw)
    if found:
        return passed(f"{what}: {len(found)} link(s), the most frequent "
                      f"{st.fmt_days(min(x.cadence for x in found))}.",
                      [x.text for x in found], **kw)
    return failed(f"{what}: none at {st.fmt_days(max_cadence)} or faster"
                  + (f" carrying {', '.join(carrying)}" if carrying else "") + ".",
                  [f"between {st.name(ctx.graph, a)} and {st.name(ctx.graph, b)}: no channel, "
                   f"and no body held for the two of them, at {st.fmt_days(max_cadence)} or "
                   "faster (shared boards, teams, cabinet and council do not count)"], **kw)


def monitoring_link(ctx, monitor: str, monitored: str, what: str, chaired_member: bool = False,
                    reports_to_chaired: bool = False, max_cadence: float = st.REGULAR):
    """Shared test for "X monitors / holds Y to account" (not worded as a meeting between them):
    a regular link as `regular_link` accepts, or, where the rule allows, a cabinet or committee
    the monitor chairs that the monitored person is a member of (`chaired_member`: the Leader runs
    the executive its members answer to) or a channel from the monitored person to such a body
    (`reports_to_chaired`: the Director reports to the Chief Executive's board). Merely attending
    the same body is never enough."""
    found = regular_link(ctx, monitored, monitor, what, max_cadence)
    if found.status is Status.passed:
        return found
    g, evidence = ctx.graph, []
    for b, body in g.scenario.bodies.items():
        if body.chair != monitor or body.meets is None or body.meets > max_cadence + 1e-9:
            continue
        # Only the executive or a committee the monitor runs: a partnership board they chair is
        # not where they hold its members to account.
        if chaired_member and monitored in body.members and body.kind in ("cabinet", "committee"):
            evidence.append(f"body {b}: {body.title} meets {st.fmt_days(body.meets)}; chaired by "
                            f"{g.title(monitor)}, {g.title(monitored)} a member")
        if reports_to_chaired:
            evidence += [st.channel_text(g, cid, ch)
                         for cid, ch in st.channels(g, monitored, b, max_cadence)]
    if evidence:
        return passed(f"{what}: {g.title(monitor)} chairs the body where it happens "
                      f"({len(evidence)} found).", evidence, nodes=(monitor, monitored))
    return found


def annual_written(ctx, who: str, carrying=st.SAFEGUARDING_ITEMS):
    """Written channels from `who`, at least yearly, carrying the given items."""
    return st.channels(ctx.graph, source=who, max_cadence=st.ANNUAL, carrying=carrying,
                       written=True)


HOT_ISSUES_PERFORMANCE_FINANCE = ("serious_incident", "performance_dip", "budget_pressure")


def meetings_cover(ctx, a: str, b: str, max_cadence: float, what: str, first: str,
                   wanted: tuple[str, ...] = HOT_ISSUES_PERFORMANCE_FINANCE):
    """Shared test: the regular links between a and b (at `max_cadence` or faster) together carry
    every item kind `wanted` (hot issues, performance and finance by default); a body held for the
    two of them carries what is tabled to it. `what` names the meetings in the finding; `first`
    is what to write when there are no such meetings to judge."""
    found = st.links(ctx.graph, a, b, max_cadence)
    if not found:
        return not_assessed(first)
    covered: set[str] = set()
    for link in found:
        if link.via_body:
            covered.update(set(wanted) & st.tabled_kinds(ctx.graph, link.key))
        else:
            ch = ctx.scenario.channels[link.key]
            covered.update(k for k in wanted if st.carries_any(ctx.scenario, ch, (k,)))
    lacking = [k for k in wanted if k not in covered]
    evidence = [x.text for x in found]
    if lacking:
        return failed(f"{what} do not carry {', '.join(lacking)}.", evidence, nodes=(a, b))
    return passed(f"{what} cover hot issues, performance and finance.", evidence, nodes=(a, b))


def on_executive(ctx, role: str):
    """Shared test: the holder of `role` is a member of the executive: on the cabinet, or under
    the committee system the chair of a committee."""
    if (na := missing_role(ctx, role)):
        return na
    member = ctx.holder(role)
    committee = ctx.scenario.governance == "committee"
    kind = "committee" if committee else "cabinet"
    bodies = st.bodies_of_kind(ctx.graph, kind)
    if not bodies:
        return not_assessed(f"No body of kind `{kind}` is declared. Add the "
                            f"{'committees' if committee else 'cabinet'} under `bodies`.")
    roles = ("chairs",) if committee else ("member_of", "chairs")
    on = [b for b in bodies if st.attendance(ctx.graph, member, roles).get(b)]
    if on:
        return passed(f"{ctx.title(member)} is on the executive.",
                      [f"body {b}: {ctx.title(b)}" for b in on], nodes=(member, *on))
    return failed(f"{ctx.title(member)} is not an executive member.",
                  [f"{kind} bodies: {st.names(ctx.graph, bodies)}"], nodes=(member, *bodies))
