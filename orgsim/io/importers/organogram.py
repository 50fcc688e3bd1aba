"""The UK government organogram format: a senior file of named posts and a junior file of staff
numbers by grade under each senior post.

Senior posts become posts, line-managed by their `Reports to Senior Post` (`XX` marks the top).
Junior rows become teams under the senior post they report to, with their FTE. Names and contact
details are personal data, so they are dropped unless asked for.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .lines import ID_MAX, LineBuilder, SourcePost, slug
from .result import (ImportedPost, ImportedTeam, ImportFailed, ImportProblem, ImportResult,
                     sort_problems)
from .table import Row, Table, parse_fte, read_table, title_of

SENIOR_FIELDS = {
    "ref": ("Post Unique Reference", "Post Reference", "Unique Reference", "Post Ref", "Post ID",
            "Senior Post Reference"),
    "name": ("Name", "Post Holder", "Name of Post Holder"),
    "grade": ("Grade (or equivalent)", "Grade", "Grade or Equivalent"),
    "title": ("Job Title", "Title", "Post Title"),
    "organisation": ("Organisation", "Organization"),
    "unit": ("Unit", "Business Unit", "Team"),
    "phone": ("Contact Phone", "Phone", "Telephone"),
    "email": ("Contact E-mail", "Contact Email", "E-mail", "Email"),
    "reports_to": ("Reports to Senior Post", "Reports To", "Reports to Senior Post Reference",
                   "Reporting Senior Post", "Line Manager"),
    "fte": ("FTE", "Full Time Equivalent"),
}
JUNIOR_FIELDS = {
    "reports_to": ("Reporting Senior Post", "Reports to Senior Post", "Senior Post Reference",
                   "Reports To"),
    "grade": ("Grade", "Grade (or equivalent)"),
    "title": ("Generic Job Title", "Job Title", "Title"),
    "fte": ("Number of Posts in FTE", "Number of Posts", "FTE"),
    "unit": ("Unit",),
    "organisation": ("Organisation", "Organization"),
    "function": ("Professional/Occupational Group", "Professional Occupational Group",
                 "Occupational Group", "Profession"),
}
# What publishers wrote instead of a name (or a title) when no one held the post.
VACANT_NAMES = frozenset({"vacant", "vacancy", "vacant post", "post vacant", "currently vacant",
                          "not in post"})
GONE_NAMES = frozenset({"eliminated", "deleted", "post eliminated", "post deleted", "abolished"})


def import_organogram(senior: Path, junior: Path | None = None, keep_names: bool = False,
                      ) -> ImportResult:
    problems: list[ImportProblem] = []
    table = read_table(senior, SENIOR_FIELDS, ("ref", "title", "reports_to"), problems,
                       "a senior organogram file ('Post Unique Reference', 'Job Title', "
                       "'Reports to Senior Post')")
    if not table.rows:
        raise ImportFailed(f"{table.name} row {table.header_row + 1}: no posts below the header")
    organisation = _organisation(table) or senior.stem
    builder = LineBuilder(table.name, problems, organisation)
    builder.add_all([_senior_row(table, row, keep_names, problems) for row in table.rows])
    teams: dict[str, ImportedTeam] = {}
    sources = [table.name]
    if junior is not None:
        jtable = read_table(junior, JUNIOR_FIELDS, ("reports_to",), problems,
                            "a junior organogram file ('Reporting Senior Post', 'Grade', "
                            "'Number of Posts in FTE')")
        sources.append(jtable.name)
        teams = _junior_teams(jtable, builder, problems)
    return ImportResult(organisation, tuple(sources), builder.ordered(), teams, builder.top,
                        sort_problems(problems, sources))


def _organisation(table: Table) -> str | None:
    names = Counter(n for row in table.rows if (n := row.get(table.columns.get("organisation"))))
    return names.most_common(1)[0][0] if names else None


def _senior_row(table: Table, row: Row, keep_names: bool, problems: list[ImportProblem],
                ) -> SourcePost:
    col = table.columns.get
    ref = row.get(col("ref"))
    review: list[str] = []
    title = title_of(table, row, ref, problems, review, "job title")
    name = row.get(col("name"))
    said = {text.casefold() for text in (name, title, ref) if text}
    vacant = bool(said & (VACANT_NAMES | GONE_NAMES))
    if said & GONE_NAMES:
        review.append("the source says the post was eliminated or deleted")
        problems.append(ImportProblem(table.name, row.number, "the post is marked as eliminated "
                                      "or deleted; imported as vacant, marked for review"))
    personal = None
    if keep_names and not vacant:
        parts = [f"{label}: {v}" for label in ("name", "phone", "email")
                 if (v := row.get(col(label)))]
        personal = "; ".join(parts) or None
    post = ImportedPost(
        id="", title=title, source=f"{table.name} row {row.number}",
        grade=row.get(col("grade")), unit=row.get(col("unit")),
        fte=parse_fte(row, col("fte"), table.name, problems), vacant=vacant, personal=personal,
        review=review)
    same_as = tuple(row.raw(i) for i in sorted(table.columns.values()))
    return SourcePost(row.number, ref, row.get(col("reports_to")), post, same_as)


def _junior_teams(table: Table, builder: LineBuilder, problems: list[ImportProblem],
                  ) -> dict[str, ImportedTeam]:
    col = table.columns.get
    teams: dict[str, ImportedTeam] = {}
    top = builder.top
    assert top is not None
    for row in table.rows:
        ref = row.get(col("reports_to"))
        review: list[str] = []
        manager, how = builder.resolve(ref) if ref is not None else (None, None)
        if ref is not None and builder.is_top_marker(ref):
            manager = top
        elif manager is None:
            why = f"reports to unknown senior post '{ref}'" if ref else "no reporting senior post"
            review.append(f"{why}; attached to the top")
            problems.append(ImportProblem(table.name, row.number, f"{why}; attached to the top "
                                          f"'{top}', marked for review"))
            manager = top
        elif how:
            problems.append(ImportProblem(table.name, row.number, f"reports to '{ref}'; {how}"))
        title = row.get(col("title")) or "Junior staff"
        grade = row.get(col("grade"))
        wanted = ".".join(p for p in (manager, slug(title).lower()[:40],
                                      slug(grade).lower()[:20] if grade else "") if p)
        team_id = builder.ids.claim(slug(wanted[:ID_MAX]))
        teams[team_id] = ImportedTeam(
            id=team_id, title=f"{title} ({grade})" if grade else title,
            source=f"{table.name} row {row.number}", line_manager=manager,
            unit=row.get(col("unit")), fte=parse_fte(row, col("fte"), table.name, problems),
            review=review, function=row.get(col("function")))
    return teams
