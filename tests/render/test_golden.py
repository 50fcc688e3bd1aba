"""DOT golden files for every reference scenario and view.

A change to a golden file is a change to what users see: review the diff. Regenerate with
ORGSIM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_golden.py
"""

import pytest

from support import GOLDEN, UPDATE_GOLDEN, reference_scenarios
from orgsim.io.loader import load_scenario
from orgsim.model.graph import OrgGraph
from orgsim.render.diagram import dot_source
from orgsim.render.views import VIEWS, diff_view

DIAGRAMS = GOLDEN / "diagrams"


def diagrams(path):
    """Every view of the scenario, and for an option (one that extends a baseline) the diff of
    its accountability view against that baseline."""
    loaded = load_scenario(path)
    graph = OrgGraph(loaded.scenario)
    for view in VIEWS:
        yield view, dot_source(VIEWS[view](graph))
    if len(loaded.files) > 1:
        base = OrgGraph(load_scenario(loaded.files[-2]).scenario)
        yield "diff-accountability", dot_source(diff_view(base, graph, "accountability"))


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_dot_matches_golden(path):
    for view, source in diagrams(path):
        golden = DIAGRAMS / path.stem / f"{view}.dot"
        if UPDATE_GOLDEN:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(source, encoding="utf-8")
        elif not golden.exists():
            # A reference scenario added by someone else must not turn the suite red before its
            # diagrams have been reviewed; the skip says how to create them.
            pytest.skip(f"no golden diagrams for {path.name} yet; run with ORGSIM_UPDATE_GOLDEN=1 "
                        "and review them")
        assert source == golden.read_text(encoding="utf-8"), (
            f"{view} view of {path.name} differs from {golden.relative_to(GOLDEN.parent)}; "
            "review the change and regenerate with ORGSIM_UPDATE_GOLDEN=1")


@pytest.mark.parametrize("view", list(VIEWS))
def test_dot_is_deterministic(view):
    path = reference_scenarios()[0]
    first = dot_source(VIEWS[view](OrgGraph(load_scenario(path).scenario)))
    second = dot_source(VIEWS[view](OrgGraph(load_scenario(path).scenario)))
    assert first == second
