"""Reliability (cancelled occurrences roll items forward), capacity (overflow waits, most severe
first) and fidelity (a summary keeps only a share)."""

from __future__ import annotations

from collections import defaultdict

PAIR = """\
posts:
  head: {title: Head}
  director: {title: Director}
teams:
  team: {title: Team, line_manager: head}
defaults: {escalates_at: critical}
channels:
  report: {from: team, to: director, name: Report, cadence: 10d, phase: 0d, lag: 2d%s}
"""


def test_a_cancelled_occurrence_rolls_its_items_to_the_next_one(sim):
    s = sim(PAIR % ", reliability: 0.5")
    arrivals = [(10.0 * k + 5.0, "team", "complaint") for k in range(60)]
    items, record = s.run(arrivals, horizon=700, drain=200, seed=3)
    own_cutoff = [10.0 * (k + 1) for k in range(60)]
    delivered = [s.when(record, "director", i) for i in range(60)]
    rolled = 0
    for i, when in enumerate(delivered):
        assert when is not None
        occurrence = when - 2.0
        assert occurrence % 10.0 == 0.0 and occurrence >= own_cutoff[i]
        if occurrence > own_cutoff[i]:
            rolled += 1
            # every occurrence in between was cancelled, so later items waiting meet it there
            if i + 1 < len(delivered):
                assert delivered[i + 1] == when or own_cutoff[i + 1] > occurrence
    assert 10 < rolled < 50  # about half the occurrences are cancelled


def test_capacity_takes_the_most_severe_first_and_overflow_waits(sim):
    s = sim(PAIR % ", capacity: 2")
    arrivals = [(1.0, "team", "complaint"), (2.0, "team", "complaint"),
                (3.0, "team", "performance_dip"), (4.0, "team", "serious_incident"),
                (5.0, "team", "complaint")]
    items, record = s.run(arrivals)
    by_kind = defaultdict(list)
    for i in range(5):
        by_kind[s.network.kinds[items.kind[i]]].append(s.when(record, "director", i))
    assert by_kind["serious_incident"] == [12.0]
    assert by_kind["performance_dip"] == [12.0]
    # three complaints: the two oldest at the next occurrence, the last one the one after
    assert by_kind["complaint"] == [22.0, 22.0, 32.0]


def test_fidelity_drops_a_share_of_items_for_good(sim):
    s = sim(PAIR % ", fidelity: 0.6")
    arrivals = [(k * 0.5, "team", "complaint") for k in range(800)]
    items, record = s.run(arrivals, horizon=400, drain=400)
    known = [s.when(record, "director", i) for i in range(800)]
    kept = sum(1 for w in known if w is not None)
    assert 0.5 < kept / 800 < 0.7
    assert all(w is None or (w - 2.0) % 10.0 == 0.0 for w in known)
