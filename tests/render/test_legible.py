"""What a reader sees of the committee paper, in the PDF and in the HTML (its SVG diagrams
included): no internal id, raw float, Python `None`, "(s)" plural or command line; and the
line-of-sight diagrams print at 8 pt or more on A4."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest

from orgsim.model import vocab
from orgsim.pipeline import analyse, diagrams
from orgsim.render.paper import paper_html
from render.paper_fixtures import FAST, write_council

pypdf = pytest.importorskip("pypdf")

MM = 72 / 25.4  # points per millimetre
# The landscape page the diagrams section is printed on (A4, 12 mm margins) and the CSS cap on a
# diagram's height (figure.diagram svg max-height), in points.
PAGE_WIDTH, MAX_HEIGHT = (297 - 24) * MM, 170 * MM


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("legible")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    drawn = diagrams(analysis, folder / "diagrams", ("svg",))
    return analysis, drawn, paper_html(analysis, drawn)


def _visible_html(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _ids(analysis) -> tuple[set[str], set[str]]:
    """(compound ids: never anywhere; simple lowercase ids: never as a word)."""
    ids: set[str] = set()
    for s in analysis.scenarios:
        sc = s.loaded.scenario
        ids |= set(s.graph.nodes()) | set(sc.channels) | set(sc.standards)
        ids |= {f.id for f in s.findings}
        ids |= {x.id for x in s.simulation.standards}
    ids |= set(vocab.ITEM_KINDS) | set(vocab.FUNCTIONS) | set(vocab.ROLES)
    if analysis.comparison:
        ids |= {f.id for o in analysis.comparison.options for f in (*o.weakenings,
                                                                    *o.strengthenings)}
    compound = {i for i in ids if re.search(r"[_.:]", i)}
    words = {i for i in ids - compound if i.islower()}
    # a simple id that is also an ordinary word of some title or label ("education") may appear
    english = set()
    for s in analysis.scenarios:
        for n in s.graph.nodes():
            english |= set(re.findall(r"[a-z]+", s.graph.title(n).lower()))
    english |= {w for f in vocab.FUNCTION_LABELS.values() for w in f.plural.split()}
    english |= {w for r in vocab.ROLE_LABELS.values()
                for w in f"{r.full} {r.short}".lower().split()}
    return compound, words - english


def _problems(text: str, analysis) -> list[str]:
    compound, words = _ids(analysis)
    found = [i for i in compound if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    found += [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    found += re.findall(r".{20}\b\d+\.\d{3,}\b.{0,10}", text)  # a raw float
    found += re.findall(r".{20}\bNone\b.{0,10}", text)
    found += re.findall(r".{20}\(s\).{0,10}", text)
    found += re.findall(r".{0,20}(?:\borgsim (?:run|repair|compare|simulate|check)\b|"
                        r"\s--[a-z]).{0,20}", text)
    return found


def test_no_internal_id_raw_float_none_plural_or_command_in_the_html(paper):
    analysis, _, html = paper
    text = _visible_html(html)
    assert "Option A" in text and "Testshire" in text  # the text is really there
    assert not _problems(text, analysis)


@pytest.mark.parametrize("engine", ("chromium", "weasyprint"))
def test_no_internal_id_raw_float_none_plural_or_command_in_the_pdf(paper, engine):
    from orgsim.render.pdf import PdfUnavailable, find_chromium, html_to_pdf
    analysis, _, html = paper
    if engine == "chromium" and find_chromium() is None:
        pytest.skip("no Chromium 131 or later on the PATH")
    try:
        data = html_to_pdf(html, engine)
    except PdfUnavailable as exc:
        pytest.skip(str(exc))
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Verdict:" in text
    assert not _problems(text, analysis)


def _printed_points(svg: str) -> float:
    """The smallest text of an SVG as printed in the paper: its font size times Graphviz's own
    scale and the scale that fits the drawing to the landscape page's width and height cap."""
    width, height = (float(x) for x in re.search(
        r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    scale = float(re.search(r'transform="scale\(([\d.]+)', svg)[1])
    fit = min(PAGE_WIDTH / width, MAX_HEIGHT / height)
    smallest = min(float(x) for x in re.findall(r'font-size="([\d.]+)"', svg))
    return smallest * scale * fit


def test_line_of_sight_diagrams_print_at_8pt_or_more_with_at_most_30_nodes(paper):
    analysis, drawn, html = paper
    sight = [d for d in drawn if "-sight-" in d.name]
    # one per statutory Director of each scenario
    assert len(sight) == sum(len([h for r in vocab.DIRECTOR_ROLES for h in s.graph.holders(r)])
                             for s in analysis.scenarios)
    for d in sight:
        svg = d.svg.read_text(encoding="utf-8")
        assert svg.count('class="node"') <= 31  # the nodes and the key
        assert _printed_points(svg) >= 8, d.name
        assert d.name.split("-sight-")[0] + "-sight" in d.name and "Line of sight" in svg


def test_the_barnet_line_of_sight_diagrams_print_at_8pt_or_more(tmp_path):
    """The reference case, not only the small council: the DCS's has four units and their
    routes."""
    from orgsim.io.loader import load_scenario
    from orgsim.model.graph import OrgGraph
    from orgsim.render.diagram import render
    from orgsim.render.views import sight_view
    g = OrgGraph(load_scenario("scenarios/barnet/barnet-2014-commissioning.yaml").scenario)
    for director in ("dcs", "dass"):
        spec = sight_view(g, director)
        assert len(spec.nodes) <= 30
        svg = render(spec, tmp_path, director, ["svg"]).files[-1].read_text(encoding="utf-8")
        assert _printed_points(svg) >= 8, director
        assert "no route to" in svg or director == "dass"


def test_a_findings_view_identical_to_the_plain_one_is_not_written(paper):
    analysis, drawn, _ = paper
    names = {d.name for d in drawn}
    # the baseline of the small council has no red or amber finding naming a node
    base = analysis.baseline
    named = any(f.nodes for f in base.findings if f.severity.value in ("red", "amber"))
    assert (f"{base.label}-accountability-findings" in names) == named
