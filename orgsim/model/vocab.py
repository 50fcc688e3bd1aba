"""Closed vocabularies of the scenario format, each term with a description and its source.

Citations use the short names of the guidance index (`guidance/README.md`) plus a paragraph.
Descriptions paraphrase the guidance; they never quote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class Term:
    description: str
    citation: str


class Severity(IntEnum):
    """How serious an information item is; escalation thresholds compare these."""

    routine = 1
    significant = 2
    serious = 3
    critical = 4


SEVERITY_NAMES = tuple(s.name for s in Severity)

# Which kind of node may hold a role: officers are posts, politicians are members.
OFFICER, POLITICIAN = "post", "member"


@dataclass(frozen=True)
class Role(Term):
    holder_kind: str
    singular: bool = True
    jurisdictions: tuple[str, ...] = ("england", "wales")


ROLES: dict[str, Role] = {
    "head_of_paid_service": Role(
        "Chief Executive as head of paid service, to whom the statutory Directors report",
        "england-dcs-lm-2009 3.30", OFFICER),
    "dcs": Role(
        "Director of Children's Services: professional lead for children's education and social care",
        "england-dcs-lm-2009 3.1, 3.9", OFFICER, jurisdictions=("england",)),
    "dass": Role(
        "Director of Adult Social Services: statutory chief officer for adult social care",
        "england-dass-2005 24", OFFICER, jurisdictions=("england",)),
    "dss": Role(
        "Director of Social Services: single statutory director across children's and adults' "
        "social services (Wales; in England before 2005)",
        "wales-dss-2009 3.13; solace-adss", OFFICER),
    "lead_director_cyp": Role(
        "Lead Director for Children and Young People's Services, leading co-operation and the "
        "children and young people's plan",
        "wales-dss-2009 3.8-3.9, 5.9", OFFICER, jurisdictions=("wales",)),
    "lead_member_children": Role(
        "Lead Member for Children's Services: the one councillor politically accountable for children's services",
        "england-dcs-lm-2009 2.4, 2.25", POLITICIAN),
    "lead_member_adults": Role(
        "Executive member whose portfolio covers adult social services",
        "england-dass-2005 45-55", POLITICIAN),
    "leader": Role(
        "Leader (or elected mayor) of the council",
        "england-dcs-lm-2009 3.31", POLITICIAN),
    "monitoring_officer": Role(
        "Monitoring officer, responsible for the lawfulness of decisions",
        "solace-adss Appendix B", OFFICER),
    "s151_officer": Role(
        "Chief finance officer under section 151 of the Local Government Act 1972",
        "solace-adss Appendix B", OFFICER),
    # The safeguarding partners of today's English framework (working-together-2023): each of the
    # three partner agencies has a Lead; the council's is its chief executive. The police's and
    # the integrated care board's Leads are outside the council (`bodies.*.partners`).
    "lead_safeguarding_partner": Role(
        "Lead Safeguarding Partner: the council's chief executive, answering for the council's "
        "share of the multi-agency safeguarding arrangements for children",
        "working-together-2023 Lead Safeguarding Partners", OFFICER, jurisdictions=("england",)),
    "delegated_safeguarding_partner": Role(
        "Delegated Safeguarding Partner: the senior officer (usually the DCS) the Lead "
        "Safeguarding Partner names to act and decide for the council in the arrangements",
        "working-together-2023 Delegated Safeguarding Partners", OFFICER,
        jurisdictions=("england",)),
}

SINGULAR_ROLES = tuple(name for name, role in ROLES.items() if role.singular)


FUNCTIONS: dict[str, Term] = {
    "children_social_care": Term("Local authority social care for children and families",
                                 "england-dcs-lm-2009 3.9"),
    "education": Term("Local authority education functions, including school improvement",
                      "england-dcs-lm-2009 3.9"),
    "safeguarding_children": Term("Safeguarding and promoting the welfare of children",
                                  "england-dcs-lm-2009 3.29"),
    "looked_after_children": Term("Corporate parenting of looked after children and care leavers",
                                  "england-dcs-lm-2009 3.36"),
    "youth_justice": Term("Preventing and reducing youth offending", "england-dcs-lm-2009 2.24"),
    "early_years": Term("Early childhood services and children's centres", "england-dcs-lm-2009 3.39"),
    "adult_social_care": Term("Assessment, commissioning and provision of adult social care",
                              "england-dass-2005 28"),
    "safeguarding_adults": Term("Protecting vulnerable adults from abuse", "england-dass-2005 30"),
    "transition": Term("Transition of young people from children's to adult services",
                       "england-dass-2005 37-39"),
}

_CHILDREN = ("children_social_care", "education", "safeguarding_children", "looked_after_children",
             "youth_justice", "early_years")
_ADULTS = ("adult_social_care", "safeguarding_adults")

# Which statutory role answers for each function, by jurisdiction. A function may sit in two remits
# (transition is shared by the DCS and the DASS: england-dass-2005 37-39). In England before 2005 the
# single DSS held both remits (solace-adss), so `dss` is listed for every social services function.
REMITS: dict[str, dict[str, tuple[str, ...]]] = {
    "england": {
        **{f: ("dcs",) for f in _CHILDREN},
        **{f: ("dass",) for f in _ADULTS},
        "transition": ("dcs", "dass"),
    },
    # wales-dss-2009 3.13, 5.12: the DSS keeps the overview of all social services, children's
    # included; education and early years belong to the Lead Director (3.8-3.9).
    "wales": {
        **{f: ("dss",) for f in ("children_social_care", "safeguarding_children",
                                  "looked_after_children", "youth_justice", "adult_social_care",
                                  "safeguarding_adults", "transition")},
        "education": ("lead_director_cyp",),
        "early_years": ("lead_director_cyp",),
    },
}
# Social services functions fall to a single DSS where an English council still has one.
ENGLAND_DSS_FUNCTIONS = ("children_social_care", "safeguarding_children", "looked_after_children",
                         "youth_justice", "adult_social_care", "safeguarding_adults", "transition")


@dataclass(frozen=True)
class ItemKind:
    description: str
    severity: Severity


ITEM_KINDS: dict[str, ItemKind] = {
    "serious_incident": ItemKind("A child or adult dies or is seriously harmed and abuse or neglect "
                                 "is suspected; notifiable to the regulator", Severity.critical),
    "safeguarding_concern": ItemKind("A referral or concern about the safety of a child or adult",
                                     Severity.significant),
    "provider_failure": ItemKind("A provider cannot continue to deliver a service", Severity.serious),
    "inspection_finding": ItemKind("A finding from an inspection or audit", Severity.significant),
    "performance_dip": ItemKind("A performance indicator falls below its target", Severity.significant),
    "budget_pressure": ItemKind("Spending forecast to exceed budget", Severity.significant),
    "workforce_shortfall": ItemKind("Vacancies or turnover leave a service short of staff",
                                    Severity.significant),
    "complaint": ItemKind("A complaint about a service", Severity.routine),
}

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12

# Named cadences use calendar-average lengths so that a month is the same length in every run.
CADENCES: dict[str, float] = {
    "immediate": 0.0,
    "weekly": 7.0,
    "fortnightly": 14.0,
    "monthly": DAYS_PER_MONTH,
    "quarterly": DAYS_PER_YEAR / 4,
    "six_monthly": DAYS_PER_YEAR / 2,
    "annual": DAYS_PER_YEAR,
}

# Words officers write for a cadence, read as the lengths below. They are accepted wherever a
# cadence is, but reports name periods by the canonical names above (a 42-day channel reads
# "6 weeks"), so adding a word here never changes an existing figure or label. Each states its
# length, because two of them are ambiguous in ordinary speech.
CADENCE_ALIASES: dict[str, tuple[float, str]] = {
    "daily": (1.0, "every day: 1 day"),
    "six_weekly": (42.0, "every six weeks: 42 days"),
    "bi_monthly": (DAYS_PER_YEAR / 6, "every two months: 60.875 days, not twice a month, which "
                   "is fortnightly"),
    "termly": (DAYS_PER_YEAR / 3, "once a school term, three terms a year: 121.75 days"),
}


def cadence_lookup(word: str) -> float | None:
    """The period in days of a cadence name or alias, written with `_`, `-` or a space between
    its parts ("six-weekly", "bi-monthly"); None for any other word."""
    key = "_".join(word.strip().lower().replace("-", " ").replace("_", " ").split())
    if key in CADENCES:
        return CADENCES[key]
    if key == "bimonthly":
        key = "bi_monthly"
    alias = CADENCE_ALIASES.get(key)
    return alias[0] if alias else None


# Every spelling `cadence_lookup` accepts that a schema-aware editor should offer.
CADENCE_WORDS: tuple[str, ...] = (*CADENCES, *CADENCE_ALIASES, "bi-monthly", "six-weekly",
                                  "six-monthly")

BODY_KINDS: dict[str, str] = {
    "council": "Full Council",
    "cabinet": "Executive / Cabinet",
    "committee": "A committee of the council (committee system)",
    "scrutiny": "Overview and scrutiny committee",
    "lscb": "Local Safeguarding Children Board",
    "sab": "Safeguarding Adults Board",
    "childrens_trust": "Children's Trust Board or Children and Young People's Partnership",
    "health_wellbeing": "Health and Wellbeing Board",
    "management_team": "Corporate or senior management team",
    "officer_board": "An officer board (e.g. a commissioning or assurance board)",
    "partnership": "Another partnership board",
    "company_board": "Board of a council-owned or arm's-length company",
    "safeguarding_partnership": "Statutory safeguarding partnership",
}

# What a kind means where its label alone could mislead; the schema shows these to editors. The
# new kinds are not in the five guidance documents, so they cite none.
BODY_KIND_NOTES: dict[str, str] = {
    # A partnership, not an organisation: a council-owned trust company that runs children's
    # services is an `external` of kind `company` with a `company_board` (docs/scenarios.md).
    "childrens_trust": "the partnership board of the council and its relevant partners "
                       "(england-dcs-lm-2009 3.25); not a children's trust company, which is an "
                       "external of kind company with a body of kind company_board",
    "company_board": "its board of directors, e.g. of a children's services trust company",
    "safeguarding_partnership": "of the council, the police and the integrated care board: the "
                                "arrangements that replaced LSCBs in England; `partners` names "
                                "the police and the ICB",
    "sab": "core members the council, the integrated care board and the police; `partners` names "
           "the police and the ICB, `chair_appointed_by` who appointed the chair",
}

EXTERNAL_KINDS: dict[str, str] = {
    "nhs": "NHS body",
    "regulator": "Inspectorate or regulator (Ofsted, CQC, CSSIW)",
    "independent_chair": "Independent chair of a board",
    "provider": "Commissioned provider of services",
    "company": "Arm's-length or council-owned company",
    "government": "Government department",
    # england-dcs-lm-2009 2.16, 3.25, 3.43 name the police among the council's partners.
    "police": "Police force, a relevant partner of the Children's Trust (england-dcs-lm-2009 3.25)",
    # care-act-2014 s43, Sch 2 and working-together-2023 name the ICB; `nhs` stays for any other
    # NHS body (a trust, a provider) and for files written before this kind existed.
    "icb": "Integrated care board: the NHS health commissioner, a safeguarding partner and a core "
           "member of the Safeguarding Adults Board",
    "other": "Any other external body",
}

RIGHT_KINDS: dict[str, Term] = {
    "request_information": Term("May require any service or financial information",
                                "barnet-2014 (c); wales-dss-2009 6.11"),
    "step_in": Term("Takes direct line management when a trigger holds", "barnet-2014 (b)"),
    "joint_appraisal": Term("Sets objectives and appraises jointly with the line manager",
                            "barnet-2014 (f)"),
    "agree_audit_programme": Term("Agrees the internal audit programme for the service",
                                  "barnet-2014 (g)"),
    "direct_access": Term("May go directly to members or the head of paid service",
                          "england-dcs-lm-2009 3.7; england-dass-2005 24; wales-dss-2009 4.4"),
    # Held over the safeguarding partnership it is exercised in.
    "safeguarding_decisions": Term("May take decisions for the council in the multi-agency "
                                   "safeguarding arrangements",
                                   "working-together-2023 Delegated Safeguarding Partners"),
}

COMMISSION_KINDS: dict[str, str] = {
    "contract": "Contract with an external provider",
    "management_agreement": "Management agreement with an internal delivery unit (barnet-2014 (a))",
    "service_level_agreement": "Service level agreement",
    "partnership_agreement": "Partnership or section 75 agreement",
}

COMMISSION_TERMS: dict[str, Term] = {
    "information_rights": Term("Commissioner may obtain information from the provider",
                               "england-dass-2005 25-26"),
    "performance_review": Term("Commissioner reviews performance against outcomes and targets",
                               "england-dass-2005 25-26; barnet-2014 (a)"),
    "outcomes_and_targets": Term("Agreement sets out outcomes and targets", "barnet-2014 (a)"),
    "step_in": Term("Commissioner may step in on failure", "barnet-2014 (b)"),
    "require_improvement": Term("Commissioner may require improvements where the service falls "
                                "short of the quality or efficiency specified",
                                "england-dass-2005 26"),
}

# The compensating mechanisms a local accountability protocol can declare (barnet-2014 (a)-(g) and
# the assurance arrangements that follow them).
MECHANISMS: dict[str, Term] = {
    "management_agreement": Term("Director sets outcomes and targets in a management agreement",
                                 "barnet-2014 (a)"),
    "quarterly_report": Term("Director receives a performance and finance report at least quarterly",
                             "barnet-2014 (b)"),
    "step_in": Term("Director takes direct line management on a level-3 escalation", "barnet-2014 (b)"),
    "information_right": Term("Director may request any service or financial information",
                              "barnet-2014 (c)"),
    "safeguarding_one_to_one": Term("Monthly safeguarding one-to-one with the delivery director",
                                    "barnet-2014 (d)"),
    "board_chair": Term("Director chairs the partnership board for the service", "barnet-2014 (e)"),
    "joint_appraisal": Term("Director appraises the delivery director jointly with the line manager",
                            "barnet-2014 (f)"),
    "audit_programme": Term("Director agrees the internal audit programme", "barnet-2014 (g)"),
    "assurance_report": Term("Director writes a report to each meeting of the assurance board",
                             "barnet-2014, Accountability of the DCS to the Chief Executive"),
}


# --- labels: how each term reads to people ---------------------------------------------------------

# The statutory Directors, in the order every report lists them.
DIRECTOR_ROLES = ("dcs", "dass", "dss", "lead_director_cyp")
# Whose awareness the simulation measures: the Directors, then those they answer to.
OBSERVER_ROLES = (*DIRECTOR_ROLES, "head_of_paid_service", "lead_member_children",
                  "lead_member_adults", "leader")


@dataclass(frozen=True)
class RoleLabel:
    """A statutory role as people name it.

    `short` is the badge on a diagram or a table cell ("DCS"); `full` the title written out
    ("Director of Children's Services"); `article` the role mid-sentence ("the DCS").
    """

    short: str
    full: str
    article: str


ROLE_LABELS: dict[str, RoleLabel] = {
    "head_of_paid_service": RoleLabel("Head of Paid Service", "Head of Paid Service",
                                      "the head of paid service"),
    "dcs": RoleLabel("DCS", "Director of Children's Services", "the DCS"),
    "dass": RoleLabel("DASS", "Director of Adult Social Services", "the DASS"),
    "dss": RoleLabel("DSS", "Director of Social Services", "the DSS"),
    # The plots have always headed this role with the abbreviation, while prose writes it out.
    "lead_director_cyp": RoleLabel("Lead Director CYP", "Lead Director, CYP",
                                   "the Lead Director for Children and Young People"),
    "lead_member_children": RoleLabel("Lead Member, Children", "Lead Member for Children's Services",
                                      "the Lead Member for Children's Services"),
    "lead_member_adults": RoleLabel("Lead Member, Adults", "Lead Member for Adult Social Services",
                                    "the Lead Member for Adult Social Services"),
    "leader": RoleLabel("Leader", "Leader of the Council", "the Leader"),
    "monitoring_officer": RoleLabel("Monitoring Officer", "Monitoring Officer",
                                    "the monitoring officer"),
    "s151_officer": RoleLabel("s151 Officer", "Chief Finance Officer (s151)", "the s151 officer"),
    "lead_safeguarding_partner": RoleLabel("Lead Safeguarding Partner", "Lead Safeguarding Partner",
                                           "the Lead Safeguarding Partner"),
    "delegated_safeguarding_partner": RoleLabel("Delegated Safeguarding Partner",
                                                "Delegated Safeguarding Partner",
                                                "the Delegated Safeguarding Partner"),
}


def role_label(role: str) -> RoleLabel:
    """The labels of a statutory role; KeyError for a name outside the vocabulary."""
    return ROLE_LABELS[role]


def is_director(role: str) -> bool:
    return role in DIRECTOR_ROLES


@dataclass(frozen=True)
class Label:
    """A term as people read it: `singular` in sentence case for a heading or a table cell
    ("Serious incident"), `plural` as it reads mid-sentence ("serious incidents")."""

    singular: str
    plural: str

    @property
    def in_text(self) -> str:
        """The singular mid-sentence: 'a serious incident'."""
        return self.singular[:1].lower() + self.singular[1:]


def _derived(identifier: str, plural: bool = True) -> Label:
    # Scenarios may declare item kinds of their own; their labels come from the identifier.
    text = identifier.replace("_", " ")
    return Label(text[:1].upper() + text[1:], text + "s" if plural else text)


# Functions are mass nouns ("education"): their plural reads as the singular does.
FUNCTION_LABELS: dict[str, Label] = {
    "children_social_care": Label("Children's social care", "children's social care"),
    "education": Label("Education", "education"),
    "safeguarding_children": Label("Safeguarding children", "safeguarding children"),
    "looked_after_children": Label("Looked after children", "looked after children"),
    "youth_justice": Label("Youth justice", "youth justice"),
    "early_years": Label("Early years", "early years"),
    "adult_social_care": Label("Adult social care", "adult social care"),
    "safeguarding_adults": Label("Safeguarding adults", "safeguarding adults"),
    "transition": Label("Transition", "transition"),
}


def item_label(kind: str) -> Label:
    """'serious_incident' -> Label('Serious incident', 'serious incidents'), for any item kind."""
    return _derived(kind)


def function_label(function: str) -> Label:
    return FUNCTION_LABELS.get(function) or _derived(function, plural=False)
