"""Write an imported scenario skeleton as tidy, stable YAML with comments where the user must act.

The output depends only on the import result and the options, never on the time or machine, so
importing the same file twice gives the same text and a diff shows only real changes. Posts are
listed in line-management order (each after its manager, siblings by id) as the importer gives
them; teams are grouped by manager in that order, then by id. Suggested roles are written as
commented-out `roles:` lines to confirm; repairs the importer made are written into `notes` as
`REVIEW:` so they stay with the data and can be searched for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import yaml

from ..model.role_inference import RoleSuggestion
from .importers.lines import natural_key
from .importers.result import ImportedPost, ImportedTeam, ImportResult
from .importers.template import PLACEHOLDER_RATES, Proposal

_PLAIN = re.compile(r"[A-Za-z0-9_(/][A-Za-z0-9 _.,()/&+'-]*")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML does not allow unescaped (as PyYAML's reader checks them).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain when it reads back as the same string, else quoted."""
    if (_PLAIN.fullmatch(text) and not text.endswith(" ")
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000
                              else f"\\U{ord(m.group()):08x}", quoted)


def number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def scenario_yaml(result: ImportResult, jurisdiction: str, governance: str,
                  suggestions: Mapping[str, tuple[RoleSuggestion, ...]], command: str,
                  proposal: Proposal | None = None) -> str:
    lines = [
        f"# Imported by `{command}`: a skeleton to annotate, not a finished scenario.",
        "# Before using it: confirm jurisdiction and governance (the source does not say), confirm",
        "# or delete each suggested `roles:` line (uncomment to confirm), and check every note",
        "# starting REVIEW, where the importer repaired the source. Then add accountabilities,",
        "# bodies and channels.",
        *(_template_header(proposal) if proposal else []),
        "orgsim: 1",
        f"name: {scalar(result.name)}",
        f"description: {scalar(_description(result))}",
        f"jurisdiction: {scalar(jurisdiction)}  # CONFIRM: not in the source; "
        "set by --jurisdiction",
        f"governance: {scalar(governance)}  # CONFIRM: not in the source; set by --governance",
        "",
        "posts:",
    ]
    for post in result.posts.values():
        lines += _post(post, suggestions.get(post.id, ()))
    if proposal and proposal.added_teams:
        lines += ["teams:", "  # PROPOSED by --template conventional: the source lists no staff, so "
                  "each post that", "  # manages no one has a team for items to arise in."]
        for team in proposal.added_teams:
            lines += _team(team, True)
    elif result.teams:
        lines.append("teams:")
        order = {post_id: i for i, post_id in enumerate(result.posts)}
        for team in sorted(result.teams.values(), key=lambda t: (
                order.get(t.line_manager, len(order)), natural_key(t.id))):
            lines += _team(team, proposal is not None)
    if proposal:
        lines += _proposed_sections(proposal)
    return "\n".join(lines).rstrip("\n") + "\n"


def _template_header(proposal: Proposal) -> list[str]:
    directors = len(proposal.directors)
    return [
        "#",
        "# --template conventional: everything marked PROPOSED below is the conventional reporting",
        "# shape, added because the source does not give it (weekly team reports, monthly line",
        "# reports and one-to-ones, a management team), for the head of the organisation and the",
        f"# {directors} Director{'s' * (directors != 1)} identified from titles. Everything marked "
        "PLACEHOLDER (item rates,",
        "# standards) is illustrative, there only so that `orgsim check` and `orgsim simulate` run at",
        "# once: replace each with your own figures before relying on a result.",
    ]


def _proposed_sections(proposal: Proposal) -> list[str]:
    out: list[str] = []
    if proposal.management_team:
        body_id, chair, members = proposal.management_team
        out += ["bodies:",
                "  # PROPOSED by --template conventional: the head and the Directors meet weekly.",
                f"  {scalar(body_id)}:", "    title: Management team (proposed)",
                "    kind: management_team", f"    chair: {scalar(chair)}",
                f"    members: [{', '.join(scalar(m) for m in members)}]", "    meets: weekly", ""]
    if proposal.channels:
        out += ["channels:", "  # PROPOSED by --template conventional: the conventional line "
                "reports; each carries every kind of item."]
        for c in proposal.channels:
            out.append(f"  {scalar(c.id)}: {{from: {scalar(c.source)}, to: {scalar(c.target)}, "
                       f"name: {scalar(c.name)}, cadence: {c.cadence}}}")
        out.append("")
    if proposal.standards:
        out += ["standards:", "  # PLACEHOLDER standards from --template conventional: how soon "
                "the head and each Director", "  # should know of a serious incident. Set your own."]
        for st in proposal.standards:
            teams = f", teams: [{', '.join(scalar(t) for t in st.teams)}]" if st.teams else ""
            out.append(f"  {scalar(st.id)}: {{who: {scalar(st.who)}, item: serious_incident, "
                       f"within: {st.within}, share: 0.95{teams},")
            out.append("    source: PLACEHOLDER from --template conventional}")
        out.append("")
    return out


def _description(result: ImportResult) -> str:
    files = " and ".join(result.sources)
    counts = f"{len(result.posts)} posts" + (f", {len(result.teams)} teams" if result.teams else "")
    return f"Imported from {files} ({counts})."


def _post(post: ImportedPost, suggested: tuple[RoleSuggestion, ...]) -> list[str]:
    out = [f"  {scalar(post.id)}:{_origin(post)}", f"    title: {scalar(post.title)}"]
    for s in suggested:
        out.append(f"    # roles: [{s.role}]  # SUGGESTED by the title ({s.citation}); confirm by "
                   "uncommenting")
        if s.others:
            others = ", ".join(s.others[:5]) + (", ..." if len(s.others) > 5 else "")
            out.append(f"    #   one post only may hold {s.role}; also suggested for {others}")
    if post.line_manager:
        out.append(f"    line_manager: {scalar(post.line_manager)}")
    if post.vacant:
        out.append("    vacant: [{from: 0}]  # vacant in the source; add `to:` when it is filled "
                   "or `covered_by:` an interim post")
    if post.grade:
        out.append(f"    grade: {scalar(post.grade)}")
    out += _unit_and_fte(post.unit, post.fte)
    notes = _notes(post.source, post.review, post.personal)
    if notes:
        out.append(f"    notes: {scalar(notes)}")
    out.append("")
    return out


def _origin(post: ImportedPost) -> str:
    """A comment naming the source row and reference, where the id no longer does."""
    if post.synthetic or post.ref is None or post.ref == post.id:
        return ""
    titled = f", titled {scalar(post.source_title)} there" if post.source_title else ""
    row = post.source.rsplit(" row ", 1)[-1]
    return f"  # reference {post.ref} (senior file row {row}{titled})"


def _team(team: ImportedTeam, placeholder_rates: bool = False) -> list[str]:
    out = [f"  {scalar(team.id)}:", f"    title: {scalar(team.title)}"]
    if team.composition:
        shown = "; ".join(team.composition[:6]) + ("; ..." if len(team.composition) > 6 else "")
        out.insert(0, f"  # {len(team.composition)} junior rows ({team.source}): "
                   + shown.replace("\n", " "))
    if team.line_manager:
        out.append(f"    line_manager: {scalar(team.line_manager)}")
    if placeholder_rates:
        rates = ", ".join(f"{k}: {v}" for k, v in PLACEHOLDER_RATES.items())
        out.append(f"    items: {{{rates}}}  # PLACEHOLDER rates (--template conventional): "
                   "replace with your own")
    out += _unit_and_fte(team.unit, team.fte)
    notes = _notes(team.source, team.review, None)
    if notes:
        out.append(f"    notes: {scalar(notes)}")
    out.append("")
    return out


def _unit_and_fte(unit: str | None, fte: float | None) -> list[str]:
    out = []
    if unit:
        out.append(f"    unit: {scalar(unit)}")
    if fte is not None:
        out.append(f"    fte: {number(fte)}")
    return out


def _notes(source: str, review: list[str], personal: str | None) -> str | None:
    parts = [f"REVIEW: {r} ({source})" for r in review]
    if personal:
        parts.append(personal)
    return "; ".join(parts) or None
