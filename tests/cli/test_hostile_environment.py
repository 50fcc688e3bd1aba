"""Bad input and a hostile environment give exit 1 and one plain line, never exit 3: a full disk
behind stdout, a closed pipe, an unwritable or over-long output path; escape sequences in what a
user wrote are shown, not acted on, even when the output is piped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import MINIMAL, reference_scenario
from orgsim.cli.terminal import visible
from orgsim.cli.main import main

ORGSIM = [sys.executable, "-m", "orgsim"]


def run(capsys, *argv):
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_a_full_disk_behind_stdout_is_exit_1_with_one_line():
    with open("/dev/full", "w") as full:
        done = subprocess.run([*ORGSIM, "rules"], stdout=full, stderr=subprocess.PIPE,
                              text=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        "orgsim: cannot write the output: No space left on device; free some space on that "
        "disk, or write somewhere else"]


def test_a_reader_that_goes_away_is_not_an_internal_error():
    process = subprocess.Popen([*ORGSIM, "rules"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait() in (0, 1)
    assert "internal error" not in err and "Traceback" not in err


def test_an_output_name_too_long_is_exit_1(tmp_path, capsys):
    code, _, err = run(capsys, "export", "csv",
                       str(reference_scenario("barnet-2013-baseline")),
                       "-o", str(tmp_path / ("x" * 300 + ".csv")))
    assert code == 1 and "internal error" not in err
    assert "File name too long" in err and len(err.strip().splitlines()) == 1


def test_escape_sequences_in_an_echoed_key_are_shown_not_sent(tmp_path, capsys):
    path = tmp_path / "escape.yaml"
    path.write_text(MINIMAL + '"bad\\x1b]0;owned\\x07key": 1\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "bad\\x1b]0;owned\\x07key" in err


def test_visible_escapes_control_characters_but_keeps_lines_and_tabs():
    assert visible("a\x1b[31mb\x07\tc\nd") == "a\\x1b[31mb\\x07\tc\nd"
    assert visible("Director of Children’s Services") == "Director of Children’s Services"


def test_a_5000_post_line_chain_with_a_circle_is_reported_once(tmp_path):
    from orgsim.errors import ScenarioError
    from orgsim.io.loader import load_scenario

    lines = [MINIMAL, "posts:\n", "  p0: {title: Post 0, roles: [head_of_paid_service], "
             "line_manager: p4999}\n"]
    lines += [f"  p{i}: {{title: Post {i}, line_manager: p{i - 1}}}\n" for i in range(1, 5000)]
    path = tmp_path / "chain.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    circles = [p for p in info.value.problems if "goes round in a circle" in p.message]
    assert len(circles) == 1
    assert circles[0].message.startswith("line management goes round in a circle (p0 -> p4999 "
                                         "-> p4998")
