"""`orgsim run` end to end: every output in one command, an index that links them all, progress on
stderr, and a failed step that names itself and leaves the earlier outputs exactly as they were."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest

from orgsim.cli.main import main
from render.paper_fixtures import FAST, HOSTILE, write_council

# A year's horizon keeps the test quick; the other settings are the CLI's defaults.
ARGS = ["--replications", str(FAST.run.replications), "--seed", str(FAST.run.seed), "--workers",
        "1", "--horizon", f"{FAST.run.horizon}d", "--drain", f"{FAST.run.drain}d"]


def orgsim(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_run_writes_everything_and_an_index_linking_it(tmp_path, capsys):
    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "outputs" / "testshire"
    code, stdout, stderr = orgsim(capsys, "run", str(base), str(option), "--out", str(out), *ARGS)
    assert code == 0, stderr
    for step in ("validate", "check", "simulate", "compare", "diagrams", "paper", "results"):
        assert f"[{step}]" in stderr
    assert "index.html" in stdout
    files = _snapshot(out)
    for name in ("index.html", "paper.html", "paper.pdf", "run.json",
                 "diagrams/base-accountability.png", "diagrams/base-accountability.svg",
                 "diagrams/option-accountability-findings.svg",
                 "diagrams/option-all.dot", "diagrams/diff-option-accountability.png",
                 "results/base-check.json", "results/option-simulation.json",
                 "results/option-findings.csv", "results/base-metrics.csv"):
        assert name in files, name
    assert files["paper.pdf"].startswith(b"%PDF")
    links = re.findall(r'href="([^"]+)"', files["index.html"].decode())
    assert "paper.html" in links and "paper.pdf" in links
    assert all((out / link).is_file() for link in links)
    run = json.loads(files["run.json"])
    assert run["seed"] == FAST.run.seed and run["replications"] == FAST.run.replications
    assert [s["label"] for s in run["scenarios"]] == ["base", "option"]
    assert set(run["files"]) == set(files)
    sim = json.loads(files["results/option-simulation.json"])
    assert sim["seed"] == FAST.run.seed and sim["replications"] == FAST.run.replications
    csv_header = files["results/option-findings.csv"].decode().splitlines()[0]
    assert csv_header.startswith("scenario,id,pack,severity,strength,citation,title,explanation,departure")
    assert escape(HOSTILE) in files["paper.html"].decode()
    # nothing of the temporary build folder is left beside the outputs
    assert sorted(p.name for p in out.parent.iterdir()) == ["testshire"]


@pytest.mark.parametrize("failing, step", [("orgsim.pipeline.paper_html", "paper"),
                                           ("orgsim.pipeline.results", "results"),
                                           ("orgsim.pipeline.render_diagram", "diagrams"),
                                           ("orgsim.pipeline.measured_comparison", "simulate")])
def test_a_failed_step_names_itself_and_leaves_earlier_outputs_untouched(
        tmp_path, capsys, monkeypatch, failing, step):
    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "outputs" / "testshire"
    # HTML only: the PDF adds seconds and nothing to what this test is about.
    assert orgsim(capsys, "run", str(base), "--out", str(out), "--formats", "html", *ARGS)[0] == 0
    (out / "my-notes.txt").write_text("the user's own file", encoding="utf-8")
    before = _snapshot(out)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(failing, broken)
    code, _, stderr = orgsim(capsys, "run", str(base), str(option), "--out", str(out),
                             "--seed", "99", "--replications", "2", "--workers", "1",
                             "--formats", "html")
    assert code == 1
    assert f"the {step} step failed: RuntimeError: disk on fire" in stderr
    assert "Nothing was written" in stderr and "Traceback" not in stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["testshire"]


def test_an_invalid_option_fails_validation_with_its_line_and_writes_nothing(
        tmp_path, capsys):
    base, option = write_council(tmp_path / "scenarios")
    option.write_text(option.read_text().replace("line_manager: sdc", "line_manager: sdcx"))
    out = tmp_path / "outputs" / "x"
    code, _, stderr = orgsim(capsys, "run", str(base), str(option), "--out", str(out), *ARGS)
    assert code == 1
    assert "the validate step failed" in stderr
    assert re.search(r"option\.yaml:\d+:\d+", stderr) and "sdcx" in stderr
    assert not out.exists()


def test_report_writes_the_paper_only(tmp_path, capsys):
    base, _ = write_council(tmp_path / "scenarios")
    out = tmp_path / "paper"
    code, stdout, stderr = orgsim(capsys, "report", str(base), "--out", str(out),
                                  "--formats", "html", *ARGS)
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["paper.html"]
    assert f"wrote {out / 'paper.html'}" in stdout


def test_an_unknown_paper_format_is_a_usage_error(tmp_path, capsys):
    base, _ = write_council(tmp_path / "scenarios")
    code, _, stderr = orgsim(capsys, "report", str(base), "--formats", "html,docx")
    assert code == 2 and "docx is not a paper format" in stderr


def test_run_simulates_each_scenario_once(tmp_path, capsys, monkeypatch):
    """The figures, the comparison and the plots all come from one set of replications per
    scenario: the engine runs exactly (scenarios x replications) replications."""
    from orgsim.sim import montecarlo

    base, option = write_council(tmp_path / "scenarios")
    out = tmp_path / "outputs" / "once"
    calls = []
    real = montecarlo.run_one

    def counted(network, settings, replication, *args, **kwargs):
        calls.append((network.nodes, replication))
        return real(network, settings, replication, *args, **kwargs)
    monkeypatch.setattr(montecarlo, "run_one", counted)
    # the repair step simulates the option with mechanisms added: counted apart, not here
    monkeypatch.setattr("orgsim.pipeline._repairs", lambda *a, **k: ())
    args = [a if a != str(FAST.run.replications) else "8" for a in ARGS]
    assert orgsim(capsys, "run", str(base), str(option), "--out", str(out), "--formats", "html",
                  *args)[0] == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    ran = run["replications_run"]
    assert len(calls) == 2 * ran and len(set(calls)) == len(calls)
    for label in ("base", "option"):
        sim = json.loads((out / "results" / f"{label}-simulation.json").read_text("utf-8"))
        assert sim["replications"] == ran
