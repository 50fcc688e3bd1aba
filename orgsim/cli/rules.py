"""`orgsim rules`: list every rule with its citation, or explain one."""

from __future__ import annotations

import sys

import click

from ..rules.documents import Document
from ..rules.engine import Rule
from ..rules.registry import PACKS, UnknownName, find_pack, find_rule
from .common import echo_json
from .table import table

UNKNOWN_RULE = 2  # an unknown rule id is a usage error, like an unknown option


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option("--pack", "pack", metavar="NAME", help="List only this pack's rules.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def rules_command(rule_id: str | None, pack: str | None, as_json: bool) -> None:
    """List every rule with its citation, or explain RULE_ID.

    An unknown RULE_ID prints the nearest rule id and exits with status 2.
    """
    if rule_id:
        try:
            rule = find_rule(rule_id)
        except UnknownName as exc:
            click.echo(f"orgsim: {exc}", err=True)
            sys.exit(UNKNOWN_RULE)
        if as_json:
            echo_json(rule.to_dict())
        else:
            click.echo(explain(rule))
        return
    try:
        packs = [find_pack(pack)] if pack else list(PACKS.values())
    except UnknownName as exc:
        raise click.BadParameter(str(exc), param_hint="--pack") from None
    if as_json:
        echo_json([{"name": p.name, "document": p.document.to_dict(), "title": p.title,
                    "rules": [r.to_dict() for r in p.rules]} for p in packs])
        return
    lines = []
    for p in packs:
        lines += [f"{p.name}: {p.title} ({len(p.rules)} rules)", *_document_lines(p.document),
                  table(["rule", "citation", "strength", "if failed", "requirement"],
                        [(r.id, str(r.citation), r.strength.value, _if_failed(r), r.title)
                         for r in p.rules]), ""]
    lines.append(f"{sum(len(p.rules) for p in packs)} rules. `orgsim rules RULE_ID` explains one.")
    click.echo("\n".join(lines))


def _if_failed(rule: Rule) -> str:
    """The rating of an unmet requirement, and what a recorded departure makes it."""
    alone, excused = rule.severity, rule.strength.unmet(departure_recorded=True)
    return alone.value if alone is excused else f"{alone.value} ({excused.value} with departure)"


def _document_lines(doc: Document) -> list[str]:
    lines = [f"  document: {doc.title} ({doc.issuer}, {doc.date_text})",
             f"  status:   {doc.status}"]
    if doc.successor:
        since = f" in {doc.replaced:%B %Y}" if doc.replaced else ""
        lines.append(f"  replaced{since} by {doc.successor}")
    return lines


def explain(rule: Rule) -> str:
    doc = find_pack(rule.pack).document
    return "\n".join([
        f"{rule.id}: {rule.title}",
        f"  pack:       {rule.pack}",
        f"  citation:   {rule.citation} ({doc.title}, {doc.date_text})",
        f"  strength:   {rule.strength.value}",
        f"  if failed:  {_if_failed(rule)}; a departure is recorded under `departures` with "
        "this rule's id as the key, and its reason is shown beside the finding",
        f"  test:       {rule.test}",
        f"  mitigation: {rule.mitigation}",
        "  Where the scenario lacks what the test needs, the finding is not_assessed and says "
        "what to add.",
    ])
