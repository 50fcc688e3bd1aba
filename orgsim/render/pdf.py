"""The committee paper as PDF: the same HTML and CSS, laid out on A4 by one of two engines.

- Headless Chromium, where one is installed (`chromium`, `chromium-browser`, `google-chrome`,
  `google-chrome-stable` on the PATH) at version 131 or later, the first to lay out the CSS page
  margin boxes that carry the "page N of M" footer. On the Barnet paper it takes about a quarter
  of WeasyPrint's time (the diagrams' SVG text and the long tables are what WeasyPrint spends its
  time on), and it runs as a process of its own, so a run draws its PNGs and writes its results
  while the paper is printed.
  `orgsim run` and `orgsim report` start it when the run starts (`warm_browser`), so that its
  start-up (about 0.6 s) is over by the time the paper is written; it then prints the paper over
  the DevTools protocol (Page.printToPDF, with the settings of `--print-to-pdf`), and is closed
  when the run ends. Where that browser fails, a Chromium started for the paper alone prints it
  with `--print-to-pdf`, as it does wherever no browser was started ahead.
- WeasyPrint, in this process (it draws with Pango, installed with Graphviz on most systems):
  wherever no such Chromium is found, or it fails or takes longer than `CHROMIUM_TIMEOUT_S`.

`ORGSIM_PDF_ENGINE=weasyprint` (or `chromium`) chooses one; which engine laid out a PDF is
recorded with it (`PdfJob.engine`; `orgsim run` writes it into run.json), and why an engine
gave way to the next (`PdfJob.fallback`). `ORGSIM_PDF_ENGINE=weasyprint` never starts Chromium.

The HTML is self-contained and no URL is ever fetched: WeasyPrint is given a fetcher that refuses
everything; Chromium reads the paper with a content security policy that allows nothing but the
paper's own inline styles and data: images (no script runs, as none runs in WeasyPrint), from
a file, in a profile folder of its own that is removed afterwards.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
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
CLOSE_GRACE_S = 2  # for a Chromium whose pipe has ended to give its exit status
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


def _browser_flags(chromium: Chromium, profile: Path) -> list[str]:
    # Chromium refuses to run as root without --no-sandbox (a container's usual user); the page
    # is the paper orgsim wrote, with every value escaped and scripts refused by its policy.
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [chromium.path, "--headless", "--disable-gpu", *sandbox,
            f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-sync", "--disable-background-networking",
            "--disable-component-update", "--disable-default-apps", "--disable-dev-shm-usage"]


def chromium_command(chromium: Chromium, page: Path, pdf: Path, profile: Path) -> list[str]:
    return [*_browser_flags(chromium, profile),
            # no date, title or file name printed on the pages; the paper prints its own footer
            "--no-pdf-header-footer", "--print-to-pdf-no-header",
            "--generate-pdf-document-outline",  # bookmarks from the headings, as WeasyPrint
            f"--print-to-pdf={pdf}", page.as_uri()]


def warm_command(chromium: Chromium, profile: Path) -> list[str]:
    return [*_browser_flags(chromium, profile), "--remote-debugging-pipe"]


# The settings --print-to-pdf prints with (checked against it by the tests): the paper's own page
# sizes and margin boxes, no header or footer of Chromium's, bookmarks from the headings.
PRINT_PARAMS = {"displayHeaderFooter": False, "preferCSSPageSize": True,
                "generateDocumentOutline": True, "printBackground": True}


# --- a Chromium started ahead of the paper -------------------------------------------------------

class BrowserFailed(Exception):
    """The warm browser cannot print (it did not start, died, refused a command or timed out)."""

    def __init__(self, reason: str, timed_out: bool = False):
        super().__init__(reason)
        self.timed_out = timed_out


class WarmBrowser:
    """A headless Chromium started at once, in the background, and driven over the DevTools
    protocol on a pair of pipes (its file descriptors 3 and 4), so that a paper printed later
    does not wait for its start-up. Used as a context manager, or closed with `close`; it is
    closed at the first failure, and a job given a closed browser prints as if it had none."""

    def __init__(self, chromium: Chromium, papers: int | None = None):
        self.chromium = chromium
        # asked to close as soon as it has printed this many, so that it stops while the caller
        # does other work; None: until closed
        self._papers_left = papers
        self.failed = ""  # why it cannot print, once it cannot
        self._process: subprocess.Popen | None = None
        self.pid: int | None = None  # and its process group's, kept once it is closed
        self._folder = Path(tempfile.mkdtemp(prefix="orgsim-browser-"))
        self._lock = threading.RLock()  # one print at a time; `close` may come from within one
        self._asked = False  # to close
        self._next_id = 0
        self._buffer = b""
        self._to = self._from = -1  # this process's ends of the two pipes
        try:
            self._start()
        except (OSError, ImportError) as exc:
            self._fail(f"{chromium.version} could not be started ({exc})")

    def _start(self) -> None:
        import fcntl  # not on every system; where it is missing the one-shot print is used

        commands_r, commands_w = os.pipe()
        replies_r, replies_w = os.pipe()
        self._to, self._from = commands_w, replies_r
        # the child's ends above 10, so that putting them on 3 and 4 cannot overwrite each other
        child_in = fcntl.fcntl(commands_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(replies_w, fcntl.F_DUPFD_CLOEXEC, 10)

        def onto_3_and_4() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        try:
            with open(self._folder / "stderr", "wb") as err:
                self._process = subprocess.Popen(
                    warm_command(self.chromium, self._folder / "profile"),
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                    pass_fds=(3, 4), preexec_fn=onto_3_and_4,
                    start_new_session=True)  # its own process group, stopped as one
            self.pid = self._process.pid
        finally:
            # closed only now: held open, the pipes' first ends keep the low descriptors taken,
            # so Popen's own error pipe cannot be given 3 or 4 and be replaced in the child
            for fd in (commands_r, replies_w, child_in, child_out):
                os.close(fd)

    def __enter__(self) -> WarmBrowser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def print_pdf(self, page: Path) -> bytes:
        """The PDF of the page at `page`; raises BrowserFailed (and closes the browser) when
        Chromium cannot print it within `CHROMIUM_TIMEOUT_S`."""
        with self._lock:
            if self.failed:
                raise BrowserFailed(self.failed)
            deadline = time.monotonic() + CHROMIUM_TIMEOUT_S
            try:
                data = self._print(page.as_uri(), deadline)
            except BrowserFailed as exc:
                self._fail(str(exc))
                raise
            if self._papers_left is not None:
                self._papers_left -= 1
                if self._papers_left <= 0:
                    self.close_soon()
            return data

    def _print(self, url: str, deadline: float) -> bytes:
        target = self._call("Target.createTarget", {"url": "about:blank"}, deadline)["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True},
                             deadline)["sessionId"]
        self._call("Page.enable", {}, deadline, session)
        loaded = _Loading(session)
        went = self._call("Page.navigate", {"url": url}, deadline, session, loaded)
        if went.get("errorText"):
            raise BrowserFailed(f"{self.chromium.version} could not open the paper "
                                f"({went['errorText']})")
        while not loaded.done:
            self._message(deadline, loaded)
        printed = self._call("Page.printToPDF", PRINT_PARAMS, deadline, session)
        self._call("Target.closeTarget", {"targetId": target}, deadline)
        try:
            data = base64.b64decode(printed.get("data", ""), validate=True)
        except ValueError:
            data = b""
        if not data.startswith(b"%PDF"):
            raise BrowserFailed(f"{self.chromium.version} printed no PDF")
        return data

    def _call(self, method: str, params: dict, deadline: float, session: str | None = None,
              events: _Loading | None = None) -> dict:
        self._next_id += 1
        asked = self._next_id
        message = {"id": asked, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._send(json.dumps(message).encode() + b"\0", method)
        while True:
            reply = self._message(deadline, events)
            if reply.get("id") != asked:
                continue  # an event, or the reply to a command given up on
            if "error" in reply:
                said = reply["error"].get("message", reply["error"]) \
                    if isinstance(reply["error"], dict) else reply["error"]
                raise BrowserFailed(f"{self.chromium.version} refused {method} ({said})")
            return reply.get("result") or {}

    def _send(self, data: bytes, method: str) -> None:
        try:
            while data:
                data = data[os.write(self._to, data):]
        except OSError:
            raise BrowserFailed(self._died("before the paper reached it" if self._next_id == 1
                                           else "while printing")) from None

    def _message(self, deadline: float, events: _Loading | None = None) -> dict:
        """The next message from Chromium (a reply or an event), handed to `events` too."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from], [], [], left)[0]:
                raise BrowserFailed(f"{self.chromium.version} took over {CHROMIUM_TIMEOUT_S} s",
                                    timed_out=True)
            try:
                chunk = os.read(self._from, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                raise BrowserFailed(self._died("while printing"))
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        try:
            message = json.loads(raw)
        except ValueError:
            raise BrowserFailed(f"{self.chromium.version} sent a message that is not JSON") \
                from None
        if not isinstance(message, dict):
            return {}
        if events is not None:
            events.see(message)
        return message

    def _died(self, when: str) -> str:
        process = self._process
        status = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = process.wait(timeout=CLOSE_GRACE_S)
        return (f"{self.chromium.version} started ahead of the paper stopped {when} (exit "
                f"status {'unknown' if status is None else status}{_said(self._stderr())})")

    def _stderr(self) -> str:
        try:
            return (self._folder / "stderr").read_text(encoding="utf-8", errors="replace")
        except (OSError, TypeError):
            return ""

    def _fail(self, reason: str) -> None:
        self.failed = self.failed or reason
        self.close()

    def close_soon(self) -> None:
        """Ask Chromium to close, without waiting: it stops its helpers itself while the run goes
        on, and `close` kills whatever is left."""
        self.failed = self.failed or f"{self.chromium.version} started ahead of it was closed"
        if self._process is not None and self._process.poll() is None and not self._asked:
            self._asked = True
            # asked rather than killed, so that it stops and waits for its own helper processes
            with contextlib.suppress(OSError):
                os.write(self._to, json.dumps({"id": 0, "method": "Browser.close"}).encode()
                         + b"\0")

    def close(self) -> None:
        """Stop Chromium (asked first, then its process group killed, helpers and all, if it
        has not stopped yet: its paper is printed or it has failed, and its profile is removed
        anyway, so nothing is lost by not waiting for it) and remove its profile; safe to call
        more than once, and from another thread while it prints."""
        self.close_soon()
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # the pipes are closed only once a print under way has seen them end (the lock is its)
        with self._lock:
            for fd in (self._to, self._from):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._to = self._from = -1
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None


class _Loading:
    """Whether the page navigated to has loaded: a load event after the main frame has left the
    blank page it was opened on (whose own load may be told late)."""

    def __init__(self, session: str):
        self.session = session
        self.navigated = self.done = False

    def see(self, message: dict) -> None:
        if message.get("sessionId") != self.session:
            return
        method, params = message.get("method"), message.get("params") or {}
        if method == "Page.frameNavigated":
            frame = params.get("frame") or {}
            if not frame.get("parentId") and frame.get("url") != "about:blank":
                self.navigated = True
        elif method == "Page.loadEventFired" and self.navigated:
            self.done = True


def _said(err: str) -> str:
    said = " ".join(line for line in err.splitlines() if "ERROR" in line or "FATAL" in line)
    return f": {said[-300:]}" if said else ""


# --- a PDF being laid out ------------------------------------------------------------------------

@dataclass
class PdfJob:
    """A PDF being laid out: by Chromium in its own process (started at once: a warm browser
    given, else one Chromium for this PDF alone), or by WeasyPrint in this process when `result`
    is asked for. `cancel` stops it and removes its files (not the warm browser's: its owner
    closes it)."""

    html: str
    chromium: Chromium | None = None
    browser: WarmBrowser | None = None
    engine: str = ""  # the engine that laid the PDF out, once `result` has returned
    fallback: str = ""  # why Chromium's PDF was not used, when it was tried and failed
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _folder: Path | None = field(default=None, repr=False)
    _printing: threading.Thread | None = field(default=None, repr=False)
    _warm: tuple[bytes | None, BrowserFailed | None] = field(default=(None, None), repr=False)

    def start(self) -> PdfJob:
        if self.chromium is None:
            return self
        self._folder = Path(tempfile.mkdtemp(prefix="orgsim-pdf-"))
        page = self._folder / "paper.html"
        page.write_text(with_policy(self.html), encoding="utf-8")
        if self.browser is not None and not self.browser.failed:
            # a thread only waits on the browser's replies, so the caller goes on meanwhile
            self._printing = threading.Thread(target=self._print_warm, args=(page,),
                                              name="orgsim-pdf", daemon=True)
            self._printing.start()
        else:
            if self.browser is not None:
                self.fallback = self.browser.failed
            self._start_once(page)
        return self

    def _print_warm(self, page: Path) -> None:
        try:
            self._warm = (self.browser.print_pdf(page), None)
        except BrowserFailed as exc:
            self._warm = (None, exc)
        except Exception as exc:  # noqa: BLE001 - any failure leaves it to the other engines
            self.browser.close()
            self._warm = (None, BrowserFailed(f"{self.chromium.version} started ahead of the "
                                              f"paper failed ({exc})"))

    def _start_once(self, page: Path) -> None:
        try:
            self._process = subprocess.Popen(
                chromium_command(self.chromium, page, self._folder / "paper.pdf",
                                 self._folder / "profile"),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                start_new_session=True)  # its own process group, stopped as one
        except OSError as exc:
            self.fallback = _then(self.fallback,
                                  f"{self.chromium.version} could not be started ({exc})")

    def result(self) -> bytes:
        """The PDF; from WeasyPrint when Chromium was not used or did not produce one."""
        try:
            if self._printing is not None:
                self._printing.join()  # bounded: the browser gives up at CHROMIUM_TIMEOUT_S
                self._printing = None
                data, failed = self._warm
                if data is not None:
                    self.engine = self.chromium.version
                    return data
                self.fallback = str(failed)
                if not failed.timed_out:  # a browser that hung is not waited for twice
                    self._start_once(self._folder / "paper.html")
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
            self.fallback = _then(self.fallback,
                                  f"{self.chromium.version} took over {CHROMIUM_TIMEOUT_S} s")
            return None
        pdf = self._folder / "paper.pdf"
        if self._process.returncode == 0 and pdf.is_file() and pdf.stat().st_size:
            data = pdf.read_bytes()
            if data.startswith(b"%PDF"):
                return data
        self.fallback = _then(self.fallback, (
            f"{self.chromium.version} wrote no PDF (exit status {self._process.returncode}"
            f"{_said(err.decode('utf-8', 'replace'))})"))
        return None

    def cancel(self) -> None:
        self._tidy()

    def _tidy(self) -> None:
        if self._printing is not None:
            # a print given up on is stopped with its browser, which cannot be trusted after it
            self.browser.close()
            self._printing.join()
            self._printing = None
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


def _then(first: str, second: str) -> str:
    """Two reasons in one sentence: the warm browser's, then the one-shot Chromium's."""
    return f"{first}, and then {second}" if first else second


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


def start_pdf(html: str, engine: str | None = None,
              browser: WarmBrowser | None = None) -> PdfJob:
    """Start laying out the PDF of `html`; `.result()` waits for it (see the module's
    docstring for the engines). `browser`, from `warm_browser`, prints it if it can."""
    chromium = chosen_engine(engine)
    if chromium is None or (browser is not None and browser.chromium != chromium):
        browser = None
    return PdfJob(html, chromium, browser).start()


def warm_browser(engine: str | None = None,
                 papers: int | None = None) -> contextlib.AbstractContextManager:
    """A Chromium started now to print `papers` papers (None: any number) later
    (`start_pdf(..., browser=)`), as a context manager that closes it; where the PDF will not be
    Chromium's, nothing is started and it gives None."""
    chromium = chosen_engine(engine)
    return WarmBrowser(chromium, papers) if chromium is not None else contextlib.nullcontext()


def html_to_pdf(html: str, engine: str | None = None) -> bytes:
    return start_pdf(html, engine).result()
