"""Each malformed file states, in its first line, where the error must point and what it must say."""

import re
from pathlib import Path

import pytest

from support import FIXTURES
from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario

MALFORMED = sorted((FIXTURES / "malformed").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (.+)$")


def test_there_are_at_least_forty_distinct_malformed_files():
    assert len(MALFORMED) >= 40


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_error_names_file_line_column_and_problem(path: Path):
    line, column, message = EXPECT.match(path.read_text().splitlines()[0]).groups()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    problems = info.value.problems
    matching = [p for p in problems if message in p.message]
    assert matching, f"no problem says {message!r}; got {[str(p) for p in problems]}"
    location = matching[0].location
    assert location is not None
    for problem in problems:  # one line each, nothing a terminal would act on, bounded
        assert str(problem).isprintable(), str(problem)
        assert len(problem.message) < 400, problem.message
    assert Path(location.file).name == path.name
    assert (location.line, location.column) == (int(line), int(column)), str(matching[0])


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_validate_exits_1_with_the_located_message_never_3(path: Path, capsys):
    from orgsim.cli.main import main
    with pytest.raises(SystemExit) as done:
        main(["validate", str(path)])
    err = capsys.readouterr().err
    assert done.value.code == 1, err
    assert "internal error" not in err and "Traceback" not in err
    message = EXPECT.match(path.read_text().splitlines()[0]).group(3)
    assert message in err
