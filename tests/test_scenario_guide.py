"""docs/scenarios.md: every snippet validates, every key of the format is documented, and every
cookbook shape it names is a file that validates and runs through the checks."""

from __future__ import annotations

import re
import types
from typing import Annotated, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from support import ROOT, SCENARIOS
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.graph import OrgGraph
from orgsim.model.scenario import Scenario
from orgsim.rules.registry import run_checks

GUIDE = ROOT / "docs" / "scenarios.md"
COOKBOOK = SCENARIOS / "cookbook"
TEXT = GUIDE.read_text(encoding="utf-8")
SNIPPETS = [(TEXT[:m.start()].count("\n") + 2, m.group(1))
            for m in re.finditer(r"```yaml\n(.*?)```", TEXT, re.S)]


def as_file(snippet: str) -> str:
    """A whole file as it stands; a section as a change to the cookbook's conventional council."""
    if snippet.lstrip().startswith("orgsim: 1"):
        return snippet
    return "orgsim: 1\nextends: conventional.yaml\n" + snippet


def test_the_guide_has_snippets_for_every_section():
    assert len(SNIPPETS) >= 20


@pytest.mark.parametrize("line,snippet", SNIPPETS, ids=[f"line-{n}" for n, _ in SNIPPETS])
def test_every_snippet_in_the_guide_validates(line, snippet):
    try:
        load_scenario_text(as_file(snippet), f"scenarios.md-line-{line}.yaml", COOKBOOK)
    except ScenarioError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"docs/scenarios.md snippet at line {line} does not validate:\n{exc}")


def _models(model: type[BaseModel], seen: dict) -> dict:
    seen[model.__name__] = model
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            annotation = stack.pop()
            origin = get_origin(annotation)
            if origin in (Annotated, Union, types.UnionType, dict, tuple):
                stack.extend(get_args(annotation))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel) \
                    and annotation.__name__ not in seen:
                _models(annotation, seen)
    return seen


def test_every_key_of_the_format_is_in_the_guide():
    missing = [f"{name}.{f.alias or key}" for name, model in _models(Scenario, {}).items()
               for key, f in model.model_fields.items() if f"`{f.alias or key}`" not in TEXT]
    assert missing == []


def test_the_cadence_words_and_their_lengths_are_in_the_guide():
    for word, length in (("daily", "1 day"), ("six_weekly", "42 days"),
                         ("bi_monthly", "60.875 days"), ("termly", "121.75 days")):
        row = next(line for line in TEXT.splitlines() if line.strip().startswith(f"| `{word}`"))
        assert length in row


def test_every_cookbook_file_is_in_the_guide_and_every_named_one_exists():
    named = set(re.findall(r"\(\.\./scenarios/cookbook/([\w.-]+\.yaml)\)", TEXT))
    on_disk = {p.name for p in COOKBOOK.glob("*.yaml")}
    assert named == on_disk
    assert len(on_disk) >= 9


@pytest.mark.parametrize("path", sorted(COOKBOOK.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_cookbook_shape_validates_and_checks(path):
    loaded = load_scenario(path)
    result = run_checks(OrgGraph(loaded.scenario))
    assert result.packs and result.findings  # the rule packs ran on it


def test_the_conventional_shape_meets_every_rule():
    result = run_checks(OrgGraph(load_scenario(COOKBOOK / "conventional.yaml").scenario))
    assert [f.id for f in result.findings if f.severity.value in ("red", "amber")] == []


def test_the_readme_points_new_users_at_the_guide_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_link = re.search(r"\]\(([^)]+)\)", readme)
    assert first_link and first_link.group(1) == "docs/scenarios.md"
    assert "start here for your council" in readme.lower()
