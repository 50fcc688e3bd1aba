"""Golden figures: what `orgsim simulate`, `compare` and `check --all` print as JSON for every
reference scenario, run through the command line (the interface users script against, which must
not move while the internals are restructured).

Each document is compared as parsed data, floats exactly (the commands round them to 4 places),
and every simulation is run again with two worker processes, which must give the same document.
`orgsim_version` is left out: a release is not a change of figures.

The check documents reuse tests/golden/checks (ratings, citations, explanations, metrics without
per-team rows; tests/rules/test_reference_checks.py owns those files): what the command prints
must agree with them, and tests/golden/figures/check/ holds only the rest (scenario block, pack
details, evidence, mitigations, per-team rows).

A changed golden file is a changed figure users see: review the diff. Regenerate with
ORGSIM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_figures_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli.main import cli
from orgsim.io.loader import load_scenario
from support import GOLDEN, ROOT, UPDATE_GOLDEN, reference_scenarios

FIGURES = GOLDEN / "figures"
CHECKS = GOLDEN / "checks"
SIMULATE = ("-n", "6", "--seed", "3")
COMPARE = ("-n", "4", "--seed", "3")
# Fields tests/golden/checks already pins for each finding; the figures golden keeps the others.
PINNED_FINDING_FIELDS = ("severity", "citation", "explanation")


def option_pairs() -> list[tuple[Path, Path]]:
    """(baseline, option) for every reference scenario that `extends:` another."""
    pairs = []
    for path in reference_scenarios():
        files = load_scenario(path).files
        if len(files) > 1:
            pairs.append((Path(files[-2]).resolve(), path))
    return pairs


def relative(path: Path) -> str:
    # The commands label scenarios by the path they were given: relative, so that no golden file
    # holds where the checkout happens to be.
    return path.resolve().relative_to(ROOT).as_posix()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run_json(*args: str) -> tuple[dict, int]:
    """The command's JSON document (without orgsim_version) and its exit code."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.stdout.lstrip().startswith("{"), (
        f"`orgsim {' '.join(args)}` printed no JSON (exit {result.exit_code}):\n{result.output}")
    document = json.loads(result.stdout)
    document.pop("orgsim_version")
    return document, result.exit_code


def first_difference(got, want, where: str = "$") -> str | None:
    """Where two parsed JSON documents first differ, for a message a reviewer can act on."""
    if type(got) is not type(want):
        return f"{where}: {got!r} != {want!r}"
    if isinstance(got, dict):
        for key in sorted(set(got) | set(want)):
            if key not in got or key not in want:
                return f"{where}.{key}: present in only one document"
            found = first_difference(got[key], want[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(got, list):
        for n, (a, b) in enumerate(zip(got, want)):
            found = first_difference(a, b, f"{where}[{n}]")
            if found:
                return found
        if len(got) != len(want):
            return f"{where}: {len(got)} entries != {len(want)}"
        return None
    return None if got == want else f"{where}: {got!r} != {want!r}"


def assert_golden(document: dict, golden: Path) -> None:
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        return
    if not golden.exists():
        # A reference scenario added by someone else must not turn the suite red before its
        # figures have been reviewed; the skip says how to create them.
        pytest.skip(f"no golden figures {golden.relative_to(GOLDEN.parent)} yet; run with "
                    "ORGSIM_UPDATE_GOLDEN=1 and review them")
    want = json.loads(golden.read_text(encoding="utf-8"))
    difference = first_difference(document, want)
    assert difference is None, (
        f"figures differ from {golden.relative_to(GOLDEN.parent)} at {difference}; review the "
        "change and regenerate with ORGSIM_UPDATE_GOLDEN=1")


def test_the_reference_options_and_their_baselines():
    # The options the figures compare; a lost `extends:` would silently drop a comparison.
    assert {(b.stem, o.stem) for b, o in option_pairs()} == {
        ("barnet-2013-baseline", "barnet-2014-commissioning"),
        ("england-unitary-conventional", "england-unitary-commissioned-adults"),
        ("wales-county-single-dss", "wales-county-integrated-children"),
        ("county-baseline", "county-director-of-people"),
        ("county-baseline", "county-childrens-trust-company"),
    }


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_simulate_figures(path):
    file = relative(path)
    one, code = run_json("simulate", file, *SIMULATE, "-w", "1", "--json")
    assert code == 0
    two, _ = run_json("simulate", file, *SIMULATE, "-w", "2", "--json")
    assert first_difference(two, one) is None, (
        f"two workers give other figures than one for {file}: {first_difference(two, one)}")
    assert_golden(one, FIGURES / "simulate" / f"{path.stem}.json")


@pytest.mark.parametrize("base, option", option_pairs(), ids=lambda p: p.stem)
def test_compare_figures(base, option):
    files = (relative(base), relative(option))
    one, code = run_json("compare", *files, *COMPARE, "-w", "1", "--json")
    # compare exits 1 when an option raises a red, so that scripts can stop on it
    assert code == (1 if one["raises_red"] else 0)
    two, _ = run_json("compare", *files, *COMPARE, "-w", "2", "--json")
    assert first_difference(two, one) is None, (
        f"two workers give other figures than one for {files}: {first_difference(two, one)}")
    assert_golden(one, FIGURES / "compare" / f"{option.stem}.json")


def pinned_by_checks_golden(document: dict) -> dict:
    """The part of a `check --json` document that tests/golden/checks holds, in its shape."""
    metrics = json.loads(json.dumps(document["metrics"]))
    for row in metrics["paths"]:
        del row["teams"]
    def row(f):
        return {"id": f["id"], **{k: f[k] for k in PINNED_FINDING_FIELDS},
                "text_on_the_date": f["currency"]["status"]}
    return {
        "as_of": document["as_of"],
        "packs": [p["name"] for p in document["packs"]],
        "law_in_force": [d["note"] for d in document["law_in_force"]],
        "summary": document["summary"],
        "findings": [row(f) for f in document["findings"]],
        "superseded": [row(f) | {"change": f["currency"]["change"]}
                       for f in document["superseded"]],
        "metrics": metrics,
    }


def not_pinned_by_checks_golden(document: dict) -> dict:
    """The rest: what only the command's document shows."""
    today = document["under_today"]
    return {
        "scenario": document["scenario"],
        "packs": document["packs"],
        "as_of_source": document["as_of_source"],
        # judged again by the law of the day the test runs: the day itself is not pinned
        "under_today": today and today["differences"],
        "findings": [{k: v for k, v in f.items() if k not in PINNED_FINDING_FIELDS}
                     for f in document["findings"]],
        "path_teams": [{"function": row["function"], "director": row["director"],
                        "teams": row["teams"]} for row in document["metrics"]["paths"]],
    }


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_check_figures(path):
    document, code = run_json("check", relative(path), "--json", "--all")
    # check exits 1 when any finding is red
    assert code == (1 if document["summary"]["red"] else 0)
    checks_golden = CHECKS / f"{path.stem}.json"
    if checks_golden.exists():
        # written by tests/rules/test_reference_checks.py, which owns it; only compared here
        pinned = json.loads(checks_golden.read_text(encoding="utf-8"))
        difference = first_difference(pinned_by_checks_golden(document), pinned)
        assert difference is None, (
            f"`orgsim check --json` of {path.name} disagrees with "
            f"{checks_golden.relative_to(GOLDEN.parent)} at {difference}")
    assert_golden(not_pinned_by_checks_golden(document), FIGURES / "check" / f"{path.stem}.json")
