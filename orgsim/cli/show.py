from __future__ import annotations

import click

from .. import __version__
from ..analysis.summary import ScenarioSummary, summarise
from ..io.loader import load_scenario
from ..io.yamlsource import display_name
from ..model.graph import OrgGraph
from .common import echo_json, scenario_argument
from .table import table


@click.command()
@scenario_argument()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show(file: str, as_json: bool) -> None:
    """Summarise a scenario: statutory roles and holders, counts, and every split between line
    management and accountability."""
    loaded = load_scenario(file)
    summary = summarise(OrgGraph(loaded.scenario))
    files = [display_name(p) for p in loaded.files]
    if as_json:
        echo_json({"orgsim_version": __version__, "file": files[-1], "extends": files[:-1],
                   "scenario_hash": loaded.content_hash, **summary.to_dict()})
        return
    click.echo(render_summary(summary, files, loaded.content_hash))


def render_summary(summary: ScenarioSummary, files: list[str], content_hash: str) -> str:
    lines = [summary.name, "=" * len(summary.name)]
    lines.append(f"  file: {files[-1]}" + (f" (extends {', '.join(files[:-1])})" if files[:-1] else ""))
    lines.append(f"  jurisdiction: {summary.jurisdiction}   governance: {summary.governance}   "
                 f"scenario hash: {content_hash[:12]}")
    lines += ["", "Statutory roles"]
    lines.append(table(["role", "holder"], [
        (role, "; ".join(f"{h.title} ({h.id})" for h in holders) or "(not declared)")
        for role, holders in summary.roles.items()]))
    lines += ["", "Counts"]
    counts = summary.counts
    lines.append(table(["nodes", "count", "edges", "count"], _pair_rows(
        [(k, v) for k, v in counts.items() if k in ("post", "member", "team", "body", "external")],
        [(k, v) for k, v in counts.items() if k not in ("post", "member", "team", "body", "external")])))
    lines += ["", f"Splits between line management and accountability ({len(summary.splits)})"]
    if summary.splits:
        lines.append(table(
            ["post or team", "line manager", "answers to", "why"],
            [(f"{r.node.title} ({r.node.id})",
              f"{r.line_manager.title} ({r.line_manager.id})" if r.line_manager else "(none)",
              f"{r.director.title} ({r.director.id})",
              "accountable to" if r.reason == "accountable_to"
              else "delivers " + ", ".join(r.functions))
             for r in summary.splits]))
    else:
        lines.append("  none: every line chain passes through the Director answerable for its work")
    return "\n".join(lines)


def _pair_rows(left: list[tuple], right: list[tuple]) -> list[tuple]:
    rows = []
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "")
        b = right[i] if i < len(right) else ("", "")
        rows.append((*a, *b))
    return rows
