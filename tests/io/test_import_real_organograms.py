"""Every real organogram pair either imports to a scenario that the real loader accepts, or fails
with a message naming the file and a row.

The files are the shared brief's published data, `shared/data/organograms` beside the repository
or beside any folder above it (so a clone anywhere in the workspace finds them); set
ORGSIM_ORGANOGRAMS to point elsewhere. The test skips, saying so, when they are nowhere.
"""

import os
import re
from pathlib import Path

import pytest

from orgsim.io.imported import imported_scenario
from orgsim.io.importers import ImportFailed, import_organogram

ROOT = Path(__file__).resolve().parents[2]


def _organograms() -> Path:
    if os.environ.get("ORGSIM_ORGANOGRAMS"):
        return Path(os.environ["ORGSIM_ORGANOGRAMS"])
    candidates = [p / "shared" / "data" / "organograms" for p in ROOT.parents]
    return next((c for c in candidates if c.is_dir()), candidates[0])


FOLDER = _organograms()
SENIORS = sorted(FOLDER.glob("*-senior.csv")) if FOLDER.is_dir() else []


def junior_of(senior: Path) -> Path | None:
    junior = senior.with_name(senior.name.replace("-senior.csv", "-junior.csv"))
    return junior if junior.is_file() else None


@pytest.mark.skipif(not SENIORS, reason="the real organograms were not found: no shared/data/organograms "
                    "beside the repository or a folder above it, and ORGSIM_ORGANOGRAMS unset")
def test_every_real_pair_imports_or_fails_naming_file_and_row():
    outcomes = {"clean": 0, "repaired": 0, "failed": 0}
    for senior in SENIORS:
        junior = junior_of(senior)
        try:
            result = import_organogram(senior, junior)
        except ImportFailed as exc:
            outcomes["failed"] += 1
            names = {senior.name} | ({junior.name} if junior else set())
            assert re.match(rf"^({'|'.join(map(re.escape, names))}) row \d+: \S", str(exc)), exc
            continue
        # imported_scenario loads the text with the real loader and raises if it is invalid
        scenario = imported_scenario(result, "england", "leader_cabinet", "test").loaded.scenario
        assert len(scenario.posts) >= 1
        assert sum(1 for p in scenario.posts.values() if p.line_manager is None) == 1
        assert all(p.row is not None or p.file in (senior.name, getattr(junior, "name", None))
                   for p in result.problems)
        outcomes["repaired" if result.problems else "clean"] += 1
    assert sum(outcomes.values()) == len(SENIORS)
    print(f"\n{len(SENIORS)} organogram pairs: {outcomes}")
