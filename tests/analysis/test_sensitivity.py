"""Sensitivity sweeps: the inputs' ranges and how a point becomes a world, the issue's Barnet
observation (the schools' referral routes decide whether the DCS ever hears of a serious incident
in Education and Skills), and a small sweep end to end: the shares, the input a verdict depends
on, the tornado, the paper's sentences."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from orgsim.analysis.sensitivity import sensitivity
from orgsim.analysis.sensitivity.inputs import apply, default_factors, factors_of
from orgsim.analysis.sensitivity.worlds import World, compare_worlds
from orgsim.io.loader import load_scenario
from orgsim.io.sweep import load_sweep
from orgsim.render.sensitivity import (
    holds_sentence,
    paper_sentences,
    sentence_for,
    tornado_png,
    tornado_svg,
)
from orgsim.sim.executor import Executor
from orgsim.sim.settings import RunSettings

from support import FIXTURES, reference_scenario

SWEEP = FIXTURES / "sweeps" / "barnet-schools.sweep.yaml"
ES = ("dcs", "serious_incident", "Education and Skills")
SMALL = RunSettings(replications=4, min_replications=4, workers=1)


@pytest.fixture(scope="module")
def barnet():
    return [load_scenario(reference_scenario(s)).scenario
            for s in ("barnet-2013-baseline", "barnet-2014-commissioning")]


def _row(comparison, key):
    (option,) = comparison.options
    return next(r for r in option.rows if (r.role, r.item, r.origin) == key)


def test_default_ranges_are_the_documented_ones(barnet):
    factors = {f.id: f for f in default_factors(barnet)}
    rates = factors["rates.serious_incident"]
    assert (rates.value(0), rates.value(0.5), rates.value(1)) == pytest.approx((0.5, 1.0, 2.0))
    assert "illustrative" in rates.source
    phase = factors["phase.fs_dcs_one_to_one"]  # fortnightly in 2013, monthly in 2014
    assert phase.any_phase and phase.group == "Phases of the channels into the DCS"
    escalation = factors["escalation_delay"]
    assert escalation.value(0) == pytest.approx(1 / 24) and escalation.value(1) == 1.0
    # the schools' referral routes carry concerns only: as written, or serious incidents too
    schools = factors["carries.es_sen_lado"]
    assert [schools.describe(i) for i in (0, 1)] == ["as written",
                                                     "also carrying serious incidents"]
    assert schools.value(0.49) == 0 and schools.value(0.5) == 1
    # a channel that is not into a Director has no phase of its own in the defaults
    assert "phase.fs_mash_weekly" not in factors


def test_a_point_changes_baseline_and_option_alike_each_in_its_own_terms(barnet):
    factors = default_factors(barnet)
    point = {"phase.fs_dcs_one_to_one": 0.5, "rates.serious_incident": 1.0,
             "carries.es_sen_lado": 1.0, "escalation_delay": 1.0}
    (base, option), settings = apply(factors, point, barnet, SMALL)
    # half-way into each scenario's own period: a fortnight in 2013, a month in 2014
    assert base.channels["fs_dcs_one_to_one"].phase == pytest.approx(7.0)
    assert option.channels["fs_dcs_one_to_one"].phase == pytest.approx(365.25 / 24)
    team = next(t for t in barnet[0].teams if barnet[0].teams[t].items.get("serious_incident"))
    assert base.teams[team].items["serious_incident"] == pytest.approx(
        2 * barnet[0].teams[team].items["serious_incident"])
    assert option.channels["es_sen_lado"].carries == ("safeguarding_concern", "serious_incident")
    assert settings.escalation_delay == 1.0 and SMALL.escalation_delay == 0.25
    # the scenarios as written are untouched
    assert barnet[1].channels["es_sen_lado"].carries == ("safeguarding_concern",)


def test_schools_referral_routes_carrying_serious_incidents_turn_never_into_days(barnet):
    """The issue's observation on the Barnet case: as written the DCS never hears of a serious
    incident in Education and Skills (outside the runs where a step-in returns the unit); once
    the schools' referral routes carry them too, the p90 is about a month."""
    factors = factors_of(load_sweep(SWEEP, barnet), barnet)
    both = {"school_improvement_referrals": 1.0, "sen_referrals": 1.0}
    scenarios, settings = apply(factors, both, barnet, SMALL)
    worlds = [World(tuple(barnet), SMALL), World(tuple(scenarios), settings)]
    with Executor(1) as executor:
        as_written, carried = compare_worlds(["base", "option"], worlds, executor)
    never = SMALL.horizon + SMALL.drain
    p90_written = _row(as_written, ES).change("p90_days")
    p90_carried = _row(carried, ES).change("p90_days")
    assert p90_written.is_never(p90_written.option)
    assert 5 < p90_carried.option < 60 and p90_carried.option < never / 10
    # still a material weakening against the baseline's fortnightly supervision
    assert _row(carried, ES).verdict.value == "material_weakening"


@pytest.fixture(scope="module")
def swept(barnet):
    sweep = load_sweep(SWEEP, barnet)
    return sensitivity(("barnet-2013-baseline", barnet[0]),
                       [("barnet-2014-commissioning", barnet[1])], sweep, SMALL,
                       trajectories=2, samples=6)


def test_sweep_reports_the_share_of_worlds_each_headline_verdict_holds_in(swept):
    data = swept.to_dict()
    assert data["design"]["morris_worlds"] == 2 * (2 + 1)  # two groups: schools, escalation
    assert data["design"]["latin_hypercube_samples"] == 6
    verdicts = {(v["verdict"], v["director"], v["item"], v["origin"]): v
                for v in data["verdicts"]}
    weakening = verdicts[("material_weakening", *ES)]
    assert weakening["holds_as_written"] and weakening["share_of_worlds"] == 1.0
    assert weakening["finding_id"] == "compare.weakening.dcs.serious_incident.Education_and_Skills"
    missed = verdicts[("standard_missed", *ES)]
    assert missed["holds_as_written"] and 0 <= missed["share_of_worlds"] <= 1
    for v in data["verdicts"]:
        assert v["worlds"] == 6 and v["worlds_holding"] == round(v["share_of_worlds"] * 6)


def test_the_schools_routes_move_the_education_figure_most(swept):
    figure = next(f for f in swept.figures if f.figure.id ==
                  "p90_change:barnet-2014-commissioning:dcs.serious_incident.Education and Skills")
    top = figure.bars[0]
    assert top.factor.group == "What the schools' referral routes carry"
    # as written the incidents are never known (counted at the end of the run, 1,461 days); in
    # the worlds where a route carries them, they are known within weeks from its schools
    assert top.low > 1000 and top.low - top.high > 500
    assert top.low_words == "carrying safeguarding concerns"
    assert figure.as_written > 1400
    # Morris: the routes move it hundreds of times more than the escalation delay does
    mu = figure.mu_star
    assert mu["What the schools' referral routes carry"] > 100 * mu["escalation"]


def test_tornado_chart_and_paper_sentences(swept):
    svg = tornado_svg(swept)
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "referrals carry serious incidents" in texts
    assert tornado_png(swept)[:8] == b"\x89PNG\r\n\x1a\n"
    sentences = paper_sentences(swept)
    assert all("of plausible assumptions" in s.text for s in sentences)
    es = sentence_for(swept, "compare.weakening.dcs.serious_incident.Education_and_Skills",
                      "barnet-2014-commissioning")
    assert es is not None and es.startswith("Holds in 100% of plausible assumptions (6 of 6")


def test_a_verdict_that_depends_on_one_input_names_it(swept):
    from dataclasses import replace

    from orgsim.analysis.sensitivity import Dependence

    claim = swept.claims[0]
    factor = swept.screened[0]
    made = replace(claim, holding=3, worlds=6, depends_on=Dependence(
        factor, (("as written", 0.0, 3), ("also carrying serious incidents", 1.0, 3)), 1.0))
    text = holds_sentence(made)
    assert text.startswith("Holds in 50% of plausible assumptions (3 of 6 worlds)")
    assert f"it depends on {factor.title[:1].lower()}{factor.title[1:]}" in text
    assert text.endswith("it holds in 0% of the worlds with as written and 100% with also "
                         "carrying serious incidents.")


def test_the_world_as_written_is_the_comparison_orgsim_compare_gives(swept, barnet):
    from orgsim.analysis.compare import compare

    alone = compare(("barnet-2013-baseline", barnet[0]),
                    [("barnet-2014-commissioning", barnet[1])], SMALL)
    assert swept.nominal.to_dict() == alone.to_dict()
