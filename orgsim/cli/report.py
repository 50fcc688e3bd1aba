"""`orgsim report` and the options it shares with `orgsim run`."""

from __future__ import annotations

import functools
import sys
from datetime import date
from pathlib import Path

import click

from ..errors import ScenarioError
from ..pipeline import StepFailed, report
from ..records import DEFAULT_REPLICATIONS, PAPER_FORMATS, Settings
from ..sim.settings import RunSettings
from .options import as_of_option, simulation_options


def paper_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    asked = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in asked if f not in PAPER_FORMATS]
    if unknown or not asked:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'} is not a paper format; "
                                 f"write a comma-separated list of {', '.join(PAPER_FORMATS)}")
    return tuple(f for f in PAPER_FORMATS if f in asked)


def run_options(command):
    """BASE [OPTION...] and the options `report` and `run` share."""
    for decorator in reversed((
        click.argument("base", type=click.Path(exists=True, dir_okay=False)),
        click.argument("options", nargs=-1, type=click.Path(exists=True, dir_okay=False)),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                     help="Output folder; default outputs/<BASE file name>/."),
        simulation_options(DEFAULT_REPLICATIONS, seed_help="paper", paired=True),
        click.option("--formats", default="html,pdf", show_default=True, callback=paper_formats,
                     help="Paper formats: html, pdf."),
        as_of_option,
    )):
        command = decorator(command)
    return command


def progress(step: str, message: str) -> None:
    """One line on stderr as each step starts, so stdout stays for the list of files."""
    click.echo(f"[{step}] {message}", err=True)




def failed(exc: StepFailed) -> None:
    """Say which step failed; a scenario's own problems keep their file:line:column messages."""
    if isinstance(exc.cause, ScenarioError):
        click.echo(f"orgsim: the {exc.step} step failed; nothing was written.", err=True)
        raise exc.cause from None
    raise exc


def guarded(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except StepFailed as exc:
            failed(exc)
    return wrapper


@click.command("report")
@run_options
@guarded
def report_command(base: str, options: tuple[str, ...], out: Path | None,
                   settings: RunSettings, formats: tuple[str, ...], as_of: date | None) -> None:
    """Write the committee paper for BASE and any OPTION scenarios: summary, options compared,
    RAG findings with citations, diagrams, time-to-awareness plots, structure metrics,
    assumptions and a reproducibility block; self-contained HTML and PDF on A4."""
    done = report(base, options, Settings(settings, formats=formats, as_of=as_of), out, progress)
    for path in done.files:
        click.echo(f"wrote {path}")
    sys.stdout.flush()
