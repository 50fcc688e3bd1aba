"""`--template conventional`: the reporting shape a conventional organisation has, proposed for an
imported skeleton so that it can be checked and simulated at once.

An organogram gives posts, teams and line management only. The conventional shape adds, for the
head of the organisation and the Directors its titles name: a weekly report from each team to its
manager, a monthly line report from each post to its manager (a one-to-one for a Director), a
weekly management team of the Directors chaired by the head, illustrative item rates at every
team, and standards for how soon the head and each Director should know of a serious incident.
Every part is proposed, never set silently: the writer marks each PROPOSED or PLACEHOLDER, and
the command lists the placeholders to replace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...model.role_inference import normalise_title
from .lines import ID_MAX, Ids
from .result import ImportedTeam, ImportResult

TEMPLATES = ("conventional",)

_DIRECTOR = re.compile(r"\b(director|chief executive|chief officer|chief operating officer|"
                       r"managing director|permanent secretary)\b")
_SUPPORTING = re.compile(r"\b(deputy|assistant|associate|vice|pa|personal assistant|secretary "
                         r"to|support|office|business manager)\b")

# Illustrative rates per month for every team: orders of magnitude to make the model run, not
# estimates of anything. The writer marks them PLACEHOLDER.
PLACEHOLDER_RATES = {"serious_incident": "0.5/year", "safeguarding_concern": "1",
                     "performance_dip": "0.2", "budget_pressure": "0.1", "complaint": "1"}
# Placeholder standards: the head within a month (solace-adss recommends monthly formal meetings
# of the Chief Executive and the Director) and each Director within 5 days (the figure of the
# default DCS standard; see orgsim/sim/standards.py).
HEAD_WITHIN, DIRECTOR_WITHIN = "1m", "5d"


@dataclass(frozen=True)
class ProposedChannel:
    id: str
    source: str
    target: str
    name: str
    cadence: str
    why: str


@dataclass(frozen=True)
class ProposedStandard:
    id: str
    who: str
    within: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    """What the template adds to one import."""

    directors: tuple[str, ...]
    management_team: tuple[str, str, tuple[str, ...]] | None  # (id, chair, members)
    channels: tuple[ProposedChannel, ...]
    standards: tuple[ProposedStandard, ...]
    rated_teams: tuple[str, ...]
    titles: dict[str, str]  # post id -> title, for messages a person reads
    added_teams: tuple[ImportedTeam, ...] = ()  # where the source lists no staff at all

    def placeholders(self) -> list[str]:
        """What the user must replace, in words, for the command to print."""
        out = []
        if self.rated_teams:
            rates = ", ".join(f"{k} {v}" for k, v in PLACEHOLDER_RATES.items())
            out.append(f"item rates at {len(self.rated_teams)} teams ({rates} per month unless "
                       "stated): illustrative, replace with your own figures")
        for s in self.standards:
            out.append(f"standard {s.id}: the {self.titles.get(s.who, s.who)} knows 95% of "
                       f"serious incidents within {s.within}: an assumption, set your own")
        return out

    def proposed(self) -> list[str]:
        out = []
        if self.added_teams:
            out.append(f"{len(self.added_teams)} teams, one under each post that manages no one "
                       "(the source lists no staff), so that items have somewhere to arise")
        if self.management_team:
            chair = self.titles.get(self.management_team[1], self.management_team[1])
            out.append(f"a weekly management team chaired by the {chair} with "
                       f"{len(self.management_team[2])} members")
        one_to_ones = sum(c.cadence == "monthly" and "one-to-one" in c.name for c in self.channels)
        out.append(f"{len(self.channels)} reporting channels ({one_to_ones} monthly one-to-ones "
                   "of Directors with their managers; weekly team reports; monthly line reports)")
        return out


def is_director(title: str) -> bool:
    text = normalise_title(title)
    return bool(_DIRECTOR.search(text)) and not _SUPPORTING.search(text)


def conventional(result: ImportResult) -> Proposal:
    ids = Ids()
    ids.taken.update(result.posts)
    ids.taken.update(result.teams)

    def edge_id(base: str, suffix: str) -> str:
        return ids.claim(f"{base[:ID_MAX - len(suffix) - 4]}.{suffix}")

    added: tuple[ImportedTeam, ...] = ()
    if not result.teams:
        managers = {p.line_manager for p in result.posts.values()}
        added = tuple(ImportedTeam(id=edge_id(p.id, "team"), title=f"Staff of the {p.title}",
                                   source="proposed by --template conventional",
                                   line_manager=p.id, unit=p.unit)
                      for p in result.posts.values() if p.id not in managers)
        result = replace(result, teams={t.id: t for t in added})
    top = result.top
    directors = tuple(p.id for p in result.posts.values()
                      if p.id != top and not p.synthetic and is_director(p.title))
    channels: list[ProposedChannel] = []
    for team in result.teams.values():
        if team.line_manager:
            channels.append(ProposedChannel(edge_id(team.id, "weekly_report"), team.id,
                                            team.line_manager, "Weekly team report (proposed)",
                                            "weekly", "line report"))
    for post in result.posts.values():
        if not post.line_manager:
            continue
        if post.id in directors:
            channels.append(ProposedChannel(edge_id(post.id, "one_to_one"), post.id,
                                            post.line_manager, "Monthly one-to-one (proposed)",
                                            "monthly", "Director's one-to-one"))
        else:
            channels.append(ProposedChannel(edge_id(post.id, "line_report"), post.id,
                                            post.line_manager, "Monthly line report (proposed)",
                                            "monthly", "line report"))
    members = directors or tuple(p.id for p in result.posts.values() if p.line_manager == top)
    management = (ids.claim("management_team"), top, members) if top and members else None
    standards = []
    if top:
        standards.append(ProposedStandard(edge_id(top, "si_standard"), top, HEAD_WITHIN, ()))
    below = _teams_below(result)
    for director in directors:
        if below.get(director):
            standards.append(ProposedStandard(edge_id(director, "si_standard"), director,
                                              DIRECTOR_WITHIN, tuple(below[director])))
    return Proposal(directors, management, tuple(channels), tuple(standards),
                    tuple(result.teams), {p.id: p.title for p in result.posts.values()}, added)


def _teams_below(result: ImportResult) -> dict[str, list[str]]:
    """Each post's teams anywhere below it in the line."""
    manager = {**{p.id: p.line_manager for p in result.posts.values()}}
    out: dict[str, list[str]] = {}
    for team in result.teams.values():
        node, seen = team.line_manager, set()
        while node and node not in seen:
            seen.add(node)
            out.setdefault(node, []).append(team.id)
            node = manager.get(node)
    return out
