"""`orgsim sensitivity BASE OPTION...`: which verdicts of a comparison hold across plausible
assumptions, and which inputs move its headline figures (docs/sensitivity.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..analysis.sensitivity import DEFAULT_SAMPLES, DEFAULT_TRAJECTORIES, SensitivityResult, sensitivity
from ..errors import OrgsimError
from ..io.atomic import replace_atomically
from ..io.loader import load_scenario
from ..io.sweep import load_sweep
from ..pipeline import label_of
from ..render.sensitivity import (
    paper_sentences,
    summary_lines,
    tornado_png,
    tornado_rows,
    tornado_svg,
)
from ..sim.settings import RunSettings
from .common import echo_json
from .options import simulation_options
from .table import table

# The cap of each world's comparison: its blocks run until every verdict is settled or this.
DEFAULT_REPLICATIONS = 80
FILES = ("sensitivity.json", "tornado.svg", "tornado.png")


@click.command("sensitivity")
@click.argument("base", type=click.Path(exists=True, dir_okay=False))
@click.argument("options", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--sweep", "sweep_file", type=click.Path(exists=True, dir_okay=False),
              help="A sweep file of the inputs' ranges (docs/sensitivity.md); without one, the "
                   "documented default ranges apply.")
@click.option("--trajectories", type=click.IntRange(min=1), default=DEFAULT_TRAJECTORIES,
              show_default=True, help="Morris screening trajectories (each costs one world per "
                                      "group of inputs, plus one).")
@click.option("--samples", type=click.IntRange(min=2), default=DEFAULT_SAMPLES,
              show_default=True,
              help="Plausible worlds: Latin hypercube points over the inputs that matter.")
@simulation_options(DEFAULT_REPLICATIONS, at_least=2, seed_help="paired", paired=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for sensitivity.json, tornado.svg and tornado.png; default "
                   "outputs/<BASE file name>/sensitivity/.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result instead of text.")
def sensitivity_command(base: str, options: tuple[str, ...], sweep_file: str | None,
                        trajectories: int, samples: int, settings: RunSettings, out: Path | None,
                        as_json: bool) -> None:
    """Sweep the assumptions the comparison of OPTIONS with BASE rests on (item rates, meeting
    phases, lags, reliability, the escalation delay, what a channel carries): Morris screening,
    then a Latin hypercube of the inputs that matter, each world a full paired comparison.
    Reports the share of plausible worlds in which each headline verdict holds, and which inputs
    move each headline figure (a tornado chart)."""
    loaded_base = load_scenario(base)
    loaded = [load_scenario(o) for o in options]
    scenarios = [loaded_base.scenario, *(x.scenario for x in loaded)]
    sweep = load_sweep(sweep_file, scenarios) if sweep_file else None
    folder = out or Path("outputs") / label_of(base) / "sensitivity"
    _check_folder(folder)
    meter = _Meter()
    result = sensitivity((label_of(base), loaded_base.scenario),
                         [(label_of(o), x.scenario) for o, x in zip(options, loaded)], sweep,
                         settings, trajectories, samples, progress=meter.add, stage=meter.stage)
    meter.done()
    data = result.to_dict()
    # what the paper prints after each reason, and which scenario contents the figures are of,
    # so a paper can take them from this file without running the sweep again
    sentences = {x.claim_id: x.text for x in paper_sentences(result)}
    for verdict in data["verdicts"]:
        verdict["paper_sentence"] = sentences[verdict["id"]]
    data["scenario_hashes"] = {label_of(p): x.content_hash
                               for p, x in zip((base, *options), (loaded_base, *loaded))}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    for name, content in zip(FILES, (text.encode(), tornado_svg(result).encode(),
                                     tornado_png(result))):
        try:
            replace_atomically(folder / name, content)
        except OSError as exc:
            raise OrgsimError(f"{folder / name}: cannot write ({exc.strerror})") from None
    if as_json:
        echo_json(data)
    else:
        click.echo(render(result, folder))


def _check_folder(folder: Path) -> None:
    """Refused before the sweep, not after it: the folder must be ours to write in."""
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} is a file; give a folder", param_hint="--out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OrgsimError(f"{folder}: cannot create the output folder ({exc.strerror})") from None


class _Meter:
    """Progress on stderr, on every backend: each stage's line, then the replications run."""

    def __init__(self) -> None:
        self.count, self.live = 0, sys.stderr.isatty()

    def stage(self, message: str) -> None:
        self.done()
        click.echo(f"[sensitivity] {message}", err=True)

    def add(self, replications: int) -> None:
        self.count += replications
        if self.live:
            click.echo(f"\r  {self.count:,} replications run", err=True, nl=False)

    def done(self) -> None:
        if self.live and self.count:
            click.echo("", err=True)
        self.count = 0


def render(result: SensitivityResult, folder: Path) -> str:
    names = result.names
    title = f"Sensitivity of the comparison with {names[result.base_label]} ({result.base_label})"
    kept = len(result.screened)
    lines = [title, "=" * len(title),
             f"  {len(result.factors)} inputs screened in {result.morris_worlds} worlds "
             f"(Morris, {result.trajectories} trajectories); {kept} matter"
             + (f"; {result.samples} plausible worlds (Latin hypercube)" if kept else
                "; the screening worlds stand in for the plausible ones")
             + f"; {result.replications_run:,} replications in all.", "",
             "Headline verdicts (the share of plausible worlds in which each holds)"]
    lines += [f"  {line}" for line in summary_lines(result)] or ["  none"]
    rows = tornado_rows(result)
    if rows:
        lines += ["", "What moves the headline figures (mean where the input is in the lower "
                  "half of its range, and the upper half)",
                  table(["figure", "input", "lower half", "upper half", "swing"], rows)]
    lines += ["", "Inputs that matter"]
    lines += [f"  - {f.title}: {f.range_words()}" for f in result.screened] or ["  none"]
    lines += ["", f"Wrote {', '.join(str(folder / n) for n in FILES)}"]
    return "\n".join(lines)
