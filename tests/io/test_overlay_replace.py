"""`replace: {old: new}`: one entry merged into another, every reference re-pointed, in a few
lines; the structural diff says "merged"; compare and repair default to the option's baseline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from support import SCENARIOS
from orgsim.analysis.diff import structural_diff
from orgsim.cli.main import cli
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario, load_scenario_text

COUNTY = SCENARIOS / "county"
COOKBOOK = SCENARIOS / "cookbook"


def option(body: str) -> str:
    return "orgsim: 1\nextends: conventional.yaml\n" + body


def test_the_merged_post_keeps_both_roles_and_takes_every_reference():
    merged = load_scenario_text(option("replace: {dass: dcs}\n"), "dop.yaml", COOKBOOK).scenario
    assert "dass" not in merged.posts
    assert merged.posts["dcs"].roles == ("dcs", "dass")
    assert merged.posts["head_asc"].line_manager == "dcs"
    assert merged.bodies["cmt"].members == ("dcs",)
    assert merged.bodies["sab"].chair == "dcs"
    assert merged.channels["head_asc_monthly"].target == "dcs"
    assert merged.rights["dass_access"].holder == "dcs"
    assert merged.protocols["transition"].director == "dcs"
    # the two joint-review channels now join the post to itself, so they go
    assert "dcs_dass" not in merged.channels and "dass_dcs" not in merged.channels
    assert merged.replace == {"dass": "dcs"}


def test_the_county_director_of_people_is_under_15_lines_and_its_diff_says_merged():
    path = COUNTY / "county-director-of-people.yaml"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 15
    base = load_scenario(COUNTY / "county-baseline.yaml").scenario
    changes = structural_diff(base, load_scenario(path).scenario).changes
    (merged,) = [c for c in changes if c.what == "merged"]
    assert merged.text.startswith("post merged: Director of Adult Social Services (the DASS) "
                                  "into Executive Director of People (the DCS)")
    assert "4 line reports" in merged.text and "statutory role (DASS)" in merged.text
    # re-pointed references are not listed again as moves; the merge line says it
    assert not [c for c in changes if c.what == "moved"]
    assert sum(c.what == "removed" and "by the merge" in c.text for c in changes) == 2


def test_a_reference_to_the_merged_id_in_the_option_says_where_it_was_merged():
    text = option("replace: {dass: dcs}\nteams:\n  new_team: {title: New, line_manager: dass}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "dop.yaml", COOKBOOK)
    (problem,) = info.value.problems
    assert problem.location.line == 5
    assert "'dass' was removed by `replace` at dop.yaml:3:" in problem.message
    assert "merged into 'dcs'" in problem.message


@pytest.mark.parametrize("replace,expected", [
    ("{dsas: dcs}", "cannot replace 'dsas'"),
    ("{dass: dsc}", "cannot merge 'dass' into 'dsc'"),
    ("{dass: cs_teams}", "merge a post into a post"),
    ("{dass: dass}", "cannot be merged into itself"),
])
def test_bad_replacements_say_what_to_write(replace, expected):
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(option(f"replace: {replace}\n"), "dop.yaml", COOKBOOK)
    (problem,) = info.value.problems
    assert expected in problem.message and problem.location.line == 3


def test_replace_without_extends_is_an_error():
    text = ("orgsim: 1\nname: x\njurisdiction: england\ngovernance: leader_cabinet\n"
            "replace: {a: b}\n")
    with pytest.raises(ScenarioError, match="needs `extends"):
        load_scenario_text(text, "x.yaml")


def test_the_diff_says_realism_values_in_words():
    text = option("channels:\n  head_cs_monthly: {capacity: 5, reliability: 0.9}\n")
    base = load_scenario(COOKBOOK / "conventional.yaml").scenario
    opt = load_scenario_text(text, "o.yaml", COOKBOOK).scenario
    (change,) = structural_diff(base, opt).changes
    assert "reliability 100% -> 90%" in change.text
    assert "capacity no limit -> 5 items a time" in change.text
    assert "None" not in change.text


def test_compare_takes_the_baseline_from_extends(monkeypatch):
    monkeypatch.chdir(SCENARIOS.parent)
    result = CliRunner().invoke(cli, ["compare", "scenarios/cookbook/director-of-people.yaml",
                                      "-n", "2", "--seed", "1", "--json"])
    assert result.exit_code in (0, 1), result.output
    assert '"base_name": "scenarios/cookbook/conventional.yaml"' in result.output \
        or "scenarios/cookbook/conventional.yaml" in result.output
    alone = CliRunner().invoke(cli, ["compare", "scenarios/cookbook/conventional.yaml"])
    assert alone.exit_code == 2 and "has no `extends`" in alone.output


def test_repair_without_against_needs_an_option_that_extends(monkeypatch):
    monkeypatch.chdir(SCENARIOS.parent)
    alone = CliRunner().invoke(cli, ["repair", "scenarios/cookbook/conventional.yaml"])
    assert alone.exit_code == 2 and "has no `extends`" in alone.output
    assert "orgsim repair OPTION --against BASE" in alone.output


def test_two_merges_in_one_option_repoint_every_reference_each_makes():
    text = option("replace: {dass: dcs, head_asc: head_cs}\n")
    merged = load_scenario_text(text, "dop.yaml", COOKBOOK).scenario
    assert "dass" not in merged.posts and "head_asc" not in merged.posts
    assert merged.teams["asc_teams"].line_manager == "head_cs"
    assert merged.posts["head_cs"].line_manager == "dcs"
    assert merged.bodies["scrutiny"].observers == ("dcs",)


def test_a_merge_leaves_the_entries_that_name_neither_id_as_written(tmp_path):
    """A problem in an entry the merge does not touch is reported with or without it: a head
    of service made accountable to their own line manager stays an error."""
    base = (COOKBOOK / "conventional.yaml").read_text(encoding="utf-8").replace(
        "head_cs: {title: Head of Children's Social Care, line_manager: dcs}",
        "head_cs: {title: Head of Children's Social Care, line_manager: dcs, "
        "accountable_to: [dcs]}")
    (tmp_path / "conventional.yaml").write_text(base, encoding="utf-8")
    for body in ("", "replace: {lm_adults: lmcs}\n"):
        with pytest.raises(ScenarioError) as info:
            load_scenario_text(option(body), "dop.yaml", tmp_path)
        (problem,) = info.value.problems
        assert "accountable_to is for accountability outside the line" in problem.message
