"""Rule pack `wales-2026`: today's Welsh framework, at the level of statute sections.

orgsim does not hold the successor texts (the Social Services and Well-being (Wales) Act 2014,
its Part 8 code on the Director of Social Services, the Local Government and Elections (Wales) Act
2021), so every rule cites a statute section, never a paragraph. Each carries the day its
requirement came into force.

Left out: Regional Safeguarding Boards. That they replaced Welsh LSCBs under Part 7 of the 2014
Act is unconfirmed in the project's record of successors, so no rule rests on it.
"""

from __future__ import annotations

from datetime import date

from ..model import vocab
from ..model.findings import Strength
from .common import director_appointed, reports_to_head_of_paid_service
from .engine import RuleSet

MUST, SHOULD = Strength.must, Strength.should
LEVEL = "tests the framework at the level of statute sections and successor headings: "
PART_8 = date(2016, 4, 6)
# The record gives the 2021 Act's year and neither the day nor the commencement of s54: the
# first day of the year, as `Document.issued` reads a year-only date.
LGE_2021 = date(2021, 1, 1)
SOCIAL_SERVICES = tuple(f for f, roles in vocab.REMITS["wales"].items() if "dss" in roles)

rules = RuleSet("wales-2026", "wales-2026",
                "The current Welsh framework, tested at the level of statute sections and "
                "successor headings (as at 2026)")
rule = rules.rule


@rule("wales-2026.s144.dss-appointed", "s144", MUST,
      "A Director of Social Services is appointed",
      LEVEL + "a post holds `dss` (it may be appointed jointly with other councils); red where "
      "teams deliver social services functions and none does; not assessed where no social "
      "services teams are declared",
      "Appoint a Director of Social Services: `roles: [dss]` on the post.",
      document="sswb-wales-2014", in_force=PART_8)
def dss_appointed(ctx):
    return director_appointed(ctx, "dss", SOCIAL_SERVICES, "social services",
                              "Director of Social Services")


# The direct report is the arrangement the Welsh guidance has always stated as a "should"
# (wales-dss-2009 4.4); s54 changes only whom it is made to, so the strength stays should.
@rule("wales-2026.s54.dss-reports-to-chief-executive", "s54", SHOULD,
      "The DSS reports to the chief executive",
      LEVEL + "the line manager of the holder of `dss` holds `head_of_paid_service`, which since "
      "s54 is the chief executive the council must appoint",
      "Make the chief executive the DSS's line manager.",
      document="lge-wales-2021", in_force=LGE_2021)
def dss_reports_to_chief_executive(ctx):
    return reports_to_head_of_paid_service(ctx, "dss", "DSS", "chief executive")


PACK = rules.pack()
