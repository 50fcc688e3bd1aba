"""Errors orgsim reports to its users. Messages are written for a council officer, not a developer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceLocation:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is, and what to write instead."""

    message: str
    location: SourceLocation | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc is None, loc.file if loc else "", loc.line if loc else 0,
                loc.column if loc else 0, self.message)


class OrgsimError(Exception):
    """Base of every error orgsim expects and explains."""


class ScenarioError(OrgsimError):
    """A scenario file (or one it extends) cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))
