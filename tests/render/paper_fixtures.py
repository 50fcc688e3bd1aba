"""A small council and an option for the paper, report and run tests (import as
`render.paper_fixtures`): fast to simulate, with a red finding, a split, a standard the option
misses and a Director titled with every character HTML cares about."""

from __future__ import annotations

from pathlib import Path

from orgsim.sim.settings import RunSettings
from orgsim.records import Settings

HOSTILE = '<b>"Director" & co</b>'

BASE = f"""\
orgsim: 1
name: Testshire County Council (baseline)
jurisdiction: england
governance: leader_cabinet
posts:
  ceo: {{title: Chief Executive, roles: [head_of_paid_service], unit: Chief Executive's Office}}
  dcs: {{title: '{HOSTILE}', roles: [dcs], line_manager: ceo, unit: Children's}}
  fsd: {{title: Family Services Director, line_manager: dcs, unit: Children's,
         escalates_at: serious}}
  dass: {{title: Director of Adult Social Services, roles: [dass], line_manager: ceo,
          unit: Adults}}
teams:
  cs: {{title: Social work teams, line_manager: fsd, delivers: [children_social_care,
        safeguarding_children], escalates_at: serious,
        items: {{serious_incident: 2/month, safeguarding_concern: 10/month}}}}
  adults: {{title: Adult social care teams, line_manager: dass,
            delivers: [adult_social_care, safeguarding_adults],
            items: {{serious_incident: 1/month, complaint: 4/month}}}}
members:
  lm: {{title: Lead Member, roles: [lead_member_children]}}
channels:
  fs_121: {{from: fsd, to: dcs, name: Monthly one-to-one, cadence: monthly,
            carries: [serious_incident, safeguarding_concern]}}
standards:
  dcs_si: {{who: dcs, item: serious_incident, within: 3d, share: 0.9,
            source: local standard supporting england-dcs-lm-2009 3.44}}
"""

# The option takes the Family Services Director from the DCS's line to the Chief Executive's and
# leaves only a quarterly report: the DCS no longer reports... and learns of incidents late.
OPTION = """\
orgsim: 1
extends: base.yaml
name: Testshire option B (commissioning)
posts:
  sdc: {title: Strategic Director, line_manager: ceo}
  dcs: {line_manager: sdc}
  fsd: {line_manager: ceo, accountable_to: [dcs]}
channels:
  fs_121: {name: Quarterly report, cadence: quarterly}
"""

# Small enough for tests: a year's horizon and a handful of replications.
FAST = Settings(RunSettings(replications=3, seed=7, horizon=365.25, drain=180.0, workers=1))


def write_council(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base, option = folder / "base.yaml", folder / "option.yaml"
    base.write_text(BASE, encoding="utf-8")
    option.write_text(OPTION, encoding="utf-8")
    return base, option
