"""`orgsim` imports a subcommand only when it is used, yet lists every command in its help with
the same text the commands themselves give."""

import subprocess
import sys

import click
from click.testing import CliRunner

from support import ROOT, reference_scenario
from orgsim.cli.main import SUMMARIES, cli, load_command

# What the quick commands must not pull in: the simulation, rendering, rules and their libraries.
HEAVY = ("simpy", "numpy", "networkx", "jinja2", "orgsim.sim.engine", "orgsim.render",
         "orgsim.rules", "orgsim.pipeline", "orgsim.analysis")


def modules_loaded_by(*args: str) -> set[str]:
    """The modules imported in a fresh process that runs `orgsim ARGS` (as the console script
    does), printed by an exit hook."""
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('\\n'.join(sorted(sys.modules)), file=sys.stderr))\n"
            "from orgsim.cli.main import main\n"
            f"main({list(args)!r})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_lists_every_command_as_the_eager_group_would():
    eager = click.Group("cli", help=cli.help, params=cli.params,
                        context_settings=cli.context_settings,
                        commands={name: load_command(name) for name in SUMMARIES})
    lazy = CliRunner().invoke(cli, ["--help"], prog_name="orgsim")
    listed = CliRunner().invoke(eager, ["--help"], prog_name="orgsim")
    assert lazy.exit_code == listed.exit_code == 0
    assert lazy.output == listed.output
    assert "  validate     Check scenario FILES: structure, ids, cycles and roles." in lazy.output


def test_every_summary_is_its_commands_own_first_sentence():
    for name, summary in SUMMARIES.items():
        command = load_command(name)
        assert command.name == name
        assert command.get_short_help_str(limit=10_000) == summary, name


def test_help_and_validate_import_no_simulation_rendering_or_rules():
    assert heavy_in(modules_loaded_by("--help")) == []
    loaded = modules_loaded_by("validate", str(reference_scenario("barnet-2014-commissioning")))
    assert "orgsim.cli.validate" in loaded and "orgsim.cli.simulate" not in loaded
    assert heavy_in(loaded) == []


def test_a_command_is_imported_when_run():
    loaded = modules_loaded_by("rules")
    assert "orgsim.cli.rules" in loaded and "orgsim.cli.run" not in loaded


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["simulat"], prog_name="orgsim")
    assert result.exit_code == 2
    assert "No such command 'simulat'" in result.output
