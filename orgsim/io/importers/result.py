"""What an importer hands back: plain records of posts and teams, and every problem it met.

Importers read files but print nothing; the command decides how to show the problems, and the
scenario writer turns the records into YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import OrgsimError


class ImportFailed(OrgsimError):
    """The file cannot be turned into a scenario; the message names the file and the row."""


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in a source row and what the importer did about it."""

    file: str
    row: int | None  # spreadsheet row number: the header is row 1
    message: str

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.message}"


@dataclass
class ImportedPost:
    id: str
    title: str
    source: str  # "file row N", so the user can find the row again
    grade: str | None = None
    unit: str | None = None
    fte: float | None = None
    line_manager: str | None = None
    vacant: bool = False
    personal: str | None = None  # name and contact details, kept only when asked
    review: list[str] = field(default_factory=list)  # what the user should check, in words
    synthetic: bool = False  # added by the importer, not in the source
    ref: str | None = None  # the source's reference, set where ids are made from titles
    source_title: str | None = None  # the title as the source wrote it, where it was qualified


@dataclass
class ImportedTeam:
    id: str
    title: str
    source: str
    line_manager: str | None  # None only for a team outside the line, e.g. a commissioned provider
    unit: str | None = None
    fte: float | None = None
    review: list[str] = field(default_factory=list)
    function: str | None = None  # the source's professional or occupational group
    composition: tuple[str, ...] = ()  # for a team collapsed from several rows: what each was


@dataclass
class ImportResult:
    """A scenario skeleton: posts and teams by id, in the order the writer should list them."""

    name: str
    sources: tuple[str, ...]
    posts: dict[str, ImportedPost]
    teams: dict[str, ImportedTeam]
    top: str | None
    problems: list[ImportProblem]

    def line_management(self) -> dict[str, str | None]:
        """Every post and team id and the id of its line manager (None at the top)."""
        return {**{p.id: p.line_manager for p in self.posts.values()},
                **{t.id: t.line_manager for t in self.teams.values()}}


def sort_problems(problems: list[ImportProblem], files: list[str]) -> list[ImportProblem]:
    """File by file in the order given, whole-file problems first, then by row."""
    rank = {name: i for i, name in enumerate(files)}
    return sorted(problems, key=lambda p: (rank.get(p.file, len(files)), p.row or 0))
