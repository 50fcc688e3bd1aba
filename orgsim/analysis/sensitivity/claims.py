"""What a sweep asks of each world's comparison: the headline verdicts (claims that hold or do
not) and the headline figures (numbers that move).

Claims:
- **material weakening**: the option materially weakens a Director's oversight of a kind of item
  from a unit (the comparison's own verdict, `materiality`);
- **standard missed**: under the option, the share of such items the Director knows within a
  standard's time is below its target (the mean over the blocks the row was judged on);
- **option ranking**: with two or more options, the ranking (fewest reds, then ambers, then
  weakenings) is the one the scenarios as written give, and the best option stays best.

Figures: for each weakening, the change in the p90 days to awareness (option minus baseline, an
item never known counting as known at the end of the run, so a lower bound); for each standard,
the option's share within its time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import vocab
from ...sim.results import ALL
from ..blocks import slug
from ..compare import Comparison
from ..materiality import Verdict
from ..paired import SimRow

WEAKENING, MISSED, RANKING, BEST = ("material_weakening", "standard_missed", "option_ranking",
                                    "best_option")


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str  # WEAKENING | MISSED | RANKING | BEST
    option: str  # the option's label ("" for a ranking)
    key: tuple[str, str, str] = ("", "", "")  # (director role, item kind, unit of origin)
    ranking: tuple[str, ...] = ()

    @property
    def finding_id(self) -> str | None:
        """The id of the comparison's finding this claim is about (a weakening's), else None."""
        if self.kind != WEAKENING:
            return None
        role, item, origin = self.key
        return f"compare.weakening.{role}.{item}.{slug(origin)}"

    def text(self, names: dict[str, str], with_option: bool = True) -> str:
        """The claim for a reader; `names` maps option labels to scenario names. Without the
        option, it reads after the option's name ("materially weakens the DCS's ...")."""
        role, item, origin = self.key
        who = vocab.role_label(role).article if role else ""
        where = "all teams in the remit" if origin == ALL else origin
        what = vocab.item_label(item).plural if item else ""
        name = names.get(self.option, self.option)
        if self.kind == WEAKENING:
            text = f"materially weakens {who}'s oversight of {what} from {where}"
        elif self.kind == MISSED:
            text = f"leaves {who} below the standard for {what} from {where}"
        elif self.kind == RANKING:
            return "the options rank " + ", ".join(names.get(o, o) for o in self.ranking)
        else:
            return f"{names.get(self.ranking[0], self.ranking[0])} is the best option"
        return f"{name} {text}" if with_option else text

    @property
    def severity(self) -> int:
        item = self.key[1]
        return int(vocab.ITEM_KINDS[item].severity) if item in vocab.ITEM_KINDS else 0

    def holds(self, comparison: Comparison) -> bool:
        if self.kind in (RANKING, BEST):
            ranking = tuple(o.label for o in comparison.options)
            return ranking == self.ranking if self.kind == RANKING else \
                ranking[0] == self.ranking[0]
        row = row_of(comparison, self.option, self.key)
        if row is None:
            return False
        if self.kind == WEAKENING:
            return row.verdict == Verdict.material_weakening
        return missed(row)

    def to_dict(self, names: dict[str, str]) -> dict:
        return {"id": self.id, "verdict": self.kind, "option": self.option or None,
                "director": self.key[0] or None, "item": self.key[1] or None,
                "origin": self.key[2] or None, "finding_id": self.finding_id,
                "text": self.text(names), "text_after_option": self.text(names, False)}


@dataclass(frozen=True)
class Figure:
    id: str
    metric: str  # "p90_change" | "share_within"
    option: str
    key: tuple[str, str, str]

    def title(self, names: dict[str, str]) -> str:
        role, item, origin = self.key
        where = "all teams" if origin == ALL else origin
        what = (f"{vocab.role_label(role).short}, {vocab.item_label(item).plural} from {where}")
        return (f"Change in p90 days: {what}" if self.metric == "p90_change" else
                f"Share within the standard: {what}")

    @property
    def unit(self) -> str:
        return "days" if self.metric == "p90_change" else "share"

    def value(self, comparison: Comparison) -> float | None:
        row = row_of(comparison, self.option, self.key)
        if row is None:
            return None
        if self.metric == "p90_change":
            c = row.change("p90_days")
            return None if c is None else c.change
        c = row.change("share_within")
        return None if c is None else c.option

    def to_dict(self, names: dict[str, str]) -> dict:
        return {"id": self.id, "metric": self.metric, "unit": self.unit,
                "option": self.option, "director": self.key[0], "item": self.key[1],
                "origin": self.key[2], "title": self.title(names)}


def row_of(comparison: Comparison, option: str, key: tuple[str, str, str]) -> SimRow | None:
    for o in comparison.options:
        if o.label == option:
            return next((r for r in o.rows if (r.role, r.item, r.origin) == key), None)
    return None


def missed(row: SimRow) -> bool:
    c = row.change("share_within")
    return bool(row.standard and c is not None and c.option < row.standard.target_share)


def claims_and_figures(comparisons: Sequence[Comparison]) -> tuple[list[Claim], list[Figure]]:
    """Every claim that holds in at least one of the comparisons (the first is the scenarios as
    written, whose claims come first), and the figures behind them."""
    claims: dict[str, Claim] = {}
    for comparison in comparisons:
        for o in sorted(comparison.options, key=lambda o: o.label):
            for row in o.rows:
                key = (row.role, row.item, row.origin)
                cid = f"{o.label}:{row.role}.{row.item}.{slug(row.origin)}"
                if row.verdict == Verdict.material_weakening:
                    claims.setdefault(f"{WEAKENING}:{cid}", Claim(f"{WEAKENING}:{cid}", WEAKENING,
                                                                  o.label, key))
                if missed(row):
                    claims.setdefault(f"{MISSED}:{cid}", Claim(f"{MISSED}:{cid}", MISSED,
                                                               o.label, key))
    nominal = comparisons[0]
    if len(nominal.options) > 1:
        ranking = tuple(o.label for o in nominal.options)
        claims[RANKING] = Claim(RANKING, RANKING, "", ranking=ranking)
        claims[BEST] = Claim(BEST, BEST, ranking[0], ranking=ranking)
    figures: dict[str, Figure] = {}
    for c in claims.values():
        if c.kind not in (WEAKENING, MISSED):
            continue
        suffix = f"{c.option}:{'.'.join(c.key)}"
        if c.kind == WEAKENING:
            figures.setdefault(f"p90_change:{suffix}",
                               Figure(f"p90_change:{suffix}", "p90_change", c.option, c.key))
        if any(r.standard for x in comparisons if (r := row_of(x, c.option, c.key))):
            figures.setdefault(f"share_within:{suffix}",
                               Figure(f"share_within:{suffix}", "share_within", c.option, c.key))
    return list(claims.values()), list(figures.values())
