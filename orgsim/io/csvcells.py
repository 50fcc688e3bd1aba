"""CSV cells that a spreadsheet cannot run.

A cell beginning `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a formula to
Excel, LibreOffice and Google Sheets: a scenario title such as `=HYPERLINK("http://x","c")`
written verbatim into a findings CSV becomes a live link, or worse, when an auditor opens the
file. Every CSV orgsim writes passes text cells through `safe_cell`, which puts an apostrophe in
front, the spreadsheets' own mark for "text, not a formula"; plain numbers are left as they are.
`formula_unescaped` takes the apostrophe off again when orgsim reads its own CSV back.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value: object) -> object:
    """The cell as a spreadsheet may safely read it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_row(values) -> list[object]:
    return [safe_cell(v) for v in values]


def formula_unescaped(text: str) -> str:
    """The text as it was before `safe_cell`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and \
            not _NUMBER.match(text[1:]):
        return text[1:]
    return text
