"""The committee paper as PDF: the same HTML and CSS, laid out on A4 by one of two engines.

- Headless Chromium, where one is installed (`chromium`, `chromium-browser`, `google-chrome`,
  `google-chrome-stable` on the PATH) at version 131 or later, the first to lay out the CSS page
  margin boxes that carry the "page N of M" footer. On the Barnet paper it takes about a quarter
  of WeasyPrint's time (the diagrams' SVG text and the long tables are what WeasyPrint spends its
  time on), and it runs as a process of its own, so a run draws its PNGs and writes its results
  while the paper is printed.
- WeasyPrint, in this process (it draws with Pango, installed with Graphviz on most systems):
  wherever no such Chromium is found, or it fails or takes longer than `CHROMIUM_TIMEOUT_S`.

`ORGSIM_PDF_ENGINE=weasyprint` (or `chromium`) chooses one; which engine laid out a PDF is
recorded with it (`PdfJob.engine`; `orgsim run` writes it into run.json).

The HTML is self-contained and no URL is ever fetched: WeasyPrint is given a fetcher that refuses
everything; Chromium reads the paper with a content security policy that allows nothing but the
paper's own inline styles and data: images (no script runs, as none runs in WeasyPrint), in a
profile folder of its own that is removed afterwards.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OrgsimError

INSTALL_HINT = ("WeasyPrint could not be loaded ({reason}). Install it with "
                "`pip install weasyprint` (it needs the Pango library, which comes with Graphviz: "
                "`sudo apt-get install graphviz` or `brew install graphviz`), or ask for "
                "`--formats html`.")
ENGINE_VARIABLE = "ORGSIM_PDF_ENGINE"
ENGINES = ("chromium", "weasyprint")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_MIN_VERSION = 131  # page margin boxes (the footer's page numbers)
CHROMIUM_TIMEOUT_S = 300
# Nothing but the paper's own inline styles and data: images: no script, no fetch of any kind.
CSP = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; img-src data:; font-src data:\">")


class PdfUnavailable(OrgsimError):
    """Neither engine can lay out the PDF (WeasyPrint or its Pango library is missing)."""


# --- WeasyPrint ----------------------------------------------------------------------------------

def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the paper is self-contained; refusing to fetch {url}")


def _fetcher(weasyprint):
    """WeasyPrint 66 and later take a URLFetcher object; earlier versions a plain function."""
    base = getattr(weasyprint, "URLFetcher", None) or getattr(
        getattr(weasyprint, "urls", None), "URLFetcher", None)
    if base is None:
        return _no_fetch

    class NoFetch(base):
        def fetch(self, url, headers=None):
            _no_fetch(url)

    return NoFetch()


def weasyprint_pdf(html: str) -> tuple[bytes, str]:
    """(the PDF, "WeasyPrint <version>")."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise PdfUnavailable(INSTALL_HINT.format(reason=exc)) from None
    data = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint)).write_pdf()
    return data, f"WeasyPrint {weasyprint.__version__}"


# --- Chromium ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Chromium:
    path: str
    version: str  # as the browser prints it, e.g. "Chromium 150.0.7871.100"

    @property
    def major(self) -> int:
        found = re.search(r"(\d+)\.\d+", self.version)
        return int(found[1]) if found else 0


@functools.cache
def find_chromium() -> Chromium | None:
    """The first Chromium on the PATH recent enough to print the paper's footer, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if not path:
            continue
        try:
            done = subprocess.run([path, "--version"], capture_output=True, text=True,
                                  timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        # "Chromium 150.0.7871.100 built on Debian GNU/Linux 12 (bookworm)": name and number
        line = next((m[0] for x in done.stdout.splitlines()
                     if (m := re.match(r"\s*(\D*\d+(?:\.\d+)+)", x))), "")
        found = Chromium(path, line.strip())
        if done.returncode == 0 and found.major >= CHROMIUM_MIN_VERSION:
            return found
    return None


def with_policy(html: str) -> str:
    """The HTML with the content security policy as the first element of its head."""
    head = re.search(r"<head\b[^>]*>", html, re.I)
    if head is None:  # the parser opens the head for a leading meta element
        return CSP + html
    return html[:head.end()] + CSP + html[head.end():]


def chromium_command(chromium: Chromium, page: Path, pdf: Path, profile: Path) -> list[str]:
    # Chromium refuses to run as root without --no-sandbox (a container's usual user); the page
    # is the paper orgsim wrote, with every value escaped and scripts refused by its policy.
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [chromium.path, "--headless", "--disable-gpu", *sandbox,
            f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-sync", "--disable-background-networking",
            "--disable-component-update", "--disable-default-apps", "--disable-dev-shm-usage",
            # no date, title or file name printed on the pages; the paper prints its own footer
            "--no-pdf-header-footer", "--print-to-pdf-no-header",
            "--generate-pdf-document-outline",  # bookmarks from the headings, as WeasyPrint
            f"--print-to-pdf={pdf}", page.as_uri()]


# --- a PDF being laid out ------------------------------------------------------------------------

@dataclass
class PdfJob:
    """A PDF being laid out: by Chromium in its own process (started at once), or by WeasyPrint
    in this process when `result` is asked for. `cancel` stops it and removes its files."""

    html: str
    chromium: Chromium | None = None
    engine: str = ""  # the engine that laid the PDF out, once `result` has returned
    fallback: str = ""  # why Chromium's PDF was not used, when it was tried and failed
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _folder: Path | None = field(default=None, repr=False)

    def start(self) -> PdfJob:
        if self.chromium is None:
            return self
        self._folder = Path(tempfile.mkdtemp(prefix="orgsim-pdf-"))
        page = self._folder / "paper.html"
        page.write_text(with_policy(self.html), encoding="utf-8")
        try:
            self._process = subprocess.Popen(
                chromium_command(self.chromium, page, self._folder / "paper.pdf",
                                 self._folder / "profile"),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                start_new_session=True)  # its own process group, stopped as one
        except OSError as exc:
            self.fallback = f"{self.chromium.version} could not be started ({exc})"
            self._tidy()
        return self

    def result(self) -> bytes:
        """The PDF; from WeasyPrint when Chromium was not used or did not produce one."""
        try:
            if self._process is not None:
                data = self._chromium_result()
                if data is not None:
                    self.engine = self.chromium.version
                    return data
            data, self.engine = weasyprint_pdf(self.html)
            return data
        finally:
            self._tidy()

    def _chromium_result(self) -> bytes | None:
        try:
            _, err = self._process.communicate(timeout=CHROMIUM_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.fallback = f"{self.chromium.version} took over {CHROMIUM_TIMEOUT_S} s"
            return None
        pdf = self._folder / "paper.pdf"
        if self._process.returncode == 0 and pdf.is_file() and pdf.stat().st_size:
            data = pdf.read_bytes()
            if data.startswith(b"%PDF"):
                return data
        said = " ".join(line for line in err.decode("utf-8", "replace").splitlines()
                        if "ERROR" in line or "FATAL" in line)[-300:]
        self.fallback = (f"{self.chromium.version} wrote no PDF (exit status "
                         f"{self._process.returncode}{': ' + said if said else ''})")
        return None

    def cancel(self) -> None:
        self._tidy()

    def _tidy(self) -> None:
        if self._process is not None and self._process.poll() is None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except OSError:
                pass
            self._process.wait()
        self._process = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def chosen_engine(engine: str | None = None) -> Chromium | None:
    """The Chromium to print with, or None for WeasyPrint: `engine`, else $ORGSIM_PDF_ENGINE,
    else Chromium where a recent enough one is installed."""
    engine = (engine or os.environ.get(ENGINE_VARIABLE) or "").strip().lower()
    if engine and engine not in ENGINES:
        raise PdfUnavailable(f"{ENGINE_VARIABLE}={engine} is not a PDF engine; write one of "
                             f"{', '.join(ENGINES)}, or leave it unset")
    if engine == "weasyprint":
        return None
    chromium = find_chromium()
    if chromium is None and engine == "chromium":
        raise PdfUnavailable(
            f"{ENGINE_VARIABLE}=chromium, but no Chromium {CHROMIUM_MIN_VERSION} or later is on "
            f"the PATH (looked for {', '.join(CHROMIUM_NAMES)}); install it (`sudo apt-get "
            f"install chromium`) or unset {ENGINE_VARIABLE} to use WeasyPrint")
    return chromium


def start_pdf(html: str, engine: str | None = None) -> PdfJob:
    """Start laying out the PDF of `html`; `.result()` waits for it (see the module's
    docstring for the engines)."""
    return PdfJob(html, chosen_engine(engine)).start()


def html_to_pdf(html: str, engine: str | None = None) -> bytes:
    return start_pdf(html, engine).result()
