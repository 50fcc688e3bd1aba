"""`orgsim simulate --items-csv` never replaces a file the user already has, unless told to."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from orgsim.cli.main import cli
from support import SCENARIOS

ARGS = ["simulate", str(SCENARIOS / "england/england-unitary-conventional.yaml"), "-n", "1", "--horizon",
        "1m", "--drain", "1m", "--workers", "1", "--items-csv"]


def test_an_existing_file_is_refused_before_the_run_and_left_alone(tmp_path):
    mine = tmp_path / "items.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*ARGS, str(mine)])
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert "Days to awareness" not in result.output  # refused before simulating
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_force_replaces_it_with_the_items(tmp_path):
    mine = tmp_path / "items.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*ARGS, str(mine), "--force"])
    assert result.exit_code == 0, result.output
    with mine.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(float(r["known_day"]) >= float(r["arrival_day"]) for r in rows)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
