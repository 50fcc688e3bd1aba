"""Where a mechanism goes: the (Director, post) pairs an option's problems point to.

A mechanism for a weakening is between a statutory Director D and a post P outside D's line: for
every team in D's remit where a weakened item kind arises and whose line chain does not pass
through D, P is the highest post on that chain below the first holder of a statutory role (the
delivery-unit director heading the team, whoever is titled what; intermediate heads of service are
reached through it). A weakening no such post can reach (every team where it arises is in D's
line) is stranded.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model.findings import Finding
from ...model.graph import OrgGraph
from ...model.scenario import Scenario
from ...sim.standards import scope_teams
from ..compare import SimRow, unit_of

Pair = tuple[str, str]


def head_outside(option: Scenario, chain: tuple[str, ...]) -> str | None:
    """The highest post on a line chain below the first holder of a statutory role."""
    head = None
    for n in chain:
        if n not in option.posts or option.posts[n].roles:
            break
        head = n
    return head


def teams_behind(option: Scenario, graph: OrgGraph, director: str, row: SimRow) -> list[str]:
    """Teams in the Director's scope (and its standards for the kind) where the row's kind arises,
    in the row's unit of origin."""
    teams = set(scope_teams(graph, director))
    for s in option.standards.values():
        if s.who == director and s.item == row.item:
            teams |= set(s.teams or ())
    return [t for t in option.teams if t in teams and option.teams[t].items.get(row.item, 0) > 0
            and (row.origin == "all" or unit_of(option, t) == row.origin)]


def heads_outside_line(option: Scenario, graph: OrgGraph, director: str,
                       teams: Iterable[str]) -> list[str]:
    """The post heading each team outside the Director's line, once each, in the teams' order."""
    heads: list[str] = []
    for team in teams:
        if team not in option.teams or director in graph.line_chain(team):
            continue
        p = head_outside(option, graph.line_chain(team))
        if p and p not in heads:
            heads.append(p)
    return heads


def weakening_pairs(option: Scenario, weakenings: Iterable[Finding], rows: Iterable[SimRow],
                    ) -> tuple[list[Pair], dict[Pair, set[str]], list[str]]:
    """(Director, post) pairs to try, the item kinds weakened under each post, and the weakenings
    that point to no post (every team where the kind arises is in the Director's line).
    `rows` are the simulation rows behind the weakenings, one each, in the same order."""
    graph = OrgGraph(option)
    pairs: list[Pair] = []
    kinds: dict[Pair, set[str]] = {}
    stranded: list[str] = []
    for f, row in zip(weakenings, rows, strict=True):
        d = graph.holder(row.role)
        heads = [] if d is None else heads_outside_line(
            option, graph, d, teams_behind(option, graph, d, row))
        for p in heads:
            if (d, p) not in pairs:
                pairs.append((d, p))
            kinds.setdefault((d, p), set()).add(row.item)
        if not heads:
            stranded.append(f.id)
    return pairs, kinds, stranded
