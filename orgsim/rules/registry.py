"""Every pack, how packs are chosen for a scenario, and running the checks.

Selection (override with explicit pack names):
- England with a `dss` holder (the single Director of Social Services before 2005): `solace-adss`.
- England with a `dcs` or `dass` holder, or with no `dss`: `england-dcs-lm-2009` and
  `england-dass-2005` (an English council without a declared DCS still owes one; its rules then say
  what to add).
- Wales: `wales-dss-2009`.
- Any scenario declaring an accountability protocol (`protocols` of kind `accountability`):
  `local-protocol` (modelled on barnet-2014). Transition protocols and framework documents are
  judged by the statutory packs.
- The current framework of the scenario's jurisdiction (`england-2026`, `wales-2026`) when at
  least one of its requirements was in force on the law date; only those rules run.

The historic packs run whatever the date, so nothing is silently dropped: where their document
had been replaced by the law date, each finding says so (`currency`).

The law date is the run's `--as-of`, else the scenario's `as_of`, else today; the caller resolves
it (`law_date`), so the checks themselves never read the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.crossref import did_you_mean
from ..model.findings import Finding
from ..model.graph import OrgGraph
from . import england_dass_2005, england_dcs_lm_2009, local_protocol, solace_adss, wales_dss_2009
from .currency import labelled, standing
from .engine import Check, Pack, Rule, RuleContext, evaluate

PACKS: dict[str, Pack] = {p.name: p for p in (
    england_dcs_lm_2009.PACK, england_dass_2005.PACK, solace_adss.PACK, wales_dss_2009.PACK,
    local_protocol.PACK)}
RULES: dict[str, Rule] = {r.id: r for p in PACKS.values() for r in p.rules}


class UnknownName(LookupError):
    """A pack or rule name that does not exist; the message suggests the nearest."""


def find_rule(rule_id: str) -> Rule:
    if rule_id in RULES:
        return RULES[rule_id]
    raise UnknownName(f"no rule '{rule_id}'; {did_you_mean(rule_id, RULES, 'rule')} "
                      "(`orgsim rules` lists them all)")


def find_pack(name: str) -> Pack:
    if name in PACKS:
        return PACKS[name]
    raise UnknownName(f"no rule pack '{name}'; {did_you_mean(name, PACKS, 'pack')}")


@dataclass(frozen=True)
class Selection:
    pack: str
    reason: str


# The pack that tests each jurisdiction's current framework, at the level of statute sections and
# successor headings.
CURRENT_PACKS = {"england": "england-2026", "wales": "wales-2026"}


def law_date(scenario_as_of: date | None, override: date | None, today: date) -> date:
    """The day whose law the checks apply: the run's override, else the scenario's own date,
    else today."""
    return override or scenario_as_of or today


def select_packs(graph: OrgGraph, as_of: date) -> list[Selection]:
    s = graph.scenario
    chosen: list[Selection] = []
    if s.jurisdiction == "wales":
        chosen.append(Selection("wales-dss-2009", "jurisdiction is wales"))
    else:
        has = {r: bool(graph.holders(r)) for r in ("dcs", "dass", "dss")}
        if has["dss"]:
            chosen.append(Selection("solace-adss", "england with a Director of Social Services "
                                    "(dss)"))
        if has["dcs"] or has["dass"] or not has["dss"]:
            why = ("england with " + " and ".join(r for r in ("dcs", "dass") if has[r])
                   if has["dcs"] or has["dass"]
                   else "england without a dss: a DCS and DASS are owed")
            chosen += [Selection("england-dcs-lm-2009", why), Selection("england-dass-2005", why)]
    accountability = local_protocol.accountability_protocols(s)
    if accountability:
        n = len(accountability)
        chosen.append(Selection("local-protocol", f"{n} accountability protocol"
                                + ("s" if n > 1 else "") + " declared"))
    current = PACKS.get(CURRENT_PACKS.get(s.jurisdiction, ""))
    if current is not None and any(r.applies_on(as_of) for r in current.rules):
        chosen.append(Selection(current.name, f"the requirements of today's {s.jurisdiction.title()} "
                                f"framework in force on {as_of.isoformat()}"))
    return chosen


@dataclass(frozen=True)
class CheckResult:
    packs: tuple[Selection, ...]
    findings: tuple[Finding, ...]  # counted in the verdict; each says whether its text applied
    as_of: date  # the day whose law was applied
    as_of_source: str = "today"  # where that day came from: --as-of, the scenario, or today
    # findings of historic rules whose requirement no longer applied as such on that day: shown
    # with what replaced them, never counted
    superseded: tuple[Finding, ...] = ()

    def standings(self) -> list[tuple[str, str]]:
        """(document, its standing on the day) for each selected pack whose text had been
        replaced, or was not yet issued, by then."""
        out = []
        for sel in self.packs:
            doc = PACKS[sel.pack].document
            note = standing(doc, self.as_of)
            if note:
                out.append((doc.short, note))
        return out

    @property
    def worst(self) -> str | None:
        return min((f.severity for f in self.findings), key=lambda r: r.rank).value \
            if self.findings else None

    def counts(self) -> dict[str, int]:
        out = {"red": 0, "amber": 0, "not_assessed": 0, "green": 0}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    @property
    def has_red(self) -> bool:
        return any(f.severity.value == "red" for f in self.findings)


def run_checks(graph: OrgGraph, packs: list[str] | None = None, *,
               as_of: date | None = None) -> CheckResult:
    """Judge the graph against the chosen packs (selected from the scenario when None) by the law
    in force on `as_of` (the scenario's own date when None, else today: see `law_date`)."""
    day = law_date(graph.scenario.as_of, as_of, date.today())
    source = ("--as-of" if as_of else "the scenario's as_of" if graph.scenario.as_of
              else "today")
    if packs:
        selection = [Selection(find_pack(p).name, "chosen with --pack")
                     for p in dict.fromkeys(packs)]
    else:
        selection = select_packs(graph, day)
    ctx = RuleContext(graph)
    findings = tuple(f for sel in selection for rule in PACKS[sel.pack].rules
                     if rule.applies_on(day) for f in evaluate(rule, ctx))
    counted, superseded = labelled(findings, day)
    return CheckResult(tuple(selection), counted, day, source, superseded)


def rule_of_check(check: Check) -> Rule:
    """The registered rule whose test is `check` (a pack's decorated function), so code outside
    the packs can name a rule by reference and a renamed rule id cannot break the link."""
    for r in RULES.values():
        if r.check is check:
            return r
    raise UnknownName(f"{getattr(check, '__name__', check)!r} is no registered rule's check")


def rule_of_finding(finding: Finding) -> Rule | None:
    """The rule that raised a finding: its id is the rule's id, or that, a colon and a subject."""
    return RULES.get(finding.id.partition(":")[0])
