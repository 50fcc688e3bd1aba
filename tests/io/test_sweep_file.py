"""Sweep files: mistakes are reported as file:line:column with what to write instead, before any
simulation runs."""

from __future__ import annotations

import pytest

from orgsim.cli.main import main
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario
from orgsim.io.sweep import load_sweep, load_sweep_text
from support import FIXTURES, reference_scenario

BARNET = [load_scenario(reference_scenario(s)).scenario
          for s in ("barnet-2013-baseline", "barnet-2014-commissioning")]


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_sweep_text(text, "my.sweep.yaml", BARNET)
    return [str(p) for p in caught.value.problems]


def test_the_reference_sweep_loads():
    sweep = load_sweep(FIXTURES / "sweeps" / "barnet-schools.sweep.yaml", BARNET)
    assert not sweep.defaults and len(sweep.inputs) == 3
    assert sweep.inputs["escalation"].escalation_delay == pytest.approx((0.04, 1.0))


def test_a_misspelt_channel_id_points_at_its_value_and_suggests_the_right_one():
    text = "orgsim_sweep: 1\ninputs:\n  lag:\n    lag: fs_dcs_quartely\n    scale: [0.5, 2]\n"
    assert _problems(text) == ["my.sweep.yaml:4:10: no scenario swept has a channel "
                               "'fs_dcs_quartely'; did you mean 'fs_dcs_quarterly'?"]


def test_an_unknown_key_and_a_range_that_does_not_apply():
    text = ("orgsim_sweep: 1\ninputs:\n  si:\n    rates: serious_incident\n    scael: [0.5, 2]\n"
            "  rel:\n    reliability: fs_dcs_one_to_one\n    scale: [0.8, 1]\n")
    found = _problems(text)
    assert "my.sweep.yaml:5:5: unknown key 'scael' in inputs.si; did you mean 'scale'?" in found
    assert any(p.startswith("my.sweep.yaml:7:5: inputs.rel: `scale` does not apply to "
                            "`reliability`; use `range`") for p in found)


def test_an_item_kind_that_does_not_exist_in_an_alternative():
    text = ("orgsim_sweep: 1\ninputs:\n  sen:\n    carries: es_sen_lado\n"
            "    alternatives: [[safeguarding_concern], [safeguarding_concern, serious_incidnet]]\n")
    assert _problems(text) == ["my.sweep.yaml:5:67: 'serious_incidnet' is not an item kind of "
                               "the scenarios swept; did you mean 'serious_incident'?"]


def test_the_command_reports_them_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.sweep.yaml"
    bad.write_text("orgsim_sweep: 1\ninputs:\n  e:\n    escalation_delay: [1d, 0.1d]\n")
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", str(reference_scenario("barnet-2013-baseline")),
              str(reference_scenario("barnet-2014-commissioning")), "--sweep", str(bad),
              "--out", str(tmp_path / "out")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "bad.sweep.yaml:4:5: inputs.e: a range runs from the smaller value to the larger; " \
           "swap them" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()
