"""Diagram speed: the line view of a generated council of about 300 posts (and the other views).

    .venv/bin/python benchmarks/diagram_bench.py [--posts 300] [--repeat 3]

The council is a Chief Executive, eight directors, heads of service under each and posts under
each head, with unit names so directorates are drawn as clusters. Prints the best wall-clock time
of each stage: building the view, writing DOT, and Graphviz rendering SVG and PNG.
"""

from __future__ import annotations

import argparse
import time

from orgsim.model.graph import OrgGraph
from orgsim.model.scenario import Scenario
from orgsim.render.diagram import PNG_DPI, build
from orgsim.render.views import VIEWS

DIRECTORS = 8
HEADS_PER_DIRECTOR = 5


def council(posts: int) -> Scenario:
    entries: dict[str, dict] = {"ceo": {"title": "Chief Executive",
                                        "roles": ["head_of_paid_service"],
                                        "unit": "Chief Executive's Office"}}
    heads = []
    for d in range(DIRECTORS):
        unit = f"Directorate {d + 1}"
        entries[f"dir{d}"] = {"title": f"Director of Service Area {d + 1}", "line_manager": "ceo",
                              "unit": unit, **({"roles": ["dcs"]} if d == 0 else {}),
                              **({"roles": ["dass"]} if d == 1 else {})}
        for h in range(HEADS_PER_DIRECTOR):
            entries[f"head{d}_{h}"] = {"title": f"Head of Service {d + 1}.{h + 1}",
                                       "line_manager": f"dir{d}", "unit": unit}
            heads.append((f"head{d}_{h}", unit))
    i = 0
    while len(entries) < posts:
        head, unit = heads[i % len(heads)]
        entries[f"post{i}"] = {"title": f"Service Manager {i + 1}, team leadership and quality",
                               "line_manager": head, "unit": unit}
        i += 1
    return Scenario.model_validate({"orgsim": 1, "name": f"Generated council of {posts} posts",
                                    "jurisdiction": "england", "governance": "leader_cabinet",
                                    "posts": entries})


def best(repeat: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graph = OrgGraph(council(args.posts))
    print(f"{args.posts} posts, {graph.graph.number_of_edges()} edges; best of {args.repeat}")
    for name in ("line", "accountability"):
        took_spec, spec = best(args.repeat, lambda: VIEWS[name](graph))
        took_dot, dot = best(args.repeat, lambda: build(spec))
        took_svg, _ = best(args.repeat, lambda: dot.pipe(format="svg"))
        png = dot.copy()
        png.attr("graph", dpi=PNG_DPI)
        took_png, _ = best(args.repeat, lambda: png.pipe(format="png"))
        print(f"{name:15s} view {took_spec * 1000:7.1f} ms  DOT {took_dot * 1000:7.1f} ms  "
              f"SVG {took_svg:6.2f} s  PNG ({PNG_DPI} dpi) {took_png:6.2f} s")


if __name__ == "__main__":
    main()
