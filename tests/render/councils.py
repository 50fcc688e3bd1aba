"""Small councils the diagram tests draw (import as `render.councils`)."""

from __future__ import annotations

import re

from support import MINIMAL

HOSTILE = '<b>"Director" & co</b>'
NON_ASCII = "Cyfarwyddwr Gwasanaethau Cymdeithasol — Ærø café ☃"

BASE = MINIMAL + """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service], unit: Chief Executive's Office}
  dcs: {title: Director of Children's Services, roles: [dcs], line_manager: ceo, unit: Children's}
  fsd: {title: Family Services Director, line_manager: dcs, unit: Children's}
  sdc:
    title: Strategic Director
    line_manager: ceo
  dass:
    title: Director of Adult Social Services
    roles: [dass]
    line_manager: ceo
    vacant: [{from: 6m, to: 12m, covered_by: sdc}]
teams:
  cs: {title: Social work teams, line_manager: fsd, delivers: [children_social_care]}
  adults: {title: Adult social care teams, line_manager: dass, delivers: [adult_social_care]}
members:
  lm: {title: Lead Member, roles: [lead_member_children]}
externals:
  chair: {title: Independent chair, kind: independent_chair}
bodies:
  lscb: {title: LSCB, kind: lscb, chair: chair, members: [dcs], observers: [lm], meets: quarterly}
channels:
  fs_121: {from: fsd, to: dcs, name: One-to-one, cadence: monthly, carries: [serious_incident]}
  cs_weekly: {from: cs, to: fsd, name: Team meeting, cadence: weekly}
rights:
  info: {holder: dcs, kind: request_information, over: [fsd]}
"""

# The option moves the Family Services Director under the Chief Executive, accountable to the DCS;
# the one-to-one becomes quarterly, the team meeting goes, an immediate channel and a post arrive.
OPTION = """\
orgsim: 1
extends: base.yaml
name: Option
remove: [cs_weekly]
posts:
  fsd: {line_manager: ceo, accountable_to: [dcs]}
  pa: {title: Policy Adviser, line_manager: ceo}
channels:
  fs_121: {cadence: quarterly}
  cs_dcs: {from: cs, to: dcs, name: Immediate notification, cadence: immediate}
"""


def hostile_council() -> str:
    """A council whose every free-text field is hostile to DOT, HTML and XML, with ids that are
    DOT keywords (node, strict)."""
    return f"""\
orgsim: 1
name: '{HOSTILE} {NON_ASCII}'
jurisdiction: england
governance: leader_cabinet
posts:
  ceo: {{title: '{HOSTILE}', roles: [head_of_paid_service], unit: '{HOSTILE} unit'}}
  dcs: {{title: '{NON_ASCII}', roles: [dcs], line_manager: ceo, unit: '{HOSTILE} unit'}}
  node: {{title: "Director's \\\\ deputy {{x}} | y", line_manager: ceo, accountable_to: [dcs]}}
  strict: {{title: '\\"quoted\\" <i>', line_manager: node}}
teams:
  cs: {{title: '{HOSTILE} team', line_manager: node, delivers: [children_social_care]}}
members:
  lm: {{title: '{HOSTILE} member', roles: [lead_member_children]}}
bodies:
  board: {{title: '{HOSTILE} board', kind: lscb, chair: ceo, members: [dcs, lm], meets: monthly}}
channels:
  ch: {{from: cs, to: dcs, name: '{HOSTILE} channel', cadence: monthly}}
"""


EDGE = re.compile(r"^\s*(\"[^\"]+\"|[\w.\-/]+) -> (\"[^\"]+\"|[\w.\-/]+) \[(.*)\]\s*$")
NODE = re.compile(r"^\s*(\"[^\"]+\"|[\w.\-/]+) \[(.*)\]\s*$")


def _unquote(name: str) -> str:
    return name[1:-1] if name.startswith('"') else name


def dot_edges(source: str) -> list[tuple[str, str, str]]:
    """(source, target, attributes) of every edge statement in DOT text."""
    found = []
    for line in source.splitlines():
        m = EDGE.match(line)
        if m:
            found.append((_unquote(m[1]), _unquote(m[2]), m[3]))
    return found


def dot_nodes(source: str) -> dict[str, str]:
    """node id -> attributes of every node statement with attributes."""
    found = {}
    for line in source.splitlines():
        if "->" in line:
            continue
        m = NODE.match(line)
        if m and m[1] not in ("graph", "node", "edge"):  # default attributes, not nodes
            found[_unquote(m[1])] = m[2]
    return found
