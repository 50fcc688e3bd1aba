"""Importers: turn published organograms and HR exports into scenario skeletons."""

from .hrcsv import import_hr_csv
from .organogram import import_organogram
from .result import ImportedPost, ImportedTeam, ImportFailed, ImportProblem, ImportResult

__all__ = ["ImportFailed", "ImportProblem", "ImportResult", "ImportedPost", "ImportedTeam",
           "import_hr_csv", "import_organogram"]
