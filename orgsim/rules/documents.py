"""The five documents the rule packs encode: what each is, its legal force, and what replaced it.

Facts only, each from the document's own front matter or from the project's record of which
documents are still in force (the successors' texts are not held, so a successor is named by its
title and date, never by an invented paragraph). The committee paper's references list, `orgsim
rules` and the currency notes on findings all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Document:
    short: str  # the name every citation uses, e.g. "england-dcs-lm-2009"
    title: str
    issuer: str
    issued: date  # the first day of the month (or year) the document gives as its date
    date_text: str  # as the document dates itself, e.g. "March 2005"
    status: str  # its legal force, in a phrase
    jurisdiction: str  # england | wales
    replaced: date | None = None  # when a successor took its place, if one did
    replaced_text: str | None = None  # that date as precisely as the record gives it
    successor: str | None = None  # the successor's title and year
    changes: tuple[str, ...] = ()  # what the successor changed that a structure checker must know
    statutory: bool = False  # statutory guidance a council must have regard to
    # For a text orgsim does not hold (a statute, a successor guidance): the section headings a
    # citation may name, as the project's record of successors gives them. A citation to such a
    # text names a statute section or one of these, never a paragraph number.
    headings: tuple[str, ...] = ()
    held: bool = True  # whether the full text is among the guidance orgsim encodes

    def in_force_on(self, day: date) -> bool:
        """Whether the document applied on `day`: issued by then and not yet replaced."""
        return self.issued <= day and (self.replaced is None or day < self.replaced)

    def to_dict(self) -> dict:
        return {"short": self.short, "title": self.title, "issuer": self.issuer,
                "issued": self.issued.isoformat(), "date": self.date_text, "status": self.status,
                "jurisdiction": self.jurisdiction, "statutory": self.statutory,
                "replaced": self.replaced.isoformat() if self.replaced else None,
                "replaced_date": self.replaced_text,
                "successor": self.successor, "changes": list(self.changes)}


DOCUMENTS: dict[str, Document] = {d.short: d for d in (
    Document(
        short="england-dcs-lm-2009",
        title="Statutory guidance on the roles and responsibilities of the Lead Member for "
              "Children's Services and the Director of Children's Services",
        issuer="Department for Children, Schools and Families", issued=date(2009, 1, 1),
        date_text="2009",
        status="statutory guidance under s18(7) and s19(2) of the Children Act 2004; a council "
               "must have regard to it and departs from it only with clear reasons (para 1.12)",
        jurisdiction="england", statutory=True,
        replaced=date(2013, 4, 8), replaced_text="8 April 2013",
        successor="the Department for Education's statutory guidance on the roles and "
                  "responsibilities of the Director of Children's Services and the Lead Member "
                  "for Children's Services (8 April 2013)",
        changes=(
            "Combining the DCS with the DASS or other functions is no longer discouraged as such; "
            "the council must satisfy itself through a documented, reviewed local test of "
            "assurance that the DCS can still discharge the statutory role.",
            "One DCS and one Lead Member, each covering both education and children's social "
            "care; the DCS reports to the chief executive, the Lead Member to the leader or mayor.",
            "Local Safeguarding Children Boards were abolished (Children and Social Work Act "
            "2017); three safeguarding partners now share the duty, and since Working Together "
            "2023 the council's chief executive is a Lead Safeguarding Partner with a named "
            "Delegated Safeguarding Partner.",
        )),
    Document(
        short="england-dass-2005",
        title="Best practice guidance on the role of the Director of Adult Social Services",
        issuer="Department of Health", issued=date(2005, 3, 1), date_text="March 2005",
        status="best-practice guidance issued for consultation (Part 2); its foreword lets a "
               "council adopt another model where it has a good reason",
        jurisdiction="england",
        replaced=date(2006, 5, 1), replaced_text="May 2006",
        successor="the Department of Health's statutory guidance on the Director of Adult Social "
                  "Services (May 2006); adult safeguarding since reshaped by the Care Act 2014 "
                  "(in force 1 April 2015)",
        changes=(
            "Safeguarding Adults Boards are statutory (Care Act 2014 s43 and Schedule 2), with "
            "the council, the integrated care board and the chief officer of police as core "
            "members.",
        )),
    Document(
        short="solace-adss",
        title="Statement on the accountabilities of Chief Executives and Directors of Social "
              "Services in England",
        issuer="SOLACE and ADSS", issued=date(2003, 4, 1), date_text="draft of April 2003",
        status="a joint statement of two professional associations, never statutory",
        jurisdiction="england",
        replaced=date(2005, 4, 1), replaced_text="2005",
        successor="no successor: from 2005 the single Director of Social Services was split into "
                  "the DCS (Children Act 2004 s18) and the DASS (Local Authority Social Services "
                  "Act 1970 s6(A1))",
        changes=(
            "The single English Director of Social Services no longer exists; its children's and "
            "adults' duties passed to the DCS and the DASS.",
        )),
    Document(
        short="wales-dss-2009",
        title="Statutory guidance on the role and accountabilities of the Director of Social "
              "Services",
        issuer="Welsh Assembly Government", issued=date(2009, 6, 1), date_text="June 2009",
        status="statutory guidance under s7 of the Local Authority Social Services Act 1970",
        jurisdiction="wales", statutory=True,
        replaced=date(2016, 4, 6), replaced_text="6 April 2016",
        successor="the Social Services and Well-being (Wales) Act 2014 s144 and the Part 8 code "
                  "of practice on the role of the Director of Social Services (6 April 2016)",
        changes=(
            "A code under s145 of the 2014 Act imposes requirements a council must act in "
            "accordance with, stronger than the 2009 guidance's duty to have regard.",
            "The Local Government and Elections (Wales) Act 2021 s54 replaced the head of paid "
            "service with a duty to appoint a chief executive: a report to the head of paid "
            "service is met by a report to the chief executive.",
        )),
    Document(
        short="barnet-2014",
        title="Accountability protocols for the Director of Children's Services and the Director "
              "of Adult Social Services (Statutory Officers Protocol, Appendix 4)",
        issuer="London Borough of Barnet", issued=date(2014, 9, 1), date_text="September 2014",
        status="a local protocol of one council, binding only there",
        jurisdiction="england",
        successor="Barnet's later structures: after Ofsted judged its children's services "
                  "inadequate in 2017 the council returned to a single strategic director for "
                  "children with direct line management",
        changes=(),
    ),
    Document(
        short="local-protocol",
        title="The council's own accountability protocols, as the scenario declares them",
        issuer="the council", issued=date(2000, 1, 1), date_text="as adopted by the council",
        status="local protocols, binding on the council that adopted them; each finding names "
               "the protocol",
        jurisdiction="any",
    ),
)}


def document(short: str) -> Document:
    """The document a citation's short name stands for."""
    return DOCUMENTS[short]
