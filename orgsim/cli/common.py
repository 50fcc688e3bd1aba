"""Helpers every command shares."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable

import click

from ..io.loader import LoadedScenario, baseline_of
from ..io.yamlsource import display_name


def visible(text: str) -> str:
    """Text safe to print on a terminal: control characters other than newlines and tabs (an
    escape sequence that retitles the window or hides what follows) written as `\\x1b` and
    the like, so they show instead of acting, whether or not the output is piped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else
                   ch.encode("unicode_escape").decode("ascii") for ch in text)


def os_error_text(exc: OSError) -> str:
    """An operating-system error as one plain line: the path and what is wrong with it."""
    where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
    if exc.filename2:
        where = f"{exc.filename} -> {exc.filename2}: "
    what = exc.strerror or str(exc) or type(exc).__name__
    hint = OS_HINTS.get(exc.errno, "")
    return visible(f"{where}{what}{hint}")


OS_HINTS = {
    errno.ENOSPC: "; free some space on that disk, or write somewhere else",
    errno.EACCES: "; check the permissions, or write somewhere else",
    errno.EROFS: "; that file system is read-only, so write somewhere else",
    errno.ENAMETOOLONG: "; use a shorter name",
    errno.ELOOP: "; the path has a loop of symbolic links",
    errno.EPIPE: "",
}


def silence_stdout() -> None:
    """After stdout has failed (a full disk, a closed pipe), point it at /dev/null so that the
    interpreter's last flush does not print a traceback of its own."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


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
