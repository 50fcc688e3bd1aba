"""What a repair found: the evaluations before and after, its record, and the snippet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...io.snippet import snippet_text
from ...model.findings import Finding
from ...model.scenario import Scenario
from ...sim.settings import RunSettings
from ..compare import OptionComparison, design
from .menu import Mechanism
from .offer import check_mechanisms, merge_entries, finding_line
from .posts import weakening_pairs

METHOD = "greedy with proof of improvement, then backward pruning"


@dataclass(frozen=True)
class Evaluation:
    mechanisms: tuple[Mechanism, ...]
    result: OptionComparison

    @property
    def problems(self) -> int:
        return len(self.result.checks.new_red) + len(self.result.weakenings)

    @property
    def hours(self) -> float:
        return sum(m.hours_per_year for m in self.mechanisms)

    def order(self) -> tuple:
        return (self.problems, self.hours, len(self.mechanisms),
                tuple(sorted(m.id for m in self.mechanisms)))


@dataclass(frozen=True)
class RepairResult:
    method: str
    before: Evaluation  # the option as given, at the requested replications
    after: Evaluation  # the verification at the requested replications
    steps: tuple[str, ...]
    unrepaired: tuple[str, ...]
    no_menu_remedy: tuple[str, ...]
    settings: RunSettings
    search_settings: RunSettings
    simulations: int  # scenario measurements run (each at its replication count)
    snippet: str

    @property
    def mechanisms(self) -> tuple[Mechanism, ...]:
        return self.after.mechanisms

    def to_dict(self) -> dict:
        return {"method": self.method, "verification_seed": self.settings.seed,
                "verification": design(self.settings), "search": design(self.search_settings),
                "simulations": self.simulations,
                "mechanisms": [m.to_dict() for m in self.mechanisms],
                "meeting_hours_per_year": self.after.hours,
                "before": {"problems": self.before.problems, **self.before.result.to_dict()},
                "after": {"problems": self.after.problems, **self.after.result.to_dict()},
                "steps": list(self.steps), "unrepaired": list(self.unrepaired),
                "no_menu_remedy": list(self.no_menu_remedy), "snippet": self.snippet}


NO_MENU_MECHANISM = " (no mechanism on the menu: a structural change is needed)"
STRANDED = (" (no post outside the Director's line heads a team where it arises, so no mechanism "
            "on the menu reaches it; where its route is as in the baseline the difference is "
            "chance at this replication count: the simulation draws escalation delays from one "
            "random stream per replication, which shifts when other routes change)")


def unrepaired(option: Scenario, after: Evaluation) -> tuple[str, ...]:
    """The problems left after the repair, each saying why the menu could not clear it."""
    result = after.result
    _, _, stranded = weakening_pairs(option, result.weakenings, result.weakened_rows)
    no_remedy = {f.id for f in result.checks.new_red if not check_mechanisms(option, f)}

    def line(f: Finding) -> str:
        return (finding_line(f) + (NO_MENU_MECHANISM if f.id in no_remedy else "")
                + (STRANDED if f.id in stranded else ""))
    return tuple(line(f) for f in (*result.checks.new_red, *result.weakenings))


def snippet(mechanisms: Sequence[Mechanism], option_name: str, settings: RunSettings,
            search: RunSettings | None = None) -> str:
    """YAML ready to paste into the option file (sections merge by id with what is there)."""
    lines = [f"# orgsim repair for: {option_name}",
             f"# verified with seed {settings.seed}, {settings.replications} replications, "
             f"horizon {settings.horizon:g} days"
             + (f" (searched at {search.replications})" if search else ""),
             "# meeting time added: "
             f"{sum(m.hours_per_year for m in mechanisms):g} hours a year"]
    lines += [f"# - {m.kind}: {m.text} ({m.citation})" for m in mechanisms]
    merged = merge_entries(mechanisms)
    if not merged:
        lines.append("# no mechanism needed")
    return snippet_text(lines, merged)
