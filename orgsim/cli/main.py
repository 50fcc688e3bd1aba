"""The `orgsim` command. Commands parse arguments, call the core and print; no logic of their own.

Exit codes: 0 success, 1 the input is invalid (or a check failed), 2 usage error, 3 internal error.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import OrgsimError, ScenarioError
from .diagram import diagram
from .export import export_group
from .importer import import_group
from .schema import schema
from .show import show
from .simulate import simulate_command
from .validate import validate
from .check import check
from .rules import rules_command
from .report import report_command
from .run import run_command
from .compare import compare_command
from .repair import repair_command
from .sensitivity import sensitivity_command

INTERNAL_ERROR = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="orgsim")
def cli() -> None:
    """Model a council's organisation, check it against the statutory guidance on the DCS, DASS
    and Welsh DSS, and see how information reaches them.

    Scenario files are YAML; `orgsim schema` prints their JSON Schema.
    """


cli.add_command(validate)
cli.add_command(schema)
cli.add_command(show)
cli.add_command(simulate_command)
cli.add_command(diagram)
cli.add_command(import_group)
cli.add_command(export_group)
cli.add_command(check)
cli.add_command(rules_command)
cli.add_command(report_command)
cli.add_command(run_command)
cli.add_command(compare_command)
cli.add_command(repair_command)
cli.add_command(sensitivity_command)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; expected errors become messages, never tracebacks."""
    try:
        cli.main(args=argv, prog_name="orgsim", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("orgsim: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ScenarioError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    except OrgsimError as exc:
        click.echo(f"orgsim: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("ORGSIM_DEBUG"):
            raise
        click.echo(f"orgsim: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in orgsim, not in your scenario. Set ORGSIM_DEBUG=1 and run "
                   "again to see the details to report.", err=True)
        sys.exit(INTERNAL_ERROR)
    sys.exit(0)
