from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ScenarioError
from ..io.loader import load_scenario
from ..io.yamlsource import display_name
from .common import scenario_argument


@click.command()
@scenario_argument(multiple=True)
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def validate(files: tuple[str, ...], quiet: bool) -> None:
    """Check scenario FILES: structure, ids, cycles and roles.

    Every problem is printed as file:line:column with what to write instead. Exits 0 when all files
    are valid, 1 when any is not.
    """
    invalid = 0
    for path in files:
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            invalid += 1
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            count = len(exc.problems)
            click.echo(f"{display_name_of(path)}: invalid ({count} problem{'s' * (count != 1)})",
                       err=True)
            continue
        if not quiet:
            s = loaded.scenario
            click.echo(f"{display_name_of(path)}: valid ({s.name}; {len(s.posts)} posts, "
                       f"{len(s.teams)} teams, {len(s.bodies)} bodies, {len(s.channels)} channels)")
    if invalid:
        sys.exit(1)


def display_name_of(path: str) -> str:
    return display_name(Path(path))
