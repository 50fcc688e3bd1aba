"""Load a scenario file: safe YAML, `extends` overlays, strict validation, errors that point home.

Every problem is reported as `file:line:column: what is wrong; what to write instead`. Structural
problems (unknown keys, bad values) are reported first, all together; cross-reference problems
(unknown ids, cycles, roles held twice) follow once the structure is sound, also all together.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ScenarioError, SourceLocation
from ..model.crossref import RefProblem, cross_reference_problems, did_you_mean
from ..model.scenario import SECTIONS, Scenario
from .yamlsource import Path_, Spot, display_name, parse_yaml

OVERLAY_KEYS = ("extends", "remove")
MERGED_BY_FIELD = ("defaults",)
LIST_ITEM_NAMES = {"roles": "role", "delivers": "statutory function", "mechanisms": "mechanism",
                   "terms": "contract term"}


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from."""

    scenario: Scenario
    path: Path
    files: tuple[Path, ...]  # the baseline first, this file last
    spots: dict[Path_, Spot] = field(repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        return scenario_hash(self.scenario)

    def file_hashes(self) -> dict[str, str]:
        return {display_name(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in self.files}

    def where(self, path: Path_) -> SourceLocation | None:
        return _locate(self.spots, path, at_key=False)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's content, independent of comments, layout and `extends`."""
    content = scenario.model_dump(mode="json", by_alias=True, exclude=set(OVERLAY_KEYS))
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def load_scenario(path: str | Path) -> LoadedScenario:
    path = Path(path)
    data, spots, files, removed = _load_raw(path, ())
    return LoadedScenario(_validate(data, spots, removed), path, tuple(files), spots)


def load_scenario_text(text: str, name: str = "<scenario>", base_dir: Path | None = None,
                       ) -> LoadedScenario:
    """Load from a string; `extends` resolves against `base_dir` (the working directory if None)."""
    base = Path(base_dir) if base_dir else Path.cwd()
    data, spots = _parse_document(text, name)
    data, spots, files, removed = _apply_extends(data, spots, base / name, name, ())
    return LoadedScenario(_validate(data, spots, removed), base / name, tuple(files), spots)


# --- reading and overlaying -------------------------------------------------------------------

def _read(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(f"{name}: no such file; check the name and folder")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(f"{name}: is a folder; name a .yaml scenario file")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(f"{name}: not UTF-8 text (byte {exc.start}); save the file "
                                     "as UTF-8")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(f"{name}: cannot be read ({exc.strerror})")]) from None


def _parse_document(text: str, name: str) -> tuple[dict, dict[Path_, Spot]]:
    data, spots = parse_yaml(text, name)
    if data is None:
        raise ScenarioError([Problem("the file is empty; a scenario starts with `orgsim: 1`, "
                                     "`name`, `jurisdiction` and `governance`",
                                     SourceLocation(name, 1, 1))])
    if not isinstance(data, dict):
        raise ScenarioError([Problem("a scenario must be a mapping of `key: value` lines, "
                                     "starting with `orgsim: 1`", spots[()].value)])
    return data, spots


def _load_raw(path: Path, chain: tuple[Path, ...]):
    name = display_name(path)
    data, spots = _parse_document(_read(path, name), name)
    return _apply_extends(data, spots, path, name, chain)


def _apply_extends(data: dict, spots: dict[Path_, Spot], path: Path, name: str,
                   chain: tuple[Path, ...]):
    extends = data.get("extends")
    if extends is None:
        return data, spots, [path], {}
    here = spots[("extends",)].value
    if not isinstance(extends, str) or not extends.strip():
        raise ScenarioError([Problem("`extends` must be the file name of a baseline scenario, "
                                     "e.g. `extends: baseline.yaml`", here)])
    base_path = (path.parent / extends).resolve()
    visited = (*chain, path.resolve())
    if base_path in visited:
        circle = " -> ".join(display_name(p) for p in (*visited[visited.index(base_path):], base_path))
        raise ScenarioError([Problem(f"`extends` goes round in a circle ({circle}); a baseline "
                                     "must not extend the files built on it", here)])
    if not base_path.is_file():
        siblings = [p.name for p in base_path.parent.glob("*.y*ml")] if base_path.parent.is_dir() else []
        raise ScenarioError([Problem(f"cannot find the baseline '{extends}' (looked for "
                                     f"{display_name(base_path)}); "
                                     f"{did_you_mean(Path(extends).name, siblings, 'baseline file')}",
                                     here)])
    base, base_spots, files, removed = _load_raw(base_path, visited)
    merged, merged_spots, newly_removed = _overlay(base, base_spots, data, spots)
    return merged, merged_spots, [*files, path], {**removed, **newly_removed}


def _drop_spots(spots: dict[Path_, Spot], prefix: Path_) -> None:
    for key in [k for k in spots if k[:len(prefix)] == prefix]:
        del spots[key]


def _overlay(base: dict, base_spots: dict[Path_, Spot], option: dict,
             option_spots: dict[Path_, Spot]) -> tuple[dict, dict[Path_, Spot], dict[str, str]]:
    """Apply an option's changes to its baseline: remove ids, then merge sections by id."""
    merged = {k: v for k, v in base.items() if k not in OVERLAY_KEYS}
    spots = {k: v for k, v in base_spots.items() if not k or k[0] not in OVERLAY_KEYS}
    problems: list[Problem] = []
    removed: dict[str, str] = {}

    removals = option.get("remove") or []
    removals = [removals] if isinstance(removals, str) else removals
    if not isinstance(removals, list):
        problems.append(Problem("`remove` must be a list of ids, e.g. `remove: [old_team]`",
                                option_spots[("remove",)].value))
        removals = []
    for i, entry_id in enumerate(removals):
        where = option_spots.get(("remove", i), option_spots[("remove",)]).value
        sections = [s for s in SECTIONS if isinstance(merged.get(s), dict) and entry_id in merged[s]]
        if not sections:
            known = [k for s in SECTIONS if isinstance(merged.get(s), dict) for k in merged[s]]
            problems.append(Problem(f"cannot remove '{entry_id}': the baseline has no such id; "
                                    f"{did_you_mean(str(entry_id), known, 'id')}", where))
        for section in sections:
            merged[section] = {k: v for k, v in merged[section].items() if k != entry_id}
            _drop_spots(spots, (section, entry_id))
            removed[str(entry_id)] = f"by `remove` at {where}"
    if problems:
        raise ScenarioError(problems)

    for key, value in option.items():
        if key in OVERLAY_KEYS:
            continue
        old = merged.get(key)
        if key in SECTIONS and isinstance(value, dict) and isinstance(old, dict):
            section = dict(old)
            for entry_id, entry in value.items():
                section[entry_id] = _merge_entry(section.get(entry_id), entry, spots, (key, entry_id))
            merged[key] = section
        elif key in MERGED_BY_FIELD:
            merged[key] = _merge_entry(old, value, spots, (key,))
        else:
            merged[key] = value
            _drop_spots(spots, (key,))
    if "extends" in option:
        merged["extends"] = option["extends"]
    spots.update(option_spots)
    return merged, spots, removed


def _merge_entry(old: Any, new: Any, spots: dict[Path_, Spot], prefix: Path_) -> Any:
    """Field-by-field merge of one entry; `null` resets a field to its default."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        _drop_spots(spots, prefix)
        return new
    result = dict(old)
    for field_name, value in new.items():
        _drop_spots(spots, (*prefix, field_name))
        if value is None:
            result.pop(field_name, None)
        else:
            result[field_name] = value
    return result


# --- validation and messages --------------------------------------------------------------------

def _validate(data: dict, spots: dict[Path_, Spot], removed: dict[str, str]) -> Scenario:
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([_explain(error, spots)
                             for error in _without_echoes(exc.errors())]) from None
    problems = [*cross_reference_problems(scenario, removed), *_departure_problems(scenario)]
    if problems:
        raise ScenarioError([Problem(p.message, _locate(spots, p.path, p.at_key))
                             for p in problems])
    return scenario


def _departure_problems(scenario: Scenario) -> list[RefProblem]:
    """A departure is recorded against a rule: a key that names no rule would never reach a
    finding, so it is refused with the nearest rule id."""
    from ..rules.registry import RULES  # the rule packs are pure; only their ids are read here
    return [RefProblem(("departures", key), f"no rule '{key}' to depart from; "
                       f"{did_you_mean(key, RULES, 'rule')} (`orgsim rules` lists every rule id)",
                       at_key=True)
            for key in scenario.departures if key not in RULES]


def _without_echoes(errors: list[dict]) -> list[dict]:
    """Drop 'missing title' where the same mapping has a misspelt 'titel': one typo, one message."""
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent = tuple(error["loc"][:-1])
            guess = did_you_mean(str(error["loc"][-1]), _valid_keys(parent), "key")
            misspelt.add((parent, guess))
    return [e for e in errors if not (
        e["type"] == "missing"
        and (tuple(e["loc"][:-1]), f"did you mean '{e['loc'][-1]}'?") in misspelt)]


def _locate(spots: dict[Path_, Spot], path: Path_, at_key: bool) -> SourceLocation | None:
    """The spot for `path`, or for its nearest ancestor present in the file."""
    for end in range(len(path), -1, -1):
        spot = spots.get(tuple(path[:end]))
        if spot is not None:
            return spot.key if (at_key and end == len(path)) else spot.value
    return None


def _dotted(loc: Path_) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def _model_at(loc: Path_) -> type[BaseModel] | None:
    """The model class whose fields the mapping at `loc` must use."""
    model: type[BaseModel] = Scenario
    segments = list(loc)
    while segments:
        segment = segments.pop(0)
        field_info = next((f for n, f in model.model_fields.items() if (f.alias or n) == segment),
                          None)
        if field_info is None:
            return None
        annotation = field_info.annotation
        while True:
            origin, args = get_origin(annotation), get_args(annotation)
            if origin is Annotated:
                annotation = args[0]
            elif origin in (Union, types.UnionType):
                annotation = next(a for a in args if a is not type(None))
            elif origin in (dict, tuple):
                annotation = args[-1] if origin is dict else args[0]
                if segments:
                    segments.pop(0)
            else:
                break
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model


def _valid_keys(loc: Path_) -> list[str]:
    model = _model_at(loc)
    return [f.alias or n for n, f in model.model_fields.items()] if model else []


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _explain(error: dict, spots: dict[Path_, Spot]) -> Problem:
    kind, raw_loc, value = error["type"], tuple(error["loc"]), error.get("input")
    at_key = "[key]" in raw_loc
    loc = tuple(p for p in raw_loc if p != "[key]")
    named = [p for p in loc if isinstance(p, str)]
    field_name = named[-1] if named else "value"
    field_name = LIST_ITEM_NAMES.get(field_name, field_name) if loc and isinstance(loc[-1], int) \
        else field_name
    where = _dotted(loc)

    if kind == "extra_forbidden":
        parent = loc[:-1]
        message = (f"unknown key '{loc[-1]}' in {_dotted(parent)}; "
                   f"{did_you_mean(str(loc[-1]), _valid_keys(parent), 'key')}")
        if value is None:
            message += (" (if it is the end of a text containing a comma, put that text in "
                        "quotes)")
        at_key = True
    elif kind == "missing":
        where_missing = _dotted(loc[:-1])
        message = f"{where_missing} is missing '{loc[-1]}'; add `{loc[-1]}: ...`"
        loc = loc[:-1]
    elif kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            context = f" ({where})" if where != field_name else ""
            message = (f"{_describe(value)} is not a valid {field_name}{context}; "
                       f"{did_you_mean(str(value), choices, field_name)}")
        else:
            message = f"{where} must be one of: {', '.join(choices)}"
    elif kind == "value_error":
        message = f"{where}: {error['ctx']['error']}"
    elif kind == "string_pattern_mismatch":
        message = (f"{_describe(value)} is not a valid id ({where}); ids use letters, digits, "
                   "'_', '.' and '-', and start with a letter, digit or '_'")
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"{where} must be a mapping of `key: value` lines, not {_describe(value)}"
    elif kind in ("tuple_type", "list_type"):
        message = f"{where} must be a list such as `[a, b]`, not {_describe(value)}"
    elif kind == "string_type":
        message = f"{where} must be text, not {_describe(value)}; put it in quotes if it is text"
    else:
        message = f"{where}: {error['msg']} (got {_describe(value)})"
    return Problem(message, _locate(spots, loc, at_key))
