from __future__ import annotations

import glob
import sys
from pathlib import Path

import click

from ..errors import ScenarioError
from ..io.loader import load_scenario
from ..io.yamlsource import display_name


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def validate(files: tuple[str, ...], quiet: bool) -> None:
    """Check scenario FILES: structure, ids, cycles and roles. A folder stands for every YAML
    file below it, and a pattern such as 'scenarios/*.yaml' for the files it matches (in the
    folders below, where none matches at its own level).

    Every problem is printed as file:line:column with what to write instead. Exits 0 when all files
    are valid, 1 when any is not.
    """
    invalid = 0
    paths = []
    for given in files:
        found, note = scenario_files(given)
        paths += found
        if note and not quiet:
            click.echo(note)
    for path in paths:
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
    if len(paths) > 1 and not quiet:
        click.echo(f"{invalid} of {len(paths)} files invalid" if invalid
                   else f"all {len(paths)} files valid")
    if invalid:
        sys.exit(1)


def scenario_files(given: str) -> tuple[list[str], str | None]:
    """The files an argument names (a file, every YAML file below a folder, or a pattern's
    matches) and, where a pattern was taken to mean the folders below it, a line saying so; a
    usage error (exit 2) when it names none."""
    path = Path(given)
    if path.is_file():
        return [given], None
    if path.is_dir():
        found = sorted(str(p) for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        if found:
            return found, None
        raise click.BadParameter(f"folder '{given}' holds no .yaml file", param_hint="FILES")
    if glob.has_magic(given):
        found = sorted(glob.glob(given, recursive=True))
        if found:
            return found, None
        if path.parent.is_dir():
            # The reference scenarios sit in one folder per council family: a pattern written
            # for a flat folder means the files in its sub-folders (said as information, on
            # the standard output with the files, since nothing is wrong).
            found = sorted(str(p) for p in path.parent.rglob(path.name))
            if found:
                return found, (f"{given}: checking the {len(found)} files matching "
                               f"{path.name} in the folders below {path.parent}/")
        raise click.BadParameter(f"no file matches '{given}'", param_hint="FILES")
    raise click.BadParameter(f"File '{given}' does not exist.", param_hint="FILES")


def display_name_of(path: str) -> str:
    return display_name(Path(path))
