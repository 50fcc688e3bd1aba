"""A plain HR export: one row per post with its id, title and the id of the post it reports to.

The user names the columns. A blank reports-to marks the top. An optional kind column lets a row
be a team rather than a post, which is how `orgsim export csv` writes teams, so that an exported
scenario imports back with the same line management.
"""

from __future__ import annotations

from pathlib import Path

from .lines import LineBuilder, SourcePost, slug
from .result import (ImportedPost, ImportedTeam, ImportFailed, ImportProblem, ImportResult,
                     sort_problems)
from .table import Row, Table, parse_fte, read_table, title_of

TEAM_KINDS = frozenset({"team"})


def import_hr_csv(path: Path, id_column: str, title_column: str, reports_to_column: str,
                  unit_column: str | None = None, grade_column: str | None = None,
                  fte_column: str | None = None, kind_column: str | None = None,
                  name: str | None = None) -> ImportResult:
    problems: list[ImportProblem] = []
    fields = {"ref": (id_column,), "title": (title_column,), "reports_to": (reports_to_column,)}
    optional = {"unit": unit_column, "grade": grade_column, "fte": fte_column, "kind": kind_column}
    fields.update({f: (c,) for f, c in optional.items() if c})
    table = read_table(path, fields, tuple(fields), problems,
                       "as named by the options (" + ", ".join(repr(c[0]) for c in fields.values())
                       + ")")
    if not table.rows:
        raise ImportFailed(f"{table.name} row {table.header_row + 1}: no rows below the header")
    col = table.columns.get
    post_rows: list[Row] = []
    team_rows: list[Row] = []
    for row in table.rows:
        kind = (row.get(col("kind")) or "post").casefold()
        (team_rows if kind in TEAM_KINDS else post_rows).append(row)
        if kind not in TEAM_KINDS and kind != "post":
            problems.append(ImportProblem(table.name, row.number, f"kind '{kind}' is neither "
                                          "'post' nor 'team'; imported as a post"))
    if not post_rows:
        raise ImportFailed(f"{table.name} row {table.header_row + 1}: no posts, only teams; a "
                           "scenario needs at least one post for teams to report to")
    organisation = name or path.stem
    builder = LineBuilder(table.name, problems, organisation, top_markers=frozenset(),
                          blank_is_top=True)
    builder.add_all([_post_row(table, row, problems) for row in post_rows])
    teams = {t.id: t for t in (_team(table, row, builder, problems) for row in team_rows)}
    return ImportResult(organisation, (table.name,), builder.ordered(), teams, builder.top,
                        sort_problems(problems, [table.name]))


def _post_row(table: Table, row: Row, problems: list[ImportProblem]) -> SourcePost:
    col = table.columns.get
    ref = row.get(col("ref"))
    review: list[str] = []
    title = title_of(table, row, ref, problems, review)
    post = ImportedPost(id="", title=title, source=f"{table.name} row {row.number}",
                        grade=row.get(col("grade")), unit=row.get(col("unit")),
                        fte=parse_fte(row, col("fte"), table.name, problems), review=review)
    same_as = tuple(row.raw(i) for i in sorted(table.columns.values()))
    return SourcePost(row.number, ref, row.get(col("reports_to")), post, same_as)


def _team(table: Table, row: Row, builder: LineBuilder, problems: list[ImportProblem],
          ) -> ImportedTeam:
    col = table.columns.get
    ref = row.get(col("ref"))
    team_id = builder.ids.claim(slug(ref) if ref and slug(ref) else f"row-{row.number}")
    if team_id != ref:
        problems.append(ImportProblem(table.name, row.number, f"team reference '{ref}' is not a "
                                      f"free, valid id; imported as '{team_id}'"))
    boss = row.get(col("reports_to"))
    manager, how = builder.resolve(boss) if boss else (None, None)
    review = []
    if boss and manager is None:
        manager = builder.top
        review.append(f"reports to unknown post '{boss}'; attached to the top")
        problems.append(ImportProblem(table.name, row.number, f"reports to unknown post '{boss}'; "
                                      f"attached to the top '{manager}', marked for review"))
    elif how:
        problems.append(ImportProblem(table.name, row.number, f"reports to '{boss}'; {how}"))
    return ImportedTeam(id=team_id, title=row.get(col("title")) or f"Team {team_id}",
                        source=f"{table.name} row {row.number}", line_manager=manager,
                        unit=row.get(col("unit")),
                        fte=parse_fte(row, col("fte"), table.name, problems), review=review)
