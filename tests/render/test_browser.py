"""The HTML paper in a real browser: headless Chromium loads it from a file with every network
feature off and a resolver that resolves nothing, renders it without errors, and shows the summary.

Chromium is Debian's `chromium` package. The session fixture installs it with apt-get when it is
missing and the tests run as root; elsewhere (not root, no apt-get, no network for apt) the test
is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from orgsim.pipeline import analyse, diagrams
from orgsim.render.paper import paper_html
from render.paper_fixtures import FAST, HOSTILE, write_council

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND")


def _find() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> str:
    found = _find()
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("Chromium is not installed and the tests are not running as root, so it "
                    "cannot be installed: run `sudo apt-get install chromium` to include this test")
    if not shutil.which("apt-get"):
        pytest.skip("Chromium is not installed and this system has no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
                    ["apt-get", "update"],
                    ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if command[1] == "install" and done.returncode == 0:
            break
    found = _find()
    if not found:
        pytest.skip(f"apt-get could not install Chromium: {done.stderr.strip()[-300:]}")
    return found


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    base, option = write_council(folder)
    analysis = analyse(base, [option], FAST)
    path = folder / "paper.html"
    path.write_text(paper_html(analysis, diagrams(analysis, folder / "d", ("svg",))),
                    encoding="utf-8")
    return path


def _chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}",
                           "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, text=True, timeout=180)


def test_chromium_renders_the_paper_and_shows_the_summary(chromium, paper, tmp_path):
    done = _chromium(chromium, tmp_path / "profile", "--dump-dom", paper.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<section id="decision">' in dom
    assert "1. The decision" in dom and "Verdict:" in dom
    # The hostile title arrives as text: the parser made no <b> element of it.
    assert "&lt;b&gt;\"Director\" &amp; co&lt;/b&gt;" in dom and HOSTILE not in dom
    # No script errors, no failed loads (the page asks for nothing).
    problems = [line for line in done.stderr.splitlines()
                if "net::ERR" in line or "Uncaught" in line]
    assert not problems, problems


def test_chromium_screenshot_shows_text_on_the_page(chromium, paper, tmp_path):
    Image = pytest.importorskip("PIL.Image")
    shot = tmp_path / "paper.png"
    done = _chromium(chromium, tmp_path / "profile", f"--screenshot={shot}",
                     "--window-size=1000,1400", "--hide-scrollbars", paper.as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    image = Image.open(shot).convert("L")
    assert image.size == (1000, 1400)
    dark = sum(image.histogram()[:100])
    assert dark > 2000  # headings and summary text, not a blank page
