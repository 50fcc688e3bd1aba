"""What `orgsim run` hands a committee besides the paper: the landing page with the verdicts, the
committee CSV with the paper's own counts, and the repair found with the comparison's own
replications (the same answer as `orgsim repair` at those settings)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest

from orgsim.analysis.repair import repair
from orgsim.pipeline import analyse, run
from orgsim.render.committee import COLUMNS
from orgsim.render.decision import decide
from render.paper_fixtures import FAST, write_council


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("committee")
    base, option = write_council(folder / "scenarios")
    settings = replace(FAST, formats=("html",))
    done = run(base, [option], settings, folder / "out", diagram_formats=("svg",))
    return analyse(base, [option], settings), done.folder


def test_committee_csv_has_one_row_per_option_with_the_papers_counts(outputs):
    analysis, folder = outputs
    rows = list(csv.DictReader(io.StringIO(
        (folder / "results" / "committee.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["option"] for r in rows] == ["Baseline", "Option A"]
    option = decide(analysis)[1]
    row = rows[1]
    assert row["verdict"] == option.verdict.value
    assert int(row["statutory_checks_failed"]) == option.tally.checks_failed
    assert int(row["material_weakenings"]) == option.tally.weakenings
    assert int(row["standards_missed"]) == option.tally.standards_missed
    assert int(row["repair_mechanisms"]) == len(option.repair.mechanisms)
    # ...and the paper prints the same numbers
    paper = (folder / "paper.html").read_text(encoding="utf-8")
    assert f"<td>{option.tally.checks_failed}</td>" in paper
    assert rows[0]["verdict"] == "baseline"


def test_index_leads_with_the_verdicts_and_inlines_the_line_of_sight_thumbnails(outputs):
    analysis, folder = outputs
    index = (folder / "index.html").read_text(encoding="utf-8")
    verdict = decide(analysis)[1].verdict.value
    assert index.index(verdict) < index.index('id="thumbnails"') < index.index('id="files"')
    assert index.count('<figure class="thumb"><svg') == 4  # DCS and DASS, in each scenario
    assert " src=" not in index  # self-contained: the thumbnails are inline
    for link in re.findall(r'href="([^"]+)"', index):
        assert (folder / link).exists(), link


def test_no_findings_view_is_written_twice(outputs):
    _, folder = outputs
    svgs = {p.name: p.read_bytes() for p in (folder / "diagrams").glob("*.svg")}
    for name, data in svgs.items():
        if name.endswith("-accountability-findings.svg"):
            assert data != svgs[name.replace("-findings", "")]


def test_run_repairs_with_the_comparisons_replications_as_repair_would(outputs):
    analysis, _ = outputs
    label, found = analysis.repairs[0]
    option = next(s for s in analysis.options if s.label == label)
    fresh = repair(analysis.baseline.loaded.scenario, option.loaded.scenario,
                   FAST.run.but(replications=analysis.comparison.replications), label=label)
    assert [m.id for m in found.mechanisms] == [m.id for m in fresh.mechanisms]
    assert found.steps == fresh.steps and found.after.problems == fresh.after.problems
    assert found.before.problems == fresh.before.problems
    assert found.simulations == fresh.simulations - 2  # the baseline and the option reused
