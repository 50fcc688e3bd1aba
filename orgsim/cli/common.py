"""Helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from ..io.loader import LoadedScenario, baseline_of
from ..io.yamlsource import display_name
from .terminal import visible


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def answer(result, as_json: bool, text: Callable[[], str], failed: bool = False) -> None:
    """Print the result as JSON (its `to_dict()`) or as text; exit 1 when the result `failed`
    (main() ignores click's return codes)."""
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(visible(text()))
    if failed:
        sys.exit(1)


def scenario_argument(multiple: bool = False):
    """A scenario file argument; a missing file is a usage error (exit 2)."""
    return click.argument("files" if multiple else "file", nargs=-1 if multiple else 1,
                          required=True, type=click.Path(exists=True, dir_okay=False))


def default_baseline(loaded: LoadedScenario, usage: str):
    """The baseline an option's `extends` names, for commands that take it as the default; a
    usage error (exit 2) for a file that extends nothing."""
    base = baseline_of(loaded)
    if base is None:
        raise click.UsageError(f"{display_name(loaded.path)} has no `extends`, so there is no "
                               f"baseline to compare it with; name one: orgsim {usage}")
    return base
