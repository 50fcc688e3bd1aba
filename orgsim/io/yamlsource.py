"""Safe YAML parsing that remembers where every key and value came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ScenarioError, SourceLocation

Path_ = tuple[str | int, ...]
# The C composer keeps the same line and column marks and is several times faster.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Spot:
    """Where a mapping entry's key and its value start."""

    key: SourceLocation
    value: SourceLocation


def display_name(path: Path) -> str:
    """A path as the user would recognise it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _loc(name: str, mark: yaml.Mark) -> SourceLocation:
    return SourceLocation(name, mark.line + 1, mark.column + 1)


class _Walker:
    def __init__(self, name: str):
        self.name = name
        self.spots: dict[Path_, Spot] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
            raise yaml.constructor.ConstructorError(
                None, None, f"the tag '{node.tag}' is not allowed", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(
                        "a key must be a plain word; write `name: value`",
                        _loc(self.name, key_node.start_mark)))
                    continue
                key = self._scalars.construct_object(key_node)
                key = key if isinstance(key, str) else str(key)
                spot = Spot(_loc(self.name, key_node.start_mark),
                            _loc(self.name, value_node.start_mark))
                if key in result:
                    first = self.spots[(*path, key)].key
                    self.problems.append(Problem(
                        f"key '{key}' appears twice in the same mapping (first at line "
                        f"{first.line}); keep one of them", spot.key))
                    continue
                self.spots[(*path, key)] = spot
                result[key] = self.walk(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item_node in enumerate(node.value):
                here = _loc(self.name, item_node.start_mark)
                self.spots[(*path, index)] = Spot(here, here)
                items.append(self.walk(item_node, (*path, index)))
            return items
        return self._scalars.construct_object(node)


def parse_yaml(text: str, name: str) -> tuple[Any, dict[Path_, Spot]]:
    """Parse one YAML document with safe types only; raise ScenarioError on bad syntax."""
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "the YAML cannot be read"
        raise ScenarioError([Problem(
            f"YAML syntax: {what}; check indentation, colons and quotes on this line "
            "or the one before", _loc(name, mark) if mark else None)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(f"YAML syntax: {exc}", SourceLocation(name, 1, 1))]) from None
    if node is None:
        return None, {}
    walker = _Walker(name)
    try:
        data = walker.walk(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ScenarioError([Problem(
            f"YAML value not allowed: {exc.problem}; scenario files hold only plain text, "
            "numbers, lists and mappings", _loc(name, mark) if mark else None)]) from None
    walker.spots[()] = Spot(_loc(name, node.start_mark), _loc(name, node.start_mark))
    if walker.problems:
        raise ScenarioError(walker.problems)
    return data, walker.spots
