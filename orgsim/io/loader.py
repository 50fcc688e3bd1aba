"""Load a scenario file: safe YAML, `extends` overlays, strict validation, errors that point home.

Every problem is reported as `file:line:column: what is wrong; what to write instead`. Wherever the
file parses, structural problems (unknown keys, bad values), overlay problems and cross-reference
problems (unknown ids, cycles, roles held twice) come in one list, sorted by file and line: an
entry with a structural problem stands in for itself in the reference checks, so what refers to it
is not reported as unknown, and nothing it says is held against the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ScenarioError, SourceLocation
from ..model.crossref import RefProblem, cross_reference_problems, did_you_mean
from ..model.rule_ids import RULE_IDS
from ..model.scenario import NODE_SECTIONS, SECTIONS, Scenario
from ..model.vocab import ROLES
from .yamlsource import Path_, Spot, display_name, parse_yaml, shown

OVERLAY_KEYS = ("extends", "remove", "replace")
# Deeper `extends` chains are refused: no real option is built on fifty others, and an
# unbounded chain would exhaust the stack.
MAX_EXTENDS_DEPTH = 50
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
    # the hash of the files as written, kept when a run judges them on another date (`judged_on`)
    written_hash: str | None = field(default=None, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        return self.written_hash or scenario_hash(self.scenario)

    def judged_on(self, day: date | None) -> LoadedScenario:
        """This scenario judged by the law of `day` (a run's --as-of) in place of its own date;
        its recorded hash stays that of the files as written."""
        if day is None:
            return self
        return replace(self, scenario=self.scenario.model_copy(update={"as_of": day}),
                       written_hash=self.content_hash)

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
    data, spots, files, removed, problems = _load_raw(path, ())
    return LoadedScenario(_validate(data, spots, removed, problems), path, tuple(files), spots)


def baseline_of(loaded: LoadedScenario) -> Path | None:
    """The file an option's `extends` names (resolved), or None for a file that extends none."""
    return loaded.files[-2] if len(loaded.files) > 1 else None


def load_scenario_text(text: str, name: str = "<scenario>", base_dir: Path | None = None,
                       ) -> LoadedScenario:
    """Load from a string; `extends` resolves against `base_dir` (the working directory if None)."""
    base = Path(base_dir) if base_dir else Path.cwd()
    data, spots = _parse_document(text, name)
    data, spots, files, removed, problems = _apply_extends(data, spots, base / name, name, ())
    return LoadedScenario(_validate(data, spots, removed, problems), base / name, tuple(files),
                          spots)


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
        problems = []
        for key, does in (("remove", "drops entries of"), ("replace", "merges entries of")):
            if data.get(key):  # an empty list or mapping asks nothing of a baseline
                problems.append(Problem(f"`{key}` {does} a baseline, so it needs "
                                        f"`extends: baseline.yaml`; add it or drop `{key}`",
                                        spots[(key,)].key))
        return data, spots, [path], {}, problems
    here = spots[("extends",)].value
    if not isinstance(extends, str) or not extends.strip():
        raise ScenarioError([Problem("`extends` must be the file name of a baseline scenario, "
                                     "e.g. `extends: baseline.yaml`", here)])
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem(f"`extends` chains more than {MAX_EXTENDS_DEPTH} files; "
                                     "extend the baseline directly rather than a chain of "
                                     "options", here)])
    try:
        base_path = (path.parent / extends).resolve()
        visited = (*chain, path.resolve())
        found = base_path.is_file()
    except (OSError, ValueError, RuntimeError) as exc:
        # A NUL byte, a name too long for the file system, a loop of symbolic links.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScenarioError([Problem(f"`extends` names a file that cannot be opened "
                                     f"({shown(reason)}); write the baseline's file name, "
                                     "e.g. `extends: baseline.yaml`", here)]) from None
    if base_path in visited:
        circle = " -> ".join(display_name(p) for p in (*visited[visited.index(base_path):], base_path))
        raise ScenarioError([Problem(f"`extends` goes round in a circle ({circle}); a baseline "
                                     "must not extend the files built on it", here)])
    if not found:
        siblings = [p.name for p in base_path.parent.glob("*.y*ml")] if base_path.parent.is_dir() else []
        raise ScenarioError([Problem(f"cannot find the baseline '{shown(extends)}' (looked for "
                                     f"{shown(display_name(base_path))}); "
                                     f"{did_you_mean(Path(extends).name, siblings, 'baseline file')}",
                                     here)])
    base, base_spots, files, removed, problems = _load_raw(base_path, visited)
    merged, merged_spots, newly_removed, new_problems = _overlay(base, base_spots, data, spots)
    return (merged, merged_spots, [*files, path], {**removed, **newly_removed},
            [*problems, *new_problems])


def _kept_spots(spots: dict[Path_, Spot], stale: set[Path_]) -> dict[Path_, Spot]:
    """The spots whose path does not begin with a stale path, found in one pass over the spots
    (a pass per stale path would be quadratic in a large option)."""
    depths = sorted({len(path) for path in stale})
    kept = {}
    for key, spot in spots.items():
        for depth in depths:  # a plain loop: a generator per spot doubles the time
            if depth > len(key):
                kept[key] = spot
                break
            if key[:depth] in stale:
                break
        else:
            kept[key] = spot
    return kept


def _overlay(base: dict, base_spots: dict[Path_, Spot], option: dict,
             option_spots: dict[Path_, Spot],
             ) -> tuple[dict, dict[Path_, Spot], dict[str, str], list[Problem]]:
    """Apply an option's changes to its baseline: remove ids, merge posts (`replace`), then merge
    sections by id. A change that cannot be made is left out and reported with the rest."""
    # each section its own mapping, so removing and merging entries leaves the baseline's as read
    merged = {k: dict(v) if k in SECTIONS and isinstance(v, dict) else v
              for k, v in base.items() if k not in OVERLAY_KEYS}
    # The baseline's marks of everything the option removes or rewrites: they are left out of
    # the merged marks in one pass at the end, and the option's own marks put in their place.
    stale: set[Path_] = {(key,) for key in OVERLAY_KEYS}
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
        if not isinstance(entry_id, str):
            problems.append(Problem(f"`remove` lists ids, not {_describe(entry_id)}; write "
                                    "`remove: [old_team, old_channel]`", where))
            continue
        sections = [s for s in SECTIONS if isinstance(merged.get(s), dict) and entry_id in merged[s]]
        if not sections:
            known = [k for s in SECTIONS if isinstance(merged.get(s), dict) for k in merged[s]]
            problems.append(Problem(f"cannot remove '{shown(entry_id)}': the baseline has no "
                                    f"such id; {did_you_mean(str(entry_id), known, 'id')}",
                                    where))
        for section in sections:
            del merged[section][entry_id]
            stale.add((section, entry_id))
            removed[str(entry_id)] = f"by `remove` at {where}"

    merges = _replacements(option, option_spots, merged, problems)
    referrers = referrers_of(merged) if merges else {}
    for old_id, (new_id, section, where) in merges.items():
        removed.update(repoint(merged, stale, referrers, old_id, new_id, section, where))

    for key, value in option.items():
        if key in OVERLAY_KEYS:
            continue
        old = merged.get(key)
        if key in SECTIONS and isinstance(value, dict) and isinstance(old, dict):
            for entry_id, entry in value.items():  # `old` is the merge's own copy
                old[entry_id] = _merge_entry(old.get(entry_id), entry, stale, (key, entry_id))
        elif key in MERGED_BY_FIELD:
            merged[key] = _merge_entry(old, value, stale, (key,))
        else:
            merged[key] = value
            stale.add((key,))
    if "extends" in option:
        merged["extends"] = option["extends"]
    if merges:
        # Kept so the structural diff can say "post merged" rather than "post removed".
        merged["replace"] = {old_id: new_id for old_id, (new_id, _, _) in merges.items()}
    spots = _kept_spots(base_spots, stale)
    spots.update(option_spots)
    return merged, spots, removed, problems


def _replacements(option: dict, option_spots: dict[Path_, Spot], merged: dict,
                  problems: list[Problem]) -> dict[str, tuple[str, str, SourceLocation]]:
    """The option's `replace: {old: new}` pairs, checked: old id -> (new id, section, where)."""
    replace = option.get("replace")
    if replace is None:
        return {}
    if not isinstance(replace, dict):
        problems.append(Problem("`replace` must be a mapping of `old_id: new_id`, e.g. "
                                "`replace: {dass: dcs}`", option_spots[("replace",)].value))
        return {}
    option_ids = {k: s for s in NODE_SECTIONS if isinstance(option.get(s), dict)
                  for k in option[s]}
    base_ids = {k: s for s in NODE_SECTIONS if isinstance(merged.get(s), dict) for k in merged[s]}
    out: dict[str, tuple[str, str, SourceLocation]] = {}
    for old_id, new_id in replace.items():
        where = option_spots[("replace", old_id)].value
        section = base_ids.get(old_id)
        if section is None:
            problems.append(Problem(f"cannot replace '{old_id}': the baseline has no post, member, "
                                    f"team, body or external of that id; "
                                    f"{did_you_mean(str(old_id), base_ids, 'id')}",
                                    option_spots[("replace", old_id)].key))
            continue
        if not isinstance(new_id, str):
            problems.append(Problem(f"replace.{old_id} must be the id it merges into, e.g. "
                                    f"`{old_id}: dcs`", where))
            continue
        target_section = base_ids.get(new_id) or option_ids.get(new_id)
        if new_id == old_id:
            problems.append(Problem(f"'{old_id}' cannot be merged into itself; name another "
                                    "entry", where))
        elif new_id in replace:
            problems.append(Problem(f"'{new_id}' is itself merged away by this `replace`; merge "
                                    f"'{old_id}' straight into '{replace[new_id]}'", where))
        elif target_section is None:
            problems.append(Problem(f"cannot merge '{old_id}' into '{new_id}': no such id in the "
                                    f"baseline or this file; "
                                    f"{did_you_mean(new_id, [*base_ids, *option_ids], 'id')}",
                                    where))
        elif target_section != section:
            problems.append(Problem(f"cannot merge '{old_id}' (in {section}) into '{new_id}' (in "
                                    f"{target_section}); merge a post into a post, a team into "
                                    "a team", where))
        else:
            out[str(old_id)] = (new_id, section, where)
    return out


# Every field that holds a node id: (section, field, how it holds it).
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("posts", "line_manager", "one"), ("posts", "accountable_to", "many"),
    ("posts", "vacant", "vacancies"), ("teams", "line_manager", "one"),
    ("teams", "accountable_to", "many"), ("bodies", "chair", "one"),
    ("bodies", "members", "many"), ("bodies", "observers", "many"),
    ("channels", "from", "one"), ("channels", "to", "one"), ("rights", "holder", "one"),
    ("rights", "over", "many"), ("commissions", "from", "one"), ("commissions", "to", "one"),
    ("protocols", "director", "one"), ("protocols", "covers", "many"),
    ("standards", "who", "one"), ("standards", "teams", "many"),
    ("bodies", "independent_scrutiny", "one"), ("bodies", "chair_appointed_by", "one"),
    ("bodies", "partners", "partners"),
)
# The same, section by section: (field, how) for each section that holds ids.
REFERENCING_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    section: tuple((f, how) for s, f, how in REFERENCES if s == section)
    for section in dict.fromkeys(s for s, _, _ in REFERENCES)}
# An edge whose two ends the merge makes one node means nothing any more, and goes.
ENDS = {"channels": ("from", "to"), "commissions": ("from", "to")}


# id -> the entries (section, id) naming it, as the keys of a dict: a set that keeps its order,
# so that a merge looks at them in the same order every run
Referrers = dict[str, dict[tuple[str, str], None]]


def referrers_of(data: dict) -> Referrers:
    """For each id, the entries (section, id) whose reference fields name it: what a merge of
    that id has to repoint, found without walking every entry for every merge."""
    referrers: Referrers = {}
    for section in REFERENCING_SECTIONS:
        for entry_id, entry in (data.get(section) or {}).items():
            _note_references(referrers, section, entry_id, entry)
    return referrers


def _note_references(referrers: Referrers, section: str, entry_id: str, entry: Any) -> None:
    if not isinstance(entry, dict):
        return
    for field_name, how in REFERENCING_SECTIONS.get(section, ()):
        value = entry.get(field_name)
        if how == "one":
            named = [value]
        elif how == "many":
            named = _as_list(value) if isinstance(value, (list, str)) else []
        elif how == "partners":
            named = list(value.values()) if isinstance(value, dict) else []
        else:  # vacancies
            named = [v.get("covered_by") for v in value if isinstance(v, dict)] \
                if isinstance(value, list) else []
        for name in named:
            if isinstance(name, str):
                referrers.setdefault(name, {})[(section, entry_id)] = None


def repoint(data: dict, stale: set[Path_], referrers: Referrers,
            old_id: str, new_id: str, section: str, where: SourceLocation) -> dict[str, str]:
    """Merge entry `old_id` into `new_id` in raw scenario data, in place: every reference to the
    old id names the new one, the new entry gains the old one's statutory roles, and the old entry
    and the edges the merge leaves joining a node to itself are dropped (their baseline marks
    added to `stale`). Only the entries `referrers` (`referrers_of(data)`, kept up to date here)
    says name either id are looked at, so what the merge leaves alone stays as written. Returns
    the dropped ids and why, for messages about anything that still names them."""
    why = f"by `replace` at {where} (merged into '{new_id}')"
    dropped = {old_id: why}
    entries = data.get(section) or {}
    old_entry, new_entry = entries.get(old_id), entries.get(new_id)
    if isinstance(old_entry, dict) and isinstance(new_entry, dict):
        roles = [*_as_list(new_entry.get("roles")),
                 *(r for r in _as_list(old_entry.get("roles"))
                   if r not in _as_list(new_entry.get("roles")))]
        if roles:
            entries[new_id] = {**new_entry, "roles": roles}
    elif isinstance(old_entry, dict) and old_entry.get("roles"):
        # The entry merged into is new in the option: it gains the roles when the option's
        # entry is merged over this stand-in.
        entries[new_id] = {"roles": list(_as_list(old_entry["roles"]))}
    entries.pop(old_id, None)
    stale.add((section, old_id))
    naming = {**referrers.pop(old_id, {}), **referrers.get(new_id, {})}
    referrers[new_id] = naming
    touched = {**naming, (section, new_id): None}

    def touched_in(ref_section: str) -> list[tuple[str, Any]]:
        found = data.get(ref_section) or {}
        return [(entry_id, found[entry_id]) for in_section, entry_id in touched
                if in_section == ref_section and entry_id in found]

    def swap(value: Any) -> Any:
        return new_id if value == old_id else value

    for ref_section, entry_id in touched:
        entry = (data.get(ref_section) or {}).get(entry_id)
        if not isinstance(entry, dict):
            continue
        for field_name, how in REFERENCING_SECTIONS.get(ref_section, ()):
            if field_name not in entry:
                continue
            value = entry[field_name]
            if how == "one":
                entry[field_name] = swap(value)
            elif how == "many" and isinstance(value, (list, str)):
                entry[field_name] = list(dict.fromkeys(swap(v) for v in _as_list(value)))
            elif how == "partners" and isinstance(value, dict):
                entry[field_name] = {k: swap(v) for k, v in value.items()}
            elif how == "vacancies" and isinstance(value, list):
                entry[field_name] = [{**v, "covered_by": swap(v.get("covered_by"))}
                                     if isinstance(v, dict) and "covered_by" in v else v
                                     for v in value]
    for ref_section in ("posts", "teams"):
        for entry_id, entry in touched_in(ref_section):
            if not isinstance(entry, dict):
                continue
            if entry.get("line_manager") == entry_id and isinstance(old_entry, dict):
                # The post merged into was line-managed by the old one: it takes the old one's.
                entry["line_manager"] = old_entry.get("line_manager")
                if entry["line_manager"] is None:
                    del entry["line_manager"]
            if isinstance(entry.get("accountable_to"), list):
                entry["accountable_to"] = [a for a in entry["accountable_to"]
                                           if a not in (entry_id, entry.get("line_manager"))]
            for i, v in enumerate(entry.get("vacant") or []):
                if isinstance(v, dict) and v.get("covered_by") == entry_id:
                    entry["vacant"][i] = {k: x for k, x in v.items() if k != "covered_by"}
    for _, body in touched_in("bodies"):
        if isinstance(body, dict) and isinstance(body.get("observers"), list):
            members = _as_list(body.get("members"))
            body["observers"] = [o for o in body["observers"] if o not in members]
    for ref_section, (a, b) in ENDS.items():
        for edge_id, edge in touched_in(ref_section):
            if isinstance(edge, dict) and new_id == edge.get(a) == edge.get(b):
                del data[ref_section][edge_id]
                stale.add((ref_section, edge_id))
                dropped[edge_id] = (f"by `replace` at {where} (it joined '{old_id}' and "
                                    f"'{new_id}', now one)")
    for ref_section, holder, over in (("rights", "holder", "over"),
                                      ("protocols", "director", "covers")):
        for edge_id, edge in touched_in(ref_section):
            if not isinstance(edge, dict) or not isinstance(edge.get(over), list):
                continue
            edge[over] = [x for x in edge[over] if x != edge.get(holder)]
            if not edge[over]:
                del data[ref_section][edge_id]
                stale.add((ref_section, edge_id))
                dropped[edge_id] = (f"by `replace` at {where} (it was held by '{new_id}' over "
                                    f"'{old_id}', now one)")
    # the entry merged into may have taken the old one's line manager
    _note_references(referrers, section, new_id, entries.get(new_id))
    return dropped


def _as_list(value: Any) -> list:
    """A list field as written, one value standing for a list of one; anything else (a number,
    a mapping) is left for validation to refuse with its location."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _merge_entry(old: Any, new: Any, stale: set[Path_], prefix: Path_) -> Any:
    """Field-by-field merge of one entry; `null` resets a field to its default. The baseline
    marks of what the option rewrites go into `stale`."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        stale.add(prefix)
        return new
    result = dict(old)
    for field_name, value in new.items():
        stale.add((*prefix, field_name))
        if value is None:
            result.pop(field_name, None)
        else:
            result[field_name] = value
    return result


# --- validation and messages --------------------------------------------------------------------

def _validate(data: dict, spots: dict[Path_, Spot], removed: dict[str, str],
              overlay_problems: list[Problem]) -> Scenario:
    """The scenario, or every problem at once: overlay, structure and references, by line."""
    problems = list(overlay_problems)
    try:
        scenario: Scenario | None = Scenario.model_validate(data)
        jurisdictions: tuple[str, ...] = ()
    except ValidationError as exc:
        problems += [_explain(error, spots) for error in _without_echoes(exc.errors())]
        scenario, jurisdictions = _stand_in(data, exc.errors())
    if scenario is not None:
        found = [*_reference_problems(scenario, removed, jurisdictions),
                 *_departure_problems(scenario)]
        problems += [Problem(_bounded(p.message), _locate(spots, p.path, p.at_key))
                     for p in found]
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    return scenario


def _bounded(message: str) -> str:
    """A reference message with each quoted name it echoes shown as `shown` would: a
    5,000-character id must not make a 5,000-character line."""
    return re.sub(r"'([^']*)'", lambda m: f"'{shown(m.group(1))}'", message)


def _departure_problems(scenario: Scenario) -> list[RefProblem]:
    """A departure is recorded against a rule: a key that names no rule would never reach a
    finding, so it is refused with the nearest rule id."""
    return [RefProblem(("departures", key), f"no rule '{key}' to depart from; "
                       f"{did_you_mean(key, RULE_IDS, 'rule')} (`orgsim rules` lists every rule "
                       "id)", at_key=True)
            for key in scenario.departures if key not in RULE_IDS]


# Placeholders for top-level fields that failed, so the reference checks can still run.
_TOP_PLACEHOLDERS = {"orgsim": 1, "name": "?", "governance": "leader_cabinet"}
_DROPPED_WHEN_BAD = ("description", "extends", "remove", "replace", "defaults", "materiality")


def _stand_in(data: dict, errors: list[dict]) -> tuple[Scenario | None, tuple[str, ...]]:
    """A valid scenario standing in for one that failed the schema, to check its references.

    A node entry with a problem stands in as a bare entry with its id, title and valid roles, so
    what names it is not reported as unknown; any other entry with a problem is left out, and so
    is a top-level field (a placeholder where one is required). Returns None, and no reference
    problems are looked for, where a whole section is unusable. The jurisdictions returned are
    those to check under when the file's own is not valid (problems must hold under each)."""
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    jurisdictions: tuple[str, ...] = ()
    bad_entries: set[tuple[str, str]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if not loc:
            return None, ()
        head = loc[0]
        if head in SECTIONS:
            if len(loc) == 1 or not isinstance(data.get(head), dict):
                return None, ()
            if loc[1:2] == ("[key]",) or "[key]" in loc[:3]:
                data[head].pop(loc[-1] if loc[1] == "[key]" else loc[1], None)
            else:
                bad_entries.add((head, str(loc[1])))
        elif head == "jurisdiction":
            data["jurisdiction"], jurisdictions = "england", ("england", "wales")
        elif head in _TOP_PLACEHOLDERS:
            data[head] = _TOP_PLACEHOLDERS[head]
        else:  # a misspelt or malformed top-level key
            data.pop(head, None)
    for section, entry_id in bad_entries:
        entry = data[section].get(entry_id)
        stub = _stub(section, entry)
        if stub is None:
            data[section].pop(entry_id, None)
        else:
            data[section][entry_id] = stub
    try:
        return Scenario.model_validate(data), jurisdictions
    except ValidationError:
        return None, ()


def _stub(section: str, entry: Any) -> dict | None:
    if section not in NODE_SECTIONS:
        return {"description": "?", "severity": "routine"} if section == "item_kinds" else None
    title = entry.get("title") if isinstance(entry, dict) else None
    stub: dict[str, Any] = {"title": title if isinstance(title, str) and title else "?"}
    if section == "bodies":
        stub["kind"] = "partnership"
    if section in ("posts", "members") and isinstance(entry, dict):
        roles = [r for r in _as_list(entry.get("roles")) if isinstance(r, str) and r in ROLES]
        if roles:
            stub["roles"] = roles
    return stub


def _reference_problems(scenario: Scenario, removed: dict[str, str],
                        jurisdictions: tuple[str, ...]) -> list:
    if not jurisdictions:
        return cross_reference_problems(scenario, removed)
    # The file's jurisdiction is not valid: keep only what is wrong whichever it becomes.
    runs = [cross_reference_problems(scenario.model_copy(update={"jurisdiction": j}), removed)
            for j in jurisdictions]
    return [p for p in runs[0] if all(p in other for other in runs[1:])]


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
        part = part if isinstance(part, int) else shown(part)
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
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
    return f"'{shown(value)}'"


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
        message = (f"unknown key '{shown(loc[-1])}' in {_dotted(parent)}; "
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
    elif kind == "finite_number":
        message = (f"{where} must be a finite number, not {_describe(value)}; write a number "
                   "such as 0.5 or 12")
    elif kind == "string_type":
        message = f"{where} must be text, not {_describe(value)}; put it in quotes if it is text"
    elif kind.startswith("date_"):
        message = (f"{where} must be a date, not {_describe(value)}; write it as YYYY-MM-DD, "
                   "e.g. 2014-09-01")
    else:
        message = f"{where}: {error['msg']} (got {_describe(value)})"
    return Problem(message, _locate(spots, loc, at_key))
