"""Write a validated scenario back out as YAML that the loader reads to the same scenario."""

from __future__ import annotations

import yaml

from ..model.scenario import Scenario

FIELD_ORDER = ("orgsim", "name", "description", "jurisdiction", "governance")


def scenario_to_data(scenario: Scenario) -> dict:
    """Plain data for a scenario, self-contained (no `extends`), defaults left out."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True,
                               exclude={"extends", "remove"})
    data["orgsim"] = scenario.orgsim
    ordered = {key: data.pop(key) for key in FIELD_ORDER if key in data}
    return {**ordered, **data}


def dump_scenario(scenario: Scenario) -> str:
    return yaml.safe_dump(scenario_to_data(scenario), sort_keys=False, allow_unicode=True,
                          width=100)
