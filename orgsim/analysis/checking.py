"""The one envelope of a scenario's checks: which scenario, which packs and why, every finding,
and the structure metrics. `orgsim check --json`, `orgsim run`'s `results/<label>-check.json` and
the paper all use it (docs/check-json.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import __version__
from ..io.loader import LoadedScenario
from ..io.yamlsource import display_name
from ..model.findings import Finding
from ..model.graph import OrgGraph
from ..rules.currency import Difference, differences
from ..rules.registry import PACKS, CheckResult, run_checks
from .metrics import StructureMetrics, structure_metrics


@dataclass(frozen=True)
class CheckReport:
    loaded: LoadedScenario
    result: CheckResult
    metrics: StructureMetrics
    # the same structure judged by today's law, where the day judged was another
    today: CheckResult | None = None

    @property
    def under_today(self) -> list[Difference]:
        """The findings that would be rated otherwise under today's framework."""
        if self.today is None:
            return []
        return differences(self.result.findings, self.today.findings, self.today.superseded)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    @property
    def files(self) -> list[str]:
        """The scenario's files as the user names them, the baselines it extends first."""
        return [display_name(p) for p in self.loaded.files]

    def to_dict(self) -> dict:
        s, files = self.loaded.scenario, self.files
        return {
            "orgsim_version": __version__,
            "scenario": {"name": s.name, "file": files[-1], "extends": files[:-1],
                         "hash": self.loaded.content_hash, "jurisdiction": s.jurisdiction,
                         "governance": s.governance},
            "packs": [{"name": sel.pack, "document": PACKS[sel.pack].document.short,
                       "title": PACKS[sel.pack].title, "reason": sel.reason,
                       "rules": len(PACKS[sel.pack].rules)} for sel in self.result.packs],
            "as_of": self.result.as_of.isoformat(), "as_of_source": self.result.as_of_source,
            "law_in_force": [{"document": d, "note": note} for d, note in self.result.standings()],
            "summary": self.result.counts(),
            "findings": [f.to_dict() for f in self.result.findings],
            "superseded": [f.to_dict() for f in self.result.superseded],
            "under_today": None if self.today is None else {
                "as_of": self.today.as_of.isoformat(),
                "differences": [vars(d) for d in self.under_today]},
            "metrics": self.metrics.to_dict(),
        }


def check_report(loaded: LoadedScenario, graph: OrgGraph | None = None,
                 packs: list[str] | None = None, as_of: date | None = None,
                 today: date | None = None) -> CheckReport:
    """Judge a loaded scenario against the chosen packs (selected from the scenario when None) by
    the law in force on `as_of` (the scenario's own date when None, else today); where that day
    is not `today`, judge it by today's law as well, to say which findings would differ."""
    graph = graph or OrgGraph(loaded.scenario)
    result = run_checks(graph, packs, as_of=as_of)
    now = run_checks(graph, packs, as_of=today) if today and today != result.as_of else None
    return CheckReport(loaded, result, structure_metrics(graph), now)
