"""Splits and what compensates for them.

For every split (a post or team whose line chain misses a Director it answers to) this finds, in
the structure alone, the compensating mechanisms the guidance names (england-dcs-lm-2009 3.11;
england-dass-2005 26, 28; wales-dss-2009 4.6-4.8.8, 5.15): an accountable-to edge, a channel
carrying items to the Director, an information right, a written framework or protocol; and the
local protocol mechanisms modelled on barnet-2014 (a)-(g) plus the assurance report.

A mechanism reaches a split through the split node or any of its line managers below the head of
paid service (`structure.hops_chain`): the delivery director's monthly one-to-one covers the
teams below them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model.graph import OrgGraph, Split
from ..model.numbers import words
from . import structure as st

COMPENSATIONS = ("accountable_to", "channel", "information_right", "written_protocol")
COMPENSATION_TITLES = {
    "accountable_to": "accountable-to edge to the Director",
    "channel": "a channel carrying items to the Director",
    "information_right": "a right to request information",
    "written_protocol": "a written framework or protocol covering it",
}

# barnet-2014 letters for the mechanisms of its protocol (vocab.MECHANISMS).
MECHANISM_LETTERS = {
    "management_agreement": "(a)", "quarterly_report": "(b)", "step_in": "(b)",
    "information_right": "(c)", "safeguarding_one_to_one": "(d)", "board_chair": "(e)",
    "joint_appraisal": "(f)", "audit_programme": "(g)", "assurance_report": "",
}


@dataclass(frozen=True)
class Compensation:
    split: Split
    present: dict[str, tuple[str, ...]]  # mechanism -> evidence lines
    missing: tuple[str, ...]
    mechanisms: dict[str, tuple[str, ...]]  # barnet-2014 mechanism -> evidence (present only)

    @property
    def edges(self) -> tuple[str, ...]:
        return tuple(sorted({e for ev in self.present.values() for e in _keys(ev)}))


def _keys(evidence: tuple[str, ...]) -> list[str]:
    # Evidence lines start "channel <id>:", "right <id>:", "protocol <id>:", "commission <id>:".
    keys = []
    for line in evidence:
        head, _, _ = line.partition(":")
        parts = head.split(" ")
        if len(parts) == 2 and parts[0] in ("channel", "right", "commission"):
            keys.append(parts[1])
    return keys


def compensation(g: OrgGraph, split: Split) -> Compensation:
    reach = st.hops_chain(g, split.node)
    d = split.director
    present: dict[str, tuple[str, ...]] = {}
    accountable = [n for n in reach if d in g.accountable_to(n)]
    if accountable:
        present["accountable_to"] = tuple(f"accountable_to: {st.name(g, n)} -> {st.name(g, d)}"
                                          for n in accountable)
    chans = [st.channel_text(g, cid, ch) for n in reach for cid, ch in st.channels(g, n, d)]
    if chans:
        present["channel"] = tuple(chans)
    info = [f"right {rid}: request_information over {st.name(g, n)}"
            for n in reach for rid, _ in st.rights(g, d, "request_information", n)]
    if info:
        present["information_right"] = tuple(info)
    docs = written_protocols(g, d, reach)
    if docs:
        present["written_protocol"] = tuple(docs)
    missing = tuple(m for m in COMPENSATIONS if m not in present)
    mechanisms = {m: ev for m, detect in MECHANISM_TESTS.items()
                  if (ev := tuple(detect(g, d, reach)))}
    return Compensation(split, present, missing, mechanisms)


def written_protocols(g: OrgGraph, director: str, reach) -> list[str]:
    found = [f"protocol {pid}: '{p.title}' by {st.name(g, director)} covers {st.name(g, n)}"
             for pid, p in g.scenario.protocols.items() if p.director == director
             for n in reach if n in p.covers]
    found += [f"commission {cid}: {c.kind} '{c.title}' to {st.name(g, c.target)}"
              for cid, c in g.scenario.commissions.items()
              if c.source == director and c.target in reach]
    return found


def compensations(g: OrgGraph, director: str | None = None) -> list[Compensation]:
    """One compensation per (node, Director): a node both declared accountable to a Director and
    delivering functions in their remit is one split, not two."""
    merged: dict[tuple[str, str], Split] = {}
    for s in g.splits():
        if director is not None and s.director != director:
            continue
        key = (s.node, s.director)
        if key in merged:
            first = merged[key]
            s = replace(first, functions=tuple(dict.fromkeys((*first.functions, *s.functions))))
        merged[key] = s
    return [compensation(g, s) for s in merged.values()]


# --- barnet-2014 mechanisms, each a structural test ---------------------------------------------

def _management_agreement(g, d, reach):
    return [f"commission {cid}: management agreement '{c.title}' with {st.name(g, c.target)}"
            + (f" (terms: {', '.join(c.terms)})" if c.terms else "")
            for cid, c in g.scenario.commissions.items()
            if c.source == d and c.target in reach and c.kind == "management_agreement"]


def _quarterly_report(g, d, reach):
    return [st.channel_text(g, cid, ch) for n in reach
            for cid, ch in st.channels(g, n, d, st.QUARTERLY, st.PERFORMANCE_ITEMS)]


def _right(kind):
    def detect(g, d, reach):
        return [f"right {rid}: {kind} over {st.name(g, n)}"
                + (f" when {g.scenario.rights[rid].when}" if g.scenario.rights[rid].when else "")
                for n in reach for rid, _ in st.rights(g, d, kind, n)]
    return detect


def _one_to_one(g, d, reach):
    return [st.channel_text(g, cid, ch) for n in reach
            for cid, ch in st.channels(g, n, d, st.MONTHLY, st.SAFEGUARDING_ITEMS)]


def _board_chair(g, d, reach):
    return [f"chairs {b}: {body.title} meets {st.fmt_days(body.meets)}"
            for b, body in g.scenario.bodies.items()
            if body.chair == d and body.meets is not None and body.kind != "management_team"]


def _audit_programme(g, d, reach):
    return [f"right {rid}: agree_audit_programme over {st.name(g, n)}"
            for rid, n in st.rights(g, d, "agree_audit_programme")]


def _assurance_report(g, d, reach):
    hops = set(g.holders("head_of_paid_service"))
    out = []
    for cid, ch in st.channels(g, d, written=True):
        body = g.scenario.bodies.get(ch.target)
        if ch.target in hops or (body is not None and body.chair in hops):
            out.append(st.channel_text(g, cid, ch))
    return out


MECHANISM_TESTS: dict[str, Callable[[OrgGraph, str, tuple[str, ...]], list[str]]] = {
    "management_agreement": _management_agreement,
    "quarterly_report": _quarterly_report,
    "step_in": _right("step_in"),
    "information_right": _right("request_information"),
    "safeguarding_one_to_one": _one_to_one,
    "board_chair": _board_chair,
    "joint_appraisal": _right("joint_appraisal"),
    "audit_programme": _audit_programme,
    "assurance_report": _assurance_report,
}


def mechanism_label(m: str) -> str:
    letter = MECHANISM_LETTERS.get(m, "")
    return f"{letter} {words(m)}".strip()


def describe(g: OrgGraph, c: Compensation) -> tuple[str, ...]:
    """Evidence lines for a split: the split itself, each compensation present and missing, and
    the barnet-2014 mechanisms (a)-(g) found in the structure."""
    s = c.split
    why = " and ".join(
        (["declared accountable to"] if s.reason == "accountable_to" else [])
        + ([f"delivers {', '.join(s.functions)} in the remit of"] if s.functions else []))
    chain = " -> ".join(st.name(g, n) for n in s.line_chain) or "(no line manager)"
    lines = [f"split: {st.name(g, s.node)} {why} {st.name(g, s.director)}; line chain: {chain}"]
    for m in COMPENSATIONS:
        if m in c.present:
            lines += [f"present - {COMPENSATION_TITLES[m]}: {ev}" for ev in c.present[m]]
        else:
            lines.append(f"missing - {COMPENSATION_TITLES[m]}")
    found = [mechanism_label(m) for m in MECHANISM_TESTS if m in c.mechanisms]
    absent = [mechanism_label(m) for m in MECHANISM_TESTS if m not in c.mechanisms]
    lines.append("barnet-2014 mechanisms present: " + (", ".join(found) or "none"))
    lines.append("barnet-2014 mechanisms missing: " + (", ".join(absent) or "none"))
    return tuple(lines)
