"""`orgsim import`: turn an organogram or an HR export into a scenario skeleton."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.atomic import write_new_text
from ..io.imported import ImportedScenario, imported_scenario
from ..io.importers import import_hr_csv, import_organogram
from ..io.importers.template import TEMPLATES
from ..io.importers.tidy import tidy
from ..model.scenario import Governance, Jurisdiction
from ..model import vocab

_csv = click.Path(exists=True, dir_okay=False, path_type=Path)


def _shared_options(command):
    for option in reversed((
        click.option("-o", "--output", required=True,
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Scenario file to write (YAML)."),
        click.option("--force", is_flag=True, help="Replace the output file if it exists."),
        click.option("--jurisdiction", type=click.Choice(Jurisdiction.__args__),
                     default="england", show_default=True,
                     help="Not in the source; confirm it in the output."),
        click.option("--governance", type=click.Choice(Governance.__args__),
                     default="leader_cabinet", show_default=True,
                     help="Not in the source; confirm it in the output."),
        click.option("--template", type=click.Choice(TEMPLATES),
                     help="Also propose a reporting shape: 'conventional' adds weekly team "
                          "reports, monthly line reports and one-to-ones for the Directors "
                          "named by titles, a management team, and placeholder item rates and "
                          "standards, each marked in the file, so that check and simulate run."),
    )):
        command = option(command)
    return command


@click.group(name="import")
def import_group() -> None:
    """Start a scenario from a structure you already have: a published organogram or an HR
    export. The result is a skeleton to annotate with roles, accountabilities and channels."""


@import_group.command()
@click.argument("senior", type=_csv)
@click.argument("junior", type=_csv, required=False)
@_shared_options
@click.option("--keep-names", is_flag=True,
              help="Keep names and contact details in post notes "
                   "(personal data; dropped by default).")
@click.option("--by-grade", is_flag=True,
              help="Keep the source as it is: one team per junior row and the source's post "
                   "references as ids (by default junior rows become one team per senior post "
                   "and professional group, and ids are made from titles).")
def organogram(senior: Path, junior: Path | None, output: Path, force: bool, jurisdiction: str,
               governance: str, template: str | None, keep_names: bool, by_grade: bool) -> None:
    """Import a UK government organogram: SENIOR.csv of posts and, optionally, JUNIOR.csv of staff
    numbers under them (these become teams)."""
    result = import_organogram(senior, junior, keep_names=keep_names)
    if not by_grade:
        result = tidy(result)
    _finish(imported_scenario(result, jurisdiction, governance, "orgsim import organogram",
                              output.name, template), output, force)


@import_group.command(name="csv")
@click.argument("file", type=_csv)
@_shared_options
@click.option("--id", "id_column", default="id", show_default=True, help="Column of post ids.")
@click.option("--title", "title_column", default="title", show_default=True,
              help="Column of job titles.")
@click.option("--reports-to", "reports_to_column", default="reports_to", show_default=True,
              help="Column of the id each post reports to (blank at the top).")
@click.option("--unit", "unit_column", help="Column of directorates or units.")
@click.option("--grade", "grade_column", help="Column of grades.")
@click.option("--fte", "fte_column", help="Column of full-time equivalents.")
@click.option("--kind", "kind_column",
              help="Column saying 'post' or 'team' (as `orgsim export csv` writes).")
@click.option("--name", help="Name of the organisation (default: the file name).")
def csv_(file: Path, output: Path, force: bool, jurisdiction: str, governance: str,
         template: str | None, id_column: str, title_column: str, reports_to_column: str, unit_column: str | None,
         grade_column: str | None, fte_column: str | None, kind_column: str | None,
         name: str | None) -> None:
    """Import a plain HR export FILE: one row per post with its id, title and the id of the post
    it reports to. Column names default to those `orgsim export csv` writes."""
    result = import_hr_csv(file, id_column, title_column, reports_to_column, unit_column,
                           grade_column, fte_column, kind_column, name)
    _finish(imported_scenario(result, jurisdiction, governance, "orgsim import csv", output.name,
                              template), output, force)


def _finish(imported: ImportedScenario, output: Path, force: bool) -> None:
    write_new_text(output, imported.text, force)
    result = imported.result
    for problem in result.problems:
        click.echo(str(problem), err=True)
    s = imported.loaded.scenario
    click.echo(f"wrote {output}: {len(s.posts)} posts, {len(s.teams)} teams, "
               f"{sum(1 for p in s.posts.values() if p.vacant)} vacant; "
               f"{len(result.problems)} problem{'s' * (len(result.problems) != 1)} repaired"
               + (" (listed above; search the file for REVIEW)" if result.problems else ""))
    for post_id, found in imported.suggestions.items():
        for suggestion in found:
            role = vocab.ROLES[suggestion.role]
            click.echo(f"suggested role {suggestion.role} for '{post_id}' "
                       f"({s.posts[post_id].title}): {role.citation}; confirm it in the file")
    click.echo("confirm jurisdiction and governance in the file: the source does not say them")
    if imported.proposal is not None:
        proposal = imported.proposal
        click.echo(f"--template conventional: {len(proposal.directors)} Directors identified "
                   "from titles; proposed (marked PROPOSED in the file):")
        for line in proposal.proposed():
            click.echo(f"  - {line}")
        click.echo("placeholders to replace (marked PLACEHOLDER in the file):")
        for line in proposal.placeholders():
            click.echo(f"  - {line}")
