"""`orgsim import` and `orgsim export` as a user runs them: files written, never overwritten
without --force, problems by row on stderr, failures without a traceback."""

import subprocess
import sys
from pathlib import Path

from support import ROOT

IMPORT = ROOT / "tests" / "io" / "fixtures" / "import"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True,
                          text=True, cwd=cwd)


def test_import_organogram_writes_a_scenario_that_validates_and_shows(tmp_path):
    result = run("import", "organogram", str(IMPORT / "standard-senior.csv"),
                 str(IMPORT / "standard-junior.csv"), "-o", "borset.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "wrote borset.yaml: 4 posts, 4 teams, 1 vacant; 3 problems repaired (listed above; "
        "search the file for REVIEW)")
    assert ("suggested role dcs for 'director_of_childrens_services' (Director of Children's Services): "
            "england-dcs-lm-2009 3.1, 3.9; confirm it in the file") in result.stdout
    assert ("standard-junior.csv row 4: reports to unknown senior post 'CMO-9'; attached to the "
            "top 'CEX', marked for review") in result.stderr.splitlines()
    validated = run("validate", "borset.yaml", cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr
    assert "valid (Borsetshire County Council; 4 posts, 4 teams" in validated.stdout
    shown = run("show", "borset.yaml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Borsetshire County Council" in shown.stdout


def test_import_never_overwrites_without_force(tmp_path):
    existing = tmp_path / "mine.yaml"
    existing.write_text("my own work\n", encoding="utf-8")
    refused = run("import", "organogram", str(IMPORT / "cycle-senior.csv"), "-o", "mine.yaml",
                  cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == ("orgsim: mine.yaml already exists; choose another output file, or "
                              "add --force to replace it\n")
    assert existing.read_text(encoding="utf-8") == "my own work\n"
    forced = run("import", "organogram", str(IMPORT / "cycle-senior.csv"), "-o", "mine.yaml",
                 "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert existing.read_text(encoding="utf-8").startswith("# Imported by `orgsim import organogram`")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # no temporary file left


def test_unrecoverable_file_fails_naming_file_and_row_without_traceback(tmp_path):
    result = run("import", "organogram", str(IMPORT / "missing-columns-senior.csv"), "-o",
                 "out.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("orgsim: missing-columns-senior.csv row 1: no header row")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_import_csv_with_options_and_wales(tmp_path):
    result = run("import", "csv", str(IMPORT / "hr-export.csv"), "--id", "Emp Post ID",
                 "--title", "Post Title", "--reports-to", "Manager Post ID", "--unit",
                 "Directorate", "--jurisdiction", "wales", "--governance", "committee",
                 "-o", "hr.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "hr.yaml").read_text(encoding="utf-8")
    assert "jurisdiction: wales  # CONFIRM" in text
    assert "governance: committee  # CONFIRM" in text
    assert "# roles: [dcs]" not in text  # no DCS in Wales


def test_export_then_import_round_trip_on_the_command_line(tmp_path):
    exported = run("export", "csv", str(IMPORT / "roundtrip.yaml"), "-o", "lm.csv", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == ("wrote lm.csv: 5 posts, 2 teams (columns id, kind, title, "
                               "reports_to, unit, grade, fte)\n")
    again = run("export", "csv", str(IMPORT / "roundtrip.yaml"), "-o", "lm.csv", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    imported = run("import", "csv", "lm.csv", "--kind", "kind", "-o", "back.yaml", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "0 problems repaired" in imported.stdout


def test_missing_input_is_a_usage_error(tmp_path):
    result = run("import", "organogram", "nope.csv", "-o", "x.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.csv" in result.stderr
