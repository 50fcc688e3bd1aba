"""Whatever the references and reports-to values, the importer produces one tree: unique valid
ids, exactly one top, no circles, and a scenario the real loader accepts."""

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgsim.io.imported import imported_scenario
from orgsim.io.importers import import_organogram

REFS = st.sampled_from(["1", "2", "3", "A-1", "a-1", "B 2", "XX", "", "N/D", "0", "CEO", "x/y"])
ROW = st.tuples(REFS, REFS, st.sampled_from(["Chief Executive", "Director", "", "Vacant"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=8))
def test_any_rows_give_one_valid_tree(tmp_path: Path, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Post Unique Reference", "Name", "Job Title", "Reports to Senior Post"])
    for ref, boss, title in rows:
        writer.writerow([ref, "N/D", title or "", boss])
    path = tmp_path / "random-senior.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = import_organogram(path)
    scenario = imported_scenario(result, "england", "leader_cabinet", "test").loaded.scenario
    tops = [k for k, p in scenario.posts.items() if p.line_manager is None]
    assert tops == [result.top]
    for post_id in scenario.posts:  # every chain reaches the top
        seen, node = set(), post_id
        while scenario.posts[node].line_manager is not None:
            assert node not in seen
            seen.add(node)
            node = scenario.posts[node].line_manager
        assert node == result.top
    assert all(p.row is not None or "top post" in p.message for p in result.problems)
