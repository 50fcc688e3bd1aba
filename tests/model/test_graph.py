import pytest

from support import FIXTURES, MINIMAL
from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.graph import (ACCOUNTABLE_TO, CHANNEL, CHAIRS, LINE_MANAGES, MEMBER_OF, OBSERVES,
                                RIGHT, OrgGraph)

COUNCIL = MINIMAL + """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  sdc: {title: Strategic Director for Commissioning, line_manager: ceo}
  dcs: {title: "Commissioning Director, Children", roles: [dcs], line_manager: sdc}
  dass: {title: Adults Director, roles: [dass], line_manager: ceo}
  fs: {title: Family Services Director, line_manager: ceo, accountable_to: [dcs]}
teams:
  cs: {title: Social work, line_manager: fs, delivers: [children_social_care, safeguarding_children]}
  trans: {title: Transition team, line_manager: dass, delivers: [transition]}
  adults: {title: Adult social care, line_manager: dass, delivers: [adult_social_care]}
members:
  lm: {title: Lead Member, roles: [lead_member_children]}
externals:
  chair: {title: Independent chair, kind: independent_chair}
bodies:
  lscb: {title: LSCB, kind: lscb, chair: chair, members: [dcs], observers: [lm], meets: quarterly}
channels:
  fs_121: {from: fs, to: dcs, name: One-to-one, cadence: monthly}
rights:
  info: {holder: dcs, kind: request_information, over: [fs, cs]}
"""


@pytest.fixture(scope="module")
def org() -> OrgGraph:
    return OrgGraph(load_scenario_text(COUNCIL, "council.yaml").scenario)


def test_edges_are_typed_and_never_merged(org):
    types = {(u, v, t) for u, v, t in org.graph.edges(data="type")}
    assert ("ceo", "fs", LINE_MANAGES) in types
    assert ("fs", "dcs", ACCOUNTABLE_TO) in types
    assert ("fs", "dcs", CHANNEL) in types  # same pair, separate edge
    assert ("dcs", "lscb", MEMBER_OF) in types and ("lm", "lscb", OBSERVES) in types
    assert ("chair", "lscb", CHAIRS) in types
    assert {("dcs", "fs", RIGHT), ("dcs", "cs", RIGHT)} <= types


def test_views_select_edge_types(org):
    assert {t for *_, t in org.line_view().edges(data="type")} == {LINE_MANAGES}
    assert {t for *_, t in org.accountability_view().edges(data="type")} == {LINE_MANAGES,
                                                                             ACCOUNTABLE_TO}
    assert list(org.information_view().edges(keys=True)) == [("fs", "dcs", "fs_121")]
    assert {t for *_, t in org.bodies_view().edges(data="type")} == {MEMBER_OF, OBSERVES, CHAIRS}
    assert org.line_view().number_of_nodes() == org.graph.number_of_nodes()


def test_role_holders_and_line_chain(org):
    assert org.holder("dcs") == "dcs"
    assert org.holder("dss") is None
    assert org.line_chain("cs") == ("fs", "ceo")
    assert org.line_chain("dcs") == ("sdc", "ceo")
    assert org.line_chain("ceo") == ()


def test_remit_depends_on_jurisdiction(org):
    assert "children_social_care" in org.remit("dcs")
    assert "adult_social_care" not in org.remit("dcs")
    assert set(org.remit("dass")) == {"adult_social_care", "safeguarding_adults", "transition"}
    assert org.responsible_directors("transition") == ("dcs", "dass")


def test_splits_cover_accountability_and_functions(org):
    found = {(s.node, s.director, s.reason, s.functions) for s in org.splits()}
    assert found == {
        ("fs", "dcs", "accountable_to", ()),
        ("cs", "dcs", "function", ("children_social_care", "safeguarding_children")),
    }  # the transition team sits under the DASS, one of the two Directors who share transition
    fs_split = next(s for s in org.splits() if s.node == "fs")
    assert fs_split.line_manager == "ceo"


def test_overlay_moves_a_post_out_of_the_directors_line():
    base = OrgGraph(load_scenario(FIXTURES / "overlays" / "base.yaml").scenario)
    option = OrgGraph(load_scenario(FIXTURES / "overlays" / "option.yaml").scenario)
    assert base.splits() == []
    assert [(s.node, s.reason) for s in option.splits()] == [("fs", "accountable_to"),
                                                             ("cs", "function")]


def test_wales_sends_social_services_to_the_dss():
    text = MINIMAL.replace("england", "wales") + """\
posts:
  ceo: {title: Head of Paid Service, roles: [head_of_paid_service]}
  dss: {title: Director of Social Services, roles: [dss], line_manager: ceo}
  edu: {title: Director of Education, roles: [lead_director_cyp], line_manager: ceo}
teams:
  cs: {title: Children's services, line_manager: edu, delivers: [children_social_care, education]}
"""
    org = OrgGraph(load_scenario_text(text, "wales.yaml").scenario)
    assert [(s.node, s.director, s.functions) for s in org.splits()] == [
        ("cs", "dss", ("children_social_care",))]
