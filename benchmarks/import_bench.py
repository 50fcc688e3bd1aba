"""Import speed: every real organogram pair beside the repository, the largest on its own, and
the line-management diagram of the largest when `orgsim diagram` is available.

    .venv/bin/python benchmarks/import_bench.py [--folder ../shared/data/organograms]

Prints how many pairs imported cleanly, with repairs, or failed, and wall-clock times.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orgsim.io.imported import imported_scenario
from orgsim.io.importers import ImportFailed, import_organogram

ROOT = Path(__file__).resolve().parent.parent


def pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    out = []
    for senior in sorted(folder.glob("*-senior.csv")):
        junior = senior.with_name(senior.name.replace("-senior.csv", "-junior.csv"))
        out.append((senior, junior if junior.is_file() else None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=next(
        (c for p in ROOT.parents if (c := p / "shared" / "data" / "organograms").is_dir()),
        ROOT.parent / "shared" / "data" / "organograms"))
    args = parser.parse_args()
    found = pairs(args.folder)
    if not found:
        sys.exit(f"no *-senior.csv files in {args.folder}")
    counts = {"clean": 0, "repaired": 0, "failed": 0}
    start = time.perf_counter()
    for senior, junior in found:
        try:
            result = import_organogram(senior, junior)
            imported_scenario(result, "england", "leader_cabinet", "benchmark")
            counts["repaired" if result.problems else "clean"] += 1
        except ImportFailed:
            counts["failed"] += 1
    total = time.perf_counter() - start
    print(f"{len(found)} pairs in {total:.2f} s: {counts}")

    senior, junior = max(found, key=lambda p: sum(f.stat().st_size for f in p if f))
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "largest.yaml"
        command = [sys.executable, str(ROOT / "cli.py"), "import", "organogram", str(senior),
                   *([str(junior)] if junior else []), "-o", str(output)]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        print(f"orgsim import organogram {senior.name} ...: {time.perf_counter() - start:.2f} s "
              "(whole command, including start-up)")
        diagram = [sys.executable, str(ROOT / "cli.py"), "diagram", str(output), "--view", "line",
                   "--out", str(Path(tmp) / "out")]
        start = time.perf_counter()
        done = subprocess.run(diagram, capture_output=True, text=True)
        took = time.perf_counter() - start
        if done.returncode == 0:
            print(f"orgsim diagram --view line on it: {took:.2f} s")
        else:
            print(f"orgsim diagram failed ({done.returncode}): {done.stderr.strip()[:200]}")


if __name__ == "__main__":
    main()
