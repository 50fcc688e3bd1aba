from __future__ import annotations

import click

from ..model.scenario import scenario_json_schema
from .common import echo_json


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (the copy in schema/ is the same)."""
    echo_json(scenario_json_schema())
