"""The organogram importer on small hand-written files, one messy case each; every repair is
reported with the row a spreadsheet shows (the header is row 1)."""

from pathlib import Path

import pytest
import yaml

from orgsim.io.imported import imported_scenario
from orgsim.io.importers import ImportFailed, import_organogram
from orgsim.io.importers.lines import slug

IMPORT = Path(__file__).resolve().parent / "fixtures" / "import"


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def scenario_of(result, jurisdiction="england"):
    return imported_scenario(result, jurisdiction, "leader_cabinet", "test").loaded.scenario


def test_standard_pair_gives_posts_teams_and_line_management():
    result = import_organogram(IMPORT / "standard-senior.csv", IMPORT / "standard-junior.csv")
    s = scenario_of(result)
    assert s.name == "Borsetshire County Council"
    assert {k: p.line_manager for k, p in s.posts.items()} == {
        "CEX": None, "DCS-1": "CEX", "DASS-1": "CEX", "AD-CSC-7": "DCS-1"}
    dcs = s.posts["DCS-1"]
    assert (dcs.title, dcs.grade, dcs.unit, dcs.fte) == (
        "Director of Children's Services", "SCS2", "Children's Services", 1.0)
    assert s.posts["AD-CSC-7"].fte is None  # N/D
    social_workers = s.teams["AD-CSC-7.social-worker.eo"]
    assert (social_workers.title, social_workers.line_manager, social_workers.fte) == (
        "Social Worker (EO)", "AD-CSC-7", 12.5)
    assert s.teams["DASS-1.care-manager.heo"].fte is None


def test_vacant_post_is_marked_vacant_from_the_start_with_a_comment():
    result = import_organogram(IMPORT / "standard-senior.csv")
    text = imported_scenario(result, "england", "leader_cabinet", "test").text
    s = scenario_of(result)
    assert [(v.start, v.end) for v in s.posts["DASS-1"].vacant] == [(0.0, None)]
    assert not s.posts["DCS-1"].vacant  # N/D is an undisclosed name, not a vacancy
    assert "vacant: [{from: 0}]  # vacant in the source" in text


def test_names_and_contacts_are_dropped_unless_kept():
    dropped = imported_scenario(import_organogram(IMPORT / "standard-senior.csv"), "england",
                                "leader_cabinet", "test").text
    for personal in ("Jane Smith", "jane.smith@example.org", "01234 567890", "Bob Jones"):
        assert personal not in dropped
    kept = scenario_of(import_organogram(IMPORT / "standard-senior.csv", keep_names=True))
    assert kept.posts["CEX"].notes == "name: Jane Smith; phone: 01234 567890; email: jane.smith@example.org"
    assert kept.posts["DCS-1"].notes is None  # N/D everywhere


def test_reference_that_is_not_an_id_is_slugified_and_reported():
    result = import_organogram(IMPORT / "standard-senior.csv")
    assert ("standard-senior.csv row 5: post reference 'AD/CSC 7' is not a valid id; imported "
            "as 'AD-CSC-7'") in messages(result)


def test_junior_rows_reporting_to_unknown_posts_go_to_the_top_and_loose_matches_are_said():
    result = import_organogram(IMPORT / "standard-senior.csv", IMPORT / "standard-junior.csv")
    assert messages(result)[1:] == [
        "standard-junior.csv row 4: reports to unknown senior post 'CMO-9'; attached to the top "
        "'CEX', marked for review",
        "standard-junior.csv row 5: reports to 'cex'; taken as post 'CEX' (letter case or spaces "
        "differ)",
    ]
    s = scenario_of(result)
    assert s.teams["CEX.family-support-worker.eo"].line_manager == "CEX"
    assert "REVIEW: reports to unknown senior post 'CMO-9'" in s.teams[
        "CEX.family-support-worker.eo"].notes


def test_unquoted_header_variants_and_leading_index_column():
    result = import_organogram(IMPORT / "index-column-senior.csv")
    assert result.problems == []
    s = scenario_of(result)
    assert {k: (p.title, p.grade, p.line_manager) for k, p in s.posts.items()} == {
        "1": ("Chief Executive", "SCS2", None),
        "2": ("Director of Finance", "SCS1", "1"),
        "3": ("Head of Legal (Monitoring Officer)", "SCS1", "1"),
    }
    assert s.posts["3"].fte is None  # N/A


def test_dangling_reference_is_attached_to_the_top_for_review():
    result = import_organogram(IMPORT / "dangling-senior.csv")
    assert messages(result) == [
        "dangling-senior.csv row 4: reports to unknown post 'CMO-9'; attached to the top 'CEX', "
        "marked for review",
        "dangling-senior.csv row 5: has no reports-to post, but 'CEX' (Chief Executive) heads "
        "the organisation; attached to the top 'CEX', marked for review",
        "dangling-senior.csv row 6: reports to 'dir-1'; taken as post 'DIR-1' (letter case or "
        "spaces differ)",
    ]
    s = scenario_of(result)
    assert s.posts["CMO-1"].line_manager == "CEX"
    assert s.posts["CMO-1"].notes.startswith("REVIEW: reports to unknown post 'CMO-9'; attached "
                                             "to the top (dangling-senior.csv row 4)")
    assert s.posts["DIR-3"].line_manager == "DIR-1"


def test_duplicate_references_get_suffixes_and_exact_repeats_are_skipped():
    result = import_organogram(IMPORT / "duplicates-senior.csv")
    assert messages(result) == [
        "duplicates-senior.csv row 4: post reference '2' is also on row 3; imported as '2-2', and "
        "posts reporting to '2' go to row 3's post; marked for review",
        "duplicates-senior.csv row 6: repeats row 5 exactly; skipped",
        "duplicates-senior.csv row 7: no post reference; given the id 'row-7', so no other row "
        "can report to it",
    ]
    s = scenario_of(result)
    assert set(s.posts) == {"1", "2", "2-2", "3", "row-7"}
    assert s.posts["3"].line_manager == "2"
    assert s.posts["2-2"].fte == 0.5


def test_circle_is_cut_at_its_first_row_and_attached_to_the_top():
    result = import_organogram(IMPORT / "cycle-senior.csv")
    assert messages(result) == [
        "cycle-senior.csv row 3: reports in a circle (A -> C -> B -> A, each reporting to the "
        "next); attached to the top 'CEX', marked for review"]
    s = scenario_of(result)
    assert {k: p.line_manager for k, p in s.posts.items()} == {
        "CEX": None, "A": "CEX", "B": "A", "C": "B", "D": "C"}


def test_post_reporting_to_itself_is_the_top_when_it_is_the_only_one(tmp_path):
    path = tmp_path / "self-senior.csv"
    path.write_text('"Post Unique Reference","Job Title","Reports to Senior Post"\n'
                    '"HOA","Head of Adaptation","CEO"\n"CEO","Chief Executive","CEO"\n',
                    encoding="utf-8")
    result = import_organogram(path)
    assert [str(p) for p in result.problems] == [
        "self-senior.csv row 3: reports to itself; taken as the top post"]
    assert scenario_of(result).posts["HOA"].line_manager == "CEO"


def test_circle_with_no_top_makes_its_first_row_the_top():
    result = import_organogram(IMPORT / "no-top-senior.csv")
    assert messages(result) == [
        "no-top-senior.csv row 2: no post is marked as the top, so 'A', where a reporting circle "
        "was cut, is made the top; marked for review"]
    assert scenario_of(result).posts["B"].line_manager == "A"


def test_several_tops_keep_the_chief_executive_on_top():
    result = import_organogram(IMPORT / "several-tops-senior.csv")
    assert messages(result) == [
        f"several-tops-senior.csv row {row}: is also a top post, but '1' (Chief Executive) heads "
        "the organisation; attached to the top '1', marked for review" for row in (2, 4)]
    s = scenario_of(result)
    assert {k: p.line_manager for k, p in s.posts.items()} == {
        "1": None, "2": "1", "4": "1", "5": "4"}


def test_several_tops_without_a_head_get_a_synthetic_top():
    result = import_organogram(IMPORT / "several-tops-no-head-senior.csv")
    assert messages(result) == [
        "several-tops-no-head-senior.csv: 2 posts have no manager (rows 2, 3); added a top post "
        "'imported-top' above them, marked for review"]
    s = scenario_of(result)
    assert s.posts["imported-top"].title == "Twin Peaks Centre (top post added on import)"
    assert s.posts["P1"].notes == ("REVIEW: a top post in the source; placed under the added top "
                                   "post (several-tops-no-head-senior.csv row 2)")
    assert s.posts["P1"].line_manager == s.posts["P2"].line_manager == "imported-top"


def test_posts_are_listed_each_after_its_manager_and_output_is_stable():
    first = imported_scenario(import_organogram(IMPORT / "cycle-senior.csv"), "england",
                              "leader_cabinet", "test").text
    again = imported_scenario(import_organogram(IMPORT / "cycle-senior.csv"), "england",
                              "leader_cabinet", "test").text
    assert first == again
    assert list(yaml.safe_load(first)["posts"]) == ["CEX", "A", "B", "C", "D"]


def test_confirm_comments_for_jurisdiction_and_governance():
    text = imported_scenario(import_organogram(IMPORT / "standard-senior.csv"), "wales",
                             "committee", "test").text
    assert "jurisdiction: wales  # CONFIRM: not in the source; set by --jurisdiction" in text
    assert "governance: committee  # CONFIRM: not in the source; set by --governance" in text


def test_suggested_roles_are_comments_not_roles():
    imported = imported_scenario(import_organogram(IMPORT / "standard-senior.csv"), "england",
                                 "leader_cabinet", "test")
    assert all(not p.roles for p in imported.loaded.scenario.posts.values())
    assert {k: [s.role for s in v] for k, v in imported.suggestions.items()} == {
        "CEX": ["head_of_paid_service"], "DCS-1": ["dcs"], "DASS-1": ["dass"]}
    assert ("    # roles: [dcs]  # SUGGESTED by the title (england-dcs-lm-2009 3.1, 3.9); confirm "
            "by uncommenting") in imported.text


def test_uncommenting_the_suggestions_gives_a_valid_scenario_with_the_roles():
    imported = imported_scenario(import_organogram(IMPORT / "standard-senior.csv"), "england",
                                 "leader_cabinet", "test")
    from orgsim.io.loader import load_scenario_text
    confirmed = imported.text.replace("    # roles:", "    roles:")
    s = load_scenario_text(confirmed, "confirmed.yaml").scenario
    assert s.posts["DCS-1"].roles == ("dcs",)


def test_windows_1252_file_is_read_and_said(tmp_path):
    source = (IMPORT / "index-column-senior.csv").read_text(encoding="utf-8")
    path = tmp_path / "cp1252-senior.csv"
    path.write_bytes(source.replace("Director of Finance", "Directeur Général £").encode("cp1252"))
    result = import_organogram(path)
    assert messages(result) == ["cp1252-senior.csv: not UTF-8 text; read as cp1252, check "
                                "accented letters and the pound sign"]
    assert scenario_of(result).posts["2"].title == "Directeur Général £"


def test_missing_columns_fail_naming_file_row_and_columns():
    with pytest.raises(ImportFailed) as caught:
        import_organogram(IMPORT / "missing-columns-senior.csv")
    assert str(caught.value) == (
        "missing-columns-senior.csv row 1: no header row with the columns a senior organogram "
        "file ('Post Unique Reference', 'Job Title', 'Reports to Senior Post') needs (missing "
        "'Post Unique Reference', 'Reports to Senior Post'); the first row has: 'Reference', "
        "'Name', 'Grade', 'Job Title'")


def test_junior_file_given_as_senior_fails_clearly():
    with pytest.raises(ImportFailed, match=r"^standard-junior.csv row 1: no header row"):
        import_organogram(IMPORT / "standard-junior.csv")


@pytest.mark.parametrize("content, message", [
    (b"", "empty.csv row 1: the file is empty"),
    (b'"Post Unique Reference","Job Title","Reports to Senior Post"\n',
     "empty.csv row 2: no posts below the header"),
    (b'"Post Unique Reference","Job Title"\x00\n', "empty.csv row 1: contains NUL bytes"),
])
def test_unrecoverable_files_fail_naming_file_and_row(tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        import_organogram(path)
    assert str(caught.value).startswith(message)


def test_title_line_above_the_header_is_passed_over(tmp_path):
    path = tmp_path / "titled-senior.csv"
    path.write_text("Organogram of the Titled Office, September 2011\n\n"
                    + (IMPORT / "cycle-senior.csv").read_text(), encoding="utf-8")
    result = import_organogram(path)
    assert str(result.problems[0]).startswith("titled-senior.csv row 5: reports in a circle")


@pytest.mark.parametrize("ref, expected", [
    ("DFE-3014", "DFE-3014"), ("AD/CSC 7", "AD-CSC-7"), ("..x", "x"), ("a  b!!c", "a-b-c"),
    ("x" * 100, "x" * 80),
])
def test_slug(ref, expected):
    assert slug(ref) == expected


def test_written_yaml_matches_the_reviewed_golden_file():
    from support import GOLDEN, UPDATE_GOLDEN
    result = import_organogram(IMPORT / "standard-senior.csv", IMPORT / "standard-junior.csv")
    text = imported_scenario(result, "england", "leader_cabinet",
                             "orgsim import organogram").text
    golden = GOLDEN / "import-standard.yaml"
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_overlong_references_are_cut_to_distinct_ids(tmp_path):
    long_ref = "R" * 100
    path = tmp_path / "long-senior.csv"
    path.write_text('"Post Unique Reference","Job Title","Reports to Senior Post"\n'
                    f'"{long_ref}","Chief Executive","XX"\n"{long_ref}x","Director","{long_ref}"\n',
                    encoding="utf-8")
    result = import_organogram(path)
    assert [str(p) for p in result.problems] == [
        f"long-senior.csv row 2: post reference '{long_ref}' is longer than the 80 characters an "
        f"id may have; imported as '{'R' * 80}'",
        f"long-senior.csv row 3: post reference '{long_ref}x' is longer than the 80 characters an "
        f"id may have; imported as '{'R' * 78}-2' (that id was taken)",
    ]
    assert scenario_of(result).posts["R" * 78 + "-2"].line_manager == "R" * 80


def test_junior_file_without_its_columns_fails_naming_it(tmp_path):
    junior = tmp_path / "bad-junior.csv"
    junior.write_text("Grade,Count\nEO,3\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"^bad-junior.csv row 1: no header row .*missing "
                                           r"'Reporting Senior Post'"):
        import_organogram(IMPORT / "standard-senior.csv", junior)
