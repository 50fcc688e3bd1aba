"""Each view shows what it promises: the line tree, every split, channels, seats on boards."""

import pytest

from render.councils import BASE, dot_edges, dot_nodes
from orgsim.io.loader import load_scenario_text
from orgsim.model.graph import OrgGraph
from orgsim.render.diagram import dot_source
from orgsim.render.views import VIEWS

SPLIT_COUNCIL = BASE.replace(
    "fsd: {title: Family Services Director, line_manager: dcs, unit: Children's}",
    "fsd: {title: Family Services Director, line_manager: ceo, accountable_to: [dcs], "
    "unit: Family Services}")


@pytest.fixture(scope="module")
def base() -> OrgGraph:
    return OrgGraph(load_scenario_text(BASE, "base.yaml").scenario)


@pytest.fixture(scope="module")
def split() -> OrgGraph:
    return OrgGraph(load_scenario_text(SPLIT_COUNCIL, "split.yaml").scenario)


def test_line_view_is_exactly_the_line_tree(base):
    source = dot_source(VIEWS["line"](base))
    drawn = {(u, v) for u, v, a in dot_edges(source) if "style=invis" not in a}
    assert drawn == {(e.source, e.target) for e in base.line_edges()}
    assert "rank=min\n\t\tceo" in source  # the head of paid service at the top
    assert set(dot_nodes(source)) - {"legend"} == {*base.scenario.posts, *base.scenario.teams}


def test_accountability_view_marks_every_split(split):
    splits = split.splits()
    assert {s.node for s in splits} == {"fsd", "cs"}
    source = dot_source(VIEWS["accountability"](split))
    nodes = dot_nodes(source)
    assert {n for n, a in nodes.items() if "peripheries=2" in a} == {"fsd", "cs"}
    heavy = {(u, v) for u, v, a in dot_edges(source) if "penwidth=4" in a}
    assert heavy == {("fsd", "dcs")}  # drawn once, at the top of the split subtree
    assert "accountable to the DCS, outside the line" in source.replace("<br/>", " ")
    assert "Split: Family Services Director is line-managed by Chief Executive but accountable " \
           "to Director of Children&#x27;s Services." in source.replace("<br/>", " ")


def test_no_split_no_split_marks(base):
    source = dot_source(VIEWS["accountability"](base))
    assert "peripheries=2" not in source and "SPLIT" not in source
    assert "No splits" in source


def test_vacancy_and_interim_are_marked(base):
    nodes = dot_nodes(dot_source(VIEWS["line"](base)))
    assert "VACANT" in nodes["dass"] and "dashed" in nodes["dass"]
    assert "vacant from month 6 to month 12; interim: Strategic Director" in \
        nodes["dass"].replace("<br/>", " ")
    assert "INTERIM COVER" in nodes["sdc"]
    assert "interim Director of Adult Social Services, from month 6 to month 12" in \
        nodes["sdc"].replace("<br/>", " ")


def test_statutory_posts_carry_role_badges(base):
    nodes = dot_nodes(dot_source(VIEWS["line"](base)))
    assert "<b>DCS</b>" in nodes["dcs"] and "penwidth=2.5" in nodes["dcs"]
    assert "<b>Head of Paid Service</b>" in nodes["ceo"]
    assert "<b>DCS</b>" not in nodes["fsd"]


def test_information_view_labels_cadence_and_what_is_carried(base):
    source = dot_source(VIEWS["information"](base))
    labels = {(u, v): a.replace("<br/>", " ") for u, v, a in dot_edges(source)}
    assert "One-to-one monthly SI" in labels[("fsd", "dcs")]
    assert "Team meeting weekly all items" in labels[("cs", "fsd")]
    assert "SI serious incident" in source  # the key explains the code


def test_governance_view_has_a_cluster_per_body_with_seats(base):
    source = dot_source(VIEWS["governance"](base))
    nodes = dot_nodes(source)
    assert "<i>Chair</i>" in nodes["lscb/chair"]
    assert "<i>Member</i>" in nodes["lscb/dcs"]
    assert "<i>Observer</i>" in nodes["lscb/lm"] and "dashed" in nodes["lscb/lm"]
    assert source.count("subgraph cluster_") == 1


def test_legend_lists_only_what_is_drawn(base):
    line = dot_source(VIEWS["line"](base))
    assert "line manages (solid)" in line and "reporting channel" not in line
    everything = dot_source(VIEWS["all"](base))
    for words in ("reporting channel", "chairs (heavy)", "observes (dotted)", "right held over"):
        assert words in everything
