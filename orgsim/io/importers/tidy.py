"""Make an imported organogram readable: one team per senior post and function, titles told
apart, and ids made from titles with the source's references kept for comments.

Published organograms list junior staff grade by grade under each senior post, and give no
teams: a body of eight senior posts can have ninety junior rows. Where the source says no more,
the rows under one senior post in one professional group are one team, and what it was made of is
kept for a comment. Several posts often share a title ("Operational Director"); each is qualified
by its unit, else by the post it reports to, else numbered, so a reader can tell them apart.
Source references ("CAFCASS-1003") mean nothing to a committee, so ids are made from titles and
the references go into comments beside each entry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ...model.role_inference import normalise_title
from .lines import SYNTHETIC_TOP, Ids
from .result import ImportedPost, ImportedTeam, ImportResult

ID_WORDS = 40  # readable ids stay short: titles are cut at a word boundary


def tidy(result: ImportResult) -> ImportResult:
    result = replace(result, posts=tell_titles_apart(result.posts))
    return readable_ids(replace(result, teams=collapse_teams(result)))


# --- junior rows into teams ---------------------------------------------------------------------

def collapse_teams(result: ImportResult) -> dict[str, ImportedTeam]:
    """One team per (senior post, professional group); a lone row stays as it is."""
    groups: dict[tuple, list[ImportedTeam]] = {}
    for team in result.teams.values():
        groups.setdefault((team.line_manager, team.function), []).append(team)
    out: dict[str, ImportedTeam] = {}
    for (manager, function), members in groups.items():
        if len(members) == 1:
            out[members[0].id] = members[0]
            continue
        head = result.posts.get(manager) if manager else None
        under = f"reporting to the {head.title}" if head else "outside the line"
        title = f"{function} staff {under}" if function else f"Staff {under}"
        known = [t.fte for t in members if t.fte is not None]
        units = Counter(t.unit for t in members if t.unit)
        team = ImportedTeam(
            id=members[0].id, title=title, source=_rows(members), line_manager=manager,
            unit=units.most_common(1)[0][0] if units else None,
            fte=round(sum(known), 2) if known else None,
            review=[r for t in members for r in t.review], function=function,
            composition=tuple(f"{t.title}{_fte(t.fte)}" for t in members))
        out[team.id] = team
    return _teams_told_apart(out, result.posts)


def _teams_told_apart(teams: dict[str, ImportedTeam], posts: dict[str, ImportedPost],
                      ) -> dict[str, ImportedTeam]:
    """A title several teams share is qualified by the post each reports to."""
    count = Counter(normalise_title(t.title) for t in teams.values())
    return {tid: replace(t, title=f"{t.title}, reporting to the {posts[t.line_manager].title}")
            if count[normalise_title(t.title)] > 1 and t.line_manager in posts
            and "reporting to the" not in t.title else t for tid, t in teams.items()}


def _fte(fte: float | None) -> str:
    return f" {fte:g} FTE" if fte is not None else " (FTE not given)"


def _rows(teams: list[ImportedTeam]) -> str:
    """'junior.csv rows 2-9, 12' from each team's 'junior.csv row N'."""
    file = teams[0].source.rsplit(" row ", 1)[0]
    numbers = sorted(int(t.source.rsplit(" row ", 1)[1]) for t in teams
                     if re.search(r" row \d+$", t.source))
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
    return f"{file} rows {shown}"


# --- titles ---------------------------------------------------------------------------------------

def tell_titles_apart(posts: dict[str, ImportedPost]) -> dict[str, ImportedPost]:
    """Qualify titles that several posts share: by unit, else by manager, else by number."""
    by_title: dict[str, list[ImportedPost]] = {}
    for post in posts.values():
        by_title.setdefault(normalise_title(post.title), []).append(post)
    qualified: dict[str, str] = {}
    for same in by_title.values():
        if len(same) < 2:
            continue
        for qualify in (lambda p: p.unit,
                        lambda p: f"reporting to the {posts[p.line_manager].title}"
                        if p.line_manager in posts else None):
            words = [qualify(p) for p in same]
            if all(words) and len({w.casefold() for w in words}) == len(same):
                qualified.update({p.id: f"{p.title} ({w})" for p, w in zip(same, words)})
                break
        else:
            qualified.update({p.id: f"{p.title} ({i} of {len(same)})"
                              for i, p in enumerate(same, start=1)})
    return {pid: replace(p, title=qualified[pid], source_title=p.title) if pid in qualified else p
            for pid, p in posts.items()}


# --- ids ------------------------------------------------------------------------------------------

def title_id(title: str) -> str:
    """'Director of Legal Services (Legal)' -> 'director_of_legal_services_legal', cut at a word."""
    words = normalise_title(title).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > ID_WORDS and out:
            break
        out = f"{out}_{word}" if out else word
    parts = out.split("_")
    while len(parts) > 1 and parts[-1] in _DANGLING:  # 'director_of_human_resources_and'
        parts.pop()
    return "_".join(parts) or "post"


_DANGLING = frozenset({"and", "of", "the", "for", "to", "in", "on", "a", "an", "with"})


def readable_ids(result: ImportResult) -> ImportResult:
    ids = Ids()
    new: dict[str, str] = {}
    for post in result.posts.values():  # in line-management order, so a manager is named first
        new[post.id] = ids.claim(SYNTHETIC_TOP if post.synthetic else title_id(post.title))
    for team in result.teams.values():
        manager = new.get(team.line_manager, "outside")
        kind = title_id(team.function) if team.function else \
            title_id(team.title.split(" (")[0]) if not team.composition else "staff"
        new[team.id] = ids.claim(f"{manager}.{kind}"[:80].rstrip("._-"))

    def post(p: ImportedPost) -> ImportedPost:
        # The id the importer gave is the source's reference (made a valid id where needed).
        return replace(p, id=new[p.id], ref=p.id,
                       line_manager=new.get(p.line_manager) if p.line_manager else None)

    def team(t: ImportedTeam) -> ImportedTeam:
        return replace(t, id=new[t.id],
                       line_manager=new.get(t.line_manager) if t.line_manager else None)

    return replace(result, posts={new[k]: post(p) for k, p in result.posts.items()},
                   teams={new[k]: team(t) for k, t in result.teams.items()},
                   top=new.get(result.top) if result.top else None)
