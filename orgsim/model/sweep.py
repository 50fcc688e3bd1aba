"""A sweep file: the ranges of the assumptions a scenario's figures rest on, for `orgsim sensitivity`.

A sweep file sits beside the scenarios it sweeps (`barnet.sweep.yaml`) and names each uncertain
input once; the input applies to the baseline and every option alike (matched by channel id or
item kind), so a point of the sweep is one world in which the whole comparison is run.

```yaml
orgsim_sweep: 1
inputs:
  si_rates:   {rates: serious_incident, scale: [0.5, 2]}      # a factor on the rates as written
  fs_phase:   {phase: fs_dcs_one_to_one, range: any}          # any day of the period
  report_lag: {lag: fs_dcs_quarterly, range: [14d, 45d]}      # or scale: [0.5, 2]
  reliable:   {reliability: fs_dcs_one_to_one, range: [0.8, 1]}
  escalation: {escalation_delay: [0.04d, 1d]}
  schools:    {carries: es_sen_lado,
               alternatives: [[safeguarding_concern], [safeguarding_concern, serious_incident]]}
defaults: true    # the documented default ranges still apply to what the file does not name
```

Each input has exactly one of `rates`, `phase`, `lag`, `reliability`, `carries` or
`escalation_delay`, and may give a `title` (what a reader sees), a `source` (why this range) and a
`group` (inputs screened together). The defaults and their sources are in
`analysis.sensitivity.inputs`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .scenario import Days, Id
from .units import parse_duration

SWEEP_FORMAT = 1
TARGETS = ("rates", "phase", "lag", "reliability", "carries", "escalation_delay")
ALL_KINDS = "all"


def _pair(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


Pair = Annotated[tuple[float, float], BeforeValidator(_pair)]
DaysPair = Annotated[tuple[Days, Days], BeforeValidator(_pair)]


def _range(value: object) -> object:
    if isinstance(value, list):
        return tuple(parse_duration(v) for v in value)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SweepInput(_Strict):
    """One uncertain input: what it changes, and over what range."""

    title: str | None = Field(None, min_length=1, description="what a reader sees")
    source: str | None = Field(None, description="why this range: a document, or 'assumption'")
    group: str | None = Field(None, min_length=1,
                              description="inputs with the same group are screened together")
    rates: str | None = Field(None, description="an item kind, or `all`: its rates at every team")
    phase: Id | None = Field(None, description="a channel id: the day in its period it cuts off")
    lag: Id | None = Field(None, description="a channel id: the delay after each cut-off")
    reliability: Id | None = Field(None, description="a channel id: the share of its occurrences "
                                   "that happen")
    carries: Id | None = Field(None, description="a channel id: which kinds it carries")
    escalation_delay: DaysPair | None = Field(None, description="the range of the mean delay of "
                                              "an escalation up the line")
    scale: Pair | None = Field(None, description="a range of factors on the value as written "
                               "(rates, lag); drawn evenly on a log scale")
    range: Literal["any"] | Annotated[tuple[float, float], BeforeValidator(_range)] | None = Field(
        None, description="phase: `any` or [from, to]; lag: [from, to] in days; reliability: "
        "[from, to] shares")
    alternatives: tuple[tuple[str, ...], ...] | None = Field(
        None, description="carries: the lists of kinds the channel might carry")

    @property
    def target(self) -> str:
        return next(t for t in TARGETS if getattr(self, t) is not None)

    @model_validator(mode="after")
    def _one_target_and_its_range(self) -> SweepInput:
        named = [t for t in TARGETS if getattr(self, t) is not None]
        if len(named) != 1:
            raise ValueError("an input names exactly one of " + ", ".join(TARGETS) +
                             (f" (this one names {', '.join(named)})" if named else ""))
        target = named[0]
        allowed = {"rates": ("scale",), "phase": ("range",), "lag": ("scale", "range"),
                   "reliability": ("range",), "carries": ("alternatives",),
                   "escalation_delay": ()}[target]
        given = [k for k in ("scale", "range", "alternatives") if getattr(self, k) is not None]
        extra = [k for k in given if k not in allowed]
        if extra:
            raise ValueError(f"`{extra[0]}` does not apply to `{target}`; " + (
                f"use {' or '.join(f'`{a}`' for a in allowed)}" if allowed else
                "the range is the value of `escalation_delay` itself, e.g. [0.04d, 1d]"))
        if target == "lag" and len(given) > 1:
            raise ValueError("give a lag either `scale` or `range`, not both")
        if target in ("rates", "reliability", "carries") and not given:
            raise ValueError(f"`{target}` needs `{allowed[0]}`" + {
                "rates": ", e.g. scale: [0.5, 2]", "reliability": ", e.g. range: [0.8, 1]",
                "carries": ", e.g. alternatives: [[safeguarding_concern], "
                           "[safeguarding_concern, serious_incident]]"}[target])
        pair = self.escalation_delay or self.scale or (
            self.range if isinstance(self.range, tuple) else None)
        if pair is not None and not pair[0] <= pair[1]:
            raise ValueError("a range runs from the smaller value to the larger; swap them")
        if self.scale is not None and self.scale[0] <= 0:
            raise ValueError("a scale is a factor greater than 0, e.g. [0.5, 2]")
        if self.escalation_delay is not None and self.escalation_delay[0] <= 0:
            raise ValueError("an escalation delay is longer than 0 days, e.g. [0.04d, 1d]")
        if target == "reliability" and pair is not None and not (0 < pair[0] and pair[1] <= 1):
            raise ValueError("a reliability is a share above 0 and at most 1, e.g. [0.8, 1]")
        if target == "carries" and self.alternatives is not None and len(self.alternatives) < 2:
            raise ValueError("give at least two alternatives, the first usually as written")
        return self


class SweepFile(_Strict):
    """A sweep file: its inputs by id, and whether the default ranges apply to the rest."""

    orgsim_sweep: Literal[1] = Field(description="sweep file format version")
    description: str | None = None
    inputs: dict[Id, SweepInput] = Field(default_factory=dict)
    defaults: bool = Field(True, description="also sweep the default ranges of the inputs this "
                           "file does not name")
