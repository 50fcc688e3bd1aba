"""Verdicts that matter and do not flip: materiality, replications until settled, like with like."""

from pathlib import Path

import pytest

from orgsim.analysis.blocks import Measurement, block_size, looks
from orgsim.analysis.compare import compare
from orgsim.analysis.paired import judged_rows
from orgsim.analysis.materiality import Verdict
from orgsim.io.loader import load_scenario
from orgsim.sim.settings import RunSettings

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
BARNET_2014 = SCENARIOS / "barnet" / "barnet-2014-commissioning.yaml"


def option(tmp_path: Path, name: str, channel: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"orgsim: 1\nextends: {BARNET_2014}\nname: Barnet 2014, {name}\n"
                    f"channels:\n  fs_dcs_one_to_one: {channel}\n", encoding="utf-8")
    return path


def material(option_comparison) -> set[tuple[str, str, str]]:
    return {(r.role, r.item, r.origin) for r in option_comparison.rows
            if r.verdict == Verdict.material_weakening}


@pytest.mark.parametrize("cap", [100, 2000])
def test_a_day_later_is_no_weakening_and_quarterly_is_material_whatever_the_cap(tmp_path, cap):
    later = option(tmp_path, "one-to-one a day later", "{phase: 8d}")  # the 2014 file has 1w
    quarterly = option(tmp_path, "one-to-one quarterly", "{cadence: quarterly}")
    result = compare(("2014", load_scenario(BARNET_2014).scenario),
                     [("later", load_scenario(later).scenario),
                      ("quarterly", load_scenario(quarterly).scenario)],
                     RunSettings(seed=1, replications=cap, workers=2))
    by_label = {o.label: o for o in result.options}
    assert not by_label["later"].weakenings
    assert ("dcs", "safeguarding_concern", "Family Services") in material(by_label["quarterly"])
    assert any(f.severity.value == "red" for f in by_label["quarterly"].weakenings)


PAIRS = [("barnet/barnet-2013-baseline", "barnet/barnet-2014-commissioning"),
         ("england/england-unitary-conventional", "england/england-unitary-commissioned-adults"),
         ("wales/wales-county-single-dss", "wales/wales-county-integrated-children")]


@pytest.mark.parametrize("base, opt", PAIRS, ids=[p[1].split("/")[1] for p in PAIRS])
def test_the_reference_options_material_weakenings_are_the_same_at_caps_200_and_2000(base, opt):
    scenarios = [load_scenario(SCENARIOS / f"{name}.yaml").scenario for name in (base, opt)]
    small, large = (compare(("base", scenarios[0]), [("option", scenarios[1])],
                            RunSettings(seed=1, replications=cap, workers=2)).options[0]
                    for cap in (200, 2000))
    assert material(small) == material(large)
    later = {(r.role, r.item, r.origin): r for r in large.rows}
    for row in small.rows:  # a settled row keeps its verdict; an unsettled one may only settle
        if row.settled:
            assert later[(row.role, row.item, row.origin)].verdict == row.verdict


def _measurement(cap: int, values: list[float]) -> Measurement:
    key = ("dcs", "serious_incident", "all")
    series = {m: list(values) if m == "p90_days" else [None] * len(values)
              for m in ("share_known", "p50_days", "p90_days", "share_within")}
    return Measurement({key: series}, {}, {key: [10] * len(values)}, len(values),
                       k=block_size(RunSettings(replications=cap)),
                       design=tuple(looks(RunSettings(replications=cap))))


def test_a_row_not_settled_at_one_cap_settles_at_a_larger_one_and_keeps_it():
    """Blocks 0.5 day later on average, with noise: 10 blocks reach across the 1-day margin, 40
    lie inside it. A cap of 80 replications (looks at 10 and 20 blocks) leaves the row not
    settled; caps of 160 and 2,000 settle it at 160 replications, with the same verdict."""
    noise = [1.35, -1.35, 1.05, -1.05, 0.75, -0.75, 0.45, -0.45, 0.15, -0.15] * 8
    base = [1.0] * 80
    option = [1.5 + n for n in noise]
    verdicts = {}
    for cap in (80, 160, 2000):
        (row,) = judged_rows([("dcs", "serious_incident", "all")], _measurement(cap, base),
                             _measurement(cap, option))
        verdicts[cap] = (row.verdict, row.replications)
    assert verdicts[80] == (Verdict.not_settled, 80)
    assert verdicts[160] == verdicts[2000] == (Verdict.weakening_below_materiality, 160)


def test_a_director_of_people_is_judged_like_with_like():
    """The DASS's remit takes in children's social work when one post holds both roles: the
    slower children's items are the DCS's weakening, never the DASS's."""
    base = load_scenario(FIX / "people-base.yaml").scenario
    opt = load_scenario(FIX / "people-option.yaml").scenario
    result = compare(("base", base), [("people", opt)],
                     RunSettings(seed=1, replications=40, horizon=365.25, workers=1)).options[0]
    assert {f.id for f in result.weakenings} == {
        "compare.weakening.dcs.serious_incident.Children_s_Social_Work"}
    dass = {r.origin: r for r in result.rows if r.role == "dass"}
    assert set(dass) == {"Adult Social Work"}
    assert dass["Adult Social Work"].verdict == Verdict.no_material_change
    assert any("the DASS, serious_incident from Children's Social Work: reported apart" in n
               for n in result.notes)
    assert any("the DASS, serious_incident from all teams in the remit: not judged" in n
               for n in result.notes)
