"""`orgsim run` and `orgsim report` without the terminal: validate, check, simulate, compare, draw
and write the paper, telling a `progress(step, message)` callback as each step starts.

A call with an empty message says that the step named has resumed, with nothing new to show: the
repair search goes back to its own work after each batch of trial simulations (which it tells as
"simulate" steps), and the run waits for its PNGs or its PDF after doing other work meanwhile. So
the time from one call to the next is always the named step's, and `StepClock` (which `run` and
`report` put in front of the callback, passing on only the calls with a message) adds it up:
`Outputs.times` gives the split between simulating and everything else.

Outputs are built in a temporary sibling folder (`.<name>.*.tmp` beside the output folder) and
moved into place file by file with os.replace only once every step has succeeded. A failed step
raises `StepFailed` naming the step; the temporary folder is removed and the output folder is left
exactly as it was. Files of an earlier run that this run does not produce are left alone;
`index.html` and `run.json` list only this run's files.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import json
import os
import shutil
import tempfile
import time
from datetime import date
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from . import __version__
from .analysis.checking import check_report
from .analysis.compare import Comparison, measured_comparison
from .analysis.curves import awareness_curves
from .analysis.repair import RepairResult, repair
from .errors import OrgsimError
from .io.csvcells import safe_row
from .io.loader import LoadedScenario, load_scenario
from .io.yamlsource import display_name
from .model.findings import Finding
from .model.graph import OrgGraph
from .records import Analysis, Diagram, ScenarioAnalysis, Settings
from .render.diagram import render as render_diagram
from .render.committee import committee_csv
from .render.drawer import Drawer, Drawing
from .render.paper import Section, directors_of, index_html, load_templates, paper_html
from .render.pdf import (PdfJob, PdfUnavailable, WarmBrowser, chosen_engine, start_pdf,
                         warm_browser)
from .render.views import VIEWS, diff_view, highlight, sight_view, view
from .sim.montecarlo import simulate
from .sim.executor import Executor
from .sim.settings import RunSettings
from .sim.results import MetricRow, SimulationResult

Progress = Callable[[str, str], None]
STEPS = ("validate", "check", "simulate", "compare", "repair", "diagrams", "paper", "results",
         "write")
SIMULATING = "simulate"  # the comparison's paired blocks and the repair's trial simulations
DIFF_VIEWS = ("accountability", "line", "information")
FINDINGS_VIEW = "accountability"  # drawn again with the findings marked, for the paper
# What a run writes at the top of its output folder: the sub-folders and the files.
SUBFOLDERS = ("diagrams", "results")
GENERATED = (*SUBFOLDERS, "index.html", "run.json", "paper.html", "paper.pdf")


class StepFailed(OrgsimError):
    """A step of a run failed; nothing was written."""

    def __init__(self, step: str, cause: BaseException, out: Path | None = None):
        self.step, self.cause, self.out = step, cause, out
        reason = str(cause) if isinstance(cause, OrgsimError) else \
            f"{type(cause).__name__}: {cause}"
        kept = f"; {out} is as it was before the run" if out is not None else ""
        if isinstance(cause, PublishFailed):  # it says itself what state the folder is in
            super().__init__(f"the {step} step failed: {reason}")
            return
        super().__init__(f"the {step} step failed: {reason}\nNothing was written{kept}.")


@dataclass(frozen=True)
class StepTimes:
    """Wall seconds per step of a run, and of the whole run (the steps' sum and the moments
    before the first step, such as checking the output folder)."""

    seconds: dict[str, float]
    total: float

    @property
    def simulating(self) -> float:
        return self.seconds.get(SIMULATING, 0.0)

    @property
    def outside(self) -> float:
        """Wall time outside the simulation: every other step (work overlapped with a step
        is that step's time, as a user waits for it)."""
        return self.total - self.simulating

    def summary(self) -> str:
        """One line for the terminal."""
        total = self.total or 1.0
        rest = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items()
                         if name != SIMULATING)
        return (f"{self.total:.1f} s in all: simulating {self.simulating:.1f} s "
                f"({self.simulating / total:.0%}), the other steps {self.outside:.1f} s "
                f"({self.outside / total:.0%}: {rest or 'none'})")


class StepClock:
    """A progress callback that times the steps: the wall time from one call to the next is the
    step named in the first (see the module's docstring); calls with a message are passed on to
    `show`."""

    def __init__(self, show: Progress | None = None,
                 clock: Callable[[], float] = time.perf_counter):
        self.show, self.clock = show, clock
        self.started = self.since = clock()
        self.current: str | None = None
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str, message: str) -> None:
        self._close()
        self.current = name
        if message and self.show:
            self.show(name, message)

    def _close(self) -> float:
        now = self.clock()
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.since
        self.since = now
        return now

    def stop(self) -> StepTimes:
        now = self._close()
        self.current = None
        return StepTimes(dict(self.seconds), now - self.started)


@dataclass
class Outputs:
    folder: Path
    files: list[Path] = field(default_factory=list)
    times: StepTimes | None = None  # where the run spent its time, step by step


@contextlib.contextmanager
def step(name: str, progress: Progress | None, message: str = "",
         out: Path | None = None) -> Iterator[None]:
    if progress:
        progress(name, message)
    try:
        yield
    except StepFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure names its step
        raise StepFailed(name, exc, out) from exc


def label_of(path: str | Path) -> str:
    name = Path(path).name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return Path(path).stem


# --- analysis ------------------------------------------------------------------------------------

def analyse(base: str | Path, options: Sequence[str | Path], settings: Settings,
            progress: Progress | None = None, out: Path | None = None,
            simulated: Callable[[Analysis], None] | None = None) -> Analysis:
    """Validate, check, simulate and compare, and search the repair menu for each option with
    problems. `simulated` is given the analysis as soon as everything but the repairs is known
    (`run` starts drawing then, while the repair searches)."""
    paths = [Path(base), *map(Path, options)]
    with step("validate", progress, f"{len(paths)} scenario file(s)", out):
        loaded = [load_scenario(p).judged_on(settings.as_of) for p in paths]
        graphs = [OrgGraph(x.scenario) for x in loaded]
    with step("check", progress, "statutory guidance rule packs and structure metrics", out):
        # the scenarios already carry the run's date; passing it says where it came from
        checks = [check_report(x, g, as_of=settings.as_of, today=date.today())
                  for x, g in zip(loaded, graphs)]
    labels = [label_of(p) for p in paths]
    # one pool of workers for the comparison and the repair searches
    with Executor.of(settings.run) as executor:
        comparison, simulations, measured = _simulate(labels, loaded, settings.run, executor,
                                                      progress, out)
        results = [ScenarioAnalysis(label, x, g, c, sim, awareness_curves(g, sim))
                   for label, x, g, c, sim in zip(labels, loaded, graphs, checks, simulations)]
        notes = [] if comparison is not None or len(paths) == 1 else [
            "The comparison needs at least 2 replications; the options are set side by side "
            "instead."]
        analysis = Analysis(results[0], tuple(results[1:]), settings, comparison, tuple(notes))
        if simulated:
            simulated(analysis)
        repairs = _repairs(labels, loaded, comparison, measured, settings, executor, progress,
                           out) if settings.repair and comparison is not None else ()
    return replace(analysis, repairs=repairs)


def _repairs(labels: list[str], loaded: list[LoadedScenario], comparison: Comparison,
             measured: list, settings: Settings, executor: Executor, progress: Progress | None,
             out: Path | None) -> tuple[tuple[str, RepairResult], ...]:
    """`orgsim repair` of each option with problems (new red checks or material weakenings),
    verified at the replications the comparison ran to, so the comparison's own measurements of
    the baseline and the option stand in for the repair's first two simulations. Its trial
    simulations are told as "simulate" steps, the rest of its work as the "repair" step."""
    at = settings.run.but(replications=comparison.replications)
    found = []
    by_label = {o.label: o for o in comparison.options}
    for i, (label, x) in enumerate(zip(labels[1:], loaded[1:]), start=1):
        o = by_label[label]
        if not (o.checks.new_red or o.weakenings):
            continue
        problems = len(o.checks.new_red) + len(o.weakenings)
        with step("repair", progress, f"{label}: the least set of mechanisms from the menu that "
                  f"clears its {problems} problem{'s' if problems != 1 else ''}", out):
            found.append((label, repair(loaded[0].scenario, x.scenario, at, label=label,
                                        measured=(measured[0], measured[i]), executor=executor,
                                        phases=_repair_phases(label, progress))))
    return tuple(found)


def _repair_phases(label: str, progress: Progress | None) -> Callable[[str, str], None]:
    def phases(name: str, message: str) -> None:
        if progress:
            progress(name, f"{label}, repair trials: {message}" if message else "")
    return phases


def _simulate(labels: list[str], loaded: list[LoadedScenario], run: RunSettings,
              executor: Executor, progress: Progress | None, out: Path | None,
              ) -> tuple[Comparison | None, list[SimulationResult], list]:
    """Each scenario simulated once: with options, the comparison's paired blocks give both the
    comparison and every scenario's own figures (the same replications as `orgsim simulate`)."""
    if len(loaded) == 1 or run.replications < 2:
        sims = []
        for label, x in zip(labels, loaded):
            with step("simulate", progress, f"{label}: {run.replications} replications, seed "
                      f"{run.seed}", out):
                sims.append(simulate(x.scenario, run, x.content_hash, executor=executor))
        return None, sims, []
    with step("simulate", progress, f"{len(loaded)} scenarios in paired blocks, seed {run.seed}, "
              f"until every verdict is settled (at most {run.replications} replications)", out):
        comparison, measurer = measured_comparison(
            (labels[0], loaded[0].scenario), [(lb, x.scenario) for lb, x in
                                              zip(labels[1:], loaded[1:])], run,
            executor=executor)
        sims = [measurer.pooled(i, x.content_hash) for i, x in enumerate(loaded)]
    if progress:
        progress("compare", f"{len(loaded) - 1} option(s) against the baseline, "
                 f"{comparison.replications} replications each")
    return comparison, sims, measurer.measurements


# --- writing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Drawing:
    """One diagram to draw: its file stem, its caption and its Graphviz view."""

    stem: str
    caption: str
    spec: object
    scenario: str  # the label of the scenario drawn (the option, for a diff)


def _drawings(analysis: Analysis) -> list[_Drawing]:
    """Every view of every scenario as `orgsim diagram` draws it; the accountability view again
    with the red and amber findings marked (`-findings`); and the diff views of each option.

    The plain views stay because marking every team a missed standard names can drown the
    splits the accountability view exists to show."""
    out = []
    for s in analysis.scenarios:
        out += _sight_drawings(s)  # the focused views the paper leads with, then the whole council
        for name, marked in (*((n, False) for n in VIEWS), (FINDINGS_VIEW, True)):
            spec = view(s.graph, name)
            stem = f"{s.label}-{name}"
            if marked:
                plain = spec
                spec = highlight(spec, s.findings)
                if spec == plain:  # no finding names a node: the plain view says it all
                    continue
                stem += "-findings"
            caption = f"{spec.title}." + (" Findings marked RED or AMBER." if marked else "")
            out.append(_Drawing(stem, f"{caption} {spec.subtitle}", spec, s.label))
    for s in analysis.options:
        for name in DIFF_VIEWS:
            spec = diff_view(analysis.baseline.graph, s.graph, name)
            out.append(_Drawing(f"diff-{s.label}-{name}", f"{spec.title}. {spec.subtitle}", spec,
                                s.label))
    return out


def _sight_drawings(s: ScenarioAnalysis) -> list[_Drawing]:
    """The line-of-sight view of each statutory Director of the scenario, for the paper."""
    out = []
    for director in directors_of(s):
        spec = sight_view(s.graph, director)
        out.append(_Drawing(f"{s.label}-sight-{director}", f"{spec.title}. {spec.subtitle}",
                            spec, s.label))
    return out


def _draw(pool: Drawer, drawings: Sequence[_Drawing], folder: Path,
          formats: Sequence[str]) -> list[Drawing]:
    return [pool.submit(render_diagram, d.spec, folder, d.stem, formats) for d in drawings]


def _drawn(drawings: Sequence[_Drawing], *rendered: Sequence[Drawing]) -> list[Diagram]:
    """The diagrams in the order drawn, each with its files from every batch of formats (the
    DOT source once)."""
    out = []
    for d, *batches in zip(drawings, *rendered):
        files = dict.fromkeys(f for batch in batches for f in batch.result().files)
        out.append(Diagram(d.stem, d.caption, tuple(files), d.scenario))
    return out


def diagrams(analysis: Analysis, folder: Path, formats: Sequence[str] = ("svg", "png"),
             progress: Progress | None = None) -> list[Diagram]:
    """Every diagram of the run (see `_drawings`), drawn in parallel, in a fixed order."""
    drawings = _drawings(analysis)
    with Drawer(background=False) as pool:
        return _drawn(drawings, _draw(pool, drawings, folder, formats))


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(safe_row(row) for row in rows)  # no cell a spreadsheet would run
    return buffer.getvalue()


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


FINDING_COLUMNS = ("scenario", "id", "pack", "severity", "strength", "citation", "title",
                   "explanation", "departure", "evidence", "mitigation", "nodes", "counted",
                   "text_on_the_date", "law_note", "later_framework")
METRIC_COLUMNS = ("observer", "title", "item", "origin", "items", "share_known_by_horizon",
                  "share_known_by_end", "mean_days", "p50_days", "p90_days", "p90_days_ci95_low",
                  "p90_days_ci95_high", "p99_days", "staleness_at_meetings_mean_days")


def results(analysis: Analysis, folder: Path) -> list[Path]:
    """JSON and CSV results: per scenario its checks, simulation, findings and metric rows."""
    written = []
    for s in analysis.scenarios:
        written.append(_write(folder / f"{s.label}-check.json", _json(s.check.to_dict())))
        written.append(_write(folder / f"{s.label}-simulation.json",
                              _json(s.simulation.to_dict())))
        written.append(_write(folder / f"{s.label}-findings.csv", _csv(FINDING_COLUMNS, [
            _finding_cells(s.label, f) for f in (*s.findings, *s.check.result.superseded)])))
        written.append(_write(folder / f"{s.label}-metrics.csv", _csv(
            METRIC_COLUMNS, [_metric_cells(r) for r in s.simulation.rows])))
    if analysis.comparison is not None:
        written.append(_write(folder / "compare.json", _json(analysis.comparison.to_dict())))
    written.append(_write(folder / "committee.csv", committee_csv(analysis)))
    return written


def _finding_cells(label: str, f: Finding) -> tuple:
    """A finding's CSV row; a superseded finding is listed too, marked as not counted."""
    c = f.currency
    return (label, f.id, f.pack, f.severity.value, f.strength.value if f.strength else "",
            str(f.citation), f.title, f.explanation, f.departure or "", " | ".join(f.evidence),
            f.mitigation or "", " ".join(f.nodes), "no" if c and c.superseded else "yes",
            c.status if c else "", c.note if c else "",
            f"{c.change} ({c.successor_citation})" if c and c.change else "")


def _metric_cells(r: MetricRow) -> list[object]:
    ci = r.p90_days.ci95 or (None, None)
    stale = r.staleness.at_meetings_mean if r.staleness else None
    cells = [r.observer, r.title, r.item, r.origin, r.items, r.share_known_by_horizon.value,
             r.share_known_by_end.value, r.mean_days.value, r.p50_days.value, r.p90_days.value,
             ci[0], ci[1], r.p99_days.value, stale]
    return ["" if v is None else v for v in cells]


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _scenario_block(s: ScenarioAnalysis) -> dict:
    return {"label": s.label, "name": s.name, "file": display_name(s.loaded.path),
            "files": s.loaded.file_hashes(), "hash": s.loaded.content_hash,
            "jurisdiction": s.loaded.scenario.jurisdiction}


def manifest(analysis: Analysis, files: Sequence[str], pdf_engine: str | None = None) -> dict:
    st = analysis.settings.run
    return {"orgsim_version": __version__, "seed": st.seed, "replications": st.replications,
            "replications_run": analysis.baseline.simulation.settings.replications,
            "horizon_days": st.horizon, "drain_days": st.drain,
            "scenarios": [_scenario_block(s) for s in analysis.scenarios],
            **({"pdf_engine": pdf_engine} if pdf_engine else {}),
            "files": sorted(files)}


class PublishFailed(OrgsimError):
    """Moving a finished run into its output folder failed; the message says what state the
    folder was left in."""


def preflight(out: Path, names: Sequence[str] = GENERATED) -> None:
    """Refuse, before any analysis runs, an output folder the run could not write: a file where
    the folder should be, a folder that cannot be written to, or one of the generated
    sub-folders (or files) that is a symbolic link or the wrong kind of thing."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise PublishFailed(f"{out} is a file, not a folder; choose another --out")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    # The staging folder is made beside `out`, so both it and its parent must take new files.
    for folder in {existing, out.parent if out.exists() and str(out.parent) else existing}:
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise PublishFailed(f"{folder} cannot be written to (permission denied); choose "
                                "another --out, or make the folder writable")
    if out.is_dir():
        _refuse_blocked(out, names)


def _refuse_blocked(out: Path, names: Sequence[str]) -> None:
    for name in names:
        target = out / name
        if target.is_symlink():
            raise PublishFailed(f"{target} is a symbolic link; orgsim writes its outputs only "
                                "into folders it can see, never through a link, so remove the "
                                "link (or choose another --out) and run again")
        if name in SUBFOLDERS and target.exists() and not target.is_dir():
            raise PublishFailed(f"{target} is a file where orgsim writes its {name} folder; move "
                                "it away (or choose another --out) and run again")
        if name not in SUBFOLDERS and target.is_dir():
            raise PublishFailed(f"{target} is a folder where orgsim writes the file {name}; move "
                                "it away (or choose another --out) and run again")


def publish(staging: Path, out: Path) -> list[Path]:
    """Move every staged file into `out`, all or nothing.

    Every target is checked first; the previous run's files are moved aside into a backup
    folder beside `out`, then the new ones moved in (each os.replace is a rename on the same
    file system). If any move fails, the new files are taken out again and the previous ones
    put back, so `out` is exactly as it was; only then is the backup folder removed."""
    sources = sorted(p for p in staging.rglob("*") if p.is_file())
    relative = [source.relative_to(staging) for source in sources]
    out.mkdir(parents=True, exist_ok=True)
    _refuse_blocked(out, sorted({r.parts[0] for r in relative}))
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.old.", suffix=".tmp",
                                   dir=out.parent if str(out.parent) else Path(".")))
    aside: list[Path] = []  # relative paths of previous files now in the backup folder
    placed: list[Path] = []  # relative paths of new files now in `out`
    made: list[Path] = []  # folders this publish created in `out`
    try:
        for rel in relative:
            target = out / rel
            for folder in reversed(target.parents):
                if folder != out and out in folder.parents and not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            if target.is_dir() and not target.is_symlink():
                raise PublishFailed(f"{target} is a folder where orgsim writes a file")
            if target.exists() or target.is_symlink():
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup / rel)
                aside.append(rel)
        for source, rel in zip(sources, relative):
            os.replace(source, out / rel)
            placed.append(rel)
    except BaseException as exc:
        trouble = _roll_back(out, staging, backup, placed, aside, made)
        reason = str(exc) if isinstance(exc, OrgsimError) else \
            (f"{exc.filename}: {exc.strerror}" if isinstance(exc, OSError) and exc.filename
             else f"{type(exc).__name__}: {exc}")
        if trouble:
            raise PublishFailed(
                f"moving the outputs into {out} failed ({reason}), and so did putting the "
                f"previous files back ({trouble}): {len(placed)} new file(s) may still be in "
                f"{out}, and the previous run's files not yet restored are in {backup}"
                ) from None
        if not isinstance(exc, Exception):
            raise
        raise PublishFailed(f"moving the outputs into {out} failed ({reason}); every file was "
                            f"put back, so {out} is exactly as it was before the run") from None
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return [out / rel for rel in relative]


def _roll_back(out: Path, staging: Path, backup: Path, placed: list[Path], aside: list[Path],
               made: list[Path]) -> str:
    """Undo a partial publish; returns what could not be undone ('' when everything was)."""
    problems = []
    for rel in reversed(placed):
        try:
            os.replace(out / rel, staging / rel)
        except OSError as exc:
            problems.append(f"{out / rel}: {exc.strerror}")
    for rel in reversed(aside):
        try:
            os.replace(backup / rel, out / rel)
        except OSError as exc:
            problems.append(f"{out / rel}: {exc.strerror}")
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()
    if not problems:
        shutil.rmtree(backup, ignore_errors=True)
    return "; ".join(problems)


STALE_AFTER_SECONDS = 24 * 3600


def clean_stale_staging(out: Path) -> None:
    """Remove staging folders of earlier runs of `out` that died without tidying up (killed, or
    the machine stopped): their process is gone, or, for names without a process id, they are
    over a day old. A backup folder of a run killed mid-publish is left alone: it may hold the
    only copy of an earlier run's files."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        return
    for folder in parent.glob(f".{glob.escape(out.name)}.*.tmp"):
        if not folder.is_dir() or folder.is_symlink() or ".old." in folder.name:
            continue
        pid = folder.name[len(out.name) + 2:].split(".", 1)[0]
        if pid.isdigit():
            stale = not _alive(int(pid))
        else:
            try:
                stale = time.time() - folder.stat().st_mtime > STALE_AFTER_SECONDS
            except OSError:
                continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` (same file system, so os.replace is a rename), named
    with this process's id so that a later run can tell a dead run's leftovers."""
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def default_out(base: str | Path) -> Path:
    return Path("outputs") / label_of(base)


SWEEP_FOLDER = "sensitivity"  # where `orgsim sensitivity` writes beside the run's outputs


def saved_sweep(analysis: Analysis, out: Path) -> list[Section]:
    """The paper's "How sure" section from a sweep `orgsim sensitivity` saved in the output
    folder, when it is of exactly these scenario files (their content hashes); none otherwise,
    since a sweep of other contents would describe another structure."""
    folder = out / SWEEP_FOLDER
    try:
        data = json.loads((folder / "sensitivity.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if data.get("scenario_hashes") != {s.label: s.loaded.content_hash for s in analysis.scenarios}:
        return []
    design = data.get("design", {})
    worlds = design.get("plausible_worlds")
    lead = ("The verdicts above were tested across plausible assumptions the scenarios do not "
            "fix (item rates, meeting dates, lags, reliability, the escalation delay, what each "
            "channel carries)" + (f": {worlds} plausible worlds, each a full paired comparison."
                                  if isinstance(worlds, int) else "."))
    items = "".join(f"<li>{escape(v.get('text', ''))}: {escape(v['paper_sentence'])}</li>"
                    for v in data.get("verdicts", ()) if v.get("paper_sentence"))
    try:
        chart = (folder / "tornado.svg").read_text(encoding="utf-8")
    except OSError:
        chart = ""
    html = f"<p>{escape(lead)}</p>" + (f"<ul>{items}</ul>" if items else "") + (
        f'<figure class="tornado">{chart}<figcaption>What moves each headline figure most, '
        "across the plausible range of each input.</figcaption></figure>" if chart else "")
    return [Section("sensitivity", "How sure: the verdicts across plausible assumptions", html)]


def early_browser(formats: Sequence[str]) -> contextlib.AbstractContextManager:
    """A Chromium started now, to print the paper later without waiting for its start-up (it
    starts while the run simulates), as a context manager that stops it; nothing is started
    when no PDF is asked for or it will not be Chromium's."""
    if "pdf" not in formats:
        return contextlib.nullcontext()
    try:
        return warm_browser(papers=1)
    except PdfUnavailable:  # said when the paper step starts the PDF, as without it
        return contextlib.nullcontext()


def start_paper(analysis: Analysis, drawn: Sequence[Diagram], folder: Path,
                formats: Sequence[str], progress: Progress | None, out: Path,
                browser: WarmBrowser | None = None) -> tuple[list[Path], PdfJob | None]:
    """The paper's HTML written, and its PDF being laid out (by Chromium in its own process, so
    the caller can do other work meanwhile; `finish_paper` waits for it)."""
    job = None
    with step("paper", progress, _paper_says(formats), out):
        html = paper_html(analysis, drawn, saved_sweep(analysis, out))
        written = [_write(folder / "paper.html", html)] if "html" in formats else []
        if "pdf" in formats:
            job = start_pdf(html, browser=browser)
    return written, job


def _paper_says(formats: Sequence[str]) -> str:
    if "pdf" not in formats:
        return "HTML"
    try:
        chromium = chosen_engine()
    except PdfUnavailable:  # said when the step starts the PDF
        return "HTML and PDF"
    return "HTML and PDF (" + (f"{chromium.version}, in its own process" if chromium
                               else "WeasyPrint") + ")"


def finish_paper(job: PdfJob | None, folder: Path, progress: Progress | None,
                 out: Path) -> list[Path]:
    """The PDF once laid out (none when it was not asked for)."""
    if job is None:
        return []
    with step("paper", progress, "", out):
        try:
            data = job.result()
        finally:
            job.cancel()
        if job.fallback and progress:
            progress("paper", f"{job.fallback}; laid out by {job.engine} instead")
        return [_write(folder / "paper.pdf", data)]


def write_paper(analysis: Analysis, drawn: Sequence[Diagram], folder: Path,
                formats: Sequence[str], progress: Progress | None, out: Path,
                browser: WarmBrowser | None = None) -> list[Path]:
    written, job = start_paper(analysis, drawn, folder, formats, progress, out, browser)
    return written + finish_paper(job, folder, progress, out)


def _engine(job: PdfJob | None) -> str | None:
    if job is None:
        return None
    return job.engine + (f" ({job.fallback})" if job.fallback else "")


def report(base: str | Path, options: Sequence[str | Path], settings: Settings,
           out: Path | None = None, progress: Progress | None = None) -> Outputs:
    """The committee paper only (HTML and/or PDF) into `out`."""
    clock = StepClock(progress)
    out = out or default_out(base)
    preflight(out, [f"paper.{f}" for f in settings.formats])
    with early_browser(settings.formats) as browser:
        analysis = analyse(base, options, settings, clock, out)
        with staging_folder(out) as staging:
            with step("diagrams", clock, "line of sight, accountability views and diffs", out):
                drawn = diagrams(analysis, staging / ".diagrams", ("svg",))
            files = write_paper(analysis, drawn, staging / "paper", settings.formats, clock, out,
                                browser)
            shutil.rmtree(staging / ".diagrams")
            with step("write", clock, str(out), out):
                for f in files:
                    os.replace(f, staging / f.name)
                shutil.rmtree(staging / "paper")
                published = publish(staging, out)
    return Outputs(out, published, clock.stop())


def run(base: str | Path, options: Sequence[str | Path], settings: Settings,
        out: Path | None = None, progress: Progress | None = None,
        diagram_formats: Sequence[str] = ("svg", "png")) -> Outputs:
    """Everything: diagrams, paper, JSON/CSV results and index.html into `out`.

    Nothing waits that need not: the diagrams are drawn (and the paper's templates compiled) from
    the moment the simulation's figures are known, while the repair searches (at a lower priority, so they take only what its
    simulations leave); the paper embeds the SVGs, so it waits for those, and the other formats
    are drawn while the paper is written; the results and the index are written while the PDF is
    laid out in Chromium's own process."""
    clock = StepClock(progress)
    out = out or default_out(base)
    preflight(out)
    svg = [f for f in diagram_formats if f == "svg"]
    later = [f for f in diagram_formats if f != "svg"]
    with contextlib.ExitStack() as stack:
        browser = stack.enter_context(early_browser(settings.formats))  # stopped last
        early: list = []

        def draw(analysis: Analysis) -> None:
            with step("diagrams", None, "", out):
                staging = stack.enter_context(staging_folder(out))
                drawer = stack.enter_context(Drawer())  # left before the staging folder is
                drawings = _drawings(analysis)
                folder = staging / "diagrams"
                early[:] = [staging, drawer, drawings, _draw(drawer, drawings, folder, svg),
                            [_draw(drawer, drawings, folder, later)] if later else []]
                drawer.submit(load_templates)

        analysis = analyse(base, options, settings, clock, out, draw)
        staging, drawer, drawings, svgs, others = early
        drawer.hurry()  # what is left is waited for: at the usual priority
        with step("diagrams", clock, f"{len(VIEWS)} views per scenario and the diffs" + (
                " (drawn while the repair searched)" if analysis.repairs else ""), out):
            drawn = _drawn(drawings, svgs)
        paper, job = start_paper(analysis, drawn, staging, settings.formats, clock, out,
                                 browser)
        try:
            with step("diagrams", clock, "", out):  # a failure drawing the others is theirs
                drawn = _drawn(drawings, svgs, *others)
            with step("results", clock, "JSON and CSV, and the index page", out):
                data = results(analysis, staging / "results")
                pdf = [staging / "paper.pdf"] if job else []  # linked before it is written
                _write(staging / "index.html", index_html(analysis, drawn, [*paper, *pdf], data,
                                                          staging))
            paper += finish_paper(job, staging, clock, out)
        finally:
            if job is not None:
                job.cancel()
        with step("results", clock, "", out):
            names = [str(p.relative_to(staging)) for d in drawn for p in d.files] + \
                [str(p.relative_to(staging)) for p in (*paper, *data)] + ["index.html", "run.json"]
            _write(staging / "run.json", _json(manifest(analysis, names, _engine(job))))
        with step("write", clock, str(out), out):
            published = publish(staging, out)
    return Outputs(out, published, clock.stop())
