"""The diff view marks exactly what an option changes; findings colour exactly what they name."""

import pytest

from render.councils import BASE, OPTION, dot_edges, dot_nodes
from orgsim.io.loader import load_scenario_text
from orgsim.model.findings import Citation, Finding, Rating
from orgsim.model.graph import OrgGraph
from orgsim.render.diagram import (CHANGE_STYLES, CHANGE_TAG, RATING_COLOUR, RATING_FILL,
                                   dot_source)
from orgsim.render.views import VIEWS, diff_view, highlight


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    base = OrgGraph(load_scenario_text(BASE, "base.yaml", folder).scenario)
    option = OrgGraph(load_scenario_text(OPTION, "option.yaml", folder).scenario)
    return base, option


def marked(source: str, change: str) -> set[tuple[str, str]]:
    colour = CHANGE_STYLES[change][0]
    return {(u, v) for u, v, attrs in dot_edges(source)
            if CHANGE_TAG[change] in attrs and colour in attrs}


def test_accountability_diff_marks_exactly_the_moved_line_and_new_accountability(graphs):
    source = dot_source(diff_view(*graphs, "accountability"))
    assert marked(source, "added") == {("ceo", "fsd"), ("fsd", "dcs"), ("ceo", "pa")}
    assert marked(source, "removed") == {("dcs", "fsd")}
    assert marked(source, "changed") == set()
    untouched = {(u, v) for u, v, a in dot_edges(source) if "~ " not in a and "+ " not in a
                 and "- removed" not in a and not u.startswith("legend")}
    assert ("ceo", "dcs") in untouched and ("fsd", "cs") in untouched


def test_information_diff_marks_exactly_the_changed_channels(graphs):
    source = dot_source(diff_view(*graphs, "information"))
    assert marked(source, "added") == {("cs", "dcs")}
    assert marked(source, "removed") == {("cs", "fsd")}
    assert marked(source, "changed") == {("fsd", "dcs")}
    # "changed" is a double line (a colour list), so it reads without colour too
    (attrs,) = [a for u, v, a in dot_edges(source) if (u, v) == ("fsd", "dcs")]
    assert f'"{CHANGE_STYLES["changed"][0]}:white:{CHANGE_STYLES["changed"][0]}"' in attrs


def test_diff_nodes_added_removed_changed(graphs):
    base, option = graphs
    nodes = dot_nodes(dot_source(diff_view(base, option, "line")))
    assert CHANGE_TAG["added"] in nodes["pa"]
    assert CHANGE_TAG["changed"] in nodes["fsd"]
    assert "changed: accountable to, line manager" in nodes["fsd"].replace("<br/>", " ")
    assert not any(tag in nodes["dcs"] for tag in CHANGE_TAG.values())
    reverse = dot_nodes(dot_source(diff_view(option, base, "line")))
    assert CHANGE_TAG["removed"] in reverse["pa"] and "dashed" in reverse["pa"]


def test_diff_legend_explains_the_marks_in_words(graphs):
    source = dot_source(diff_view(*graphs, "information"))
    for change in ("added", "removed", "changed"):
        assert CHANGE_STYLES[change][2].split(" (")[0] in source


def finding(fid, severity, nodes=(), edges=()):
    return Finding(id=fid, pack="test", citation=Citation("england-dcs-lm-2009", "3.5"),
                   severity=severity, title=fid, explanation="hand-made", nodes=nodes, edges=edges)


FINDINGS = [
    finding("R1", Rating.red, nodes=("dcs",), edges=("line:fsd",)),
    finding("A1", Rating.amber, nodes=("fsd", "dcs"), edges=("fs_121",)),
    finding("G1", Rating.green, nodes=("cs",), edges=("cs_weekly",)),
    finding("N1", Rating.not_assessed, nodes=("adults",)),
]


def rated_nodes(source, rating):
    return {n for n, a in dot_nodes(source).items() if f'fillcolor="{RATING_FILL[rating]}"' in a}


def rated_edges(source, rating):
    return {(u, v) for u, v, a in dot_edges(source)
            if f'color="{RATING_COLOUR[rating]}"' in a and not u.startswith("legend")}


def test_findings_colour_exactly_the_named_nodes_and_edges(graphs):
    base, _ = graphs
    source = dot_source(highlight(VIEWS["all"](base), FINDINGS))
    assert rated_nodes(source, "red") == {"dcs"}  # red wins over amber
    assert rated_nodes(source, "amber") == {"fsd"}
    assert rated_edges(source, "red") == {("dcs", "fsd")}
    assert rated_edges(source, "amber") == {("fsd", "dcs")}  # the one-to-one channel only
    nodes = dot_nodes(source)
    assert "2 findings" in nodes["dcs"] and "RED finding" in nodes["dcs"]
    assert "AMBER finding" in nodes["fsd"]


def test_findings_reach_a_seat_on_a_board(graphs):
    base, _ = graphs
    spec = highlight(VIEWS["governance"](base), [finding("R2", Rating.red,
                                                         edges=("observes:lm:lscb",))])
    assert rated_nodes(dot_source(spec), "red") == {"lscb/lm"}


def test_no_findings_no_colour(graphs):
    base, _ = graphs
    source = dot_source(highlight(VIEWS["accountability"](base), []))
    assert rated_nodes(source, "red") == rated_nodes(source, "amber") == set()
