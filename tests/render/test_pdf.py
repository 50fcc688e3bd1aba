"""The PDF paper: A4 pages in the order of the HTML, the diagrams on landscape pages, and the
text a committee reads (text extracted with pypdf), whichever engine lays it out: headless
Chromium where it is installed, WeasyPrint where it is not or fails; neither fetches anything.
A Chromium started ahead of the paper prints what the one-shot Chromium prints, gives way to it
(or to WeasyPrint) when it fails, and leaves no process running."""

from __future__ import annotations

import http.server
import io
import os
import re
import signal
import threading

import pytest

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency: pip install -e '.[test]'")

from orgsim.model.findings import Rating  # noqa: E402
from orgsim import pipeline  # noqa: E402
from orgsim.pipeline import analyse, diagrams  # noqa: E402
from orgsim.render.paper import paper_html  # noqa: E402
from orgsim.render import pdf as pdf_module  # noqa: E402
from orgsim.render.pdf import (PdfUnavailable, _no_fetch, find_chromium,  # noqa: E402
                               html_to_pdf, start_pdf, warm_browser)
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


def _read(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [" ".join((p.extract_text() or "").split()) for p in reader.pages]


@pytest.fixture(scope="module", params=pdf_module.ENGINES)
def pdf(request, paper):
    needs(request.param)
    analysis, html = paper
    job = start_pdf(html, request.param)
    data = job.result()
    assert job.engine.lower().startswith(request.param) and not job.fallback
    return analysis, *_read(data)


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


# --- the Chromium started ahead of the paper -----------------------------------------------------

def running(group: int) -> list[int]:
    """The processes of a process group still running. A process that has exited but was not
    waited for by its parent (a helper Chromium left to an init that does not reap) is not."""
    if not os.path.isdir("/proc"):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return []
        return [group]
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        state, _, pgrp = stat[stat.rindex(")") + 2:].split()[:3]
        if int(pgrp) == group and state not in "ZX":
            found.append(int(pid))
    return found


def _drawing(page) -> list[bytes]:
    """A page's drawing operations, less those that place and size text."""
    return [line for line in page.get_contents().get_data().splitlines()
            if not re.search(rb"T[dfmjJ]$", line)]


def _once_only(*args):
    raise AssertionError("the one-shot Chromium was started")


def test_a_warm_browser_prints_the_pdf_the_one_shot_chromium_prints(paper, monkeypatch):
    needs("chromium")
    _, html = paper
    once = start_pdf(html, "chromium")
    reader, pages = _read(once.result())
    assert once.engine == find_chromium().version and not once.fallback
    monkeypatch.setattr(pdf_module, "chromium_command", _once_only)
    with warm_browser("chromium") as browser:
        group, profile = browser.pid, browser._folder  # noqa: SLF001 - its own profile folder
        job = start_pdf(html, "chromium", browser=browser)
        data = job.result()
        assert running(group)  # still there for another paper, until closed
    assert job.engine == find_chromium().version and not job.fallback
    warm, warm_pages = _read(data)
    assert warm_pages == pages
    assert [p.mediabox for p in warm.pages] == [p.mediabox for p in reader.pages]
    # drawn alike, backgrounds and all (the print settings are the ones --print-to-pdf uses);
    # text set in a diagram scaled to its page may be sized a hundredth of a point apart
    assert [_drawing(p) for p in warm.pages] == [_drawing(p) for p in reader.pages]
    assert [o["/Title"] for o in warm.outline if isinstance(o, dict)] == \
        [o["/Title"] for o in reader.outline if isinstance(o, dict)]  # the bookmarks
    assert running(group) == [] and not profile.exists()
    assert browser.failed  # closed: a job given it now prints without it


def test_a_warm_browser_for_one_paper_is_asked_to_close_once_it_has_printed_it():
    needs("chromium")
    with warm_browser("chromium", papers=1) as browser:
        job = start_pdf("<html><body><p>plain</p></body></html>", "chromium", browser=browser)
        assert job.result().startswith(b"%PDF") and not job.fallback
        assert browser.failed.endswith("was closed")  # a second paper goes to the one-shot
        second = start_pdf("<html><body><p>plain</p></body></html>", "chromium",
                           browser=browser)
        assert second.result().startswith(b"%PDF") and second.fallback == browser.failed
    assert running(browser.pid) == []


def test_a_warm_browser_that_died_leaves_the_pdf_to_the_one_shot_chromium():
    needs("chromium")
    with warm_browser("chromium") as browser:
        group = browser.pid
        os.killpg(group, signal.SIGKILL)
        job = start_pdf("<html><body><p>plain</p></body></html>", "chromium", browser=browser)
        data = job.result()
    assert data.startswith(b"%PDF") and job.engine == find_chromium().version
    assert job.fallback.startswith(f"{find_chromium().version} started ahead of the paper "
                                   "stopped") and "exit status -9" in job.fallback
    assert running(group) == []


def test_a_warm_browser_that_fails_or_hangs_leaves_the_pdf_to_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "CHROMIUM_TIMEOUT_S", 1)
    monkeypatch.setattr(pdf_module, "CLOSE_GRACE_S", 0.2)
    for name, body in (("broken", "echo 'FATAL: no display' >&2; exit 3"), ("slow", "sleep 30")):
        fake = tmp_path / name
        fake.write_text(f"#!/bin/sh\n{body}\n")
        fake.chmod(0o755)
        chromium = pdf_module.Chromium(str(fake), "Chromium 999.0")
        with pdf_module.WarmBrowser(chromium) as browser:
            group = browser.pid
            job = pdf_module.PdfJob("<html><body><p>plain</p></body></html>", chromium,
                                    browser).start()
            folder = job._folder  # noqa: SLF001 - the job's own temporary folder
            assert job.result().startswith(b"%PDF") and job.engine.startswith("WeasyPrint")
        assert job.fallback.startswith("Chromium 999.0 ")
        if name == "broken":  # it stopped, so the one-shot Chromium was tried too, and failed
            assert "started ahead of the paper stopped" in job.fallback
            assert job.fallback.count("FATAL: no display") == 2
            assert ", and then Chromium 999.0 wrote no PDF (exit status 3" in job.fallback
        else:  # one that hung is not waited for a second time
            assert job.fallback == "Chromium 999.0 took over 1 s"
        assert running(group) == [] and not folder.exists()


def test_a_weasyprint_pdf_never_starts_chromium(monkeypatch):
    monkeypatch.setenv(pdf_module.ENGINE_VARIABLE, "weasyprint")
    monkeypatch.setattr(pdf_module, "WarmBrowser", _once_only)
    monkeypatch.setattr(pdf_module, "chromium_command", _once_only)
    with warm_browser() as browser, pipeline.early_browser(("html", "pdf")) as early:
        assert browser is None and early is None
        job = start_pdf("<html><body><p>plain</p></body></html>", browser=browser)
        assert job.result().startswith(b"%PDF") and job.engine.startswith("WeasyPrint")


def test_a_run_stops_its_warm_browser_when_it_is_interrupted(tmp_path, monkeypatch):
    needs("chromium")
    monkeypatch.setenv(pdf_module.ENGINE_VARIABLE, "chromium")
    base, option = write_council(tmp_path / "scenarios")
    started = []

    def warm(*args, **kwargs):
        started.append(pdf_module.warm_browser(*args, **kwargs))
        return started[-1]

    def interrupted(*args, **kwargs):
        assert running(started[0].pid)  # started before the analysis
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "warm_browser", warm)
    monkeypatch.setattr(pipeline, "analyse", interrupted)
    for run in (pipeline.run, pipeline.report):
        started.clear()
        with pytest.raises(KeyboardInterrupt):
            run(base, [option], FAST, tmp_path / "out")
        assert len(started) == 1 and running(started[0].pid) == []
