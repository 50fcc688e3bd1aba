"""Statutory checks: the rule engine and one module per guidance pack.

    from orgsim.rules import run_checks
    result = run_checks(OrgGraph(scenario))          # packs chosen from the scenario
    result = run_checks(graph, ["solace-adss"])      # or named explicitly
    result.findings, result.packs, result.has_red

`orgsim.analysis.metrics.structure_metrics(graph)` gives the structure metrics reported with them.
"""

from .registry import PACKS, RULES, CheckResult, find_pack, find_rule, run_checks, select_packs

__all__ = ["PACKS", "RULES", "CheckResult", "find_pack", "find_rule", "run_checks", "select_packs"]
