"""Text for people: ids become labels, raw figures become rounded ones, and citations become
numbered references ("[2] para 3.11").

Finding titles, explanations and evidence are written by every part of orgsim, and some of them
name what they found by id (`es_sen`, `serious_incident`, `accountable_to`) or print a figure as
the results files keep it (`0.1623`). The paper and its diagrams show none of that: a `Wording`
built from the scenarios of a run rewrites such text with the one vocabulary's labels and the
titles the scenarios give, and `References` numbers the guidance documents the paper cites.
The results files keep the exact text and figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import vocab
from ..model.graph import OrgGraph
from ..model.numbers import days, share
from ..rules.documents import DOCUMENTS, Document

# An id is a run of word characters not joined to more of the same by a dot or a hyphen (so a
# document's short name, "england-dcs-lm-2009", never loses its middle).
_EDGE = r"(?<![\w.\-]){}(?![\w\-]|\.\w)"
_SNAKE = re.compile(r"(?<![\w.\-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w\-])")
_FLOAT = re.compile(r"(?<![\w.])(\d+\.\d{3,}|\d+\.\d{2}(?=\s*days?\b))(\s*days?\b)?")
_AGREE = re.compile(r"\b(\w+s) arises\b")
_PLURAL_S = re.compile(r"\((?:s|es)\)")
_NONE = re.compile(r"\bNone\b")


PLAIN_WORDS = ("council", "police", "cabinet", "leader")


class Wording:
    """Rewrites text for the paper with the labels of the scenarios it is built from."""

    def __init__(self, graphs: Iterable[OrgGraph], extra: dict[str, str] | None = None):
        labels: dict[str, str] = dict(extra or {})
        for g in graphs:
            s = g.scenario
            for node in g.nodes():
                labels.setdefault(node, g.title(node))
            for cid, channel in s.channels.items():
                labels.setdefault(cid, f"'{channel.name}'")
            for rid, right in s.rights.items():
                labels.setdefault(rid, f"of {g.title(right.holder)}" if g.has(right.holder)
                                  else "")
            for pid, protocol in s.protocols.items():
                labels.setdefault(pid, f"'{protocol.title}'")
            for cid, commission in s.commissions.items():
                labels.setdefault(cid, f"'{commission.title}'")
            for sid, standard in s.standards.items():
                labels.setdefault(sid, f"the standard for {vocab.item_label(standard.item).plural}")
            for kind in s.item_kind_names():
                labels.setdefault(kind, vocab.item_label(kind).plural)
        for kind in vocab.ITEM_KINDS:
            labels.setdefault(kind, vocab.item_label(kind).plural)
        for function in vocab.FUNCTIONS:
            labels.setdefault(function, vocab.function_label(function).plural)
        for role in vocab.ROLES:
            labels.setdefault(role, vocab.role_label(role).short)
        self.labels = labels
        # "Title (id)" already names the node: drop the id rather than print the title twice.
        ids = sorted(labels, key=len, reverse=True)
        self._parenthesised = re.compile(
            r"\s*\((?:" + "|".join(re.escape(i) for i in ids) + r")\)")
        # Ids that are also plain words of orgsim's own sentences ("the council's chief
        # executive", "the police") stay words there: the text means the organisation.
        words = "|".join(re.escape(i) for i in ids if i not in PLAIN_WORDS)
        self._ids = re.compile(_EDGE.format("(" + words + ")"))

    def __call__(self, text: object) -> str:
        out = str(text)
        out = self._parenthesised.sub("", out)
        out = self._ids.sub(lambda m: self.labels[m[1]], out)
        out = _SNAKE.sub(lambda m: m[1].replace("_", " "), out)
        out = _FLOAT.sub(_figure, out)
        out = _PLURAL_S.sub("s", out)
        out = _NONE.sub("none", out)
        out = _AGREE.sub(r"\1 arise", out)
        return out.replace(" -> ", " → ")

    def label(self, identifier: str) -> str:
        return self.labels.get(identifier, identifier.replace("_", " "))


def _figure(m: re.Match) -> str:
    """'30.4375 days' -> '30 days'; a bare '0.1623' (a share) -> '16%'; else one decimal."""
    value = float(m[1])
    if m[2]:
        return days(value)
    if value <= 1:
        return share(value)
    return f"{value:,.1f}"


# --- references ----------------------------------------------------------------------------------

_SHORTS = "|".join(re.escape(d) for d in sorted(DOCUMENTS, key=len, reverse=True))
# a short name, then its paragraph: everything up to a ';', a closing bracket it did not open,
# or the next short name ("3.30 and england-dass-2005 24" is two citations)
_CITED = re.compile(r"\b(" + _SHORTS + r")\b[ ,]*((?:(?!\b(?:" + _SHORTS + r")\b)[^;)(]|"
                    r"\([^)]*\))*)")


@dataclass(frozen=True)
class Reference:
    number: int
    document: Document


class References:
    """The documents the paper cites, numbered in the order the guidance index lists them, and
    citations written against those numbers."""

    def __init__(self, cited: Iterable[str]):
        found = set()
        for text in cited:
            found.update(m[1] for m in _CITED.finditer(str(text)))
        order = [short for short in DOCUMENTS if short in found]
        self.numbers = {short: i for i, short in enumerate(order, start=1)}

    @property
    def entries(self) -> list[Reference]:
        return [Reference(n, DOCUMENTS[s]) for s, n in self.numbers.items()]

    def cite(self, text: object) -> str:
        """'england-dcs-lm-2009 3.11' -> '[1] para 3.11'; 'barnet-2014 (d)' -> '[4] (d)';
        several citations joined by ';' each rewritten."""
        def one(m: re.Match) -> str:
            number = self.numbers.get(m[1])
            where = m[2].strip()
            tail = ""
            for joiner in (" and", ","):  # "3.30 and" before the next citation
                if where.endswith(joiner):
                    where, tail = where[: -len(joiner)].rstrip(), joiner + " "
            ref = f"[{number}]" if number else DOCUMENTS[m[1]].title
            if not where:
                return ref + tail
            return (f"{ref} {'paras' if _several(where) else 'para'} {where}"
                    if where[0].isdigit() else f"{ref} {where}") + tail
        return _CITED.sub(one, str(text))


def _several(where: str) -> bool:
    return bool(re.search(r"\d\s*(,|and|-)\s*\d", where))

