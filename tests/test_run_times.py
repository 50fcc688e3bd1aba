"""Where `orgsim run` spends its time, as its steps tell it: the clock that adds up the steps from
the progress calls, the repair's trial simulations told as simulate steps (and the search's own
work as the repair step), the line `orgsim run` ends with, and a repair that never simulates again
what the comparison has simulated."""

from __future__ import annotations

import json

import pytest

from orgsim import pipeline
from orgsim.cli.main import main
from orgsim.records import Settings
from orgsim.sim.settings import RunSettings
from render.paper_fixtures import write_council

# Enough replications for the small council's option to have problems for the repair to clear.
SETTINGS = Settings(RunSettings(replications=8, seed=7, horizon=365.25, drain=180.0, workers=1),
                    formats=("html",))


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_gives_each_step_the_time_until_the_next_call_and_shows_only_messages():
    fake, shown = FakeClock(), []
    clock = pipeline.StepClock(lambda step, message: shown.append((step, message)), fake)
    fake.now += 0.5  # before the first step (checking the output folder): the run's, no step's
    for step, message, seconds in (("check", "rules", 1.0), ("simulate", "blocks", 4.0),
                                   ("repair", "search", 0.5), ("simulate", "trials", 3.0),
                                   ("repair", "", 1.5), ("paper", "HTML", 2.0)):
        clock(step, message)
        fake.now += seconds
    times = clock.stop()
    assert times.seconds == {"check": 1.0, "simulate": 7.0, "repair": 2.0, "paper": 2.0}
    assert times.total == 12.5 and times.simulating == 7.0 and times.outside == 5.5
    assert ("repair", "") not in shown and len(shown) == 5
    assert times.summary() == ("12.5 s in all: simulating 7.0 s (56%), the other steps 5.5 s "
                               "(44%: check 1.0 s, repair 2.0 s, paper 2.0 s)")


def test_the_repairs_trials_are_simulate_steps_and_run_tells_the_split(tmp_path, monkeypatch):
    base, option = write_council(tmp_path / "scenarios")
    calls = []
    done = pipeline.run(base, [option], SETTINGS, tmp_path / "out",
                        lambda step, message: calls.append((step, message)))
    assert done.times is not None and done.times.total > 0
    steps = [s for s, _ in calls]
    assert steps.index("repair") < steps.index("diagrams")
    trials = [m for s, m in calls[steps.index("repair"):] if s == "simulate"]
    assert trials and all(m.startswith("option, repair trials: ") and "replications" in m
                          for m in trials)
    assert all(m for _, m in calls)  # the resumed steps are timed, never shown
    # every step named in the times was told, and the simulating share is the simulate steps'
    assert set(done.times.seconds) <= set(pipeline.STEPS)
    assert done.times.simulating == done.times.seconds["simulate"] > 0
    assert done.times.seconds["repair"] > 0


def test_orgsim_run_ends_with_where_the_time_went(tmp_path, capsys):
    base, option = write_council(tmp_path / "scenarios")
    st = SETTINGS.run
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(base), str(option), "--out", str(tmp_path / "out"), "--formats", "html",
              "-n", str(st.replications), "--seed", str(st.seed), "-w", "1",
              "--horizon", "1y", "--drain", "180d"])
    assert exit_.value.code == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("[done] ") and " s in all: simulating " in err[-1]
    assert "the other steps" in err[-1] and "repair " in err[-1]
    assert any(line.startswith("[simulate] option, repair trials: ") for line in err)


def test_the_repair_simulates_neither_the_baseline_nor_the_option_again(tmp_path, monkeypatch):
    """The comparison's own replications of the baseline and of the option stand in for the
    repair's: at the comparison's count the baseline is simulated once in all, and the option as
    given once; the search's smaller count is the only other simulation of either."""
    from orgsim.sim import montecarlo

    base, option = write_council(tmp_path / "scenarios")
    calls = []
    real = montecarlo.run_one

    def counted(network, settings, replication, *args, **kwargs):
        # a network is known by what it routes: its nodes, channels and lines
        calls.append((repr((network.nodes, network.channels, network.line_managers)),
                      replication))
        return real(network, settings, replication, *args, **kwargs)
    monkeypatch.setattr(montecarlo, "run_one", counted)
    done = pipeline.run(base, [option], SETTINGS, tmp_path / "out")
    analysis_replications = json.loads((tmp_path / "out" / "run.json").read_text())[
        "replications_run"]
    first = calls[:2 * analysis_replications]  # the comparison: each scenario once
    networks = list(dict.fromkeys(n for n, _ in first))
    assert len(networks) == 2 and len(calls) > len(first)  # the repair ran trials
    search = min(4, analysis_replications)  # the search's replication count
    for network in networks:
        ran = sorted(r for n, r in calls if n == network)
        assert ran == sorted([*range(analysis_replications), *range(search)])
    assert done.times.seconds["repair"] > 0


@pytest.mark.parametrize("engine", ("chromium", "weasyprint"))
def test_the_run_records_which_engine_laid_out_its_pdf(tmp_path, monkeypatch, engine):
    from orgsim.render import pdf

    if engine == "chromium" and pdf.find_chromium() is None:
        pytest.skip("no Chromium 131 or later on the PATH")
    monkeypatch.setenv(pdf.ENGINE_VARIABLE, engine)
    base, option = write_council(tmp_path / "scenarios")
    told = []
    settings = Settings(SETTINGS.run, formats=("html", "pdf"), repair=False)
    done = pipeline.run(base, [option], settings, tmp_path / "out",
                        lambda step, message: told.append((step, message)))
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["pdf_engine"].lower().startswith(engine)
    if engine == "chromium":  # printed by the Chromium the run started first, with no fallback
        assert run["pdf_engine"] == pdf.find_chromium().version
    assert (tmp_path / "out" / "paper.pdf").read_bytes().startswith(b"%PDF")
    assert any(step == "paper" and ("Chromium" if engine == "chromium" else "WeasyPrint")
               in message for step, message in told)
    assert "paper" in done.times.seconds
