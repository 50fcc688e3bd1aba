"""OrgGraph's domain accessors answer from the typed graph, so no caller reads attribute dicts."""

import pytest

from orgsim.io.loader import load_scenario_text
from orgsim.model.graph import (ACCOUNTABLE_TO, CHAIRS, CHANNEL, LINE_MANAGES, MEMBER_OF, OBSERVES,
                                RIGHT, Edge, OrgGraph)
from model.test_graph import COUNCIL

UNITS = COUNCIL.replace("fs: {title: Family Services Director, line_manager: ceo,",
                        "fs: {title: Family Services Director, line_manager: ceo, unit: Family,")


@pytest.fixture(scope="module")
def org() -> OrgGraph:
    return OrgGraph(load_scenario_text(UNITS, "council.yaml").scenario)


def test_membership_and_node_order(org):
    assert org.has("dcs") and org.has("lscb") and not org.has("nobody")
    assert org.nodes()[:2] == ["ceo", "sdc"]
    assert set(org.nodes()) == set(org.graph.nodes)


def test_roles_entries_and_accountability(org):
    assert org.roles_of("dcs") == ("dcs",)
    assert org.roles_of("sdc") == ()
    assert org.director_roles_of("lm") == ()
    assert org.director_roles_of("dass") == ("dass",)
    assert org.entry("fs").title == "Family Services Director"
    assert org.accountable_to("fs") == ("dcs",)
    assert org.accountable_to("lscb") == ()  # a body declares no accountability


def test_a_team_sits_in_its_line_managers_unit(org):
    assert org.unit_of("fs") == "Family"
    assert org.unit_of("cs") == "Family"  # no unit of its own
    assert org.unit_of("ceo") is None


def test_edges_are_typed_tuples_in_graph_order(org):
    edges = list(org.edges())
    assert all(isinstance(e, Edge) for e in edges)
    assert [(e.source, e.target, e.key, e.type) for e in edges] == \
        [(u, v, k, t) for u, v, k, t in org.graph.edges(keys=True, data="type")]
    assert {(e.source, e.target) for e in org.line_edges()} >= {("ceo", "fs"), ("fs", "cs")}
    assert all(e.type == LINE_MANAGES for e in org.line_edges())
    assert [(e.source, e.target) for e in org.accountability_edges()] == [("fs", "dcs")]
    assert all(e.type == ACCOUNTABLE_TO for e in org.accountability_edges())


def test_edges_carry_their_scenario_entry(org):
    (channel,) = org.channel_edges()
    assert channel.type == CHANNEL and channel.id == "fs_121" and channel.entry.name == "One-to-one"
    rights = list(org.edges(RIGHT))
    assert [(e.target, e.key, e.id, e.kind) for e in rights] == [
        ("fs", "info:fs", "info", "request_information"),
        ("cs", "info:cs", "info", "request_information")]
    assert next(org.line_edges()).entry is None and next(org.line_edges()).kind is None


def test_channels_and_rights_by_end(org):
    assert [(cid, ch.target) for cid, ch in org.channels_from("fs")] == [("fs_121", "dcs")]
    assert [cid for cid, _ in org.channels_to("dcs")] == ["fs_121"]
    assert org.channels_from("dcs") == []
    assert org.rights_held("dcs") == [("info", "fs"), ("info", "cs")]
    assert org.rights_held("dcs", "request_information", over="cs") == [("info", "cs")]
    assert org.rights_held("dcs", "step_in") == []


def test_bodies_and_attendees_with_their_relation(org):
    assert org.bodies_of("dcs") == {"lscb": MEMBER_OF}
    assert org.bodies_of("lm") == {"lscb": OBSERVES}
    assert org.bodies_of("lm", (MEMBER_OF, CHAIRS)) == {}
    assert sorted(org.attendees("lscb")) == [("chair", CHAIRS), ("dcs", MEMBER_OF), ("lm", OBSERVES)]
