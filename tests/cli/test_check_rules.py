"""`orgsim check` and `orgsim rules` as a user runs them: output, JSON schema and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from orgsim.rules.registry import RULES
from support import FIXTURES, ROOT

RULES_DIR = FIXTURES / "rules"


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True,
                          text=True, cwd=cwd)


def write_variant(tmp_path, changes: str) -> str:
    (tmp_path / "england.yaml").write_text((RULES_DIR / "england.yaml").read_text())
    path = tmp_path / "option.yaml"
    path.write_text(f"orgsim: 1\nextends: england.yaml\n{changes}")
    return str(path)


RED_OPTION = """\
posts:
  sdc: {title: Strategic Director for Commissioning, line_manager: ceo}
  dcs: {line_manager: sdc}
"""


def test_check_all_green_exits_0_and_hides_green_rows():
    result = run("check", "tests/fixtures/rules/england.yaml")
    assert result.returncode == 0, result.stderr
    assert "findings: 0 red, 0 amber, 0 not assessed, 45 green (green rows hidden" in result.stdout
    assert "england-dcs-lm-2009: Lead Member" in result.stdout
    assert "every rule is green" in result.stdout
    assert "dcs.3.5.reports-to-cex" not in result.stdout
    assert "Structure metrics" in result.stdout


def test_check_all_shows_green_rows_with_citations():
    result = run("check", "--all", "tests/fixtures/rules/england.yaml")
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "dcs.3.5.reports-to-cex" in l)
    assert line.split()[:3] == ["green", "dcs.3.5.reports-to-cex", "england-dcs-lm-2009"]


def test_check_red_exits_1_with_table_row_evidence_and_mitigation(tmp_path):
    result = run("check", write_variant(tmp_path, RED_OPTION))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    row = next(l for l in out.splitlines() if l.lstrip().startswith("RED"))
    assert "dcs.3.5.reports-to-cex" in row and "england-dcs-lm-2009 3.5, 3.44" in row
    assert "[RED] dcs.3.5.reports-to-cex (england-dcs-lm-2009 3.5, 3.44)" in out
    assert ("- line manager of Director of Children's Services (dcs): Strategic Director for "
            "Commissioning (sdc)") in out
    assert "mitigation: Make the Chief Executive the DCS's line manager" in out


def test_check_amber_only_exits_0(tmp_path):
    # An unmet "should" with the council's recorded reason is amber, and the reason is printed.
    result = run("check", write_variant(tmp_path, """
bodies: {lscb: {chair: dcs}}
departures:
  dcs.2.17.lscb-independent-chair: {reason: No independent chair could be recruited this year}
"""))
    assert result.returncode == 0, result.stdout
    assert "AMBER  dcs.2.17.lscb-independent-chair" in result.stdout
    assert "departure recorded: No independent chair could be recruited this year" \
        in result.stdout


def test_check_json_follows_the_documented_schema(tmp_path):
    result = run("check", "--json", write_variant(tmp_path, RED_OPTION))
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"orgsim_version", "scenario", "packs", "as_of", "as_of_source",
                        "law_in_force", "summary", "findings", "superseded", "under_today",
                        "metrics"}
    # the fixture is dated 2010: the 2009 guidance applied, the 2005 DASS guidance did not
    assert (doc["as_of"], doc["as_of_source"]) == ("2010-04-01", "the scenario's as_of")
    assert [d["document"] for d in doc["law_in_force"]] == ["england-dass-2005"]
    # judged again by today's law: the 2009 LSCB rules no longer count, so what differs is listed
    assert doc["under_today"]["as_of"] > "2026"
    assert all(set(d) == {"id", "title", "citation", "then", "now", "why"}
               for d in doc["under_today"]["differences"])
    assert doc["scenario"]["file"].endswith("option.yaml")
    assert doc["scenario"]["extends"][0].endswith("england.yaml")
    assert [p["name"] for p in doc["packs"]] == ["england-dcs-lm-2009", "england-dass-2005",
                                                 "local-protocol"]
    assert doc["summary"]["red"] == sum(f["severity"] == "red" for f in doc["findings"]) >= 1
    red = next(f for f in doc["findings"] if f["id"] == "dcs.3.5.reports-to-cex")
    assert red["document"] == "england-dcs-lm-2009" and red["paragraph"] == "3.5, 3.44"
    assert red["nodes"][:2] == ["dcs", "sdc"] and red["edges"] == ["line:dcs"]
    assert red["currency"]["status"] == "in_force" and not red["currency"]["superseded"]
    assert set(doc["metrics"]) == {"paths", "span_of_control", "single_points_of_failure",
                                   "splits", "compensation", "timeliness"}
    ed = next(c for c in doc["metrics"]["compensation"] if c["node"] == "ed_director")
    assert ed["missing"] == [] and ed["mechanisms"][0] == "management agreement"
    assert "safeguarding_route" in ed["present"]
    schools = {t["kind"]: t for t in doc["metrics"]["timeliness"]
               if t["director"] == "dcs" and t["unit"] == "schools"}
    assert schools["serious_incident"]["worst_case_days"] == 0  # immediate notification
    assert schools["safeguarding_concern"]["path"] == ["schools", "ed_director", "dcs"]


def test_check_pack_option_and_unknown_pack():
    result = run("check", "--pack", "solace-adss", "tests/fixtures/rules/england.yaml")
    assert "packs: solace-adss (chosen with --pack)" in result.stdout
    bad = run("check", "--pack", "wales", "tests/fixtures/rules/england.yaml")
    assert bad.returncode == 2
    assert "no rule pack 'wales'" in bad.stderr and "Traceback" not in bad.stderr


def test_check_invalid_scenario_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("orgsim: 1\nname: x\njurisdiction: england\ngovernance: leader_cabinet\n"
                    "posts: {a: {title: A, line_manger: b}}\n")
    result = run("check", str(path))
    assert result.returncode == 1
    assert "line_manger" in result.stderr and "Traceback" not in result.stderr


def test_rules_lists_every_rule_with_its_citation():
    result = run("rules")
    assert result.returncode == 0
    assert f"{len(RULES)} rules." in result.stdout and len(RULES) >= 80
    row = next(l for l in result.stdout.splitlines() if "wales.5.13.lead-director-reporting" in l)
    assert "wales-dss-2009 5.13" in row and "red" in row
    only = run("rules", "--pack", "solace-adss", "--json")
    packs = json.loads(only.stdout)
    assert [p["name"] for p in packs] == ["solace-adss"] and len(packs[0]["rules"]) == 15


def test_rules_explains_one_rule():
    result = run("rules", "dcs.3.13.not-combined-with-dass")
    assert result.returncode == 0
    assert "citation:   england-dcs-lm-2009 3.13" in result.stdout
    assert "strength:   recommended" in result.stdout
    assert "if failed:  amber; a departure is recorded under `departures`" in result.stdout
    assert "test:       one post holds both `dcs` and `dass`" in result.stdout


def test_rules_unknown_id_suggests_the_nearest_and_exits_2():
    result = run("rules", "dcs.3.5.report-to-cex")
    assert result.returncode == 2
    assert "did you mean 'dcs.3.5.reports-to-cex'?" in result.stderr
