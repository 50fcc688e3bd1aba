from __future__ import annotations

from pathlib import Path

import click

from ..io.loader import load_scenario
from ..model.graph import OrgGraph
from ..render.diagram import FORMATS, GraphvizMissing, render
from ..render.views import VIEWS, diff_view, view
from .common import scenario_argument

ALWAYS = ("svg", "png")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    asked = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in asked if f not in FORMATS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)} is not a format; write a comma-separated "
                                 f"list of {', '.join(FORMATS)} (svg and png are always written)")
    return tuple(f for f in FORMATS if f in ALWAYS or f in asked)


@click.command()
@scenario_argument()
@click.option("--view", "views", multiple=True, type=click.Choice(list(VIEWS)),
              help="Which diagram (repeat for several); all five when omitted.")
@click.option("--diff", "option", type=click.Path(exists=True, dir_okay=False),
              help="An option scenario: draw what it adds, removes and changes against FILE.")
@click.option("--formats", default="svg,png", show_default=True, callback=_formats,
              help="Formats to render besides the DOT source: svg, png, pdf.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder; default outputs/<scenario file name>/.")
def diagram(file: str, views: tuple[str, ...], option: str | None, formats: tuple[str, ...],
            out: Path | None) -> None:
    """Draw a scenario with Graphviz: line, accountability, information, governance or all.

    Writes FILE's DOT source and its SVG and PNG (and PDF with --formats svg,png,pdf). Where
    Graphviz is not installed, the DOT source is still written and the command says how to
    install it, then exits with status 1.
    """
    base = OrgGraph(load_scenario(file).scenario)
    out = out or Path("outputs") / Path(file).stem
    specs = []
    if option:
        other = OrgGraph(load_scenario(option).scenario)
        specs = [(diff_view(base, other, name), f"diff-{Path(option).stem}-{name}")
                 for name in views or VIEWS]
    else:
        specs = [(view(base, name), name) for name in views or VIEWS]
    missing: GraphvizMissing | None = None
    for spec, stem in specs:
        try:
            written = render(spec, out, stem, () if missing else formats).files
        except GraphvizMissing as exc:
            missing, written = exc, exc.written
        for path in written:
            click.echo(f"wrote {path}")
    if missing:
        raise missing
