"""Load a sweep file (`model.sweep`): safe YAML, strict validation, and the channel ids and item
kinds it names checked against the scenarios it sweeps, every problem as
`file:line:column: what is wrong; what to write instead`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ..errors import Problem, ScenarioError, SourceLocation
from ..model.crossref import did_you_mean
from ..model.scenario import Scenario
from ..model.sweep import ALL_KINDS, SweepFile, SweepInput
from .yamlsource import Path_, Spot, display_name, parse_yaml

CHANNEL_TARGETS = ("phase", "lag", "reliability", "carries")


def load_sweep(path: str | Path, scenarios: Sequence[Scenario]) -> SweepFile:
    path = Path(path)
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(f"{name}: no such sweep file; check the name and "
                                     "folder")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(f"{name}: cannot be read ({exc})")]) from None
    return load_sweep_text(text, name, scenarios)


def load_sweep_text(text: str, name: str, scenarios: Sequence[Scenario]) -> SweepFile:
    data, spots = parse_yaml(text, name)
    if not isinstance(data, dict):
        raise ScenarioError([Problem("a sweep file is a mapping starting with `orgsim_sweep: 1` "
                                     "and `inputs:`", _at(spots, (), False) or
                                     SourceLocation(name, 1, 1))])
    try:
        sweep = SweepFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([_explain(e, spots) for e in exc.errors()]) from None
    problems = _cross_references(sweep, scenarios, spots)
    if problems:
        raise ScenarioError(problems)
    return sweep


def _at(spots: dict[Path_, Spot], path: Path_, at_key: bool) -> SourceLocation | None:
    for end in range(len(path), -1, -1):
        spot = spots.get(tuple(path[:end]))
        if spot is not None:
            return spot.key if (at_key and end == len(path)) else spot.value
    return None


def _explain(error: dict, spots: dict[Path_, Spot]) -> Problem:
    loc = tuple(p for p in error["loc"] if p != "[key]")
    # pydantic names the branch of a union it tried (`tuple[float, float]`, `literal['any']`)
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p == "function-after")))
    where = ".".join(str(p) for p in loc) or "the top level"
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = loc[:-1]
        valid = (list(SweepInput.model_fields) if len(parent) == 2 and parent[0] == "inputs"
                 else list(SweepFile.model_fields))
        return Problem(f"unknown key '{loc[-1]}' in {'.'.join(map(str, parent)) or 'the file'}; "
                       f"{did_you_mean(str(loc[-1]), valid, 'key')}", _at(spots, loc, True))
    if kind == "missing":
        return Problem(f"{'.'.join(map(str, loc[:-1])) or 'the file'} is missing '{loc[-1]}'; "
                       f"add `{loc[-1]}: ...`" + (" (the format version, 1)"
                                                  if loc[-1] == "orgsim_sweep" else ""),
                       _at(spots, loc[:-1], False))
    if kind == "value_error":
        return Problem(f"{where}: {error['ctx']['error']}", _at(spots, loc, False))
    if kind == "literal_error" and loc and loc[-1] == "range":
        return Problem(f"{where} must be `any` or a pair such as [0d, 10d]",
                       _at(spots, loc, False))
    return Problem(f"{where}: {error['msg']} (got {error.get('input')!r})", _at(spots, loc, False))


def _cross_references(sweep: SweepFile, scenarios: Sequence[Scenario],
                      spots: dict[Path_, Spot]) -> list[Problem]:
    channels = sorted({c for s in scenarios for c in s.channels})
    kinds = sorted({k for s in scenarios for k in s.item_kind_names()})
    problems = []
    for input_id, entry in sweep.inputs.items():
        target = entry.target
        here = ("inputs", input_id, target)
        if target in CHANNEL_TARGETS and getattr(entry, target) not in channels:
            problems.append(Problem(
                f"no scenario swept has a channel '{getattr(entry, target)}'; "
                f"{did_you_mean(getattr(entry, target), channels, 'channel id')}",
                _at(spots, here, False)))
        if target == "rates" and entry.rates not in (ALL_KINDS, *kinds):
            problems.append(Problem(
                f"'{entry.rates}' is not an item kind of the scenarios swept; write `all` or "
                f"{did_you_mean(entry.rates, kinds, 'item kind')}", _at(spots, here, False)))
        for i, alternative in enumerate(entry.alternatives or ()):
            for j, kind in enumerate(alternative):
                if kind not in kinds:
                    problems.append(Problem(
                        f"'{kind}' is not an item kind of the scenarios swept; "
                        f"{did_you_mean(kind, kinds, 'item kind')}",
                        _at(spots, ("inputs", input_id, "alternatives", i, j), False)))
        if target == "phase" and entry.phase in channels:
            periods = [s.channels[entry.phase].cadence for s in scenarios
                       if entry.phase in s.channels]
            if any(p == 0 for p in periods):
                problems.append(Problem(
                    f"'{entry.phase}' is immediate, so it has no phase to sweep; remove the "
                    "input", _at(spots, here, False)))
    return problems
