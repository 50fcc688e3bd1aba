"""Property: whatever a user writes, loading it gives a valid scenario or located messages,
never a crash, a hang or a message a terminal would act on.

Hypothesis mutates the reference scenarios: deletes, duplicates and retargets entries, puts
values of the wrong type and extreme or non-finite numbers in their place, inserts control
characters, aliases and tags, and cuts the text short. Each outcome must be a scenario (which
`check` must then also get through) or a ScenarioError whose every problem is one printable
`file:line:column` line; nothing else may be raised, and each example must finish in seconds.

The profile is derandomized with a stated number of examples, so CI runs the same cases every
time and stays well under two minutes.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import reference_scenarios
from orgsim.analysis.checking import check_report
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario_text
from orgsim.model.graph import OrgGraph

REFERENCES = [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in reference_scenarios()]
SECONDS_PER_EXAMPLE = 20  # generous on a loaded machine; a hang is what it catches
EXTREMES = [0, -1, 1e308, 10 ** 400, float("inf"), float("-inf"), float("nan"), "9" * 400 + "d",
            "9" * 400 + "/day", "-3d", "1e400", "", " ", "x" * 5000, True, None, [], {}, [[1]],
            {"a": [1, {"b": None}]}, "\x1b]0;owned\x07", "line\nbreak", "=HYPERLINK(\"x\")",
            "yes", "~", 0.0000001]
CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\t", "\r"]


def paths(data, prefix=()):
    """Every (path, value) in nested mappings and lists."""
    yield prefix, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*prefix, i))


def parent_of(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutant(draw):
    path, original = draw(st.sampled_from(REFERENCES))
    data = copy.deepcopy(original)
    ids = [k for section in data.values() if isinstance(section, dict) for k in section]
    for _ in range(draw(st.integers(1, 4))):
        spots = [p for p, _ in paths(data) if p]
        if not spots:
            break
        where = draw(st.sampled_from(spots))
        parent = parent_of(data, where)
        action = draw(st.sampled_from(["delete", "duplicate", "retarget", "extreme", "control"]))
        key = where[-1]
        if action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, dict):
            parent[f"{key}_copy"] = copy.deepcopy(parent[key])
        elif action == "duplicate":
            parent.append(copy.deepcopy(parent[key]))
        elif action == "retarget":
            parent[key] = draw(st.sampled_from(ids + ["nobody", "ceo", "dcs"]))
        elif action == "extreme":
            # a copy: a later edit of the mutant must not change the shared list of extremes
            parent[key] = copy.deepcopy(draw(st.sampled_from(EXTREMES)))
        else:
            value = parent[key]
            text = value if isinstance(value, str) else str(value)
            at = draw(st.integers(0, len(text)))
            parent[key] = text[:at] + draw(st.sampled_from(CONTROL)) + text[at:]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    edit = draw(st.sampled_from(["none", "none", "alias", "tag", "raw", "cut", "anchor"]))
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, max(0, len(lines) - 1)))
    if edit == "alias":
        text = "x: &a [1, 2]\n" + text + "y: [*a, *a]\n"
    elif edit == "tag":
        lines[at] = lines[at].replace(": ", ": !!python/name:os.system ", 1)
        text = "".join(lines)
    elif edit == "raw":
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(CONTROL)) + text[cut:]
    elif edit == "cut":
        text = text[:draw(st.integers(0, len(text)))]
    elif edit == "anchor":
        text = text.replace("posts:", "posts: &p", 1) + "members: *p\n"
    return path, text


@settings(max_examples=250, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutant())
def test_every_mutant_loads_or_gets_located_one_line_messages(case):
    path, text = case
    start = time.perf_counter()
    try:
        loaded = load_scenario_text(text, path.name, base_dir=path.parent)
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.location is not None, str(problem)
            # in the mutant itself, or where a file it extends refers to what it broke
            assert problem.location.file == path.name or \
                (path.parent / problem.location.file).exists() or \
                Path(problem.location.file).exists(), str(problem)
            assert problem.location.line >= 1 and problem.location.column >= 1
            assert str(problem).isprintable(), repr(str(problem))
            assert len(problem.message) < 600, problem.message
    else:
        graph = OrgGraph(loaded.scenario)
        check_report(loaded, graph)
    assert time.perf_counter() - start < SECONDS_PER_EXAMPLE
