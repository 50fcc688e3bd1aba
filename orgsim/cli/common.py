"""Helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def answer(result, as_json: bool, text: Callable[[], str], failed: bool = False) -> None:
    """Print the result as JSON (its `to_dict()`) or as text; exit 1 when the result `failed`
    (main() ignores click's return codes)."""
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(text())
    if failed:
        sys.exit(1)


def scenario_argument(multiple: bool = False):
    """A scenario file argument; a missing file is a usage error (exit 2)."""
    return click.argument("files" if multiple else "file", nargs=-1 if multiple else 1,
                          required=True, type=click.Path(exists=True, dir_okay=False))
