"""The paper's bottom line: one counting scheme and one verdict rule, computed once and read by
every section, the index and the committee CSV, so the paper counts the same way everywhere.

The three counts, each defined once (`DEFINITIONS`):

- **statutory checks failed**: red findings of the guidance rule packs (a requirement of the
  guidance, or the council's own protocol, is not met);
- **material weakenings of oversight**: simulated figures (days to a Director's awareness, share
  within a standard, share ever known) that an option makes worse than the baseline by more than
  the stated margin over the whole interval of the paired change;
- **standards missed**: oversight standards (the council's own, or orgsim's defaults) whose
  target share the simulated figures fall short of.

The verdict rule (`VERDICT_RULE`), for an option against the baseline. Its problems are the
statutory checks it fails that the baseline passes, and its material weakenings of oversight
(the same problems `orgsim repair` works on):

- **acceptable**: no problems;
- **acceptable only with the mechanisms listed**: the repair found mechanisms from the menu that
  clear every problem, verified by re-simulating;
- **not acceptable as drafted**: a problem remains that no mechanism on the menu clears (it needs
  a change of structure), or the repair was not run.

A scenario on its own (no baseline to compare with) is acceptable when it fails no statutory
check and misses no standard, else not acceptable as drafted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..analysis.compare import OptionComparison
from ..analysis.repair import RepairResult
from ..model.findings import Finding, Rating
from ..records import Analysis, ScenarioAnalysis


class Verdict(str, Enum):
    acceptable = "acceptable"
    with_mechanisms = "acceptable only with the mechanisms listed"
    not_acceptable = "not acceptable as drafted"

    @property
    def rag(self) -> str:
        return {"acceptable": "green", "acceptable only with the mechanisms listed": "amber",
                "not acceptable as drafted": "red"}[self.value]


DEFINITIONS = (
    ("Statutory checks failed", "red findings of the guidance rule packs: a requirement of the "
     "guidance, or of the council's own protocol, that the structure does not meet."),
    ("Material weakenings of oversight", "simulated figures (days until a Director knows of an "
     "item, the share known within a standard's time, the share ever known) that an option makes "
     "worse than the baseline by more than the stated margin, over the whole interval of the "
     "paired change."),
    ("Standards missed", "oversight standards (the council's own, or orgsim's defaults where it "
     "sets none) whose target share the simulated figures fall short of."),
)

VERDICT_RULE = (
    "An option's problems are the statutory checks it fails that the baseline passes and its "
    "material weakenings of oversight. It is acceptable when it has none; acceptable only with "
    "the mechanisms listed when the repair search found mechanisms from the menu that clear every "
    "problem, verified by simulating the option with them; and not acceptable as drafted when a "
    "problem remains that no mechanism on the menu clears. A scenario considered on its own is "
    "acceptable when it fails no statutory check and misses no standard.")


@dataclass(frozen=True)
class Tally:
    """The three counts for one scenario (and, for an option, what is new against the baseline)."""

    checks_failed: int
    checks_amber: int
    standards_missed: int
    standards: int
    weakenings: int = 0  # material weakenings (options only)
    red_weakenings: int = 0
    new_checks_failed: int = 0  # statutory checks failed that the baseline passes

    @property
    def problems(self) -> int:
        return self.new_checks_failed + self.weakenings


def red(findings) -> list[Finding]:
    return [f for f in findings if f.severity == Rating.red]


def tally(s: ScenarioAnalysis, option: OptionComparison | None = None) -> Tally:
    checks = s.check.findings
    stds = s.simulation.standards
    extra = {}
    if option is not None:
        extra = dict(weakenings=len(option.weakenings),
                     red_weakenings=len(red(option.weakenings)),
                     new_checks_failed=len(option.checks.new_red))
    return Tally(len(red(checks)), sum(f.severity == Rating.amber for f in checks),
                 sum(1 for x in stds if x.met is False), len(stds), **extra)


@dataclass(frozen=True)
class Decision:
    scenario: ScenarioAnalysis
    tally: Tally
    verdict: Verdict
    comparison: OptionComparison | None = None
    repair: RepairResult | None = None

    @property
    def is_option(self) -> bool:
        return self.comparison is not None


def option_comparison(analysis: Analysis, label: str) -> OptionComparison | None:
    cmp = analysis.comparison
    return next((o for o in cmp.options if o.label == label), None) if cmp else None


def decide(analysis: Analysis) -> list[Decision]:
    """The baseline's standing, then one decision per option, in the order given."""
    b = analysis.baseline
    bt = tally(b)
    alone = Verdict.acceptable if not bt.checks_failed and not bt.standards_missed \
        else Verdict.not_acceptable
    out = [Decision(b, bt, alone)]
    for s in analysis.options:
        o = option_comparison(analysis, s.label)
        t = tally(s, o)
        fix = analysis.repair_of(s.label)
        if o is None:
            verdict = Verdict.acceptable if not t.checks_failed and not t.standards_missed \
                else Verdict.not_acceptable
        elif not t.problems:
            verdict = Verdict.acceptable
        elif fix is not None and fix.after.problems == 0:
            verdict = Verdict.with_mechanisms
        else:
            verdict = Verdict.not_acceptable
        out.append(Decision(s, t, verdict, o, fix))
    return out


def short_labels(analysis: Analysis) -> dict[str, str]:
    """'Baseline', 'Option A', 'Option B', ... by scenario label, for tables and headings."""
    names = {analysis.baseline.label: "Baseline" if analysis.options else "The structure"}
    for i, s in enumerate(analysis.options):
        names[s.label] = f"Option {chr(ord('A') + i)}" if i < 26 else f"Option {i + 1}"
    return names
