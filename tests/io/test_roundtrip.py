"""Generated valid scenarios load, build a graph, and survive a dump and reload unchanged."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgsim.io.dump import dump_scenario
from orgsim.io.loader import load_scenario_text
from orgsim.model import vocab
from orgsim.model.graph import LINE_MANAGES, OrgGraph
from orgsim.model.scenario import Scenario

OFFICER_ROLES = [r for r, role in vocab.ROLES.items() if role.holder_kind == "post"
                 and "england" in role.jurisdictions]
MEMBER_ROLES = [r for r, role in vocab.ROLES.items() if role.holder_kind == "member"]
durations = st.one_of(st.integers(0, 400), st.sampled_from(["2d", "6w", "3m", "1y", "0.5d"]))
cadences = st.one_of(st.sampled_from(list(vocab.CADENCES)), st.integers(1, 100))
# Titles as people type them: any letters, marks, numbers, punctuation and spaces; no control
# characters or line separators.
titles = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                 max_size=30).filter(str.strip)
rates = st.one_of(st.floats(0, 50, allow_nan=False, width=32), st.sampled_from(["5/year", "0.4/month"]))


@st.composite
def scenarios(draw) -> dict:
    n_posts = draw(st.integers(1, 7))
    posts = {}
    officer_roles = draw(st.permutations(OFFICER_ROLES))
    for i in range(n_posts):
        manager = draw(st.one_of(st.none(), st.sampled_from([f"p{j}" for j in range(i)]))) if i else None
        others = [f"p{j}" for j in range(n_posts) if j != i and f"p{j}" != manager]
        post = {"title": draw(titles),
                "line_manager": manager,
                "roles": [officer_roles[i]] if i < len(officer_roles) and draw(st.booleans()) else [],
                "accountable_to": draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
                if others else [],
                "escalates_at": draw(st.one_of(st.none(), st.sampled_from(vocab.SEVERITY_NAMES)))}
        if draw(st.booleans()):
            start = draw(st.integers(0, 300))
            post["vacant"] = [{"from": start, "to": start + draw(st.integers(1, 300)),
                               "covered_by": draw(st.sampled_from(others)) if others else None}]
        posts[f"p{i}"] = post
    post_ids = list(posts)
    teams = {f"t{i}": {"title": f"Team {i}", "line_manager": draw(st.sampled_from(post_ids)),
                       "delivers": draw(st.lists(st.sampled_from(list(vocab.FUNCTIONS)), unique=True,
                                                 max_size=3)),
                       "items": draw(st.dictionaries(st.sampled_from(list(vocab.ITEM_KINDS)), rates,
                                                     max_size=3))}
             for i in range(draw(st.integers(0, 4)))}
    members = {f"m{i}": {"title": f"Councillor {i}", "roles": [role]}
               for i, role in enumerate(draw(st.lists(st.sampled_from(MEMBER_ROLES), unique=True)))}
    nodes = post_ids + list(teams) + list(members)
    attendees = post_ids + list(members)
    bodies = {}
    for i in range(draw(st.integers(0, 2))):
        people = draw(st.lists(st.sampled_from(attendees), unique=True, max_size=4))
        half = len(people) // 2
        bodies[f"b{i}"] = {"title": f"Board {i}", "kind": draw(st.sampled_from(list(vocab.BODY_KINDS))),
                           "chair": draw(st.sampled_from(attendees)), "members": people[:half],
                           "observers": people[half:], "meets": draw(cadences)}
    channels = {}
    for i in range(draw(st.integers(0, 4))):
        source, target = draw(st.lists(st.sampled_from(nodes), unique=True, min_size=2, max_size=2)) \
            if len(nodes) > 1 else (None, None)
        if source is None:
            break
        channels[f"c{i}"] = {"from": source, "to": target, "name": f"Channel {i}",
                             "cadence": draw(cadences), "phase": draw(durations), "lag": draw(durations),
                             "carries": draw(st.lists(st.sampled_from(list(vocab.ITEM_KINDS)),
                                                      unique=True, max_size=3)),
                             "reliability": draw(st.sampled_from([1, 0.9, 0.5]))}
    rights = {}
    if len(post_ids) > 1:
        holder, over = post_ids[0], post_ids[1:]
        rights["r0"] = {"holder": holder, "kind": draw(st.sampled_from(list(vocab.RIGHT_KINDS))),
                        "over": over, "trigger": {"item": "performance_dip", "count": 3, "within": "3m"}}
    standards = {"s0": {"who": post_ids[0], "item": "serious_incident", "within": draw(durations),
                        "share": 0.9}}
    return {"orgsim": 1, "name": draw(titles),
            "jurisdiction": "england", "governance": draw(st.sampled_from(["leader_cabinet", "committee",
                                                                          "mayor"])),
            "posts": posts, "teams": teams, "members": members, "bodies": bodies,
            "channels": channels, "rights": rights, "standards": standards}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_load_graph_and_round_trip(data):
    original = Scenario.model_validate(data)
    reloaded = load_scenario_text(dump_scenario(original), "generated.yaml").scenario
    assert reloaded == original
    org = OrgGraph(reloaded)
    line_edges = [(u, v) for u, v, t in org.graph.edges(data="type") if t == LINE_MANAGES]
    expected = [(p.line_manager, pid) for pid, p in {**original.posts, **original.teams}.items()
                if p.line_manager]
    assert sorted(line_edges) == sorted(expected)
    for split in org.splits():
        assert split.director not in org.line_chain(split.node)
