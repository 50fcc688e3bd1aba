"""The PDF paper: A4 pages in the order of the HTML, the diagrams on landscape pages, and the
text a committee reads (text extracted with pypdf)."""

from __future__ import annotations

import io
import re

import pytest

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency: pip install -e '.[test]'")

from orgsim.model.findings import Rating  # noqa: E402
from orgsim.pipeline import analyse, diagrams  # noqa: E402
from orgsim.render.paper import paper_html  # noqa: E402
from orgsim.render.pdf import _no_fetch, html_to_pdf  # noqa: E402
from render.paper_fixtures import FAST, HOSTILE, write_council  # noqa: E402

A4 = (595.0, 842.0)  # points
HEADINGS = ("1. The decision", "2. What would repair each option", "3. The options compared",
            "4. Findings of the checks", "5. Line of sight", "6. How soon the Directors know",
            "7. Structure", "8. Assumptions", "9. Method and glossary", "10. The law in force",
            "11. References", "12. Reproducibility")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    data = html_to_pdf(paper_html(analysis, diagrams(analysis, folder / "d", ("svg",))))
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    return analysis, reader, pages


def _first_page(pages: list[str], text: str) -> int:
    return next(i for i, p in enumerate(pages) if text in p)


def test_every_section_is_in_the_pdf_in_order(pdf):
    _, _, pages = pdf
    firsts = [_first_page(pages, h) for h in HEADINGS]
    assert firsts == sorted(firsts)
    assert firsts[0] == 0  # the decision starts on the first page
    assert pages[0].startswith("Oversight by the statutory Directors")


def test_pages_are_a4_and_numbered_with_diagrams_on_landscape_pages(pdf):
    _, reader, pages = pdf
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    assert set(sizes) <= {(595, 842), (842, 595)}
    diagram_page = _first_page(pages, "5. Line of sight")
    assert sizes[diagram_page] == (842, 595)
    assert sizes[0] == (595, 842)
    n = len(pages)
    assert all(f"page {i + 1} of {n}" in p for i, p in enumerate(pages))


def test_red_findings_citations_and_the_hostile_title_are_in_the_pdf_text(pdf):
    analysis, _, pages = pdf
    text = " ".join(pages)
    assert HOSTILE in text
    for f in analysis.options[0].check.findings:
        if f.severity == Rating.red:  # cited as a numbered reference, "[1] para 3.5"
            # a heading or statute section has no "para": "[2] clear line of accountability"
            para = "paras? " if f.citation.paragraph[:1].isdigit() else ""
            assert re.search(rf"\[\d+\] {para}{re.escape(f.citation.paragraph)}", text), f.id


def test_the_pdf_never_fetches_anything():
    with pytest.raises(ValueError, match="self-contained"):
        _no_fetch("https://example.org/logo.png")
    data = html_to_pdf('<html><body><p>x</p><img src="https://example.org/a.png"></body></html>')
    assert data.startswith(b"%PDF")
