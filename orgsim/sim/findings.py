"""Missed oversight standards as findings, with the simulated figures as evidence."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Citation, Finding, Rating
from ..model.graph import OrgGraph
from ..model.numbers import as_given, duration_words
from ..model.numbers import share as percent
from ..model.vocab import item_label
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
        who, items = std.who, item_label(std.item).plural
        document, _, paragraph = std.citation.partition(" ")
        ci_text = (f" (95% CI {percent(ci[0], fixed=True)} to {percent(ci[1], fixed=True)})"
                   if ci and ci[1] is not None else "")
        within = duration_words(std.within_days)
        findings.append(Finding(
            id=f"sim.standard.{std.id}",
            pack="simulation",
            citation=Citation(document, paragraph),
            severity=rating,
            title=f"{graph.title(who)} learns of {items} too slowly: "
                  f"{percent(share, fixed=True)} within {within} against "
                  f"{percent(target, fixed=True)}",
            explanation=(
                f"Across {settings.replications} simulated runs of {as_given(settings.horizon)} "
                f"days ({as_given(years)} simulated years, seed {settings.seed}), "
                f"{percent(share, fixed=True)} of the "
                f"{std.items} {items} arising in the teams {graph.title(who)} answers for "
                f"reached them within {within}{ci_text}; the standard asks for "
                f"{percent(target, fixed=True)}."),
            evidence=(f"standard {std.id}: {std.source}".rstrip(": "),
                      f"share within {within}: {share:.4f}{ci_text}",
                      f"teams: {', '.join(std.teams)}"),
            mitigation=(f"Give {graph.title(who)} an immediate notification channel for "
                        f"{items} from the delivery line (barnet-2014 (d) and its escalation "
                        f"protocol), or bring the teams into their line management."),
            nodes=(who, *std.teams),
            figures={"share_within": share, "target_share": target,
                     "within_days": std.within_days, "items": std.items,
                     **({"ci95_low": ci[0]} if ci else {}),
                     **({"ci95_high": ci[1]} if ci and ci[1] is not None else {})},
        ))
    return findings
