"""Properties of the checks over many variants of the base councils.

Taking channels, rights, commissions or protocols away can only remove oversight, so it must never
turn a red finding green; and every finding must explain itself: failed ones carry a mitigation,
not_assessed ones say what to add, green ones suggest nothing.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgsim.io.loader import load_scenario
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.registry import PACKS, run_checks
from support import FIXTURES

BASES = {name: load_scenario(FIXTURES / "rules" / f"{name}.yaml").scenario
         for name in ("england", "england-dss", "wales")}
EDGE_SECTIONS = ("channels", "rights", "commissions", "protocols")


def _drop(draw, scenario):
    update = {}
    for section in EDGE_SECTIONS:
        ids = sorted(getattr(scenario, section))
        dropped = set(draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))) if ids else set()
        update[section] = {k: v for k, v in getattr(scenario, section).items() if k not in dropped}
    return scenario.model_copy(update=update)


@st.composite
def reduced(draw):
    """A base council with some oversight taken away, and the same with more taken away."""
    larger = _drop(draw, BASES[draw(st.sampled_from(sorted(BASES)))])
    return larger, _drop(draw, larger)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reduced())
def test_removing_oversight_never_turns_red_green_and_findings_explain_themselves(pair):
    larger, smaller = pair
    before = {f.id: f for f in run_checks(OrgGraph(larger), list(PACKS)).findings}
    after = {f.id: f for f in run_checks(OrgGraph(smaller), list(PACKS)).findings}
    for fid, f in before.items():
        if f.severity is Rating.red and fid in after:
            assert after[fid].severity is not Rating.green, fid
    for f in after.values():
        assert f.explanation
        if f.severity in (Rating.red, Rating.amber):
            assert f.mitigation, f.id
        elif f.severity is Rating.not_assessed:
            assert f.mitigation is None and ("Add" in f.explanation or "add" in f.explanation), f.id
        else:
            assert f.mitigation is None, f.id


# Rules the guidance words as meetings, liaison or briefings between named people, and the split
# rules: none may pass because people sit on the same general board (dcs.4.5 is a monitoring
# rule, which accepts the executive the Leader chairs, and is left out on purpose).
MEETING_AND_SPLIT_RULES = (
    "solace.monthly-cex-dss-meetings", "solace.meeting-agenda",
    "solace.quarterly-political-briefing", "solace.keeps-cex-informed",
    "solace.executive-member-informed", "solace.quality-where-operations-elsewhere",
    "dcs.3.30.cex-holds-dcs-to-account", "dcs.3.11.line-management-elsewhere",
    "dass.38.works-with-dcs", "dass.48.member-working", "dass.28.officers-report-to-dass",
    "wales.5.14.reciprocal-liaison", "wales.5.15.regular-liaison",
    "wales.4.8.8.strategic-level", "wales.4.8.8.operational-level",
)


def _rule_of(finding_id: str) -> str:
    return finding_id.split(":")[0]


@st.composite
def joined(draw):
    """A reduced base council, and the same with people added to general boards."""
    from orgsim.rules.structure import GENERAL_BODY_KINDS
    _, smaller = draw(reduced())
    boards = sorted(b for b, body in smaller.bodies.items() if body.kind in GENERAL_BODY_KINDS)
    people = sorted((*smaller.posts, *smaller.members))
    bodies = dict(smaller.bodies)
    for board in draw(st.lists(st.sampled_from(boards), unique=True, min_size=1, max_size=3)):
        extra = draw(st.lists(st.sampled_from(people), unique=True, min_size=1, max_size=4))
        body = bodies[board]
        members = tuple(dict.fromkeys((*body.members, *(p for p in extra if p != body.chair))))
        bodies[board] = body.model_copy(update={"members": list(members)})
    return smaller, smaller.model_copy(update={"bodies": bodies})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(joined())
def test_sitting_on_the_same_board_never_turns_a_failed_meeting_or_split_rule_green(pair):
    apart, together = pair
    before = {f.id: f for f in run_checks(OrgGraph(apart), list(PACKS)).findings}
    after = {f.id: f for f in run_checks(OrgGraph(together), list(PACKS)).findings}
    for fid, f in before.items():
        if _rule_of(fid) in MEETING_AND_SPLIT_RULES and f.severity in (Rating.red, Rating.amber) \
                and fid in after:
            assert after[fid].severity is not Rating.green, fid
