"""`orgsim run`: validate, check, simulate, compare, diagrams and the paper in one go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..pipeline import run
from ..records import Settings
from ..sim.settings import RunSettings
from .report import guarded, progress, run_options


@click.command("run")
@run_options
@click.option("--no-repair", is_flag=True,
              help="Skip the repair search of each option with problems (faster; the paper "
                   "then cannot call an option acceptable with mechanisms).")
@guarded
def run_command(base: str, options: tuple[str, ...], out: Path | None, settings: RunSettings,
                formats: tuple[str, ...], as_of: date | None, no_repair: bool) -> None:
    """Everything for BASE and any OPTION scenarios into outputs/<BASE name>/ (or --out):
    diagrams (SVG, PNG, DOT), the committee paper (HTML, PDF), JSON and CSV results and an
    index.html linking them. Progress goes to stderr, ending with where the time went (simulating,
    the repair's trials included, and the other steps). Files are built in a temporary folder and
    moved into place only when every step has succeeded, so a failed step leaves earlier outputs
    as they were."""
    done = run(base, options, Settings(settings, formats=formats, repair=not no_repair,
                                       as_of=as_of), out, progress)
    if done.times is not None:
        progress("done", done.times.summary())
    click.echo(f"wrote {len(done.files)} files; open {done.folder / 'index.html'}")
