import re
from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from pathlib import Path

from click.testing import CliRunner

from orgsim.analysis.compare import compare
from orgsim.analysis.diff import structural_diff
from orgsim.sim.settings import RunSettings
from orgsim.analysis.repair import apply, pair_mechanisms, repair, weakening_pairs
from orgsim.cli.main import cli
from orgsim.io.loader import load_scenario

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FAST = RunSettings(seed=2, replications=6, horizon=365.25, drain=100.0, workers=1)


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
    # the evaluations returned carry their structural diffs (the trials are judged without)
    assert result.before.result.structure == structural_diff(base, option)
    assert not result.before.result.structure.equal
    assert result.after.result.structure == again.options[0].structure
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


def _no_d_overlay(tmp_path):
    overlay = tmp_path / "no-d.yaml"
    overlay.write_text(f"orgsim: 1\nextends: {SCENARIOS / 'barnet/barnet-2014-commissioning.yaml'}\n"
                       "name: Barnet 2014 without mechanism (d)\n"
                       "remove: [fs_dcs_one_to_one, ac_dass_one_to_one]\n")
    return overlay


def test_barnet_without_the_monthly_one_to_ones(tmp_path):
    """The acceptance criterion: with mechanism (d) removed from the 2014 model, the repair proposes
    a one-to-one or an immediate notification, and the repaired file compares with no red and no
    weakening against the baseline, at the settings the repair was verified at; the result is the
    same for a seed and replication count whatever the number of workers."""
    overlay = _no_d_overlay(tmp_path)
    # judged by the law of 2012, while the 2009 guidance's 3.5 (a "must") was in force, so the
    # DCS's lost line to the Chief Executive is a new red the menu's direct line must clear
    in_2012 = date(2012, 9, 1)
    base = load_scenario(SCENARIOS / "barnet/barnet-2013-baseline.yaml").judged_on(in_2012).scenario
    option = load_scenario(overlay).judged_on(in_2012).scenario
    settings = RunSettings(seed=1, replications=4, horizon=365.25, drain=60.0, workers=2)
    result = repair(base, option, settings, search_replications=4)
    kinds = {m.kind for m in result.mechanisms}
    assert kinds & {"safeguarding_one_to_one", "immediate_notification", "supervision_one_to_one"}
    # the DCS's line to the Chief Executive (england-dcs-lm-2009 3.5) is restored from the menu
    assert "dcs.3.5.reports-to-cex" in {f.id for f in result.before.result.checks.new_red}
    assert "direct_line_to_chief_executive" in kinds and not result.no_menu_remedy
    assert result.before.problems > 0 and result.after.problems == 0 and not result.unrepaired
    # the snippet, written into a file that extends the no-(d) overlay, compares clean
    repaired = tmp_path / "repaired.yaml"
    repaired.write_text(f"orgsim: 1\nextends: {overlay.name}\n" + result.snippet)
    loaded = load_scenario(repaired).judged_on(in_2012).scenario
    assert loaded.posts["dcs"].line_manager == "ceo"
    again = compare(("base", base), [("repaired", loaded)], settings)
    assert not again.raises_red
    assert not again.options[0].weakenings and not again.options[0].checks.new_red
    # deterministic for the seed and replication count, whatever the number of workers
    serial = repair(base, option, replace(settings, workers=1), search_replications=4)
    assert serial.snippet == result.snippet and serial.steps == result.steps
    assert serial.after.result.to_dict() == result.after.result.to_dict()


def test_the_menu_reaches_every_unit_head_outside_the_directors_line(tmp_path):
    """Candidates come from the graph: for each team in the Director's remit outside its line, the
    highest post below the first statutory officer; Education and Skills is covered as well as
    Family Services, so its serious incidents can be restored."""
    option = load_scenario(_no_d_overlay(tmp_path)).scenario

    weakened = [("dcs", "serious_incident", "all"),
                ("dcs", "serious_incident", "Education and Skills"),
                ("dass", "complaint", "all"), ("dass", "provider_failure", "all")]
    findings = [SimpleNamespace(id=f"weak.{role}.{item}.{origin}")
                for role, item, origin in weakened]
    rows = [SimpleNamespace(role=role, item=item, origin=origin)
            for role, item, origin in weakened]
    pairs, kinds, stranded = weakening_pairs(option, findings, rows)
    assert set(pairs) == {("dcs", "fs_director"), ("dcs", "es_director"), ("dass", "ac_director")}
    assert kinds[("dcs", "es_director")] == {"serious_incident"}
    # provider failures arise only in the DASS's own line: nothing on the menu reaches them
    assert stranded == ["weak.dass.provider_failure.all"]
    offered = {m.kind for m in pair_mechanisms(option, option, "dcs", "es_director",
                                               {"serious_incident"}, False)}
    assert {"immediate_notification", "safeguarding_one_to_one",
            "supervision_one_to_one"} <= offered


def test_a_red_check_without_a_menu_remedy_is_listed_and_left_unrepaired(tmp_path):
    overlay = tmp_path / "no-lscb.yaml"
    overlay.write_text(f"orgsim: 1\nextends: {SCENARIOS / 'barnet/barnet-2013-baseline.yaml'}\n"
                       "name: Barnet without the DCS on the LSCB\n"
                       "bodies:\n  lscb:\n    members: [fs_director, head_sqa, ccg, nhs_trusts, "
                       "police, schools_rep]\n")
    base = load_scenario(SCENARIOS / "barnet/barnet-2013-baseline.yaml").scenario
    option = load_scenario(overlay).scenario
    settings = RunSettings(seed=1, replications=2, horizon=365.25, drain=60.0, workers=1)
    result = repair(base, option, settings, search_replications=2)
    assert any(u.startswith("[red] dcs.3.29.lscb-member") for u in result.no_menu_remedy)
    assert any("dcs.3.29.lscb-member" in u for u in result.unrepaired)
    assert result.to_dict()["no_menu_remedy"] == list(result.no_menu_remedy)


TWO_UNITS = """orgsim: 1
name: Two units
jurisdiction: england
governance: leader_cabinet
defaults: {escalates_at: serious}
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: Director of Children's Services, roles: [dcs], line_manager: ceo}
  a_director: {title: Social Care Director, line_manager: dcs, unit: Social Care}
  b_director: {title: Schools Director, line_manager: dcs, unit: Schools}
teams:
  a_team: {title: Social work team, line_manager: a_director, unit: Social Care,
           delivers: [children_social_care], items: {serious_incident: 3/month}}
  b_team: {title: School support team, line_manager: b_director, unit: Schools,
           delivers: [education], items: {serious_incident: 1/year}}
channels:
  a_weekly: {from: a_team, to: a_director, name: Weekly team meeting, cadence: weekly}
  b_weekly: {from: b_team, to: b_director, name: Weekly team meeting, cadence: weekly}
"""
TWO_UNITS_OPTION = """orgsim: 1
extends: base.yaml
name: Two units outside the DCS line
posts:
  a_director: {line_manager: ceo, accountable_to: [dcs]}
  b_director: {line_manager: ceo, accountable_to: [dcs]}
channels:
  a_quarterly: {from: a_director, to: dcs, name: Quarterly report, cadence: quarterly, written: true}
  b_quarterly: {from: b_director, to: dcs, name: Quarterly report, cadence: quarterly, written: true}
"""


def test_what_the_search_count_misses_the_requested_count_repairs(tmp_path):
    """The Schools unit's serious incidents are too rare for 2 replications to show; the search
    there restores only Social Care, the verification at 40 still finds the DCS's oversight weaker,
    and the search goes on at 40 until it verifies clean."""
    (tmp_path / "base.yaml").write_text(TWO_UNITS)
    (tmp_path / "option.yaml").write_text(TWO_UNITS_OPTION)
    base = load_scenario(tmp_path / "base.yaml").scenario
    option = load_scenario(tmp_path / "option.yaml").scenario
    settings = RunSettings(seed=1, replications=40, horizon=365.25, drain=100.0, workers=1)
    result = repair(base, option, settings, search_replications=2)
    assert {(m.kind, m.post) for m in result.mechanisms} == {
        ("immediate_notification", "a_director"), ("immediate_notification", "b_director")}
    assert result.search_settings.replications == 2
    assert any("(40 replications)" in s and "b_director" in s for s in result.steps)
    assert result.after.problems == 0 and not result.unrepaired
    again = compare(("base", base), [("repaired", apply(option, result.mechanisms))], settings)
    assert not again.raises_red and not again.options[0].weakenings


def test_each_set_is_checked_once_and_its_trials_are_told_as_simulate_phases(monkeypatch):
    """A set's checks do not depend on the replication count: the search checks each set it
    tries once, whether it is tried at the search's count, verified at the requested one or tried
    again while pruning; and it says when its trial simulations start and when it goes back to its
    own work, so a caller can time the two apart."""
    from orgsim.analysis.repair import search

    base = load_scenario(FIX / "base.yaml").scenario
    option = load_scenario(FIX / "option.yaml").scenario
    checked = []
    real = search.raised_findings

    def counted(scenario):
        checked.append(scenario.model_dump_json())
        return real(scenario)
    monkeypatch.setattr(search, "raised_findings", counted)
    phases = []
    result = repair(base, option, FAST, search_replications=4,
                    phases=lambda step, message: phases.append((step, message)))
    assert result.after.problems == 0
    assert len(checked) == len(set(checked)) > 2  # the baseline, the option and its trials
    told = [(int(m.split()[0]), int(m.split(" at ")[1].split()[0]))
            for step, m in phases if step == "simulate"]
    # every scenario the search simulated was told, at the counts it ran
    assert sum(n for n, _ in told) == result.simulations
    assert {r for _, r in told} <= {4, FAST.replications}
    # each batch of trials is followed by the search's own work, told without a message
    letters = "".join("S" if step == "simulate" and message else
                      "R" if (step, message) == ("repair", "") else "?" for step, message in phases)
    assert re.fullmatch(r"(S+R)+", letters), letters
    # the same search without the callback finds the same
    assert repair(base, option, FAST, search_replications=4).snippet == result.snippet
