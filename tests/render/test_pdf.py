"""The PDF paper: A4 pages in the order of the HTML, the diagrams on landscape pages, and the
text a committee reads (text extracted with pypdf), whichever engine lays it out: headless
Chromium where it is installed, WeasyPrint where it is not or fails; neither fetches anything."""

from __future__ import annotations

import http.server
import io
import re
import threading

import pytest

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency: pip install -e '.[test]'")

from orgsim.model.findings import Rating  # noqa: E402
from orgsim.pipeline import analyse, diagrams  # noqa: E402
from orgsim.render.paper import paper_html  # noqa: E402
from orgsim.render import pdf as pdf_module  # noqa: E402
from orgsim.render.pdf import (PdfUnavailable, _no_fetch, find_chromium,  # noqa: E402
                               html_to_pdf, start_pdf)
from render.paper_fixtures import FAST, HOSTILE, write_council  # noqa: E402

A4 = (595.0, 842.0)  # points
HEADINGS = ("1. The decision", "2. What would repair each option", "3. The options compared",
            "4. Findings of the checks", "5. Line of sight", "6. How soon the Directors know",
            "7. Structure", "8. Assumptions", "9. Method and glossary", "10. The law in force",
            "11. References", "12. Reproducibility")


FOOTER = re.compile(r"Committee paper - page \d+ of \d+")


def needs(engine: str) -> None:
    if engine == "chromium" and find_chromium() is None:
        pytest.skip("no Chromium 131 or later on the PATH (scripts/setup.sh installs it as root)")


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    return analysis, paper_html(analysis, diagrams(analysis, folder / "d", ("svg",)))


@pytest.fixture(scope="module", params=pdf_module.ENGINES)
def pdf(request, paper):
    needs(request.param)
    analysis, html = paper
    job = start_pdf(html, request.param)
    data = job.result()
    assert job.engine.lower().startswith(request.param) and not job.fallback
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
    # (Chromium writes the page's footer before its body)
    assert FOOTER.sub("", pages[0]).strip().startswith("Oversight by the statutory Directors")


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


class Counting(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        Counting.asked.append(self.path)
        self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A web server on this machine that records every request made to it."""
    Counting.asked = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("engine", pdf_module.ENGINES)
def test_the_pdf_never_fetches_anything_nor_runs_a_script(engine, server):
    needs(engine)
    with pytest.raises(ValueError, match="self-contained"):
        _no_fetch("https://example.org/logo.png")
    html = (f'<html><head><link rel="stylesheet" href="{server}/style.css"></head><body>'
            f'<p id="x">as written</p><img src="{server}/a.png"><img src="https://example.org/b.png">'
            f"<script>document.getElementById('x').textContent = 'a script ran';"
            f"fetch('{server}/script')</script></body></html>")
    data = html_to_pdf(html, engine)
    assert data.startswith(b"%PDF")
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "as written" in text and "a script ran" not in text
    assert Counting.asked == []


def test_without_chromium_the_pdf_is_weasyprints(monkeypatch, paper):
    monkeypatch.setattr(pdf_module, "find_chromium", lambda: None)
    monkeypatch.delenv(pdf_module.ENGINE_VARIABLE, raising=False)
    job = start_pdf("<html><body><p>plain</p></body></html>")
    assert job.chromium is None
    assert job.result().startswith(b"%PDF") and job.engine.startswith("WeasyPrint")
    monkeypatch.setenv(pdf_module.ENGINE_VARIABLE, "chromium")
    with pytest.raises(PdfUnavailable, match="no Chromium 131 or later"):
        start_pdf("<p>x</p>")
    monkeypatch.setenv(pdf_module.ENGINE_VARIABLE, "word")
    with pytest.raises(PdfUnavailable, match="not a PDF engine; write one of chromium, weasyprint"):
        start_pdf("<p>x</p>")


def test_a_chromium_that_fails_or_hangs_leaves_the_pdf_to_weasyprint(tmp_path, monkeypatch):
    for name, body in (("broken", "echo 'FATAL: no display' >&2; exit 3"), ("slow", "sleep 30")):
        fake = tmp_path / name
        fake.write_text(f"#!/bin/sh\n{body}\n")
        fake.chmod(0o755)
        monkeypatch.setattr(pdf_module, "CHROMIUM_TIMEOUT_S", 1)
        job = pdf_module.PdfJob("<html><body><p>plain</p></body></html>",
                                pdf_module.Chromium(str(fake), "Chromium 999.0")).start()
        folder = job._folder  # noqa: SLF001 - the job's own temporary folder
        assert job.result().startswith(b"%PDF") and job.engine.startswith("WeasyPrint")
        assert job.fallback.startswith("Chromium 999.0 ")
        assert ("FATAL: no display" in job.fallback) == (name == "broken")
        assert ("took over 1 s" in job.fallback) == (name == "slow")
        assert not folder.exists()  # its profile and pages are removed
