"""Missed oversight standards as findings, with the simulated figures as evidence."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Citation, Finding, Rating
from ..model.graph import OrgGraph
from ..model.units import duration_words
from .results import StandardResult
from .settings import RunSettings


def standard_findings(graph: OrgGraph, standards: Iterable[StandardResult],
                      settings: RunSettings) -> list[Finding]:
    """One finding per missed standard: red when the whole 95% interval is below the target,
    amber when the estimate is below it but the interval reaches it."""
    findings = []
    years = settings.replications * settings.horizon / 365.25
    for std in standards:
        share, target = std.share_within.value, std.target_share
        if share is None or share >= target:
            continue
        ci = std.share_within.ci95
        rating = Rating.red if ci is None or (ci[1] is not None and ci[1] < target) else Rating.amber
        who, item = std.who, std.item.replace("_", " ")
        document, _, paragraph = std.citation.partition(" ")
        ci_text = f" (95% CI {ci[0]:.0%} to {ci[1]:.0%})" if ci and ci[1] is not None else ""
        within = duration_words(std.within_days)
        findings.append(Finding(
            id=f"sim.standard.{std.id}",
            pack="simulation",
            citation=Citation(document, paragraph),
            severity=rating,
            title=f"{graph.title(who)} learns of {item}s too slowly: {share:.0%} within "
                  f"{within} against {target:.0%}",
            explanation=(
                f"Across {settings.replications} simulated runs of {settings.horizon:g} days "
                f"({years:g} simulated years, seed {settings.seed}), {share:.0%} of the "
                f"{std.items} {item}s arising in the teams {graph.title(who)} answers for "
                f"reached them within {within}{ci_text}; the standard asks for "
                f"{target:.0%}."),
            evidence=(f"standard {std.id}: {std.source}".rstrip(": "),
                      f"share within {within}: {share:.4f}{ci_text}",
                      f"teams: {', '.join(std.teams)}"),
            mitigation=(f"Give {graph.title(who)} an immediate notification channel for "
                        f"{item}s from the delivery line (barnet-2014 (d) and its escalation "
                        f"protocol), or bring the teams into their line management."),
            nodes=(who, *std.teams),
            figures={"share_within": share, "target_share": target,
                     "within_days": std.within_days, "items": std.items,
                     **({"ci95_low": ci[0]} if ci else {}),
                     **({"ci95_high": ci[1]} if ci and ci[1] is not None else {})},
        ))
    return findings
