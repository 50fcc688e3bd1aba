"""Read a CSV file as people and publishers actually save them.

Text encodings are tried in order (UTF-8 with or without a byte order mark, then Windows-1252, the
usual encoding of files saved from Excel on Windows, then Latin-1, which accepts any byte). The
header is found by the columns it must have, so a title line above it or a leading unnamed index
column does not matter, and header cells are compared loosely: case, spacing, quotes and
punctuation are ignored, and each field accepts the variants publishers used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..csvcells import formula_unescaped
from .result import ImportFailed, ImportProblem

# Values that mean "nothing here": not disclosed, not applicable, blank.
MISSING = frozenset({"", "n/d", "n/a", "na", "nd", "-", "--", "null", "none", "not disclosed",
                     "not applicable", "#n/a"})
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t", "|")


def header_key(cell: str) -> str:
    """`"Grade (or equivalent)"` -> `gradeorequivalent`: what stays when formatting goes."""
    cell = cell.strip().strip("'\"\ufeff").lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]", "", cell)


def value(cell: str | None) -> str | None:
    """The cell's text, or None when it is blank, N/D, N/A or similar."""
    if cell is None:
        return None
    # orgsim's own exports mark formula-like text with an apostrophe (io.csvcells)
    text = " ".join(formula_unescaped(cell.strip()).split())
    if len(text) >= 2 and text[0] == text[-1] == "'":  # some exports wrap values as 'N/A'
        text = text[1:-1].strip()
    return None if text.lower() in MISSING else text


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the first line of the file is row 1
    cells: tuple[str, ...]

    def get(self, column: int | None) -> str | None:
        if column is None or column >= len(self.cells):
            return None
        return value(self.cells[column])

    def raw(self, column: int | None) -> str:
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column].strip()


def parse_fte(row: Row, column: int | None, file: str, problems: list[ImportProblem]
              ) -> float | None:
    text = row.get(column)
    if text is None:
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):  # thousands: 1,250
        text_number = text.replace(",", "")
    else:  # a decimal comma, as some spreadsheets write 0,5
        text_number = text.replace(",", ".")
    try:
        fte = float(text_number)
    except ValueError:
        fte = -1.0
    if fte < 0 or fte != fte or fte == float("inf"):
        problems.append(ImportProblem(file, row.number, f"FTE '{text}' is not a number of "
                                      "posts; left out"))
        return None
    return fte


@dataclass(frozen=True)
class Table:
    name: str
    columns: Mapping[str, int]  # field name -> column index
    header_row: int
    rows: tuple[Row, ...]
    encoding: str


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name}: starts as UTF-16 text but byte {exc.start} is not; save "
                               "the file as CSV UTF-8") from None
    if b"\x00" in data:
        row = data[:data.index(b"\x00")].count(b"\n") + 1
        raise ImportFailed(f"{name} row {row}: contains NUL bytes, so it is not a text CSV file "
                           "(perhaps a spreadsheet or UTF-16 without a byte order mark); save it "
                           "as CSV UTF-8")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep the comma, listed first
    return best if counts[best] else ","


def read_table(path: Path, fields: Mapping[str, Sequence[str]], required: Sequence[str],
               problems: list[ImportProblem], what: str) -> Table:
    """Read `path`, locating the header row by the `required` fields.

    `fields` maps each field to the headers it accepts, the usual one first; they are compared
    by `header_key`. Raises ImportFailed,
    naming the file and row, when the file cannot be read or has no such header.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{name}: no such file; check the name and folder") from None
    except IsADirectoryError:
        raise ImportFailed(f"{name}: is a folder; name a .csv file") from None
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot be read ({exc.strerror})") from None
    text, encoding = decode(data, name)
    if encoding not in ("utf-8-sig", "utf-16"):
        problems.append(ImportProblem(name, None, f"not UTF-8 text; read as {encoding}, check "
                                      "accented letters and the pound sign"))
    records = _records(text, name)
    if not records:
        raise ImportFailed(f"{name} row 1: the file is empty; expected {what} with a header row")
    for row in records[:HEADER_SEARCH_ROWS]:
        columns = _match_header(row.cells, fields)
        if all(f in columns for f in required):
            body = tuple(r for r in records if r.number > row.number
                         and any(c.strip() for c in r.cells))
            return Table(name, columns, row.number, body, encoding)
    first = records[0]
    columns = _match_header(first.cells, fields)
    missing = [repr(fields[f][0]) for f in required if f not in columns]
    shown = ", ".join(repr(c.strip()) for c in first.cells if c.strip())[:300]
    raise ImportFailed(f"{name} row {first.number}: no header row with the columns {what} needs "
                       f"(missing {', '.join(missing)}); the first row has: {shown or 'nothing'}")


def _records(text: str, name: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows: list[Row] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(Row(number, tuple(cells)))
    except csv.Error as exc:
        raise ImportFailed(f"{name} row {len(rows) + 1}: not readable as CSV ({exc}); check for "
                           "an unclosed quote") from None
    _refuse_truncated(text, name)
    return rows


def _refuse_truncated(text: str, name: str) -> None:
    """A file cut short inside a quoted cell reads, leniently, as if the cell ended there (a
    title becomes "Chief Exe"); the strict reader tells that apart from lesser quirks of
    published files, which the lenient reading keeps accepting."""
    if '"' not in text:
        return
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text),
                        strict=True)
    count = 0
    try:
        for count, _ in enumerate(strict, start=1):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ImportFailed(f"{name} row {count + 1}: the file ends inside a quoted cell (a "
                               "quote opened there is never closed), so it looks cut short; "
                               "save or download the whole file again") from None


def _match_header(cells: Sequence[str], fields: Mapping[str, Sequence[str]]) -> dict[str, int]:
    keys = [header_key(c) for c in cells]
    columns: dict[str, int] = {}
    for field_name, accepted in fields.items():
        for variant in accepted:  # the first listed variant wins when several are present
            if header_key(variant) in keys:
                columns[field_name] = keys.index(header_key(variant))
                break
    return columns


def title_of(table: Table, row: Row, ref: str | None, problems: list[ImportProblem],
             review: list[str], what: str = "title") -> str:
    """The row's title; where the source has none, a placeholder from the reference or the row
    number, marked for review and reported (`what` is how the publisher names the column)."""
    title = row.get(table.columns.get("title"))
    if title is not None:
        return title
    title = f"Post {ref}" if ref else f"Post on row {row.number}"
    review.append(f"no {what} in the source")
    problems.append(ImportProblem(table.name, row.number, f"no {what}; titled '{title}', "
                                  "marked for review"))
    return title
