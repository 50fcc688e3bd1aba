"""Export a scenario's line management as CSV and import it back: the same line management."""

from pathlib import Path

import pytest
from support import reference_scenarios

from orgsim.io.exporters import line_management_csv
from orgsim.io.imported import imported_scenario
from orgsim.io.importers import import_hr_csv, import_organogram
from orgsim.io.loader import load_scenario

IMPORT = Path(__file__).resolve().parent / "fixtures" / "import"


def line_management(scenario) -> dict:
    return {**{k: ("post", p.line_manager) for k, p in scenario.posts.items()},
            **{k: ("team", t.line_manager) for k, t in scenario.teams.items()}}


def round_trip(scenario, tmp_path: Path):
    path = tmp_path / "exported.csv"
    path.write_text(line_management_csv(scenario), encoding="utf-8")
    result = import_hr_csv(path, "id", "title", "reports_to", unit_column="unit",
                           grade_column="grade", fte_column="fte", kind_column="kind")
    return result, imported_scenario(result, scenario.jurisdiction, scenario.governance,
                                     "test").loaded.scenario


def test_export_writes_one_row_per_post_and_team():
    scenario = load_scenario(IMPORT / "roundtrip.yaml").scenario
    lines = line_management_csv(scenario).splitlines()
    assert lines[0] == "id,kind,title,reports_to,unit,grade,fte"
    assert lines[3] == 'dass,post,"Director of Adults, Health and ""Wellbeing""",ceo,,,0.8'
    assert lines[-1] == "home_care,team,Home care provider,,,,"
    assert len(lines) == 1 + 5 + 2  # members are not line-managed, so not exported


def test_round_trip_keeps_line_management_titles_and_details(tmp_path):
    original = load_scenario(IMPORT / "roundtrip.yaml").scenario
    result, back = round_trip(original, tmp_path)
    assert result.problems == []
    assert line_management(back) == line_management(original)
    for post_id, post in original.posts.items():
        again = back.posts[post_id]
        assert (again.title, again.unit, again.grade, again.fte) == (
            post.title, post.unit, post.grade, post.fte)
    assert back.teams["front_door"].fte == 12.5


def test_round_trip_of_an_imported_organogram(tmp_path):
    imported = imported_scenario(
        import_organogram(IMPORT / "standard-senior.csv", IMPORT / "standard-junior.csv"),
        "england", "leader_cabinet", "test").loaded.scenario
    result, back = round_trip(imported, tmp_path)
    assert result.problems == []
    assert line_management(back) == line_management(imported)


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_round_trip_of_each_reference_scenario(path, tmp_path):
    original = load_scenario(path).scenario
    tops = [k for k, p in original.posts.items() if p.line_manager is None]
    if len(tops) != 1:
        pytest.skip(f"{len(tops)} posts without a line manager; an import gives one top")
    _, back = round_trip(original, tmp_path)
    assert line_management(back) == line_management(original)
