"""Safe YAML parsing that remembers where every key and value came from."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ScenarioError, SourceLocation

Path_ = tuple[str | int, ...]
# The C composer keeps the same line and column marks and is several times faster.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
STR_TAG = "tag:yaml.org,2002:str"
# Echoed values are cut to this many characters, so a 5,000-character key stays one readable line.
SHOWN_CHARS = 60
MAX_ALIASES_SHOWN = 10


class Spot:
    """Where a mapping entry's key and its value start.

    It keeps PyYAML's marks and makes the `SourceLocation`s only when asked: a 20,000-post file
    has half a million spots and few problems."""

    __slots__ = ("_name", "_key", "_value")

    def __init__(self, name: str, key: yaml.Mark, value: yaml.Mark):
        self._name, self._key, self._value = name, key, value

    @property
    def key(self) -> SourceLocation:
        return _loc(self._name, self._key)

    @property
    def value(self) -> SourceLocation:
        return _loc(self._name, self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Spot) and (self.key, self.value) == (other.key, other.value)

    def __hash__(self) -> int:
        return hash((self.key, self.value))

    def __repr__(self) -> str:
        return f"Spot(key={self.key}, value={self.value})"


def display_name(path: Path) -> str:
    """A path as the user would recognise it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _loc(name: str, mark: yaml.Mark) -> SourceLocation:
    return SourceLocation(name, mark.line + 1, mark.column + 1)


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as a message may echo it: control characters (a newline too) written as escapes,
    so the message stays on its one located line and nothing reaches the terminal raw, and long
    values cut short."""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)
    return text + ("..." if cut else "")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _refuse_aliases(text: str, name: str) -> None:
    """Scenario files never need YAML aliases (`*name`), and expanding them is how a 1 KB file
    becomes billions of values or a value contains itself; refuse every one where it is used."""
    if "*" not in text:  # no alias is possible; spare big files a second parse
        return
    aliases = [event for event in yaml.parse(text, Loader=COMPOSER)
               if isinstance(event, yaml.AliasEvent)]
    if not aliases:
        return
    more = f" ({len(aliases) - MAX_ALIASES_SHOWN} more after this one)" \
        if len(aliases) > MAX_ALIASES_SHOWN else ""
    raise ScenarioError([
        Problem(f"a YAML alias (*{shown(event.anchor)}) is not allowed in a scenario file; write "
                "the value out in full where it is needed" + (more if i == MAX_ALIASES_SHOWN - 1
                                                              else ""),
                _loc(name, event.start_mark))
        for i, event in enumerate(aliases[:MAX_ALIASES_SHOWN])])


class _Walker:
    def __init__(self, name: str):
        self.name = name
        self.spots: dict[Path_, Spot] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
            raise yaml.constructor.ConstructorError(
                None, None, f"the tag '{shown(node.tag)}' is not allowed", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(
                        "a key must be a plain word; write `name: value`",
                        _loc(self.name, key_node.start_mark)))
                    continue
                # The key as written: YAML 1.1 would turn `yes`, `no`, `on`, `off` and `~`
                # into True, False and None, ids the user never wrote.
                key = key_node.value
                spot = Spot(self.name, key_node.start_mark, value_node.start_mark)
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
                self.spots[(*path, index)] = Spot(self.name, item_node.start_mark,
                                                  item_node.start_mark)
                items.append(self.walk(item_node, (*path, index)))
            return items
        if node.tag == STR_TAG:  # most scalars: text needs no constructing
            return node.value
        try:
            return self._scalars.construct_object(node)
        except ValueError:
            if node.tag.endswith(":timestamp"):  # date-shaped, but no such day (2014-13-01)
                raise _NoSuchDay(
                    None, None, f"'{shown(node.value)}' is not a date on the calendar; write a "
                    "real day as YYYY-MM-DD, e.g. 2014-09-01", node.start_mark) from None
            # Python refuses to read integers of more than 4,300 digits.
            raise yaml.constructor.ConstructorError(
                None, None, f"the number '{shown(node.value)}' has too many digits to be read",
                node.start_mark) from None


class _NoSuchDay(yaml.constructor.ConstructorError):
    """A date-shaped value naming no day on the calendar: an ordinary typo, not a YAML feature
    the format refuses."""


@contextlib.contextmanager
def _collector_paused():
    """PyYAML builds a node for every value and the walker a spot for every entry, none of them
    cyclic; the cyclic collector rescanning that growing heap made a 20,000-post file three
    times slower to read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_yaml(text: str, name: str) -> tuple[Any, dict[Path_, Spot]]:
    """Parse one YAML document with safe types only; raise ScenarioError on bad syntax."""
    with _collector_paused():
        return _parse_yaml(text, name)


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[Path_, Spot]]:
    try:
        _refuse_aliases(text, name)
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = shown(exc.problem or "the YAML cannot be read", 200)
        hint = "check indentation, colons and quotes on this line or the one before"
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        if mark and line[mark.column:mark.column + 1] == "\t" or "\t" in line[:mark.column + 1] \
                and not line[:mark.column].strip():
            what, hint = "a tab character", "indent with spaces; YAML does not allow tabs there"
        elif "another document" in what:
            what, hint = "a second document", ("a scenario file holds one document; remove "
                                               "the second `---` and what follows, or split the "
                                               "file in two")
        raise ScenarioError([Problem(
            f"YAML syntax: {what}; {hint}", _loc(name, mark) if mark else SourceLocation(name, 1, 1))]
            ) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise ScenarioError([Problem(
            f"the character U+{exc.character:04X} is not allowed in a scenario file (a control "
            "character); delete it, or write the text without it",
            SourceLocation(name, line, column))]) from None
    except (yaml.YAMLError, ValueError) as exc:
        # Anything else PyYAML reports comes with `in "<unicode string>"` lines: keep the first.
        what = shown(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 200)
        raise ScenarioError([Problem(f"YAML syntax: {what}; save the file as plain UTF-8 YAML",
                                     SourceLocation(name, 1, 1))]) from None
    if node is None:
        return None, {}
    walker = _Walker(name)
    try:
        data = walker.walk(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        message = exc.problem if isinstance(exc, _NoSuchDay) else (
            f"YAML value not allowed: {exc.problem}; scenario files hold only plain text, "
            "numbers, lists and mappings")
        raise ScenarioError([Problem(
            message, _loc(name, mark) if mark else SourceLocation(name, 1, 1))]) from None
    walker.spots[()] = Spot(name, node.start_mark, node.start_mark)
    if walker.problems:
        raise ScenarioError(walker.problems)
    return data, walker.spots
