"""The committee CSV: one row per scenario (the baseline, then each option) with its headline
verdict and the paper's three counts, for pasting into a council's committee report template.
The counts are the paper's own (`decision.tally`), so the CSV and the paper never disagree."""

from __future__ import annotations

import csv
import io

from ..records import Analysis
from ..io.csvcells import safe_row
from .decision import decide, short_labels

COLUMNS = ("option", "scenario", "file", "verdict", "statutory_checks_failed",
           "statutory_checks_failed_new", "material_weakenings", "material_weakenings_red",
           "standards_missed", "standards", "repair_mechanisms", "repair_meeting_hours_a_year",
           "problems_left_after_repair")


def committee_rows(analysis: Analysis) -> list[list[object]]:
    short = short_labels(analysis)
    rows = []
    for d in decide(analysis):
        t, r = d.tally, d.repair
        option = d.is_option
        rows.append([
            short[d.scenario.label], d.scenario.name, d.scenario.loaded.path.name,
            d.verdict.value if option or not analysis.options else "baseline",
            t.checks_failed, t.new_checks_failed if option else "",
            t.weakenings if option else "", t.red_weakenings if option else "",
            t.standards_missed, t.standards,
            len(r.mechanisms) if r else "", f"{r.after.hours:g}" if r else "",
            r.after.problems if r else ""])
    return rows


def committee_csv(analysis: Analysis) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(safe_row(row) for row in committee_rows(analysis))  # no runnable cell
    return buffer.getvalue()
