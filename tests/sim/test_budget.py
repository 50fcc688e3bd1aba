"""A simulation is refused before it runs when a replication would draw more items than the
stated cap, with the figure and how to reduce it; --max-items raises the cap in every simulating
command; the terminal says when no standard could be tested instead of "every standard met"."""

from __future__ import annotations

import pytest

from orgsim.cli.main import main
from orgsim.io.loader import load_scenario_text
from orgsim.model.network import compile_network
from orgsim.model.vocab import DAYS_PER_MONTH
from orgsim.sim.budget import DEFAULT_MAX_ITEMS, TooMuchWork, budget, check_budget

BUSY = """\
orgsim: 1
name: Busy council
jurisdiction: england
governance: leader_cabinet
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: Director of Children's Services, roles: [dcs], line_manager: ceo}
teams:
"""


def busy(per_day: float, teams: int = 3) -> str:
    return BUSY + "".join(
        f"  t{i}: {{title: Team {i}, line_manager: dcs, delivers: [children_social_care], "
        f"items: {{safeguarding_concern: {per_day}/day, complaint: 2}}}}\n" for i in range(teams))


def run(capsys, *argv):
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_items_per_replication_are_rate_times_horizon_over_teams_and_kinds():
    network = compile_network(load_scenario_text(busy(10)).scenario)
    found = budget(network, horizon=100.0, replications=4, workers=2)
    expected = 3 * (10 * 100 + 2 / DAYS_PER_MONTH * 100)
    assert found.items_per_replication == pytest.approx(expected)
    assert found.total_items == pytest.approx(4 * expected)


def test_beyond_the_cap_the_refusal_gives_the_figure_and_the_way_out():
    network = compile_network(load_scenario_text(busy(1000)).scenario)
    with pytest.raises(TooMuchWork) as info:
        check_budget(network, 3 * 365.25, 2, 2)
    message = str(info.value)
    expected = 3 * (1000 + 2 / DAYS_PER_MONTH) * 3 * 365.25
    assert f"about {round(expected):,} items per replication" in message
    assert f"limit of {DEFAULT_MAX_ITEMS:,}" in message
    assert "--max-items" in message and "--horizon" in message and "memory" in message
    check_budget(network, 3 * 365.25, 2, 2, max_items=4_000_000)  # raised: accepted


@pytest.mark.parametrize("command", ["simulate", "compare", "repair", "report", "run"])
def test_every_simulating_command_refuses_before_simulating_and_takes_max_items(
        tmp_path, capsys, command):
    path = tmp_path / "busy.yaml"
    path.write_text(busy(1000), encoding="utf-8")
    argv = {"simulate": [str(path)], "compare": [str(path), str(path)],
            "repair": [str(path), "--against", str(path)],
            "report": [str(path), "--out", str(tmp_path / "o"), "--formats", "html"],
            "run": [str(path), "--out", str(tmp_path / "o"), "--formats", "html"]}[command]
    code, _, err = run(capsys, command, *argv, "-n", "2", "-w", "1")
    assert code == 1 and "Traceback" not in err
    assert "items per replication" in err and "--max-items" in err
    help_text = run(capsys, command, "--help")[1]
    assert "--max-items" in help_text


def test_raising_max_items_lets_the_run_go_ahead(tmp_path, capsys):
    path = tmp_path / "busy.yaml"
    path.write_text(busy(40), encoding="utf-8")
    assert run(capsys, "simulate", str(path), "-n", "1", "-w", "1", "--horizon", "30d",
               "--max-items", "3000")[0] == 1
    assert run(capsys, "simulate", str(path), "-n", "1", "-w", "1", "--horizon", "30d",
               "--max-items", "4000")[0] == 0


def test_a_horizon_of_zero_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "busy.yaml"
    path.write_text(busy(1), encoding="utf-8")
    code, _, err = run(capsys, "simulate", str(path), "--horizon", "0")
    assert code == 2 and "must be longer than 0 days" in err


def test_no_teams_says_nothing_could_be_tested(tmp_path, capsys):
    path = tmp_path / "empty.yaml"
    path.write_text(BUSY.replace("teams:\n", ""), encoding="utf-8")
    code, out, _ = run(capsys, "simulate", str(path), "-n", "2", "-w", "1")
    assert code == 0
    assert "every standard met" not in out
    assert "nothing was tested" in out or "nothing could be tested" in out


def test_a_horizon_too_short_for_any_incident_says_which_standards_went_untested(
        tmp_path, capsys):
    path = tmp_path / "quiet.yaml"
    path.write_text(busy(0.001, teams=1), encoding="utf-8")
    code, out, _ = run(capsys, "simulate", str(path), "-n", "2", "-w", "1", "--horizon", "1d")
    assert code == 0 and "every standard met" not in out
    assert "could not be tested" in out or "nothing could be tested" in out
