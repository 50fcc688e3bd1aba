"""Role suggestions from job titles: the holder's title suggests the role, a deputy's does not."""

import pytest

from orgsim.model.role_inference import heads_organisation, suggest_for, suggest_roles


def roles(title: str, jurisdiction: str = "england") -> list[str]:
    return [s.role for s in suggest_roles(title, jurisdiction)]


@pytest.mark.parametrize("title, expected", [
    ("Chief Executive", ["head_of_paid_service"]),
    ("CHIEF EXECUTIVE OFFICER", ["head_of_paid_service"]),
    ("Director of Children's Services", ["dcs"]),
    ("Interim Director of Children’s Services", ["dcs"]),
    ("Strategic Director, Children & Young People", ["dcs"]),
    ("Director of Adults and Communities", ["dass"]),
    ("Director of Adult Social Services", ["dass"]),
    ("Director of Social Services", ["dss"]),
    ("Director of Children and Adult Social Services", ["dcs", "dass"]),
    ("Head of Legal and Democratic Services (Monitoring Officer)", ["monitoring_officer"]),
    ("Director of Finance", ["s151_officer"]),
    ("Chief Finance Officer (Section 151)", ["s151_officer"]),
    ("Deputy Chief Executive", []),
    ("Assistant Director, Children's Social Care", []),
    ("PA to the Chief Executive", []),
    ("Chief Executive's Office Manager", []),
    ("Head of Policy", []),
    ("Permanent Secretary", []),
    # titles as the reference scenarios give them
    ("Commissioning Director, Children and Young People", ["dcs"]),
    ("Commissioning Director, Adults and Health", ["dass"]),
    ("Director of Finance (Section 151 Officer)", ["s151_officer"]),
    ("Head of Governance (Monitoring Officer)", ["monitoring_officer"]),
])
def test_suggestions_in_england(title, expected):
    assert roles(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("Director of Social Services", ["dss"]),
    ("Director of Children and Adult Social Services", ["dss"]),
    ("Director of Children's Services", []),  # not a statutory role in Wales
    ("Lead Director for Children and Young People", ["lead_director_cyp"]),
    ("Director of Children and Young People's Services", ["lead_director_cyp"]),
    ("Director of Education and Lifelong Learning", ["lead_director_cyp"]),
])
def test_suggestions_in_wales(title, expected):
    assert roles(title, "wales") == expected


def test_suggestion_cites_the_guidance():
    (s,) = suggest_roles("Director of Adult Social Services", "england")
    assert (s.because, s.citation) == ("director of adult", "england-dass-2005 24")


def test_one_holder_role_suggested_twice_names_the_other():
    found = suggest_for({"a": "Director of Children's Services",
                         "b": "Director of Children's Services (designate)",
                         "c": "Head of Policy"}, "england")
    assert set(found) == {"a", "b"}
    assert found["a"][0].others == ("b",)
    assert found["b"][0].others == ("a",)


@pytest.mark.parametrize("title, expected", [
    ("Permanent Secretary", True), ("Chief Executive", True), ("Deputy Chief Executive", False),
    ("Finance Director", False),
])
def test_heads_organisation(title, expected):
    assert heads_organisation(title) is expected
