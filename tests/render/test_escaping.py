"""Titles with quotes, ampersands, angle brackets, backslashes and non-ASCII render literally."""

import xml.etree.ElementTree as ET

import pytest

from render.councils import HOSTILE, NON_ASCII, hostile_council
from orgsim.io.loader import load_scenario_text
from orgsim.model.graph import OrgGraph
from orgsim.render.diagram import build, dot_source, escape, wrap, WRAP
from orgsim.render.views import VIEWS, diff_view

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture(scope="module")
def hostile() -> OrgGraph:
    return OrgGraph(load_scenario_text(hostile_council(), "hostile.yaml").scenario)


@pytest.mark.parametrize("view", list(VIEWS))
def test_dot_carries_only_escaped_text(hostile, view):
    source = dot_source(VIEWS[view](hostile))
    assert HOSTILE not in source  # never raw: it would be read as markup
    assert escape(HOSTILE) in source
    assert NON_ASCII.split()[-1] in source  # non-ASCII kept as UTF-8, not mangled


@pytest.mark.parametrize("view", list(VIEWS))
def test_svg_shows_every_title_literally(hostile, view):
    spec = VIEWS[view](hostile)
    svg = ET.fromstring(build(spec).pipe(format="svg"))
    texts = {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}
    tooltips = {a.get(f"{XLINK}title") for a in svg.iter(f"{SVG}a")}
    for node in spec.nodes:
        for line in wrap(node.title, WRAP):
            assert line in texts, (view, node.id, line)
    for node in spec.nodes:
        if node.kind != "body":  # a body's box says its kind; its name is the cluster's label
            assert node.title in tooltips, (view, node.id)
    assert any(HOSTILE in t for t in texts)


def test_hostile_names_reach_cluster_edge_and_page_labels(hostile):
    svg = ET.fromstring(build(VIEWS["information"](hostile)).pipe(format="svg"))
    texts = {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}
    assert f"{HOSTILE} unit" in texts  # cluster label
    assert any(HOSTILE in t for t in texts if "channel" in t)  # edge label
    assert any(t.startswith("Reporting channels: " + HOSTILE) for t in texts)  # page title


def test_ids_that_are_dot_keywords_are_quoted(hostile):
    source = dot_source(VIEWS["line"](hostile))
    assert '\t"node" -> "strict"' in source
    build(VIEWS["line"](hostile)).pipe(format="svg")  # Graphviz accepts it


def test_diff_view_escapes_too(hostile):
    option = OrgGraph(load_scenario_text(
        hostile_council().replace(f"{HOSTILE} team", f"{HOSTILE} renamed team"),
        "option.yaml").scenario)
    spec = diff_view(hostile, option, "all")
    source = dot_source(spec)
    assert HOSTILE not in source
    assert escape(f"{HOSTILE} renamed team") in source.replace("<br/>", " ")
    svg = ET.fromstring(build(spec).pipe(format="svg"))
    texts = {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}
    assert any(HOSTILE in t for t in texts)
