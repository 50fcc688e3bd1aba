"""`orgsim export`: write a scenario out in formats other tools read."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.atomic import write_new_text
from ..io.exporters import COLUMNS, line_management_csv
from ..io.loader import load_scenario
from .common import scenario_argument


@click.group(name="export")
def export_group() -> None:
    """Write a scenario out for other tools."""


@export_group.command(name="csv")
@scenario_argument()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def csv_(file: str, output: Path, force: bool) -> None:
    """Export the posts and teams of scenario FILE with their line managers, one row each.

    `orgsim import csv OUTPUT --kind kind` reads it back with the same line management.
    """
    scenario = load_scenario(file).scenario
    write_new_text(output, line_management_csv(scenario), force)
    click.echo(f"wrote {output}: {len(scenario.posts)} posts, {len(scenario.teams)} teams "
               f"(columns {', '.join(COLUMNS)})")
