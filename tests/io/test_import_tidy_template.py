"""`orgsim import organogram` on real published pairs: junior grades collapsed into one team per
senior post and professional group, duplicate titles told apart, source references in comments
rather than ids, and with `--template conventional` a file that `check` and `simulate` run on,
with every proposal and placeholder marked and listed."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT
from orgsim.io.importers import import_organogram
from orgsim.io.importers.tidy import tidy
from orgsim.io.loader import load_scenario

REAL = Path(__file__).resolve().parent / "fixtures" / "import" / "real"
PAIRS = sorted((s, s.with_name(s.name.replace("-senior", "-junior")))
               for s in REAL.glob("*-senior.csv"))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True,
                          text=True, cwd=cwd)


def source_refs(senior: Path) -> set[str]:
    with senior.open(encoding="utf-8-sig", newline="") as f:
        return {row["Post Unique Reference"] for row in csv.DictReader(f)}


def test_there_are_at_least_two_real_pairs():
    assert len(PAIRS) >= 2


@pytest.mark.parametrize("senior,junior", PAIRS, ids=lambda p: p.name.split("-")[0][:30])
def test_junior_rows_collapse_titles_are_told_apart_and_ids_are_not_references(senior, junior):
    raw = import_organogram(senior, junior)
    tidied = tidy(raw)
    assert len(tidied.posts) == len(raw.posts)
    # one team per senior post and professional group: never more, and fewer than the rows
    groups = {(t.line_manager, t.function) for t in raw.teams.values()}
    assert len(tidied.teams) == len(groups) < len(raw.teams)
    assert sum(t.fte or 0 for t in tidied.teams.values()) == pytest.approx(
        sum(t.fte or 0 for t in raw.teams.values()), abs=0.05)
    titles = [p.title for p in tidied.posts.values()]
    assert len(set(titles)) == len(titles)
    team_titles = [t.title for t in tidied.teams.values()]
    assert len(set(team_titles)) == len(team_titles)
    refs = source_refs(senior)
    # (a reference of digits alone, as some publishers use, could only be an id on its own)
    assert not [i for i in (*tidied.posts, *tidied.teams)
                if any(i == r or (re.search("[A-Za-z]", r) and r in i) for r in refs)]
    assert {p.ref for p in tidied.posts.values()} <= {slug for slug in raw.posts}


def test_duplicate_titles_are_qualified_by_unit():
    senior, junior = next(p for p in PAIRS if "children_and_family" in p[0].name)
    titles = sorted(p.title for p in tidy(import_organogram(senior, junior)).posts.values()
                    if p.title.startswith("Operational Director"))
    assert titles == ["Operational Director (Central Operations)",
                      "Operational Director (North Operations)",
                      "Operational Director (South Operations)"]


@pytest.mark.parametrize("senior,junior", PAIRS, ids=lambda p: p.name.split("-")[0][:30])
def test_template_conventional_gives_a_file_that_checks_and_simulates(senior, junior, tmp_path):
    done = run("import", "organogram", str(senior), str(junior), "-o", "org.yaml",
               "--template", "conventional", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "placeholders to replace (marked PLACEHOLDER in the file):" in done.stdout
    assert "item rates at" in done.stdout and "an assumption, set your own" in done.stdout
    text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    # every proposed or placeholder part is marked in the file, and roles are never set
    assert text.count("# PLACEHOLDER rates") == len(load_scenario(tmp_path / "org.yaml")
                                                   .scenario.teams)
    assert "PROPOSED by --template conventional" in text
    assert not re.search(r"^\s+roles:", text, re.M)
    for ref in list(source_refs(senior))[:5]:
        assert f"# reference {ref} " in text  # kept in a comment beside its post

    check = run("check", "org.yaml", "--json", cwd=tmp_path)
    assert check.returncode in (0, 1), check.stderr
    simulated = run("simulate", "org.yaml", "-n", "4", "--seed", "1", "--json", cwd=tmp_path)
    assert simulated.returncode in (0, 1), simulated.stderr
    result = json.loads(simulated.stdout)
    assert result["items_per_replication"] > 0
    assert result["standards"], "the placeholder standards are tested"
    head = [m for m in result["metrics"] if m["item"] == "serious_incident" and m["items"] > 0]
    assert head and all(m["share_known_by_horizon"] > 0 for m in head[:1])


def test_by_grade_keeps_one_team_per_junior_row(tmp_path):
    senior, junior = PAIRS[0]
    rows = len(import_organogram(senior, junior).teams)
    done = run("import", "organogram", str(senior), str(junior), "-o", "raw.yaml", "--by-grade",
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(load_scenario(tmp_path / "raw.yaml").scenario.teams) == rows


from orgsim.io.imported import imported_scenario  # noqa: E402


def _shared_organograms() -> list[Path]:
    """As tests/io/test_import_real_organograms.py looks for them."""
    import os
    if os.environ.get("ORGSIM_ORGANOGRAMS"):
        folder = Path(os.environ["ORGSIM_ORGANOGRAMS"])
    else:
        folder = next((p / "shared" / "data" / "organograms" for p in ROOT.parents
                       if (p / "shared" / "data" / "organograms").is_dir()), ROOT / "missing")
    return sorted(folder.glob("*-senior.csv")) if folder.is_dir() else []


SENIORS = _shared_organograms()


def junior_of(senior: Path) -> Path | None:
    junior = senior.with_name(senior.name.replace("-senior.csv", "-junior.csv"))
    return junior if junior.is_file() else None


@pytest.mark.skipif(not SENIORS, reason="the real organograms were not found (see "
                    "test_import_real_organograms.py for where they are looked for)")
def test_every_real_pair_tidies_and_takes_the_template():
    raw_teams = tidied_teams = 0
    for senior in SENIORS:
        raw = import_organogram(senior, junior_of(senior))
        tidied = tidy(raw)
        raw_teams, tidied_teams = raw_teams + len(raw.teams), tidied_teams + len(tidied.teams)
        # the writer loads what it writes with the real loader, so this fails on anything invalid
        imported = imported_scenario(tidied, "england", "leader_cabinet", "test",
                                     template="conventional")
        assert len(imported.loaded.scenario.posts) == len(raw.posts)
    assert tidied_teams < raw_teams / 3


def test_an_hr_export_with_no_teams_gets_proposed_teams_and_simulates_items(tmp_path):
    hr = ROOT / "tests" / "io" / "fixtures" / "import" / "hr-export.csv"
    done = run("import", "csv", str(hr), "-o", "hr.yaml", "--template", "conventional",
               "--id", "Emp Post ID", "--title", "Post Title", "--reports-to", "Manager Post ID",
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "one under each post that manages no one" in done.stdout
    assert "chaired by the Chief Executive" in done.stdout
    scenario = load_scenario(tmp_path / "hr.yaml").scenario
    managers = {p.line_manager for p in scenario.posts.values()}
    assert {t.line_manager for t in scenario.teams.values()} == set(scenario.posts) - managers
    simulated = run("simulate", "hr.yaml", "-n", "2", "--seed", "1", "--json", cwd=tmp_path)
    assert json.loads(simulated.stdout)["items_per_replication"] > 0
