"""No CSV orgsim writes holds a cell a spreadsheet would run as a formula, and `orgsim import
csv` reads its own export back to the very same titles; a CSV cut short inside a quoted cell is
refused, not imported as a shortened title."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from orgsim.cli.main import main
from orgsim.io.csvcells import formula_unescaped, safe_cell
from orgsim.io.loader import load_scenario
from orgsim import pipeline
from render.paper_fixtures import FAST

FORMULAS = ['=HYPERLINK("http://x","c")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "=1+1"]
COUNCIL = """\
orgsim: 1
name: Formula council
jurisdiction: england
governance: leader_cabinet
posts:
  ceo: {{title: 'Chief Executive', roles: [head_of_paid_service]}}
  dcs: {{title: '{0}', roles: [dcs], line_manager: ceo}}
  p2: {{title: '{1}', line_manager: dcs}}
  p3: {{title: '{2}', line_manager: dcs}}
  p4: {{title: '{3}', line_manager: dcs}}
  p5: {{title: '{4}', line_manager: ceo}}
teams:
  t1: {{title: '{0}', line_manager: p2, delivers: [children_social_care],
       items: {{serious_incident: 1/month}}}}
"""


def council(tmp_path: Path) -> Path:
    path = tmp_path / "formula.yaml"
    path.write_text(COUNCIL.format(*(f.replace("'", "''") for f in FORMULAS)), encoding="utf-8")
    return path


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def runnable(cell: str) -> bool:
    return cell.startswith(("=", "+", "@")) or (cell.startswith("-") and
                                                not cell.lstrip("-").replace(".", "").isdigit())


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_cell_is_neutralised_and_read_back_unchanged(text):
    assert safe_cell(text) == "'" + text
    assert formula_unescaped(safe_cell(text)) == text


def test_numbers_and_plain_text_are_left_alone():
    for value in ("-1.5", "+2", "3e-4", "Chief Executive", "'quoted'", 12, -0.25):
        assert safe_cell(value) == value


def test_export_csv_neutralises_titles_and_import_restores_them(tmp_path, capsys):
    source = council(tmp_path)
    exported, imported = tmp_path / "lines.csv", tmp_path / "back.yaml"
    with pytest.raises(SystemExit) as done:
        main(["export", "csv", str(source), "-o", str(exported)])
    assert done.value.code == 0
    text = exported.read_text(encoding="utf-8")
    assert not any(runnable(c) for c in cells(text))
    assert "'=HYPERLINK" in text
    with pytest.raises(SystemExit) as done:
        main(["import", "csv", str(exported), "-o", str(imported), "--id", "id", "--title",
              "title", "--reports-to", "reports_to"])
    assert done.value.code == 0, capsys.readouterr().err
    back = yaml.safe_load(imported.read_text(encoding="utf-8"))
    original = load_scenario(source).scenario
    for post_id, post in original.posts.items():
        assert back["posts"][post_id]["title"] == post.title
    assert back["posts"]["t1"]["title"] == FORMULAS[0]  # the team, imported as a post


def test_findings_and_metrics_csv_hold_no_formula(tmp_path):
    analysis = pipeline.analyse(council(tmp_path), [], FAST)
    written = pipeline.results(analysis, tmp_path / "results")
    texts = {p.name: p.read_text(encoding="utf-8") for p in written if p.suffix == ".csv"}
    assert set(texts) == {"formula-findings.csv", "formula-metrics.csv", "committee.csv"}
    for name, text in texts.items():
        bad = [c for c in cells(text) if runnable(c)]
        assert not bad, (name, bad)
    assert "'=HYPERLINK" in texts["formula-metrics.csv"]


def test_items_csv_holds_no_formula(tmp_path, capsys):
    out = tmp_path / "items.csv"
    with pytest.raises(SystemExit) as done:
        main(["simulate", str(council(tmp_path)), "-n", "1", "-w", "1", "--horizon", "60d",
              "--items-csv", str(out)])
    assert done.value.code == 0, capsys.readouterr().err
    assert not any(runnable(c) for c in cells(out.read_text(encoding="utf-8")))


def test_a_csv_cut_short_inside_a_quoted_cell_is_refused_with_its_row(tmp_path, capsys):
    path = tmp_path / "hr.csv"
    path.write_text('id,title,reports_to\nceo,"Chief Executive",\ndcs,"Director of '
                    'Children\'s Services",ceo\nfs,"Chief Exe', encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["import", "csv", str(path), "-o", str(tmp_path / "out.yaml"), "--id", "id",
              "--title", "title", "--reports-to", "reports_to"])
    err = capsys.readouterr().err
    assert done.value.code == 1
    assert "hr.csv row 4: the file ends inside a quoted cell" in err
    assert not (tmp_path / "out.yaml").exists()
