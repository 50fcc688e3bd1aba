import pytest

from support import FIXTURES, MINIMAL
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario, load_scenario_text, scenario_hash

OVERLAYS = FIXTURES / "overlays"


def problems_of(path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_option_merges_entries_by_id_field_by_field():
    loaded = load_scenario(OVERLAYS / "option.yaml")
    fs = loaded.scenario.posts["fs"]
    assert fs.line_manager == "ceo"
    assert fs.accountable_to == ("dcs",)
    assert fs.unit == "Family Services"  # kept from the baseline
    assert fs.escalates_at is None  # `null` resets to the default
    assert loaded.scenario.name == "Overlay option"
    assert loaded.scenario.jurisdiction == "england"  # inherited
    assert [p.name for p in loaded.files] == ["base.yaml", "option.yaml"]


def test_remove_drops_ids_and_new_entries_are_added():
    channels = load_scenario(OVERLAYS / "option.yaml").scenario.channels
    assert set(channels) == {"fs_quarterly"}
    assert channels["fs_quarterly"].lag == 30


def test_extends_resolves_relative_to_the_file_and_chains():
    loaded = load_scenario(OVERLAYS / "nested" / "option_of_option.yaml")
    assert [p.name for p in loaded.files] == ["base.yaml", "option.yaml", "option_of_option.yaml"]
    channel = loaded.scenario.channels["fs_quarterly"]
    assert channel.cadence == pytest.approx(365.25 / 12)
    assert channel.lag == 30  # untouched fields survive two levels of overlay


def test_cycles_of_extends_are_an_error():
    (message,) = problems_of(OVERLAYS / "cycle_a.yaml")
    assert "goes round in a circle" in message
    assert "cycle_a.yaml -> " in message and "cycle_b.yaml" in message


def test_missing_baseline_suggests_the_nearest_file():
    (message,) = problems_of(OVERLAYS / "missing_base.yaml")
    assert message.endswith("did you mean 'base.yaml'?")
    assert ":3:10:" in message


def test_a_problem_is_placed_in_the_file_that_last_wrote_the_field(tmp_path):
    # The option rewrites fs's line manager: the baseline's mark of that field gives way to the
    # option's, while the baseline's problems in what the option leaves alone (fs's other field,
    # the team's manager) keep the baseline's marks.
    base = (OVERLAYS / "base.yaml").read_text() \
        .replace("line_manager: dcs, escalates_at", "line_manager: dcs, accountable_to: [dxs], "
                 "escalates_at").replace("line_manager: fs,", "line_manager: fz,")
    (tmp_path / "base.yaml").write_text(base)
    (tmp_path / "option.yaml").write_text("orgsim: 1\nname: Option\nextends: base.yaml\n"
                                          "posts:\n  fs: {line_manager: nobody}\n")

    def spot(bad: str) -> str:
        line = next(n for n, text in enumerate(base.splitlines(), 1) if bad in text)
        return f"base.yaml:{line}:{base.splitlines()[line - 1].index(bad) + 1}"
    places = sorted(message.split(": ")[0].rsplit("/", 1)[-1]
                    for message in problems_of(tmp_path / "option.yaml"))
    assert places == sorted([spot("dxs"), spot("fz"), "option.yaml:5:22"])


def test_removing_an_unknown_id_suggests_the_nearest():
    (message,) = problems_of(OVERLAYS / "removes_referenced.yaml".replace("referenced", "unknown"))
    assert "cannot remove 'fs_12l'" in message and "did you mean 'fs_121'?" in message


def test_an_id_removed_twice_is_reported_the_second_time(tmp_path):
    (tmp_path / "base.yaml").write_text((OVERLAYS / "base.yaml").read_text())
    (tmp_path / "option.yaml").write_text("orgsim: 1\nname: Option\nextends: base.yaml\n"
                                          "remove: [fs_121, cs, fs_121]\n")
    (message,) = problems_of(tmp_path / "option.yaml")
    assert message.split(": ")[0].endswith("option.yaml:4:22")
    assert "cannot remove 'fs_121': the baseline has no such id" in message


def test_references_to_a_removed_id_say_it_was_removed():
    messages = problems_of(OVERLAYS / "removes_referenced.yaml")
    # fs is line-managed by dcs in the baseline, and the channel fs_121 runs to it
    assert any("base.yaml:8:" in m and "'dcs' was removed by `remove` at" in m for m in messages)
    assert len(messages) == 2


def test_cross_reference_problems_are_reported_together():
    text = MINIMAL + """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service], line_manager: nobody}
  dcs: {title: DCS, roles: [dcs, dcs]}
teams:
  t: {title: Team, line_manager: ceo, items: {complaints: 1}}
"""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "council.yaml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3, messages
    assert [p.location.line for p in info.value.problems] == [6, 7, 9]


def test_only_safe_yaml_is_read():
    text = MINIMAL + "description: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(ScenarioError, match="YAML value not allowed"):
        load_scenario_text(text, "evil.yaml")


def test_empty_file_explains_what_a_scenario_starts_with(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    with pytest.raises(ScenarioError, match="the file is empty; a scenario starts with"):
        load_scenario(path)


def test_hash_ignores_comments_and_layout():
    a = load_scenario_text(MINIMAL + "posts: {ceo: {title: Chief Executive}}\n", "a.yaml")
    b = load_scenario_text("# a comment\n" + MINIMAL + "posts:\n  ceo:\n    title: Chief Executive\n",
                           "b.yaml")
    assert scenario_hash(a.scenario) == scenario_hash(b.scenario)
    c = load_scenario_text(MINIMAL + "posts: {ceo: {title: Chief Exec}}\n", "c.yaml")
    assert scenario_hash(c.scenario) != scenario_hash(a.scenario)
