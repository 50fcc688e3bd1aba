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
