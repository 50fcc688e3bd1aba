from pathlib import Path

from click.testing import CliRunner

from orgsim.analysis.compare import CompareSettings, compare
from orgsim.analysis.repair import repair
from orgsim.cli.main import cli
from orgsim.io.loader import load_scenario

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FAST = CompareSettings(seed=2, replications=6, horizon=365.25, drain=100.0, workers=1)


def test_repair_restores_the_small_option_and_the_snippet_verifies(tmp_path):
    base = load_scenario(FIX / "base.yaml").scenario
    option = load_scenario(FIX / "option.yaml").scenario
    result = repair(base, option, FAST, search_replications=4)
    kinds = {m.kind for m in result.mechanisms}
    assert kinds & {"immediate_notification", "safeguarding_one_to_one", "supervision_one_to_one"}
    assert result.before.problems > 0 and result.after.problems == 0 and not result.unrepaired
    # the snippet, pasted into an option file, gives a scenario that compares clean
    repaired = tmp_path / "repaired.yaml"
    repaired.write_text(f"orgsim: 1\nextends: {FIX / 'option.yaml'}\n" + result.snippet)
    again = compare(("base", base), [("repaired", load_scenario(repaired).scenario)], FAST)
    assert not again.raises_red and not again.options[0].weakenings
    # deterministic for a seed and replication count
    assert repair(base, option, FAST, search_replications=4).snippet == result.snippet


def test_cli_never_overwrites_and_writes_the_snippet(tmp_path):
    out = tmp_path / "snippet.yaml"
    out.write_text("mine\n")
    args = ["repair", str(FIX / "option.yaml"), "--against", str(FIX / "base.yaml"), "-n", "4",
            "--horizon", "1y", "-w", "1", "--search-replications", "4", "-o", str(out)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and out.read_text() == "mine\n"
    fresh = tmp_path / "new.yaml"
    ok = CliRunner().invoke(cli, args[:-1] + [str(fresh)])
    assert ok.exit_code == 0, ok.output
    assert "channels:" in fresh.read_text() and "seed 1" in ok.output


def test_barnet_without_the_monthly_one_to_ones(tmp_path):
    overlay = tmp_path / "no-d.yaml"
    overlay.write_text(f"orgsim: 1\nextends: {SCENARIOS / 'barnet-2014-commissioning.yaml'}\n"
                       "name: Barnet 2014 without mechanism (d)\n"
                       "remove: [fs_dcs_one_to_one, ac_dass_one_to_one]\n")
    base = load_scenario(SCENARIOS / "barnet-2013-baseline.yaml").scenario
    option = load_scenario(overlay).scenario
    settings = CompareSettings(seed=1, replications=4, horizon=365.25, drain=60.0, workers=2)
    result = repair(base, option, settings, search_replications=4)
    kinds = {m.kind for m in result.mechanisms}
    assert kinds & {"safeguarding_one_to_one", "immediate_notification", "supervision_one_to_one"}
    remaining = {f.id for f in result.after.result.weakenings}
    assert "compare.weakening.dcs.serious_incident.Family_Services" not in remaining
    assert "compare.weakening.dass.serious_incident.Adults_and_Communities" not in remaining
    assert result.after.problems < result.before.problems
