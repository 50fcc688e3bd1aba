"""Suggest statutory roles from job titles, for a person to confirm.

A title is evidence, not proof: "Director of Children's Services" nearly always holds the DCS role,
but councils use many names and a title can mislead. So these are suggestions that an importer
writes as comments and prints, never roles it assigns. Deputies, assistants and offices of a
role-holder are left out, because they support the holder rather than hold the role.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import vocab


@dataclass(frozen=True)
class RoleSuggestion:
    role: str
    because: str  # the words in the title that suggest it
    citation: str  # where the guidance describes the role
    others: tuple[str, ...] = ()  # other ids suggested for the same one-holder role


_NOT_THE_HOLDER = re.compile(
    r"\b(deputy|assistant|associate|vice|pa|personal assistant|secretary to|support|supporting|"
    r"office|officer to|business manager|chief executives|chief execs)\b")

_SOCIAL_SERVICES = r"\bdirector\b.*\bsocial (services|care)\b|\bsocial services director\b"
_CHILDREN_OR_ADULTS = r"\b(children|childrens|adult|adults)\b"

# (role, pattern, jurisdictions in which the pattern means that role, pattern that rules it out).
# Patterns run on the normalised title: lower case, apostrophes dropped, "&" as "and", other
# punctuation as spaces. In England a social services director named for children or adults is
# the DCS or DASS (england-dcs-lm-2009 3.1, england-dass-2005 24); in Wales the single DSS covers
# both (wales-dss-2009 3.13).
_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...], re.Pattern[str] | None], ...] = tuple(
    (role, re.compile(pattern), jurisdictions, re.compile(unless) if unless else None)
    for role, pattern, jurisdictions, unless in (
        ("head_of_paid_service",
         r"\b(chief executive|head of (the )?paid service|managing director|town clerk)\b",
         ("england", "wales"), None),
        ("dss", _SOCIAL_SERVICES, ("england",), _CHILDREN_OR_ADULTS),
        ("dss", _SOCIAL_SERVICES, ("wales",), None),
        ("dcs", r"\bdirector\b.*\b(children|childrens)\b|\bchildrens services director\b",
         ("england",), None),
        ("dass", r"\bdirector\b.*\b(adult|adults)\b|\badult (social )?services director\b",
         ("england",), None),
        # In Wales the Lead Director for Children and Young People is often the Director of
        # Education (wales-dss-2009 3.8-3.9).
        ("lead_director_cyp", r"\blead director\b.*\b(children|childrens)\b"
         r"|\bdirector\b.*\bchildren and young peoples?\b|\bdirector of education\b",
         ("wales",), r"\bsocial\b"),
        ("monitoring_officer", r"\bmonitoring officer\b", ("england", "wales"), None),
        ("s151_officer",
         r"\b(section 151|s 151|s151|chief financ(e|ial) officer|director of finance|"
         r"finance director|(county|borough|city) treasurer)\b", ("england", "wales"), None),
    ))

_HEADS = re.compile(r"\b(chief executive|permanent (under )?secretary|head of (the )?paid service|"
                    r"managing director|town clerk)\b")


def normalise_title(title: str) -> str:
    text = title.lower().replace("\u2019", "").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def suggest_roles(title: str, jurisdiction: str) -> tuple[RoleSuggestion, ...]:
    """Statutory roles the title suggests in this jurisdiction; empty when none or when the title
    names a deputy, assistant or office rather than the holder."""
    text = normalise_title(title)
    if _NOT_THE_HOLDER.search(text):
        return ()
    found = []
    for role, pattern, jurisdictions, unless in _PATTERNS:
        if jurisdiction not in jurisdictions or (unless and unless.search(text)):
            continue
        match = pattern.search(text)
        if match:
            found.append(RoleSuggestion(role, match.group(0), vocab.ROLES[role].citation))
    return tuple(found)


def suggest_for(titles: Mapping[str, str], jurisdiction: str,
                ) -> dict[str, tuple[RoleSuggestion, ...]]:
    """Suggestions for each id whose title suggests any; a one-holder role suggested for several
    ids names the others, so the user knows to keep it on one."""
    suggestions = {node: suggest_roles(title, jurisdiction) for node, title in titles.items()}
    by_role: dict[str, list[str]] = {}
    for node, found in suggestions.items():
        for s in found:
            by_role.setdefault(s.role, []).append(node)
    return {node: tuple(
        RoleSuggestion(s.role, s.because, s.citation,
                       tuple(n for n in by_role[s.role] if n != node)
                       if vocab.ROLES[s.role].singular else ())
        for s in found) for node, found in suggestions.items() if found}


def heads_organisation(title: str) -> bool:
    """Whether the title names the head of the whole organisation (a Chief Executive or a
    Permanent Secretary), used to choose the top among several posts with no manager."""
    text = normalise_title(title)
    return bool(_HEADS.search(text)) and not _NOT_THE_HOLDER.search(text)
