import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from support import FIXTURES, ROOT
from orgsim.cli.main import cli, main

OVERLAYS = FIXTURES / "overlays"


def run(*args: str) -> subprocess.CompletedProcess:
    """Run as a user does, in a fresh process, so exit codes and stderr are the real ones."""
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_validate_valid_files_exits_0():
    result = run("validate", str(OVERLAYS / "base.yaml"), str(OVERLAYS / "option.yaml"))
    assert result.returncode == 0, result.stderr
    assert "option.yaml: valid (Overlay option;" in result.stdout


def test_validate_misspelt_key_prints_location_and_nearest_key_without_traceback():
    result = run("validate", "tests/fixtures/malformed/misspelt_key.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "tests/fixtures/malformed/misspelt_key.yaml:8:49: unknown key 'line_manger' in posts.dcs; "
        "did you mean 'line_manager'?")
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_reports_every_file_and_fails_if_any_is_invalid():
    result = run("validate", str(OVERLAYS / "base.yaml"), "tests/fixtures/malformed/line_cycle.yaml")
    assert result.returncode == 1
    assert "base.yaml: valid" in result.stdout
    assert "line_cycle.yaml: invalid (1 problem)" in result.stderr


def test_usage_errors_exit_2():
    assert run("validate").returncode == 2
    missing = run("validate", "no-such-file.yaml")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert run("no-such-command").returncode == 2


def test_show_lists_splits_with_line_manager_and_director():
    result = CliRunner().invoke(cli, ["show", str(OVERLAYS / "option.yaml")])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "(fs)" in line and "accountable" in line)
    assert "Chief Executive (ceo)" in row and "Director of Children's Services (dcs)" in row


def test_show_json_is_machine_readable():
    result = CliRunner().invoke(cli, ["show", "--json", str(OVERLAYS / "option.yaml")])
    data = json.loads(result.output)
    assert data["roles"]["dcs"] == [{"id": "dcs", "title": "Director of Children's Services"}]
    assert data["counts"]["accountable_to"] == 1
    assert [(s["node"]["id"], s["line_manager"]["id"], s["director"]["id"]) for s in data["splits"]] \
        == [("fs", "ceo", "dcs"), ("cs", "fs", "dcs")]
    assert len(data["scenario_hash"]) == 64


def test_schema_command_prints_the_committed_schema():
    result = CliRunner().invoke(cli, ["schema"])
    committed = json.loads((ROOT / "schema" / "orgsim-scenario.schema.json").read_text())
    assert json.loads(result.output) == committed


def test_cli_py_behaves_like_the_orgsim_command():
    assert run("--help").stdout.startswith("Usage: orgsim ")


def test_unexpected_errors_become_a_short_message(monkeypatch, capsys):
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("orgsim.cli.show.OrgGraph", explode)
    with pytest.raises(SystemExit) as info:
        main(["show", str(OVERLAYS / "base.yaml")])
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_validate_takes_a_folder_or_a_pattern_for_the_reference_scenarios():
    folder = run("validate", "-q", "scenarios")
    assert folder.returncode == 0, folder.stderr
    # a pattern written for a flat folder checks the family folders below it, and says so on
    # its first line; nothing goes to the error output when every file is valid
    flat = run("validate", "scenarios/*.yaml")
    assert flat.returncode == 0 and flat.stderr == ""
    assert flat.stdout.splitlines()[0] == \
        f"scenarios/*.yaml: checking the {len(list((ROOT / 'scenarios').rglob('*.yaml')))} " \
        "files matching *.yaml in the folders below scenarios/"
    assert flat.stdout.count(": valid (") == len(list((ROOT / "scenarios").rglob("*.yaml")))
    # the last line says how many were checked and that every one is valid
    assert flat.stdout.splitlines()[-1] == \
        f"all {len(list((ROOT / 'scenarios').rglob('*.yaml')))} files valid"
    nothing = run("validate", "scenarios/*.yml")
    assert nothing.returncode == 2 and "no file matches 'scenarios/*.yml'" in nothing.stderr
