"""The uncertain inputs of a sweep (factors): what each changes, over what range, why, and how a
point of the design becomes the scenarios and settings of one world.

A point gives each factor a position u in [0, 1]; the factor turns it into a value: an even
position on a log scale between two factors for a scale (x0.5 .. x2 puts x1 in the middle), an
even position between two values for a range, an equal share of [0, 1] for each alternative.
A factor a point does not name stays as written. Every factor applies to the baseline and every
option alike, matched by channel id or item kind; a scenario without the channel is unchanged.

Defaults, where a sweep file names nothing else (`default_factors`; each carries its source):
- the rates of each item kind that arises, x0.5 to x2;
- the phase of every channel into a statutory Director that runs on a cadence: any day of its
  period, one group per Director (the day a meeting falls is a diary choice no document fixes);
- the lag of every such channel that has one: x0.5 to x2, one group per Director;
- the mean escalation delay: from an hour to a day;
- every channel that carries safeguarding concerns but not serious incidents: as written, or
  carrying serious incidents too (a referral route for concerns is the one staff would use).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...model import vocab
from ...model.graph import OrgGraph
from ...model.numbers import as_given, cadence_name, duration_words
from ...model.scenario import Scenario
from ...model.sweep import ALL_KINDS, SweepFile, SweepInput
from ...sim.settings import RunSettings

HOUR = 1 / 24
DEFAULT_SCALE = (0.5, 2.0)
DEFAULT_ESCALATION = (HOUR, 1.0)
SEVERE_KIND, CONCERN_KIND = "serious_incident", "safeguarding_concern"

SOURCES = {
    "rates": "assumption: the reference scenarios call their rates illustrative; orgsim's default "
             "range is half to twice the rate as written",
    "phase": "assumption: no guidance or protocol fixes the day in its period a meeting or report "
             "falls, so any day is taken as equally likely",
    "lag": "assumption: the delay from a report's cut-off to its reading is a local practice; "
           "orgsim's default range is half to twice the lag as written",
    "escalation_delay": "assumption: the guidance fixes no figure for an escalation up the line "
                        "(simulate assumes a mean of 0.25 days); from an hour to a day",
    "carries": "assumption: a referral route written for safeguarding concerns is the one staff "
               "would use for a serious incident too",
    "file": "the sweep file",
}


@dataclass(frozen=True)
class Factor:
    """One uncertain input of the sweep."""

    id: str
    title: str  # what a reader sees: "Rates of serious incidents"
    target: str  # rates | phase | lag | reliability | carries | escalation_delay
    subject: str  # the item kind (or "all"), the channel id, or "" for the escalation delay
    low: float = 0.0
    high: float = 1.0
    log: bool = False  # a scale: even on a log scale between low and high
    scale: bool = False  # low and high are factors on the value as written
    any_phase: bool = False  # the phase anywhere in the period (low, high unused)
    alternatives: tuple[tuple[str, ...], ...] = ()
    adds: bool = False  # alternatives add to the kinds as written instead of replacing them
    group: str = ""  # factors screened together; "" for a group of one
    source: str = ""

    @property
    def screening_group(self) -> str:
        """What Morris moves together: the factor's group, or the factor alone."""
        return self.group or self.id

    def value(self, u: float) -> float | int:
        """The factor's value at position u in [0, 1]."""
        u = min(max(u, 0.0), 1.0)
        if self.alternatives:
            return min(int(u * len(self.alternatives)), len(self.alternatives) - 1)
        if self.any_phase:
            return u  # a share of the period, in every scenario's own period
        if self.log:
            return math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        return self.low + u * (self.high - self.low)

    def describe(self, value: float | int) -> str:
        """The value in words: 'x0.5', 'day 0.3 of the period', 'carries serious incidents too'."""
        if self.alternatives:
            kinds = self.alternatives[int(value)]
            if self.adds:
                return "as written" if not kinds else \
                    "also carrying " + ", ".join(vocab.item_label(k).plural for k in kinds)
            return "carrying " + ", ".join(vocab.item_label(k).plural for k in kinds)
        if self.any_phase:
            return f"{value:.0%} of the way into its period"
        if self.scale:
            return f"x{value:.2g}"
        if self.target == "reliability":
            return f"{value:.0%} of meetings held"
        return duration_words(value)

    def half_words(self, upper: bool) -> str:
        """The lower or upper half of the range in words."""
        if self.any_phase:
            return "in the second half of its period" if upper else "in the first half of its period"
        ends = (self.value(0.5), self.value(1.0)) if upper else (self.value(0.0), self.value(0.5))
        return f"{self.describe(ends[0])} to {self.describe(ends[1])}"

    def range_words(self) -> str:
        if self.alternatives:
            return " or ".join(self.describe(i) for i in range(len(self.alternatives)))
        if self.any_phase:
            return "any day of the period"
        return f"{self.describe(self.value(0))} to {self.describe(self.value(1))}"

    def to_dict(self) -> dict:
        out = {"id": self.id, "title": self.title, "changes": self.target,
               "subject": self.subject, "range": self.range_words(), "source": self.source,
               "group": self.screening_group}
        if self.alternatives:
            out["alternatives"] = [list(a) for a in self.alternatives]
            out["alternatives_add_to_written"] = self.adds
        elif not self.any_phase:
            out |= {"low": self.low, "high": self.high, "log_scale": self.log,
                    "factor_on_written": self.scale}
        return out


Point = Mapping[str, float]  # factor id -> position in [0, 1]; a factor not named is as written


# --- the factors --------------------------------------------------------------------------------

def _channel_words(scenarios: Sequence[Scenario], channel_id: str) -> str:
    """A channel as a reader knows it: its name (each name it has, where an option renames it),
    and where it comes from when another channel has the same name."""
    names = dict.fromkeys(sc.channels[channel_id].name for sc in scenarios
                          if channel_id in sc.channels)
    if not names:
        return f"'{channel_id}'"
    text = " / ".join(f"'{n}'" for n in names)
    shared = any(c.name in names for sc in scenarios for cid, c in sc.channels.items()
                 if cid != channel_id)
    if shared:
        sc = next(sc for sc in scenarios if channel_id in sc.channels)
        text += f" from {OrgGraph(sc).title(sc.channels[channel_id].source)}"
    return text


def director_channels(scenarios: Sequence[Scenario]) -> dict[str, str]:
    """Channel id -> the Director role it reports to, for the channels into a statutory
    Director's holder in any of the scenarios (the first scenario's reading wins)."""
    found: dict[str, str] = {}
    for sc in scenarios:
        graph = OrgGraph(sc)
        holders = {graph.holder(r): r for r in vocab.DIRECTOR_ROLES if graph.holder(r)}
        for cid, c in sc.channels.items():
            if c.target in holders:
                found.setdefault(cid, holders[c.target])
    return found


def default_factors(scenarios: Sequence[Scenario]) -> list[Factor]:
    """The documented defaults (module docstring) for these scenarios."""
    factors: list[Factor] = []
    kinds = sorted({k for sc in scenarios for t in sc.teams.values()
                    for k, rate in t.items.items() if rate > 0},
                   key=lambda k: (-vocab.ITEM_KINDS[k].severity if k in vocab.ITEM_KINDS else 0, k))
    for kind in kinds:
        factors.append(Factor(f"rates.{kind}", f"Rates of {vocab.item_label(kind).plural}",
                              "rates", kind, *DEFAULT_SCALE, log=True, scale=True,
                              source=SOURCES["rates"]))
    into = director_channels(scenarios)
    for cid, role in into.items():
        periods = [sc.channels[cid].cadence for sc in scenarios if cid in sc.channels]
        if all(p > 0 for p in periods):
            factors.append(Factor(f"phase.{cid}", f"Phase of {_channel_words(scenarios, cid)}",
                                  "phase", cid, any_phase=True,
                                  group=f"Phases of the channels into {vocab.role_label(role).article}",
                                  source=SOURCES["phase"]))
    for cid, role in into.items():
        if any(sc.channels[cid].lag > 0 for sc in scenarios if cid in sc.channels):
            factors.append(Factor(f"lag.{cid}", f"Lag of {_channel_words(scenarios, cid)}",
                                  "lag", cid, *DEFAULT_SCALE, log=True, scale=True,
                                  group=f"Lags of the channels into {vocab.role_label(role).article}",
                                  source=SOURCES["lag"]))
    factors.append(Factor("escalation_delay", "Mean escalation delay up the line",
                          "escalation_delay", "", *DEFAULT_ESCALATION, log=True,
                          source=SOURCES["escalation_delay"]))
    concern_routes = sorted({cid for sc in scenarios for cid, c in sc.channels.items()
                             if c.carries and CONCERN_KIND in c.carries
                             and SEVERE_KIND not in c.carries})
    for cid in concern_routes:
        factors.append(Factor(f"carries.{cid}",
                              f"Whether {_channel_words(scenarios, cid)} carries serious incidents",
                              "carries", cid, alternatives=((), (SEVERE_KIND,)), adds=True,
                              source=SOURCES["carries"]))
    return factors


def _key(f: Factor) -> tuple[str, str]:
    return (f.target, f.subject)


def file_factor(input_id: str, entry: SweepInput, scenarios: Sequence[Scenario]) -> Factor:
    """A sweep file's input as a factor."""
    target = entry.target
    subject = "" if target == "escalation_delay" else getattr(entry, target)
    source = entry.source or SOURCES["file"]
    group = entry.group or ""
    if target == "rates":
        what = "every item" if subject == ALL_KINDS else vocab.item_label(subject).plural
        return Factor(input_id, entry.title or f"Rates of {what}", target, subject,
                      *entry.scale, log=True, scale=True, group=group, source=source)
    if target == "escalation_delay":
        return Factor(input_id, entry.title or "Mean escalation delay up the line", target, "",
                      *entry.escalation_delay, log=entry.escalation_delay[0] > 0, group=group,
                      source=source)
    words = _channel_words(scenarios, subject)
    if target == "carries":
        return Factor(input_id, entry.title or f"What {words} carries", target, subject,
                      alternatives=entry.alternatives, group=group, source=source)
    title = entry.title or f"{target.replace('_', ' ').capitalize()} of {words}"
    if target == "phase" and entry.range in (None, "any"):
        return Factor(input_id, title, target, subject, any_phase=True, group=group,
                      source=source)
    if entry.scale is not None:
        return Factor(input_id, title, target, subject, *entry.scale, log=True, scale=True,
                      group=group, source=source)
    if target == "lag" and entry.range is None:
        return Factor(input_id, title, target, subject, *DEFAULT_SCALE, log=True, scale=True,
                      group=group, source=SOURCES["lag"])
    return Factor(input_id, title, target, subject, *entry.range, group=group, source=source)


def factors_of(sweep: SweepFile | None, scenarios: Sequence[Scenario]) -> list[Factor]:
    """The file's inputs, then the defaults for what it does not name (unless `defaults: false`)."""
    if sweep is None:
        return default_factors(scenarios)
    named = [file_factor(i, e, scenarios) for i, e in sweep.inputs.items()]
    if not sweep.defaults:
        return named
    taken = {_key(f) for f in named}
    everything = any(f.target == "rates" and f.subject == ALL_KINDS for f in named)
    rest = [f for f in default_factors(scenarios) if _key(f) not in taken
            and not (everything and f.target == "rates")]
    return named + rest


# --- a point as a world ---------------------------------------------------------------------------

def apply(factors: Sequence[Factor], point: Point, scenarios: Sequence[Scenario],
          settings: RunSettings) -> tuple[list[Scenario], RunSettings]:
    """The scenarios and settings of the world at `point`."""
    values = {f.id: f.value(point[f.id]) for f in factors if f.id in point}
    chosen = [f for f in factors if f.id in values]
    out = [_apply_to(sc, chosen, values) for sc in scenarios]
    for f in chosen:
        if f.target == "escalation_delay":
            settings = settings.but(escalation_delay=float(values[f.id]))
    return out, settings


def _apply_to(scenario: Scenario, factors: Sequence[Factor], values: Mapping[str, float]) -> Scenario:
    teams, channels = dict(scenario.teams), dict(scenario.channels)
    for f in factors:
        v = values[f.id]
        if f.target == "rates":
            for tid, team in teams.items():
                items = {k: (r * v if f.subject in (ALL_KINDS, k) else r)
                         for k, r in team.items.items()}
                teams[tid] = team.model_copy(update={"items": items})
        elif f.subject in channels:
            c = channels[f.subject]
            if f.target == "phase":
                phase = v * c.cadence if f.any_phase else min(float(v), c.cadence)
                change = {"phase": phase}
            elif f.target == "lag":
                change = {"lag": c.lag * v if f.scale else float(v)}
            elif f.target == "reliability":
                change = {"reliability": float(v)}
            else:
                kinds = f.alternatives[int(v)]
                change = {"carries": (tuple(dict.fromkeys((*c.carries, *kinds))) if c.carries
                                      else ()) if f.adds else tuple(kinds)}
            channels[f.subject] = c.model_copy(update=change)
    return scenario.model_copy(update={"teams": teams, "channels": channels})


def as_written(factors: Sequence[Factor], scenarios: Sequence[Scenario],
               settings: RunSettings) -> list[str]:
    """The factors' values as written, in words, for the assumptions list."""
    lines = []
    for f in factors:
        if f.target == "escalation_delay":
            written = f"a mean of {as_given(settings.escalation_delay)} days"
        elif f.target == "rates":
            written = "as written (x1)"
        else:
            found = [sc.channels[f.subject] for sc in scenarios if f.subject in sc.channels]
            c = found[0] if found else None
            written = "-" if c is None else {
                "phase": f"day {as_given(c.phase)} of a {cadence_name(c.cadence)} period",
                "lag": f"{as_given(c.lag)} days",
                "reliability": f"{c.reliability:.0%}",
                "carries": ", ".join(c.carries) or "every kind",
            }[f.target]
        lines.append(f"{f.title}: {f.range_words()} (as written: {written}); {f.source}")
    return lines
