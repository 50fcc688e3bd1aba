import json
from pathlib import Path

from click.testing import CliRunner

from orgsim.analysis.compare import compare, paired_change
from orgsim.analysis.blocks import StandardTarget
from orgsim.analysis.materiality import Verdict
from orgsim.model.scenario import Materiality
from orgsim.sim.settings import RunSettings
from orgsim.cli.main import cli
from orgsim.io.loader import load_scenario

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FAST = RunSettings(seed=3, replications=6, horizon=365.25, drain=100.0, workers=1)


def load(path: Path):
    return load_scenario(path).scenario


def test_identical_blocks_give_a_zero_interval_and_no_material_change():
    c = paired_change("p90_days", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], True)
    assert (c.change, c.ci, c.verdict) == (0.0, (0.0, 0.0), Verdict.no_material_change)


def test_a_weakening_is_material_only_when_the_whole_interval_is_beyond_the_margin():
    # four days later, every block: beyond the 1-day margin
    assert paired_change("p90_days", [1, 1, 1, 1], [5, 6, 5, 6], True).verdict == \
        Verdict.material_weakening
    # a few hours later, every block: detectable, but inside the margin
    c = paired_change("p90_days", [1, 1.1, 1, 1.1], [1.2, 1.3, 1.25, 1.3], True)
    assert (c.margin, c.verdict) == (1.0, Verdict.weakening_below_materiality)
    # a slow route: the margin is a quarter of the baseline figure (20 days of 80)
    c = paired_change("p90_days", [80, 80, 80, 80], [90, 91, 90, 91], True)
    assert (c.margin, c.verdict) == (20.0, Verdict.weakening_below_materiality)
    # an interval reaching across the margin is not settled
    assert paired_change("p90_days", [1, 5, 1, 5], [5, 1, 5, 1.5], True).verdict == \
        Verdict.not_settled
    assert paired_change("share_within", [1, 1, 1], [0.5, 0.4, 0.6], False).verdict == \
        Verdict.material_weakening


def test_falling_below_a_met_standard_is_material_however_small():
    # the baseline meets a 95% target at 97%: a fall to 94% is only 3 points, but breaks it
    c = paired_change("share_within", [0.97] * 4, [0.94, 0.939, 0.941, 0.94], False,
                      standard=StandardTarget("si", 3.0, 0.95))
    assert (round(c.margin, 4), c.verdict) == (0.02, Verdict.material_weakening)
    # the same 3-point fall from 100% against an 80% target is below materiality
    c = paired_change("share_within", [1.0] * 4, [0.97, 0.969, 0.971, 0.97], False,
                      standard=StandardTarget("si", 3.0, 0.8))
    assert (c.margin, c.verdict) == (0.05, Verdict.weakening_below_materiality)
    # unless the standard sets a finer margin of its own
    c = paired_change("share_within", [1.0] * 4, [0.97, 0.969, 0.971, 0.97], False,
                      standard=StandardTarget("si", 3.0, 0.8, material_change=0.01))
    assert (c.margin, c.verdict) == (0.01, Verdict.material_weakening)


def test_a_scenario_sets_its_own_margins(tmp_path):
    """A baseline that counts half a day as material sees a weakening the defaults call below
    materiality."""
    c = paired_change("p90_days", [1, 1.1, 1, 1.1], [1.7, 1.8, 1.75, 1.8], True)
    assert c.verdict == Verdict.weakening_below_materiality
    strict = Materiality(days=0.5)
    c = paired_change("p90_days", [1, 1.1, 1, 1.1], [1.7, 1.8, 1.75, 1.8], True,
                      materiality=strict)
    assert (c.margin, c.verdict) == (0.5, Verdict.material_weakening)
    path = tmp_path / "strict.yaml"
    path.write_text((FIX / "base.yaml").read_text() + "materiality: {days: 0.5d}\n")
    assert load(path).materiality.days == 0.5


def test_option_moving_the_unit_out_of_the_dcs_line_weakens_serious_incidents():
    result = compare(("base", load(FIX / "base.yaml")),
                     [("option", load(FIX / "option.yaml")),
                      ("renamed", load(FIX / "renamed.yaml"))], FAST)
    assert [o.label for o in result.options] == ["renamed", "option"]  # ranked
    renamed, option = result.options
    assert renamed.structure.equal and not renamed.weakenings and not renamed.raises_red
    weak = {f.id: f for f in option.weakenings}
    f = weak["compare.weakening.dcs.serious_incident.Family_Services"]
    assert f.severity.value == "red" and str(f.citation) == "england-dcs-lm-2009 3.11"
    assert f.figures["p90_days_base"] < 2 < 30 < f.figures["p90_days_option"]
    assert f.figures["p90_days_ci_low"] > 0
    assert any("Quarterly report" in e for e in f.evidence)
    assert result.raises_red


def test_same_seed_same_figures():
    a = compare(("b", load(FIX / "base.yaml")), [("o", load(FIX / "option.yaml"))], FAST)
    b = compare(("b", load(FIX / "base.yaml")), [("o", load(FIX / "option.yaml"))],
                RunSettings(**{**FAST.__dict__, "workers": 2}))
    assert a.to_dict() == b.to_dict()


def test_cli_json_and_exit_code():
    runner = CliRunner()
    args = ["compare", str(FIX / "base.yaml"), str(FIX / "option.yaml"), "-n", "4",
            "--horizon", "1y", "-w", "1", "--json"]
    out = runner.invoke(cli, args)
    assert out.exit_code == 1
    doc = json.loads(out.output)
    assert doc["raises_red"] and doc["settings"]["looks"] == [
        {"replications": 4, "blocks": 4, "level": 0.975}]
    same = runner.invoke(cli, ["compare", str(FIX / "base.yaml"), str(FIX / "renamed.yaml"),
                               "-n", "4", "--horizon", "1y", "-w", "1"])
    assert same.exit_code == 0, same.output
    assert "no structural difference" in same.output


def test_barnet_pair_reports_each_directors_serious_incidents_with_intervals():
    base = load(SCENARIOS / "barnet/barnet-2013-baseline.yaml")
    option = load(SCENARIOS / "barnet/barnet-2014-commissioning.yaml")
    result = compare(("2013", base), [("2014", option)],
                     RunSettings(seed=1, replications=4, horizon=3 * 365.25, drain=60.0,
                                     workers=2))
    rows = {(r.role, r.item, r.origin): r for r in result.options[0].rows}
    for key in (("dcs", "serious_incident", "Family Services"),
                ("dass", "serious_incident", "Adults and Communities")):
        p90 = rows[key].change("p90_days")
        assert p90.ci[0] > 0 and p90.option > p90.base  # later, beyond the interval
    # The 2014 protocol gives the Education and Skills Director no safeguarding one-to-one with
    # the DCS, and serious incidents there escalate to the Chief Executive only: the DCS never
    # hears of them, and the figures say "never" rather than a day count.
    es = rows[("dcs", "serious_incident", "Education and Skills")]
    known = es.change("share_known")
    assert known.base == 1.0 and known.option == 0.0 and known.verdict == Verdict.material_weakening
    p50 = es.change("p50_days")
    assert p50.days_text(p50.base) != "never" and p50.days_text(p50.option) == "never"
