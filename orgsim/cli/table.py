"""Plain-text tables for the terminal: aligned columns, no colour, safe to paste into a paper."""

from __future__ import annotations

from collections.abc import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: int = 2) -> str:
    cells = [[str(c) for c in headers], *[[("" if c is None else str(c)) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    pad = " " * indent

    def line(row: list[str]) -> str:
        return (pad + "  ".join(c.ljust(w) for c, w in zip(row, widths))).rstrip()

    rule = pad + "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])
