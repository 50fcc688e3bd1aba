"""Oversight standards: the scenario's own, plus documented defaults per jurisdiction.

The guidance sets no time limits of its own, so every default below is an assumption; each says
where its figure comes from, and a scenario standard for the same person and item kind replaces it.
A standard with no `teams` covers the teams in its holder's statutory remit (all teams for someone
with no remit, such as the Chief Executive): a DCS standard is about children's services.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import vocab
from ..model.findings import Citation
from ..model.graph import OrgGraph

GUIDANCE = ("england-dcs-lm-2009", "england-dass-2005", "wales-dss-2009", "solace-adss",
            "barnet-2014")


@dataclass(frozen=True)
class StandardSpec:
    id: str
    who: str  # node id
    kind: str
    within: float
    share: float
    teams: tuple[str, ...]
    source: str
    citation: Citation
    default: bool


@dataclass(frozen=True)
class DefaultStandard:
    role: str
    kind: str
    within: float
    share: float
    citation: Citation
    why: str


DEFAULTS: dict[str, tuple[DefaultStandard, ...]] = {
    "england": (
        DefaultStandard(
            "dcs", "serious_incident", 5.0, 0.95,
            Citation("england-dcs-lm-2009", "3.29"),
            "The council must notify Ofsted of a serious incident within five working days (a "
            "national notification rule outside the five guidance documents), and the DCS answers "
            "for safeguarding and is Ofsted's principal contact (barnet-2014, role of the DCS), so "
            "the DCS must know first: assumed within 5 calendar days for 95% of incidents."),
        DefaultStandard(
            "dass", "serious_incident", 5.0, 0.95,
            Citation("england-dass-2005", "30"),
            "The DASS leads the council's protection of vulnerable adults; by analogy with the "
            "children's rule, assumed to know of a serious incident within 5 calendar days for "
            "95% of incidents."),
        DefaultStandard(
            "head_of_paid_service", "serious_incident", vocab.DAYS_PER_MONTH, 0.95,
            Citation("solace-adss", "Chief Executives, Leadership and Accountability"),
            "SOLACE and ADSS recommend formal Chief Executive-Director meetings at least monthly "
            "covering hot issues, so the Chief Executive is assumed to know of a serious incident "
            "within one month for 95% of incidents."),
        DefaultStandard(
            "lead_member_children", "serious_incident", vocab.DAYS_PER_MONTH, 0.95,
            Citation("england-dcs-lm-2009", "2.9"),
            "The Lead Member must satisfy themselves that children's services work, through "
            "regular meetings with the DCS; assumed to know of a serious incident within one month "
            "for 95% of incidents."),
    ),
    "wales": (
        DefaultStandard(
            "dss", "serious_incident", 5.0, 0.95,
            Citation("wales-dss-2009", "5.12"),
            "The DSS keeps the statutory overview of all social services; by analogy with the "
            "English notification rule, assumed to know of a serious incident within 5 calendar "
            "days for 95% of incidents."),
        DefaultStandard(
            "head_of_paid_service", "serious_incident", vocab.DAYS_PER_MONTH, 0.95,
            Citation("wales-dss-2009", "4.4"),
            "The DSS has direct access to the Head of Paid Service; assumed (after solace-adss, "
            "monthly formal meetings) to bring serious incidents to them within one month for 95% "
            "of incidents."),
    ),
}


def scope_teams(graph: OrgGraph, node: str) -> tuple[str, ...]:
    """The teams whose items a person answers for: teams delivering a function in the remit of a
    role they hold; a Lead Member answers for their Director's remit; everyone else for all teams.
    """
    scenario = graph.scenario
    roles = set(graph.roles_of(node))
    if "lead_member_children" in roles:
        roles |= {"dcs", "lead_director_cyp"}
    if "lead_member_adults" in roles:
        roles |= {"dass"}
    if scenario.jurisdiction == "wales" and roles & {"lead_member_children", "lead_member_adults"}:
        roles |= {"dss"}
    teams = tuple(t for t, team in scenario.teams.items()
                  if any(roles & set(graph.responsible_roles(f)) for f in team.delivers))
    return teams or tuple(scenario.teams)


def resolve_standards(graph: OrgGraph) -> tuple[tuple[StandardSpec, ...], tuple[str, ...]]:
    """The standards to test and, separately, notes on any that could not be applied."""
    scenario = graph.scenario
    kinds = set(scenario.item_kind_names())
    specs: list[StandardSpec] = []
    notes: list[str] = []
    declared: set[tuple[str, str]] = set()
    for sid, std in scenario.standards.items():
        who = std.who if graph.has(std.who) else graph.holder(std.who)
        if who is None or std.item not in kinds:
            notes.append(f"standard {sid} not tested: nobody holds or is called {std.who!r}"
                         if who is None else f"standard {sid} not tested: unknown item {std.item!r}")
            continue
        declared.add((who, std.item))
        specs.append(StandardSpec(sid, who, std.item, std.within, std.share,
                                  std.teams or scope_teams(graph, who), std.source or "",
                                  citation_in(std.source or "", sid), False))
    for default in DEFAULTS[scenario.jurisdiction]:
        who = graph.holder(default.role)
        if who is None or (who, default.kind) in declared:
            continue
        specs.append(StandardSpec(f"default.{default.role}.{default.kind}", who, default.kind,
                                  default.within, default.share, scope_teams(graph, who),
                                  default.why, default.citation, True))
    return tuple(specs), tuple(notes)


def citation_in(source: str, standard_id: str) -> Citation:
    """The first guidance reference in a standard's `source` text, else the local standard."""
    match = re.search(r"(" + "|".join(map(re.escape, GUIDANCE)) + r")\s*([^;,]*)", source)
    if match:
        return Citation(match.group(1), match.group(2).strip())
    return Citation("local standard", standard_id)
