"""The `orgsim` command. Commands parse arguments, call the core and print; no logic of their own.

Exit codes: 0 success, 1 the input is invalid (or a check failed), 2 usage error, 3 internal error.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from ..errors import OrgsimError, ScenarioError
from .terminal import os_error_text, silence_stdout, visible

INTERNAL_ERROR = 3

# name -> the first sentence of the command's help, for the listing in `orgsim --help`, so that
# listing the commands imports none of them (tests/cli/test_lazy_commands.py holds these to the
# commands' own help)
SUMMARIES = {
    "check": "Check FILE against the statutory guidance rule packs, with structure metrics.",
    "compare": "Compare restructure OPTIONS with the BASE structure: what moves, which checks fail "
               "anew, and whether the statutory Directors learn of things later (with 95% "
               "intervals of the change).",
    "diagram": "Draw a scenario with Graphviz: line, accountability, information, governance or "
               "all.",
    "export": "Write a scenario out for other tools.",
    "import": "Start a scenario from a structure you already have: a published organogram or an "
              "HR export.",
    "repair": "Search the menu of mechanisms (one-to-ones, immediate notification, information "
              "rights, board membership, faster reports, accountability with a management "
              "agreement, step-in; and for red checks a direct line to the Chief Executive, a "
              "management team seat, direct access to members) for the smallest set that clears "
              "the option's new red checks and weakenings against BASE.",
    "report": "Write the committee paper for BASE and any OPTION scenarios: summary, options "
              "compared, RAG findings with citations, diagrams, time-to-awareness plots, "
              "structure metrics, assumptions and a reproducibility block; self-contained HTML "
              "and PDF on A4.",
    "rules": "List every rule with its citation, or explain RULE_ID.",
    "run": "Everything for BASE and any OPTION scenarios into outputs/<BASE name>/ (or --out): "
           "diagrams (SVG, PNG, DOT), the committee paper (HTML, PDF), JSON and CSV results and "
           "an index.html linking them.",
    "schema": "Print the JSON Schema of the scenario format (the copy in schema/ is the same).",
    "sensitivity": "Sweep the assumptions the comparison of OPTIONS with BASE rests on (item "
                   "rates, meeting phases, lags, reliability, the escalation delay, what a channel "
                   "carries): Morris screening, then a Latin hypercube of the inputs that matter, "
                   "each world a full paired comparison.",
    "show": "Summarise a scenario: statutory roles and holders, counts, and every split between "
            "line management and accountability.",
    "simulate": "Simulate how fast information reaches the statutory Directors, the Chief "
                "Executive and the Lead Members, and test the scenario's oversight standards.",
    "validate": "Check scenario FILES: structure, ids, cycles and roles.",
}


def load_command(name: str) -> click.Command | None:
    """Import one subcommand, and with it its dependencies, only when it is run or its own help
    is asked for: importing every command costs more than half a second before anything is done,
    while `validate` needs little more than the loader. The imports are written out, not built
    from strings, so the architecture test still sees each command's dependencies."""
    match name:
        case "check":
            from .check import check as command
        case "compare":
            from .compare import compare_command as command
        case "diagram":
            from .diagram import diagram as command
        case "export":
            from .export import export_group as command
        case "import":
            from .importer import import_group as command
        case "repair":
            from .repair import repair_command as command
        case "report":
            from .report import report_command as command
        case "rules":
            from .rules import rules_command as command
        case "run":
            from .run import run_command as command
        case "schema":
            from .schema import schema as command
        case "sensitivity":
            from .sensitivity import sensitivity_command as command
        case "show":
            from .show import show as command
        case "simulate":
            from .simulate import simulate_command as command
        case "validate":
            from .validate import validate as command
        case _:
            return None
    return command


class LazyGroup(click.Group):
    """A group whose commands (besides any added eagerly with add_command) are imported when
    used; the listing in its help is made from SUMMARIES without importing them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*SUMMARIES, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands:
            command = load_command(name)
            if command is None:
                return None
            self.commands[name] = command
        return self.commands[name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # stand-ins carrying each summary: click shortens them to the width exactly as it would
        # the commands' own help
        stand_ins = {name: click.Command(name, help=summary) for name, summary in SUMMARIES.items()}
        listed = click.Group(self.name, commands={**stand_ins, **self.commands})
        listed.format_commands(ctx, formatter)


def _print_version(ctx: click.Context, _param: click.Parameter, asked: bool) -> None:
    """click's `version_option`, but with the version read only when asked for: reading the
    installed metadata costs every command some 40 ms."""
    if not asked or ctx.resilient_parsing:
        return
    from .. import __version__

    click.echo(f"orgsim, version {__version__}")
    ctx.exit()


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version,
              help="Show the version and exit.")
def cli() -> None:
    """Model a council's organisation, check it against the statutory guidance on the DCS, DASS
    and Welsh DSS, and see how information reaches them.

    Scenario files are YAML; `orgsim schema` prints their JSON Schema.
    """


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; expected errors become messages, never tracebacks."""
    try:
        cli.main(args=argv, prog_name="orgsim", standalone_mode=False)
        sys.stdout.flush()  # a full disk behind stdout shows here, while it can be reported
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
            click.echo(visible(str(problem)), err=True)
        sys.exit(1)
    except OrgsimError as exc:
        click.echo(visible(f"orgsim: {exc}"), err=True)
        sys.exit(1)
    except OSError as exc:  # a path the user gave: missing, unwritable, full, too long
        silence_stdout()
        if not isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): say nothing
            with contextlib.suppress(OSError):
                click.echo(f"orgsim: {os_error_text(exc)}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("ORGSIM_DEBUG"):
            raise
        click.echo(f"orgsim: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in orgsim, not in your scenario. Set ORGSIM_DEBUG=1 and run "
                   "again to see the details to report.", err=True)
        sys.exit(INTERNAL_ERROR)
    sys.exit(0)
