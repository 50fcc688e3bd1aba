"""The loader's copy of the rule ids is the packs' own."""

from orgsim.model.rule_ids import RULE_IDS
from orgsim.rules.registry import RULES


def test_the_departure_keys_the_loader_accepts_are_exactly_the_rule_ids():
    assert RULE_IDS == set(RULES), (
        f"add to orgsim/model/rule_ids.py: {sorted(set(RULES) - RULE_IDS)}; "
        f"remove: {sorted(RULE_IDS - set(RULES))}")
