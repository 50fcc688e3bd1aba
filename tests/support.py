"""Paths and texts the tests share (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Set ORGSIM_UPDATE_GOLDEN=1 to rewrite golden files; review the diff before committing.
UPDATE_GOLDEN = os.environ.get("ORGSIM_UPDATE_GOLDEN") == "1"

MINIMAL = """\
orgsim: 1
name: Minimal council
jurisdiction: england
governance: leader_cabinet
"""


def reference_scenarios() -> list[Path]:
    # The cookbook's small files illustrate the format (docs/scenarios.md); they are validated by
    # tests/test_scenario_guide.py, not pinned by golden files.
    return sorted(p for p in SCENARIOS.glob("*/*.yaml") if p.parent.name != "cookbook")


def reference_scenario(stem: str) -> Path:
    """The reference scenario file named `stem`, whichever folder under scenarios/ holds it."""
    (path,) = SCENARIOS.glob(f"*/{stem}.yaml")
    return path
