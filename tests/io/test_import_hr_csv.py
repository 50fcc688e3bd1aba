"""The HR export importer: user-named columns, blank manager at the top, repairs by row."""

from pathlib import Path

import pytest

from orgsim.io.imported import imported_scenario
from orgsim.io.importers import ImportFailed, import_hr_csv

IMPORT = Path(__file__).resolve().parent / "fixtures" / "import"
COLUMNS = ("Emp Post ID", "Post Title", "Manager Post ID")


def test_semicolon_export_with_named_columns():
    result = import_hr_csv(IMPORT / "hr-export.csv", *COLUMNS, unit_column="Directorate",
                           grade_column="Band", name="Borsetshire")
    assert [str(p) for p in result.problems] == [
        "hr-export.csv row 6: reports to unknown post 'P999'; attached to the top 'P100', marked "
        "for review"]
    imported = imported_scenario(result, "england", "leader_cabinet", "test")
    s = imported.loaded.scenario
    assert s.name == "Borsetshire"
    assert {k: p.line_manager for k, p in s.posts.items()} == {
        "P100": None, "P200": "P100", "P210": "P200", "P300": "P100", "P310": "P100"}
    assert (s.posts["P210"].unit, s.posts["P210"].grade) == ("Children", "Band 12")
    assert {k: [x.role for x in v] for k, v in imported.suggestions.items()} == {
        "P100": ["head_of_paid_service"], "P200": ["dcs"], "P300": ["dass"]}


def test_header_names_match_loosely():
    result = import_hr_csv(IMPORT / "hr-export.csv", "emp post id", "POST TITLE", "manager_post_id")
    assert len(result.posts) == 5


def test_unknown_column_fails_naming_file_row_and_the_header():
    with pytest.raises(ImportFailed) as caught:
        import_hr_csv(IMPORT / "hr-export.csv", "Post ID", "Post Title", "Manager Post ID")
    message = str(caught.value)
    assert message.startswith("hr-export.csv row 1: no header row with the columns")
    assert "(missing 'Post ID')" in message
    assert "'Emp Post ID', 'Post Title', 'Manager Post ID', 'Directorate', 'Band'" in message


def test_kind_column_makes_teams_and_a_blank_team_manager_stays_blank(tmp_path):
    path = tmp_path / "with-teams.csv"
    path.write_text("id,kind,title,reports_to\nceo,post,Chief Executive,\n"
                    "provider,team,Home care provider,\nfront_door,team,Front door,ceo\n"
                    "lost,team,Lost team,nobody\n", encoding="utf-8")
    result = import_hr_csv(path, "id", "title", "reports_to", kind_column="kind")
    s = imported_scenario(result, "england", "leader_cabinet", "test").loaded.scenario
    assert set(s.posts) == {"ceo"}
    assert {k: t.line_manager for k, t in s.teams.items()} == {
        "provider": None, "front_door": "ceo", "lost": "ceo"}
    assert [str(p) for p in result.problems] == [
        "with-teams.csv row 5: reports to unknown post 'nobody'; attached to the top 'ceo', "
        "marked for review"]
