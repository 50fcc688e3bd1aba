"""Export a scenario's line management as CSV, the columns `orgsim import csv` reads by default.

Posts come first in the scenario's order, then teams; a `kind` column tells them apart so that
importing the file back gives the same line management.
"""

from __future__ import annotations

import csv
import io

from ..model.scenario import Scenario
from .csvcells import safe_cell

COLUMNS = ("id", "kind", "title", "reports_to", "unit", "grade", "fte")


def _cell(value: object) -> str:
    """Text as a spreadsheet may safely open it: a title beginning `=` gets an apostrophe, which
    `orgsim import csv` removes again (io.csvcells)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else repr(value)
    return str(safe_cell(str(value)))


def line_management_csv(scenario: Scenario) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for post_id, post in scenario.posts.items():
        writer.writerow([_cell(v) for v in (post_id, "post", post.title, post.line_manager,
                                            post.unit, post.grade, post.fte)])
    for team_id, team in scenario.teams.items():
        writer.writerow([_cell(v) for v in (team_id, "team", team.title, team.line_manager,
                                            team.unit, None, team.fte)])
    return out.getvalue()
