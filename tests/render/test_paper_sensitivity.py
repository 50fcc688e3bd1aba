"""A sweep `orgsim sensitivity` saved beside the run's outputs becomes the paper's "How sure"
section, with each verdict's share of plausible worlds, only while it is of the same files."""

from __future__ import annotations

import json

import pytest

from orgsim import pipeline
from orgsim.cli.main import main
from orgsim.records import Settings
from render.paper_fixtures import FAST, write_council

HTML = Settings(FAST.run, formats=("html",))


def test_a_saved_sweep_of_the_same_files_is_in_the_paper_and_one_of_others_is_not(tmp_path):
    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as done:
        main(["sensitivity", str(base), str(option), "-n", "2", "--min-replications", "2",
              "--seed", "3", "--trajectories", "1", "--samples", "2", "-w", "1",
              "--out", str(out / "sensitivity")])
    assert done.value.code == 0
    saved = json.loads((out / "sensitivity" / "sensitivity.json").read_text(encoding="utf-8"))
    sentences = [f"{v['text']}: {v['paper_sentence']}" for v in saved["verdicts"]]
    assert sentences
    pipeline.run(base, [option], HTML, out)
    paper = (out / "paper.html").read_text(encoding="utf-8")
    assert "How sure: the verdicts across plausible assumptions" in paper
    assert all(pipeline.escape(s) in paper for s in sentences)
    assert "<svg" in paper.split("How sure")[1]  # the tornado chart, inline
    # the option changed since the sweep: its figures describe another structure, so no section
    text = option.read_text(encoding="utf-8")
    option.write_text(text.replace("name: ", "name: Revised ", 1), encoding="utf-8")
    pipeline.run(base, [option], HTML, out)
    assert "How sure: the verdicts" not in (out / "paper.html").read_text(encoding="utf-8")
