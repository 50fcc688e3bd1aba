"""Cut-off semantics and the closed form, and the engine held to the closed form item by item."""

from __future__ import annotations

import random


from orgsim.model.vocab import CADENCES
from orgsim.model.analytic import Hop, arrival_at_end, chain_of, latency
from orgsim.model.cadence import cutoff_index, next_cutoff

MONTH = CADENCES["monthly"]


def test_an_item_at_a_cut_off_is_taken_by_it_and_just_after_waits_a_period():
    assert next_cutoff(10.0, 3.0, 7.0) == 10.0
    assert next_cutoff(10.0 + 1e-9, 3.0, 7.0) == 17.0
    assert next_cutoff(0.0, 3.0, 7.0) == 3.0
    assert next_cutoff(3.0, 3.0, 7.0) == 3.0


def test_cut_offs_are_computed_not_accumulated_so_far_ones_stay_exact():
    for k in (1, 12, 35, 120, 1000):
        t = 2.5 + k * MONTH
        assert cutoff_index(t, 2.5, MONTH) == k
        assert next_cutoff(t, 2.5, MONTH) == t


def test_phase_later_than_the_arrival_means_the_first_cut_off_is_the_phase():
    assert next_cutoff(1.0, 20.0, MONTH) == 20.0


def test_latency_is_next_firing_plus_lag_hop_by_hop():
    chain = (Hop(7.0, 2.0, 1.0), Hop(MONTH, 10.0, 3.0))
    # arrives day 0.5: weekly cut-off at day 2, delivered day 3; monthly cut-off at day 10 -> 13.
    assert arrival_at_end(0.5, chain) == 13.0
    assert latency(0.5, chain) == 12.5
    assert arrival_at_end(5.0, (Hop(0.0, 0.0, 0.5),)) == 5.5  # immediate channel: just the lag


ENGINE_CHAIN = """\
posts:
  head: {title: Head of service}
  director: {title: Director, roles: [dcs]}
teams:
  team: {title: Team, line_manager: head, delivers: [children_social_care]}
channels:
  weekly: {from: team, to: head, name: Weekly meeting, cadence: weekly, phase: 2d, lag: 1d}
  monthly: {from: head, to: director, name: Monthly report, cadence: monthly, phase: 10d, lag: 3d}
  alert: {from: director, to: lm, name: Alert, cadence: immediate, lag: 0.5d}
members:
  lm: {title: Lead Member, roles: [lead_member_children]}
"""


def test_engine_equals_the_closed_form_item_by_item(sim):
    s = sim(ENGINE_CHAIN)
    rng = random.Random(7)
    arrivals = [(rng.uniform(0, 300), "team", "complaint") for _ in range(300)]
    # and some exactly at cut-offs, where floating point would bite an accumulating engine
    arrivals += [(2.0 + 7.0 * k, "team", "complaint") for k in range(0, 40, 3)]
    items, record = s.run(arrivals)
    chain = chain_of(s.scenario, ["weekly", "monthly"])
    to_lm = (*chain, Hop.of(s.scenario.channels["alert"]))
    for i, t in enumerate(items.arrival):
        assert s.when(record, "director", i) == arrival_at_end(t, chain)
        assert s.when(record, "lm", i) == arrival_at_end(t, to_lm)


def test_an_item_delivered_exactly_at_a_cut_off_that_already_fired_is_still_taken(sim):
    s = sim("""\
        posts:
          a: {title: A}
          b: {title: B}
          c: {title: C}
        teams:
          t: {title: T, line_manager: a}
        channels:
          first: {from: t, to: a, name: First, cadence: 10d, lag: 5d}
          second: {from: a, to: b, name: Second, cadence: 15d, lag: 1d}
          third: {from: b, to: c, name: Third, cadence: 16d}
        """)
    # Item 0 reaches `a` at 5, which schedules `second`'s cut-off at 15 before anything else.
    # Item 1 reaches `a` at exactly 15 (cut-off 10 + lag 5), after that cut-off's event has run.
    items, record = s.run([(0.0, "t", "complaint"), (1.0, "t", "complaint")])
    assert s.when(record, "a", 0) == 5.0   # cut-off 0 is at day 0, lag 5
    assert s.when(record, "a", 1) == 15.0  # cut-off 10, lag 5: reaches a exactly at 15
    assert s.when(record, "b", 0) == 16.0  # second's cut-off 15, lag 1
    assert s.when(record, "b", 1) == 16.0  # taken by the cut-off at 15, not the one at 30


def test_items_reaching_a_channel_with_nothing_else_queued_still_fire(sim):
    s = sim(ENGINE_CHAIN)
    items, record = s.run([(299.0, "team", "complaint")])
    assert s.when(record, "director", 0) == arrival_at_end(
        299.0, chain_of(s.scenario, ["weekly", "monthly"]))


def test_cut_off_indices_of_many_times_agree_with_one_at_a_time():
    import numpy as np

    from orgsim.model.cadence import cutoff_indices

    rng = random.Random(5)
    for phase, period in ((0.0, 7.0), (2.5, MONTH), (9.0, CADENCES["quarterly"]), (0.3, 0.1)):
        times = sorted([rng.uniform(0, 1500) for _ in range(500)]
                       + [phase + k * period for k in range(0, 60, 7)] + [0.0, phase])
        assert cutoff_indices(np.array(times), phase, period).tolist() == \
            [cutoff_index(t, phase, period) for t in times]
