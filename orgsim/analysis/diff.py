"""Structural difference between a baseline and an option, in words a committee can read.

Nodes (posts, members, teams, bodies, externals) are matched by id, because an option written with
`extends` keeps the baseline's ids. Channels, rights and commissions are matched by what they do,
never by their name or id: two options whose only difference is what a channel is called are the
same organisation. A channel whose route and items match but whose timing differs is "re-timed".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import vocab
from ..model.numbers import cadence_name, format_days
from ..model.scenario import NODE_KIND, NODE_SECTIONS, Channel, Commission, Right, Scenario

# The roles a change names a node by ("Director, Children (the DCS)"): the Directors and the head
# of paid service, not the politicians.
NAMED_ROLES = (*vocab.DIRECTOR_ROLES, "head_of_paid_service")


@dataclass(frozen=True)
class Change:
    """One structural change: `what` is added, removed, merged, moved, changed or re-timed."""

    section: str
    subject: str  # node id, or a description of the edge
    what: str
    text: str

    def to_dict(self) -> dict:
        return {"section": self.section, "subject": self.subject, "what": self.what,
                "text": self.text}


@dataclass(frozen=True)
class StructuralDiff:
    changes: tuple[Change, ...]

    @property
    def equal(self) -> bool:
        return not self.changes

    def to_dict(self) -> list[dict]:
        return [c.to_dict() for c in self.changes]


class _Names:
    """`Title (id)`, naming a statutory Director by role, from the option first then the base."""

    def __init__(self, base: Scenario, option: Scenario) -> None:
        self.entries: dict[str, object] = {}
        for scenario in (base, option):
            for section in NODE_SECTIONS:
                self.entries.update(getattr(scenario, section))

    def __call__(self, node: str | None) -> str:
        if node is None:
            return "nobody"
        entry = self.entries.get(node)
        if entry is None:
            return node
        roles = [vocab.role_label(r).article for r in getattr(entry, "roles", ())
                 if r in NAMED_ROLES]
        title = getattr(entry, "title", node)
        return f"{title} ({roles[0]})" if roles else title


def structural_diff(base: Scenario, option: Scenario) -> StructuralDiff:
    name = _Names(base, option)
    changes: list[Change] = []
    # An option that merges entries (`replace`) re-points every reference to them: compare the
    # base as re-pointed, so the one "merged" line says what moved and only real changes follow.
    original = base
    base, gone = _repointed(base, option.replace)
    for section in NODE_SECTIONS:
        old, new = getattr(base, section), getattr(option, section)
        kind = NODE_KIND[section]
        for node in sorted(set(new) - set(old)):
            changes.append(Change(section, node, "added", f"{kind} added: {name(node)}"
                                  + _placement(new[node], name)))
        for node in sorted(set(old) - set(new)):
            into = option.replace.get(node)
            if into in new:
                changes.append(Change(section, node, "merged", f"{kind} merged: {name(node)} "
                                      f"into {name(into)}, which takes over "
                                      + _taken_over(original, node, old[node])))
            else:
                changes.append(Change(section, node, "removed", f"{kind} removed: {name(node)}"))
        for node in sorted(set(old) & set(new)):
            changes += _node_changes(section, node, old[node], new[node], name)
    changes += [Change("channels", _describe_channel(c, name), "removed",
                       f"channel removed by the merge (it joined the merged posts): "
                       f"{_describe_channel(c, name)}") for c in gone]
    changes += _edge_changes("channels", base.channels, option.channels, _channel_signature,
                             _channel_route, _describe_channel, name)
    changes += _edge_changes("rights", base.rights, option.rights, _right_signature,
                             lambda r: (r.holder, r.kind), _describe_right, name)
    changes += _edge_changes("commissions", base.commissions, option.commissions,
                             _commission_signature, lambda c: (c.source, c.target),
                             _describe_commission, name)
    changes += _protocol_changes(base, option, name)
    return StructuralDiff(tuple(changes))


def _taken_over(base: Scenario, old: str, entry: object) -> str:
    """'its 4 line reports, 6 body seats and 9 channels, and its statutory role (DASS)', counted
    in the base before the merge."""
    counts = (
        (sum(1 for sec in ("posts", "teams") for e in getattr(base, sec).values()
             if e.line_manager == old), "line report"),
        (sum(1 for b in base.bodies.values() if old in (b.chair, *b.members, *b.observers)),
         "body seat"),
        (sum(1 for c in base.channels.values() if old in (c.source, c.target)), "channel"),
    )
    said = [f"{n} {what}{'s' * (n != 1)}" for n, what in counts if n]
    roles = [vocab.role_label(r).short for r in getattr(entry, "roles", ())]
    text = ("its " + _and(said) if said else "its references") + \
        (f", and its statutory role{'s' * (len(roles) != 1)} ({', '.join(roles)})"
         if roles else "")
    return text


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _repointed(base: Scenario, replace: dict[str, str]) -> tuple[Scenario, list[Channel]]:
    """The base with every reference re-pointed as `replace` merges entries (the merged entries
    themselves kept, so they show as merged), and the channels the merge leaves joining a node
    to itself, which the loader dropped."""
    if not replace:
        return base, []

    def swap(node):
        return replace.get(node, node) if node is not None else None

    def swaps(nodes) -> tuple:
        return tuple(dict.fromkeys(map(swap, nodes)))

    def person(e):
        update = {"accountable_to": tuple(a for a in swaps(e.accountable_to) if a != swap(
            e.line_manager))}
        if swap(e.line_manager) is not None:
            update["line_manager"] = swap(e.line_manager)
        return e.model_copy(update=update)

    channels = {k: c.model_copy(update={"source": swap(c.source), "target": swap(c.target)})
                for k, c in base.channels.items()}
    gone = [base.channels[k] for k, c in channels.items() if c.source == c.target]
    return base.model_copy(update={
        "posts": {k: person(e) for k, e in base.posts.items()},
        "teams": {k: person(e) for k, e in base.teams.items()},
        "bodies": {k: b.model_copy(update={
            "chair": swap(b.chair), "members": swaps(b.members),
            "observers": tuple(o for o in swaps(b.observers) if o not in swaps(b.members))})
            for k, b in base.bodies.items()},
        "channels": {k: c for k, c in channels.items() if c.source != c.target},
        "rights": {k: r.model_copy(update={"holder": swap(r.holder), "over": swaps(r.over)})
                   for k, r in base.rights.items()},
        "commissions": {k: c.model_copy(update={"source": swap(c.source),
                                                "target": swap(c.target)})
                        for k, c in base.commissions.items()},
        "protocols": {k: p.model_copy(update={"director": swap(p.director),
                                              "covers": swaps(p.covers)})
                      for k, p in base.protocols.items()},
    }), gone


def _placement(entry: object, name: _Names) -> str:
    parts = []
    if getattr(entry, "line_manager", None):
        parts.append(f"line manager {name(entry.line_manager)}")
    if getattr(entry, "accountable_to", ()):
        parts.append("accountable to " + ", ".join(map(name, entry.accountable_to)))
    return f" ({'; '.join(parts)})" if parts else ""


def _node_changes(section: str, node: str, old, new, name: _Names) -> list[Change]:
    if old == new:  # most entries of an option are its baseline's (a repair compares dozens)
        return []
    out: list[Change] = []
    said: list[str] = []
    what = "changed"
    if getattr(old, "title", None) != getattr(new, "title", None):
        said.append(f"retitled from '{old.title}'")
    if getattr(old, "line_manager", None) != getattr(new, "line_manager", None):
        said.append(f"line manager {name(old.line_manager)} -> {name(new.line_manager)}")
        what = "moved"
    before, after = set(getattr(old, "accountable_to", ())), set(getattr(new, "accountable_to", ()))
    if after - before:
        said.append("now accountable to " + ", ".join(map(name, sorted(after - before))))
    if before - after:
        said.append("no longer accountable to " + ", ".join(map(name, sorted(before - after))))
    for field, label in (("roles", "statutory roles"), ("delivers", "delivers")):
        a, b = set(getattr(old, field, ())), set(getattr(new, field, ()))
        if b - a:
            said.append(f"{label} added: {', '.join(sorted(b - a))}")
        if a - b:
            said.append(f"{label} removed: {', '.join(sorted(a - b))}")
    if getattr(old, "items", None) != getattr(new, "items", None):
        said.append("item rates changed")
    if getattr(old, "escalates_at", None) != getattr(new, "escalates_at", None):
        said.append(f"escalates at {old.escalates_at or 'the default'} -> "
                    f"{new.escalates_at or 'the default'}")
    if getattr(old, "vacant", ()) != getattr(new, "vacant", ()):
        said.append("vacancies changed")
    if section == "bodies":
        if old.chair != new.chair:
            said.append(f"chair {name(old.chair)} -> {name(new.chair)}")
        for field in ("members", "observers"):
            a, b = set(getattr(old, field)), set(getattr(new, field))
            if b - a:
                said.append(f"{field} joined: {', '.join(map(name, sorted(b - a)))}")
            if a - b:
                said.append(f"{field} left: {', '.join(map(name, sorted(a - b)))}")
        if (old.meets, old.phase) != (new.meets, new.phase):
            said.append(f"meets {_cadence(old.meets)} -> {_cadence(new.meets)}")
    if said:
        out.append(Change(section, node, what, f"{name(node)}: {'; '.join(said)}"))
    return out


def _cadence(days: float | None) -> str:
    # A change reads "cadence immediately -> monthly", where the vocabulary's name is "immediate".
    return "immediately" if days == 0 else cadence_name(days)


# --- edges matched by what they do ------------------------------------------------------------

def _channel_route(c: Channel) -> tuple:
    return (c.source, c.target, tuple(sorted(c.carries)), c.min_severity)


def _channel_signature(c: Channel) -> tuple:
    return (*_channel_route(c), c.cadence, c.phase, c.lag, c.written, c.reliability, c.capacity,
            c.fidelity)


def _describe_channel(c: Channel, name: _Names) -> str:
    carries = ", ".join(c.carries) if c.carries else "all items"
    if c.min_severity:
        carries += f" at or above {c.min_severity}"
    lag = f", lag {format_days(c.lag)}" if c.lag else ""
    return (f"{name(c.source)} -> {name(c.target)}, '{c.name}', {_cadence(c.cadence)}{lag}, "
            f"carries {carries}")


def _retimed(old: Channel, new: Channel) -> str:
    parts = []
    for label, a, b in (("cadence", old.cadence, new.cadence), ("phase", old.phase, new.phase),
                        ("lag", old.lag, new.lag)):
        if a != b:
            parts.append(f"{label} {_cadence(a) if label == 'cadence' else format_days(a)} -> "
                         f"{_cadence(b) if label == 'cadence' else format_days(b)}")
    for label in ("written", "reliability", "capacity", "fidelity"):
        if getattr(old, label) != getattr(new, label):
            parts.append(f"{label} {_realism(label, getattr(old, label))} -> "
                         f"{_realism(label, getattr(new, label))}")
    return "; ".join(parts)


def _realism(label: str, value) -> str:
    """A channel's realism setting as a reader says it: 'no limit', '12 items', '90%'."""
    if label == "written":
        return "written report" if value else "meeting"
    if label == "capacity":
        return "no limit" if value is None else f"{value} item{'s' * (value != 1)} a time"
    return f"{value:.0%}" if round(value * 100) == value * 100 else f"{value:.1%}"


def _right_signature(r: Right) -> tuple:
    return (r.holder, r.kind, tuple(sorted(r.over)), r.trigger)


def _describe_right(r: Right, name: _Names) -> str:
    trigger = f" when {r.trigger.count} {r.trigger.item} within {format_days(r.trigger.within)}" \
        if r.trigger else ""
    return f"{name(r.holder)}: {r.kind} over {', '.join(map(name, r.over))}{trigger}"


def _commission_signature(c: Commission) -> tuple:
    return (c.source, c.target, c.kind, tuple(sorted(c.terms)), c.review)


def _describe_commission(c: Commission, name: _Names) -> str:
    terms = ", ".join(c.terms) or "no terms"
    return f"{name(c.source)} -> {name(c.target)}: {c.kind} ({terms})"


def _edge_changes(section, old: dict, new: dict, signature, route, describe,
                  name: _Names) -> list[Change]:
    """Match edges by signature as multisets; what is left pairs up by route as 'changed'."""
    left = Counter(signature(e) for e in old.values())
    right = Counter(signature(e) for e in new.values())
    gone = [e for e in _unmatched(old, left - right, signature)]
    came = [e for e in _unmatched(new, right - left, signature)]
    out: list[Change] = []
    for e in list(gone):
        partner = next((n for n in came if route(n) == route(e)), None)
        if partner is None:
            continue
        gone.remove(e)
        came.remove(partner)
        if section == "channels":
            out.append(Change(section, describe(partner, name), "re-timed",
                              f"channel re-timed: {describe(e, name)}: {_retimed(e, partner)}"))
        else:
            out.append(Change(section, describe(partner, name), "changed",
                              f"{section[:-1]} changed: {describe(e, name)} -> "
                              f"{describe(partner, name)}"))
    out += [Change(section, describe(e, name), "removed", f"{section[:-1]} removed: "
                   f"{describe(e, name)}") for e in gone]
    out += [Change(section, describe(e, name), "added", f"{section[:-1]} added: "
                   f"{describe(e, name)}") for e in came]
    return out


def _unmatched(entries: dict, extra: Counter, signature) -> list:
    """The entries whose signature is in excess, in id order (stable output)."""
    extra = Counter(extra)
    out = []
    for key in sorted(entries):
        s = signature(entries[key])
        if extra[s] > 0:
            extra[s] -= 1
            out.append(entries[key])
    return out


def _protocol_changes(base: Scenario, option: Scenario, name: _Names) -> list[Change]:
    def by_director(s: Scenario) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for p in s.protocols.values():
            out.setdefault(p.director, set()).update(p.mechanisms)
        return out

    old, new = by_director(base), by_director(option)
    out = []
    for director in sorted(set(old) | set(new)):
        a, b = old.get(director, set()), new.get(director, set())
        said = []
        if director not in old:
            said.append("written protocol added")
        if director not in new:
            said.append("written protocol removed")
        if b - a:
            said.append("mechanisms added: " + ", ".join(sorted(b - a)))
        if a - b:
            said.append("mechanisms removed: " + ", ".join(sorted(a - b)))
        if said:
            out.append(Change("protocols", director, "changed",
                              f"protocol of {name(director)}: {'; '.join(said)}"))
    return out
