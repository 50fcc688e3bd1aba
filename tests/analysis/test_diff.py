from pathlib import Path

from orgsim.analysis.diff import structural_diff
from orgsim.io.loader import load_scenario

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"


def load(name: str):
    return load_scenario(FIX / name).scenario


def test_a_channel_renamed_with_a_new_id_is_no_change():
    assert structural_diff(load("base.yaml"), load("renamed.yaml")).equal


def test_moved_post_is_described_for_a_committee():
    texts = [c.text for c in structural_diff(load("base.yaml"), load("option.yaml")).changes]
    assert ("Family Services Director: line manager Director of Children's Services (the DCS) -> "
            "Chief Executive (the head of paid service); now accountable to Director of "
            "Children's Services (the DCS)") in texts
    assert any(t.startswith("channel re-timed: Family Services Director -> Director of Children's "
                            "Services (the DCS)") and "cadence fortnightly -> quarterly" in t
               for t in texts)
    assert any(t.startswith("channel added: Family Services Director -> Chief Executive")
               for t in texts)


def test_barnet_2014_shows_the_three_splits():
    base = load_scenario(SCENARIOS / "barnet/barnet-2013-baseline.yaml").scenario
    option = load_scenario(SCENARIOS / "barnet/barnet-2014-commissioning.yaml").scenario
    changes = {c.subject: c for c in structural_diff(base, option).changes if c.section == "posts"}
    assert changes["fs_director"].what == "moved"
    assert "now accountable to Commissioning Director, Children and Young People (the DCS)" in \
        changes["fs_director"].text
    assert changes["ac_director"].what == "added"
    assert "accountable to Commissioning Director, Adults and Health (the DASS)" in \
        changes["ac_director"].text
