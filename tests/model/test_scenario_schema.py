import json

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from support import MINIMAL, ROOT, reference_scenarios
from orgsim.model import vocab
from orgsim.model.scenario import Scenario, scenario_json_schema

SCHEMA_FILE = ROOT / "schema" / "orgsim-scenario.schema.json"


def test_unknown_keys_are_errors_at_every_level():
    data = yaml.safe_load(MINIMAL)
    data["posts"] = {"ceo": {"title": "Chief Executive", "colour": "blue"}}
    with pytest.raises(ValidationError, match="colour"):
        Scenario.model_validate(data)


def test_jurisdiction_and_governance_are_required():
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({"orgsim": 1, "name": "x"})
    missing = {e["loc"][0] for e in info.value.errors() if e["type"] == "missing"}
    assert missing == {"jurisdiction", "governance"}


def test_scenarios_are_immutable():
    scenario = Scenario.model_validate(yaml.safe_load(MINIMAL))
    with pytest.raises(ValidationError):
        scenario.name = "changed"


def test_vocabularies_have_descriptions_and_citations():
    for table in (vocab.ROLES, vocab.FUNCTIONS, vocab.RIGHT_KINDS, vocab.MECHANISMS,
                  vocab.COMMISSION_TERMS):
        for name, term in table.items():
            assert term.description and term.citation, name
            short_names = ("england-dcs-lm-2009", "england-dass-2005", "solace-adss",
                           "wales-dss-2009", "barnet-2014")
            assert term.citation.startswith(short_names), (name, term.citation)


def test_every_function_has_a_responsible_role_in_each_jurisdiction():
    for jurisdiction, remits in vocab.REMITS.items():
        assert set(remits) == set(vocab.FUNCTIONS), jurisdiction


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == scenario_json_schema(), (
        "schema/ is stale: run `orgsim schema > schema/orgsim-scenario.schema.json`")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_an_editor_reads(path):
    """The file as a schema-aware editor sees it: a YAML date such as `as_of: 2014-09-01` is a
    string in JSON, checked against the schema's date format."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.name)
def test_schema_accepts_every_reference_scenario_as_written(validator, path):
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in validator.iter_errors(as_an_editor_reads(path))]
    assert errors == []


def test_schema_rejects_a_misspelt_key_and_a_partial_entry_without_extends(validator):
    data = yaml.safe_load(MINIMAL)
    data["posts"] = {"ceo": {"titel": "Chief Executive"}}
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("titel" in m for m in messages)
    assert any("'title' is a required property" in m for m in messages)


def test_schema_allows_partial_entries_and_nulls_in_an_option(validator):
    option = {"orgsim": 1, "extends": "base.yaml", "posts": {"fs": {"line_manager": "ceo",
                                                                      "escalates_at": None}}}
    assert list(validator.iter_errors(option)) == []
