"""Escalation up the line, dedupe, bodies, vacancies, interim cover and step-in."""

from __future__ import annotations

SPLIT = """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
  fsd: {title: Family Services Director, line_manager: ceo, accountable_to: [dcs]}
teams:
  cs: {title: Social work, line_manager: fsd, delivers: [children_social_care]}
channels:
  weekly: {from: cs, to: fsd, name: Weekly, cadence: weekly}
  one_to_one: {from: fsd, to: dcs, name: Monthly one-to-one, cadence: 30d, phase: 20d}
"""


def test_serious_items_climb_the_line_at_once_and_reach_the_accountable_director_late(sim):
    s = sim(SPLIT)
    items, record = s.run([(1.0, "cs", "serious_incident"), (1.0, "cs", "complaint")])
    si, complaint = (0, 1) if s.network.kinds[items.kind[0]] == "serious_incident" else (1, 0)
    assert s.when(record, "fsd", si) == 1.0 and s.when(record, "ceo", si) == 1.0
    # the DCS is off the line: the serious incident waits for the one-to-one at day 20
    assert s.when(record, "dcs", si) == 20.0
    # a complaint does not escalate: weekly meeting at day 7, then the one-to-one
    assert s.when(record, "fsd", complaint) == 7.0
    assert s.when(record, "ceo", complaint) is None
    assert s.when(record, "dcs", complaint) == 20.0


def test_escalation_follows_the_line_so_a_dcs_on_the_line_learns_at_once(sim):
    s = sim(SPLIT.replace("line_manager: ceo, accountable_to: [dcs]", "line_manager: dcs"))
    items, record = s.run([(1.0, "cs", "serious_incident")])
    assert s.when(record, "dcs", 0) == 1.0


def test_escalation_delay_is_short_random_and_reproducible(sim):
    s = sim(SPLIT)
    arrivals = [(1.0 + k, "cs", "serious_incident") for k in range(50)]
    _, first = s.run(arrivals, escalation_delay=0.25, seed=9)
    _, again = s.run(arrivals, escalation_delay=0.25, seed=9)
    delays = [s.when(first, "ceo", i) - (1.0 + i) for i in range(50)]
    assert all(d > 0 for d in delays) and 0.1 < sum(delays) / 50 < 1.0  # two hops of mean 0.25
    nodes = range(len(s.network.nodes))
    assert [first.known(n) for n in nodes] == [again.known(n) for n in nodes]


def test_an_immediate_channel_is_used_as_well_as_the_line(sim):
    s = sim(SPLIT + "  alert: {from: fsd, to: dcs, name: SI protocol, cadence: immediate, "
                    "lag: 0.5d, carries: [serious_incident]}\n")
    _, record = s.run([(1.0, "cs", "serious_incident")])
    assert s.when(record, "dcs", 0) == 1.5


def test_a_node_records_the_first_time_only_and_does_not_forward_twice(sim):
    s = sim(SPLIT + "  again: {from: cs, to: dcs, name: Direct, cadence: 5d}\n"
                    "  up: {from: dcs, to: ceo, name: DCS to CEx, cadence: 3d}\n")
    _, record = s.run([(1.0, "cs", "complaint")])
    assert s.when(record, "dcs", 0) == 5.0   # direct channel first; the one-to-one repeats it
    assert s.when(record, "ceo", 0) == 6.0   # forwarded once, from the first awareness


def test_a_post_reached_by_escalation_and_a_channel_passes_each_item_on_once(sim):
    # the Family Services Director hears of the serious incident twice: at once, up the line,
    # and in the weekly report; the one-to-one must carry it to the DCS once
    s = sim(SPLIT)
    items, record = s.run([(1.0, "cs", "serious_incident"), (2.0, "cs", "complaint")])
    si = next(i for i in range(2) if s.network.kinds[items.kind[i]] == "serious_incident")
    assert s.when(record, "fsd", si) == 1.0
    listed = [int(i) for ids, _ in record.learnt[s.network.index("dcs")] for i in ids]
    assert sorted(listed) == [0, 1]
    # with no item of a kind escalated in the run, the channel is the one way in, and the
    # complaints still reach the DCS once each, at the one-to-one after the weekly report
    items, record = s.run([(1.0, "cs", "complaint"), (3.0, "cs", "complaint")])
    listed = [(int(i), t) for ids, t in record.learnt[s.network.index("dcs")] for i in ids]
    assert listed == [(0, 20.0), (1, 20.0)]


BODY = """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
members:
  lm: {title: Lead Member, roles: [lead_member_children]}
teams:
  cs: {title: Social work, line_manager: dcs}
bodies:
  board: {title: Board, kind: officer_board, chair: ceo, members: [dcs], observers: [lm],
          meets: 30d, phase: 10d}
channels:
  paper: {from: cs, to: board, name: Board paper, cadence: immediate}
  minutes: {from: board, to: council_clerk, name: Minutes, cadence: immediate, lag: 1d}
externals:
  council_clerk: {title: Clerk}
"""


def test_what_is_presented_to_a_body_reaches_chair_members_and_observers_at_its_meeting(sim):
    s = sim(BODY)
    _, record = s.run([(12.0, "cs", "complaint")])
    for who in ("board", "ceo", "dcs", "lm"):
        assert s.when(record, who, 0) == 40.0
    assert s.when(record, "council_clerk", 0) == 41.0


VACANT = """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  sdc: {title: Strategic Director, line_manager: ceo}
  dcs: {title: DCS, roles: [dcs], line_manager: sdc, vacant: [{from: 100d, to: 200d%s}]}
teams:
  cs: {title: Social work, line_manager: dcs}
channels:
  report: {from: cs, to: dcs, name: Report, cadence: 10d}
  up: {from: dcs, to: ceo, name: Up, cadence: 10d, phase: 5d}
"""


def test_a_vacant_post_neither_learns_nor_forwards(sim):
    s = sim(VACANT % "")
    _, record = s.run([(50.0, "cs", "complaint"), (150.0, "cs", "complaint"),
                       (150.5, "cs", "serious_incident"), (250.0, "cs", "complaint")])
    assert s.when(record, "dcs", 0) == 50.0 and s.when(record, "ceo", 0) == 55.0
    assert s.when(record, "dcs", 1) is None and s.when(record, "ceo", 1) is None
    # the serious incident escalates to the vacant DCS and stops there
    assert s.when(record, "dcs", 2) is None and s.when(record, "ceo", 2) is None
    assert s.when(record, "dcs", 3) == 250.0


def test_an_interim_learns_and_acts_for_the_vacant_post(sim):
    s = sim(VACANT % ", covered_by: sdc")
    _, record = s.run([(150.0, "cs", "complaint"), (150.5, "cs", "serious_incident")])
    assert s.when(record, "sdc", 0) == 150.0
    assert s.when(record, "dcs", 0) == 150.0   # the office knows, through its interim
    assert s.when(record, "ceo", 0) == 155.0   # and the post's own channel still runs
    assert s.when(record, "sdc", 1) == 150.5 and s.when(record, "ceo", 1) == 150.5


STEP_IN = """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs]}
  fsd: {title: Family Services Director, line_manager: ceo, accountable_to: [dcs]}
teams:
  cs: {title: Social work, line_manager: fsd}
channels:
  weekly: {from: cs, to: fsd, name: Weekly, cadence: 1d}
rights:
  step_in:
    holder: dcs
    kind: step_in
    over: fsd
    when: performance escalation level 3
    trigger: {item: performance_dip, count: 3, within: 90d}
"""


def test_step_in_moves_line_management_once_its_trigger_holds(sim):
    s = sim(STEP_IN)
    arrivals = [(10.0, "cs", "serious_incident"),
                (20.0, "cs", "performance_dip"), (150.0, "cs", "performance_dip"),
                (160.0, "cs", "performance_dip"), (170.0, "cs", "performance_dip"),
                (200.0, "cs", "serious_incident")]
    items, record = s.run(arrivals)
    assert record.step_ins == (("step_in", 170.0),)  # day 20 is outside the 90-day window
    assert s.when(record, "dcs", 0) is None and s.when(record, "ceo", 0) == 10.0
    assert s.when(record, "dcs", 5) == 200.0 and s.when(record, "ceo", 5) is None


def test_step_in_without_its_trigger_never_fires(sim):
    s = sim(STEP_IN)
    _, record = s.run([(20.0, "cs", "performance_dip"), (150.0, "cs", "performance_dip"),
                       (200.0, "cs", "serious_incident")])
    assert record.step_ins == ()
    assert s.when(record, "ceo", 2) == 200.0


def test_step_in_counts_only_items_from_the_covered_directors_own_unit(sim):
    # The Family Services Director also sits on a committee where another unit's performance
    # dips are presented; those are council-wide items, not level-3 escalation of their own unit.
    s = sim(STEP_IN.replace("channels:", """\
  other: {title: Another unit's team, line_manager: ceo}
bodies:
  committee: {title: Committee, kind: committee, chair: ceo, observers: [fsd], meets: 1d}
channels:
  paper: {from: other, to: committee, name: Committee paper, cadence: immediate}"""))
    others = [(20.0 + k, "other", "performance_dip") for k in range(5)]
    _, record = s.run(others)
    assert all(s.when(record, "fsd", i) is not None for i in range(5))  # learnt at the committee
    assert record.step_ins == ()
    own = [(100.0, "cs", "performance_dip"), (101.0, "cs", "performance_dip"),
           (102.0, "cs", "performance_dip")]
    _, record = s.run(others + own)
    assert record.step_ins == (("step_in", 102.0),)
