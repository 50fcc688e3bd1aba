"""Helpers every command shares."""

from __future__ import annotations

import json

import click


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def scenario_argument(multiple: bool = False):
    """A scenario file argument; a missing file is a usage error (exit 2)."""
    return click.argument("files" if multiple else "file", nargs=-1 if multiple else 1,
                          required=True, type=click.Path(exists=True, dir_okay=False))
