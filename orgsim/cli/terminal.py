"""What the command line prints when things go wrong: kept free of orgsim's heavier modules, so
that `orgsim --help` and the error paths load nothing more."""

from __future__ import annotations

import errno
import os
import sys


def visible(text: str) -> str:
    """Text safe to print on a terminal: control characters other than newlines and tabs (an
    escape sequence that retitles the window or hides what follows) written as `\\x1b` and
    the like, so they show instead of acting, whether or not the output is piped."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # nearly always: no scan
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
