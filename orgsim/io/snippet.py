"""A YAML snippet to paste into a scenario file: comment lines, then scenario sections."""

from __future__ import annotations

from collections.abc import Sequence

import yaml


def snippet_text(header: Sequence[str], sections: dict) -> str:
    """The header lines (each already a `# ...` comment) and the sections as YAML, keys sorted
    so the same entries always give the same text; the header alone when there are none."""
    text = "\n".join(header) + "\n"
    if not sections:
        return text
    return text + yaml.safe_dump(sections, sort_keys=True, default_flow_style=False,
                                 allow_unicode=True, width=100)
