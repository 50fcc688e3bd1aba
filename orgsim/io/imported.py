"""From an import result to checked scenario text: role suggestions, YAML, and a real load."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OrgsimError, ScenarioError
from ..model.role_inference import RoleSuggestion, suggest_for
from .importers.result import ImportResult
from .importers.template import Proposal, conventional
from .loader import LoadedScenario, load_scenario_text
from .scenario_writer import scenario_yaml


@dataclass(frozen=True)
class ImportedScenario:
    result: ImportResult
    text: str
    loaded: LoadedScenario
    suggestions: dict[str, tuple[RoleSuggestion, ...]]
    proposal: Proposal | None = None


def imported_scenario(result: ImportResult, jurisdiction: str, governance: str, command: str,
                      output_name: str = "imported.yaml", template: str | None = None,
                      ) -> ImportedScenario:
    """Write the scenario text and load it with the real loader, so nothing invalid is written.
    With a `template`, the proposed reporting shape is added and returned as `proposal`."""
    titles = {p.id: p.title for p in result.posts.values() if not p.synthetic}
    suggestions = suggest_for(titles, jurisdiction)
    proposal = conventional(result) if template == "conventional" else None
    text = scenario_yaml(result, jurisdiction, governance, suggestions, command, proposal)
    try:
        loaded = load_scenario_text(text, output_name)
    except ScenarioError as exc:  # the importer's fault, not the user's: say so plainly
        raise OrgsimError("the imported scenario does not validate, which is a bug in the "
                          f"importer; please report it with the source file:\n{exc}") from None
    return ImportedScenario(result, text, loaded, suggestions, proposal)
