"""Schema and reference problems come together, sorted by line, wherever the file parses."""

from __future__ import annotations

import pytest

from support import MINIMAL
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario_text


def problems(text: str):
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "council.yaml")
    return info.value.problems


def test_a_bad_value_and_an_unknown_id_are_reported_in_the_same_run_by_line():
    found = problems(MINIMAL + """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo, escalates_at: seriuos}
  x: {title: X, line_manager: nobody}
teams:
  t: {title: T, line_manager: dcs, delivers: [childrens_social_care]}
channels:
  c: {from: t, to: dcss, name: C, cadence: monthly}
  d: {from: t, to: dcs, name: D, cadence: sometimes}
""")
    assert [p.location.line for p in found] == [7, 8, 10, 12, 13]
    assert "did you mean 'serious'" in found[0].message
    assert "unknown line manager 'nobody'" in found[1].message
    assert "did you mean 'children_social_care'" in found[2].message
    assert "unknown channel destination 'dcss'" in found[3].message
    assert "is not a cadence" in found[4].message


def test_an_entry_with_a_schema_problem_still_counts_as_declared():
    # the team's bad field is one problem; what refers to the team is not reported as unknown
    found = problems(MINIMAL + """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
teams:
  t: {title: T, line_manager: ceo, fte: many}
channels:
  c: {from: t, to: ceo, name: C, cadence: weekly}
""")
    assert len(found) == 1 and found[0].location.line == 8


def test_a_bad_jurisdiction_keeps_the_references_that_are_wrong_either_way():
    found = problems("""\
orgsim: 1
name: x
jurisdiction: englnd
governance: leader_cabinet
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service], line_manager: boss}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
""")
    # `dcs` would not exist in Wales, but that is not held against a file whose jurisdiction
    # is itself the typo; the unknown manager is wrong in either
    assert [p.location.line for p in found] == [3, 6]
