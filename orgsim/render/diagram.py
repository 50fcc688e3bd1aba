"""Graphviz for orgsim: every attribute, escape and layout choice lives here.

Views (`orgsim.render.views`) say *what* to show as a `DiagramSpec` of plain `NodeSpec`,
`EdgeSpec` and `ClusterSpec` records; this module says *how* it looks and turns a spec into a
`graphviz.Digraph`, DOT text and rendered files. Nothing else in orgsim sets a Graphviz attribute.

Readability rules the styles follow:
- every distinction is carried by shape, line style or text as well as by colour, so a diagram
  photocopied in greyscale still reads (node kinds by shape, diff status by line style and a text
  tag, findings by line weight and a RED/AMBER tag);
- every label is an HTML-like label built from `html.escape`d text, so titles with quotes,
  ampersands, angle brackets or non-ASCII characters render literally;
- the page is A4 landscape (`size`), clusters group directorates and bodies, `newrank` lets rank
  constraints cross clusters, and long titles wrap.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import graphviz

from ..errors import OrgsimError
from ..io.atomic import replace_atomically

# --- what views describe ----------------------------------------------------------------------

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
RED, AMBER = "red", "amber"


@dataclass(frozen=True)
class NodeSpec:
    """One box on the page. `badges` are short tags (statutory roles); `notes` extra lines."""

    id: str
    kind: str  # post | member | team | body | external | person_in_body
    title: str
    badges: tuple[str, ...] = ()
    director: bool = False  # holds a statutory Director role: drawn heavier
    notes: tuple[str, ...] = ()
    vacant: bool = False
    interim: bool = False
    split: bool = False  # line management and accountability diverge here
    participation: str | None = None  # chair | member | observer: a person's seat inside a body
    cluster: str | None = None
    change: str | None = None
    rating: str | None = None
    rating_notes: tuple[str, ...] = ()
    # A box may stand for another model node and one edge (a person's seat on a board).
    stands_for: str | None = None
    seat: str | None = None
    signature: str = ""  # what the diff compares; never drawn


@dataclass(frozen=True)
class EdgeSpec:
    """One line on the page; `style` names an entry of EDGE_STYLES."""

    source: str
    target: str
    style: str
    key: str
    label: str | None = None
    constraint: bool = True
    change: str | None = None
    rating: str | None = None
    signature: str = ""

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.style if self.style != "split" else "accountable", self.key, self.source,
                self.target)


@dataclass(frozen=True)
class ClusterSpec:
    id: str
    title: str
    kind: str  # unit | body
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagramSpec:
    name: str
    title: str
    subtitle: str = ""
    nodes: tuple[NodeSpec, ...] = ()
    edges: tuple[EdgeSpec, ...] = ()
    clusters: tuple[ClusterSpec, ...] = ()
    top: tuple[str, ...] = ()  # nodes placed on the top rank
    same_rank: tuple[tuple[str, ...], ...] = ()
    stacks: tuple[tuple[str, ...], ...] = ()  # nodes to stack vertically, in order
    legend: bool = True
    extra_legend: tuple[str, ...] = ()
    rankdir: str = "TB"
    # A focused view is drawn at its natural size, never shrunk to the page: it is kept small
    # enough that its text prints at 8 pt or more (tests/render measure it).
    shrink: bool = True


# --- how it looks ------------------------------------------------------------------------------

FONT = "Helvetica"
PAGE_SIZE = "11.2,7.8"  # inches: A4 landscape (11.69 x 8.27) less a margin
PNG_DPI = "200"
WRAP = 24  # characters per line of a node title
EDGE_WRAP = 28
GREY = "#6b6b6b"
SPLIT_FILL = "#f1e4f6"  # a light tint: reads as pale grey in greyscale, beside the double border

NODE_SHAPES: dict[str, dict[str, str]] = {
    "post": {"shape": "box", "style": "rounded,filled", "fillcolor": "white"},
    "team": {"shape": "folder", "style": "filled", "fillcolor": "#f2f2f2"},
    "member": {"shape": "ellipse", "style": "filled", "fillcolor": "#fff8e1"},
    "body": {"shape": "box3d", "style": "filled", "fillcolor": "#e8f0fb"},
    "external": {"shape": "octagon", "style": "filled", "fillcolor": "#f3e8f7"},
}
NODE_LEGEND = {
    "post": "officer post (rounded box)",
    "team": "team delivering services (folder)",
    "member": "elected member (ellipse)",
    "body": "council, committee or board (3-D box)",
    "external": "external body or person (octagon)",
}

EDGE_STYLES: dict[str, tuple[dict[str, str], str]] = {
    "line": ({"color": "black", "penwidth": "1.4", "arrowhead": "normal", "weight": "4"},
             "line manages (solid)"),
    "accountable": ({"color": "#1f4e99", "style": "dashed", "penwidth": "1.2",
                     "arrowhead": "empty", "constraint": "false"},
                    "accountable to, within the line (dashed)"),
    "split": ({"color": "#7a1fa2", "style": "dashed", "penwidth": "4", "arrowhead": "empty",
               "arrowsize": "1.3", "fontcolor": "#7a1fa2", "minlen": "0", "weight": "0"},
              "SPLIT: accountable to a Director outside the line (heavy dashed)"),
    "function_split": ({"color": "#7a1fa2", "style": "dotted", "penwidth": "3",
                        "arrowhead": "empty", "constraint": "false", "fontcolor": "#7a1fa2"},
                       "SPLIT: delivers a Director's functions outside their line (heavy dotted)"),
    "channel": ({"color": "#00695c", "penwidth": "1.2", "arrowhead": "vee", "fontcolor": "#00695c"},
                "reporting channel: name; cadence; what it carries (arrow)"),
    "chair": ({"color": "black", "penwidth": "2.5", "arrowhead": "odot"}, "chairs (heavy)"),
    "member": ({"color": GREY, "arrowhead": "dot"}, "member of (thin)"),
    "observer": ({"color": GREY, "style": "dotted", "arrowhead": "odot"}, "observes (dotted)"),
    "right": ({"color": "#8d5a00", "style": "dashed", "arrowhead": "diamond",
               "constraint": "false", "fontcolor": "#8d5a00"}, "right held over (diamond head)"),
    "commission": ({"color": "#5d4037", "style": "bold", "arrowhead": "box", "fontcolor": "#5d4037"},
                   "commissions (box head)"),
}

CHANGE_STYLES: dict[str, tuple[str, dict[str, str], str]] = {
    # colour, then what carries the distinction in greyscale, then the legend text
    ADDED: ("#1b7f3b", {"penwidth": "3.5", "style": "solid"}, "added in the option (heavy solid, +)"),
    REMOVED: ("#c62828", {"penwidth": "2", "style": "dashed"}, "removed by the option (dashed, -)"),
    CHANGED: ("#1565c0", {"penwidth": "2"}, "changed by the option (double line, ~)"),
}
CHANGE_TAG = {ADDED: "+ added", REMOVED: "- removed", CHANGED: "~ changed"}
RATING_COLOUR = {RED: "#d32f2f", AMBER: "#f29900"}
RATING_FILL = {RED: "#fde0e0", AMBER: "#fff0cc"}
RATING_WIDTH = {RED: "5", AMBER: "3.5"}


def escape(text: str) -> str:
    """Text made safe for a Graphviz HTML-like label: it renders exactly as written."""
    return html.escape(text, quote=True)


def plain(text: str) -> str:
    """Text made safe for a quoted DOT attribute (a tooltip): backslashes and quotes escaped, and
    never mistaken for an HTML-like label even where it starts with < and ends with >."""
    return graphviz.nohtml(text.replace("\\", "\\\\").replace('"', '\\"'))


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Lines of at most `width` characters (longer words kept whole); newlines are kept."""
    return [line for para in text.split("\n")
            for line in textwrap.wrap(para, width=width, break_long_words=False,
                                      break_on_hyphens=False) or [""]]


def _lines(text: str, width: int, size: int | None = None, bold: bool = False) -> str:
    body = "<br/>".join(escape(line) for line in wrap(text, width))
    if bold:
        body = f"<b>{body}</b>"
    return f'<font point-size="{size}">{body}</font>' if size else body


def _html(rows: Iterable[str]) -> str:
    """An HTML-like label: one table row per entry; the outer <> tell Graphviz it is HTML."""
    cells = "".join(f"<tr><td>{row}</td></tr>" for row in rows)
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{cells}</table>>'


def _badge(text: str, fill: str, colour: str = "white") -> str:
    return (f'<table border="0" cellspacing="0" cellpadding="2"><tr><td bgcolor="{fill}">'
            f'<font color="{colour}" point-size="9"><b>{escape(text)}</b></font></td></tr></table>')


def node_label(node: NodeSpec) -> str:
    rows = []
    if node.change:
        rows.append(_badge(CHANGE_TAG[node.change], CHANGE_STYLES[node.change][0]))
    if node.rating:
        rows.append(_badge(node.rating.upper() + " finding", RATING_COLOUR[node.rating],
                           "white" if node.rating == RED else "black"))
    for badge in node.badges:
        rows.append(_badge(badge, "#1a237e" if node.director else "#455a64"))
    if node.participation:
        rows.append(f'<font point-size="9"><i>{escape(node.participation.capitalize())}</i></font>')
    rows.append(_lines(node.title, WRAP, bold=node.director))
    if node.vacant:
        rows.append(_badge("VACANT", "#424242"))
    if node.interim:
        rows.append(_badge("INTERIM COVER", "#757575"))
    for note in (*node.notes, *node.rating_notes):
        rows.append(_lines(note, WRAP + 6, size=9))
    return _html(rows)


def _node_attrs(node: NodeSpec) -> dict[str, str]:
    base = node.kind if node.kind in NODE_SHAPES else "post"
    attrs = dict(NODE_SHAPES[base])
    attrs["label"] = node_label(node)
    styles = attrs["style"].split(",")
    if node.director:
        attrs["penwidth"] = "2.5"
    if node.vacant:
        styles.append("dashed")
    if node.split:
        attrs["peripheries"] = "2"
        attrs["fillcolor"] = SPLIT_FILL
        attrs["color"] = EDGE_STYLES["split"][0]["color"]
        attrs["penwidth"] = "2"
    if node.participation == "observer":
        styles.append("dashed")
    if node.participation == "chair":
        attrs["penwidth"] = "2.5"
    if node.change:
        colour, extra, _ = CHANGE_STYLES[node.change]
        attrs["color"] = colour
        attrs["penwidth"] = extra["penwidth"]
        if node.change == REMOVED:
            styles.append("dashed")
            attrs["fontcolor"] = GREY
        if node.change == CHANGED:
            attrs["peripheries"] = "2"
    if node.rating:
        attrs["color"] = RATING_COLOUR[node.rating]
        attrs["fillcolor"] = RATING_FILL[node.rating]
        attrs["penwidth"] = RATING_WIDTH[node.rating]
    attrs["style"] = ",".join(dict.fromkeys(styles))
    attrs["tooltip"] = plain(node.title)
    return attrs


def edge_label(edge: EdgeSpec) -> str | None:
    parts = []
    if edge.change:
        parts.append(f"<b>{escape(CHANGE_TAG[edge.change])}</b>")
    if edge.rating:
        parts.append(f"<b>{escape(edge.rating.upper())}</b>")
    loud = edge.style in ("split", "function_split")  # the point of the accountability view
    if edge.label:
        parts.append(_lines(edge.label, EDGE_WRAP, bold=loud))
    if not parts:
        return None
    return f'<<font point-size="{11 if loud else 9}">{"<br/>".join(parts)}</font>>'


DENSE = 60  # edges; beyond this, labels are placed after layout so they cannot widen the page


def _edge_attrs(edge: EdgeSpec, dense: bool = False) -> dict[str, str]:
    attrs = dict(EDGE_STYLES[edge.style][0])
    if not edge.constraint:
        attrs["constraint"] = "false"
        attrs.pop("minlen", None)
    label = edge_label(edge)
    if label:
        # An ordinary edge label is laid out as a node of its own and pushes ranks apart; an
        # external label is placed once the layout is fixed.
        attrs["xlabel" if dense else "label"] = label
    if edge.change:
        colour, extra, _ = CHANGE_STYLES[edge.change]
        attrs.update(extra)
        attrs["fontcolor"] = colour
        # A colour list without fractions draws parallel lines: a double line for "changed".
        attrs["color"] = f"{colour}:white:{colour}" if edge.change == CHANGED else colour
    if edge.rating:
        attrs["color"] = RATING_COLOUR[edge.rating]
        attrs["fontcolor"] = RATING_COLOUR[edge.rating]
        attrs["penwidth"] = RATING_WIDTH[edge.rating]
    return attrs


CLUSTER_STYLES = {
    "unit": {"style": "rounded,filled", "fillcolor": "#fafafa", "color": "#9e9e9e"},
    "body": {"style": "rounded,filled", "fillcolor": "#eef4fc", "color": "#5c7fb8"},
}


def build(spec: DiagramSpec) -> graphviz.Digraph:
    """The Graphviz graph for a spec; statements come out in spec order, so DOT is stable."""
    dot = graphviz.Digraph(name=_dot_id(spec.name))
    title_rows = [f'<font point-size="18"><b>{escape(spec.title)}</b></font>']
    if spec.subtitle:
        title_rows.append(f'<font point-size="11">{escape(spec.subtitle)}</font>')
    dot.attr("graph", label=_html(title_rows), labelloc="t", labeljust="l", fontname=FONT,
             newrank="true", rankdir=spec.rankdir,
             **({"size": PAGE_SIZE, "ratio": "compress"} if spec.shrink else {}), nodesep="0.25",
             ranksep="0.45", compound="true", pad="0.2", searchsize="100")
    dot.attr("node", fontname=FONT, fontsize="11", margin="0.1,0.04")
    dot.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.8")

    cluster_names = {c.id: f"cluster_{i}" for i, c in enumerate(spec.clusters)}
    by_cluster: dict[str | None, list[NodeSpec]] = {}
    for node in spec.nodes:
        by_cluster.setdefault(node.cluster if node.cluster in cluster_names else None,
                              []).append(node)
    for node in by_cluster.get(None, []):
        dot.node(node.id, **_node_attrs(node))
    for cluster in spec.clusters:
        members = by_cluster.get(cluster.id, [])
        if not members:
            continue
        with dot.subgraph(name=cluster_names[cluster.id]) as sub:
            rows = [f"<b>{_lines(cluster.title, 40)}</b>",
                    *(_lines(n, 44, size=9) for n in cluster.notes)]
            sub.attr(label=_html(rows), fontname=FONT, fontsize="12", labeljust="l",
                     **CLUSTER_STYLES[cluster.kind])
            for node in members:
                sub.node(node.id, **_node_attrs(node))

    if spec.top:
        with dot.subgraph() as sub:
            sub.attr(rank="min")
            for node_id in spec.top:
                sub.node(node_id)
    for group in spec.same_rank:
        with dot.subgraph() as sub:
            sub.attr(rank="same")
            for node_id in group:
                sub.node(node_id)
    for stack in spec.stacks:
        for upper, lower in zip(stack, stack[1:]):
            dot.edge(upper, lower, style="invis", weight="10")

    dense = len(spec.edges) > DENSE
    if dense:
        dot.attr("graph", forcelabels="true")
    for edge in spec.edges:
        dot.edge(edge.source, edge.target, **_edge_attrs(edge, dense))
    if spec.legend:
        _add_legend(dot, spec)
    return dot


def legend_entries(spec: DiagramSpec) -> tuple[list[str], list[str], list[str], list[str]]:
    """What the legend explains: only the kinds, styles and marks the diagram uses."""
    kinds = list(dict.fromkeys(n.kind for n in spec.nodes if n.kind in NODE_SHAPES))
    styles = list(dict.fromkeys(e.style for e in spec.edges))
    changes = [c for c in (ADDED, REMOVED, CHANGED)
               if any(x.change == c for x in (*spec.nodes, *spec.edges))]
    ratings = [r for r in (RED, AMBER) if any(x.rating == r for x in (*spec.nodes, *spec.edges))]
    return kinds, styles, changes, ratings


def _add_legend(dot: graphviz.Digraph, spec: DiagramSpec) -> None:
    """One table node on the bottom rank: a drawn sample of each line style would need a pair of
    nodes per style and double the width of the page, so each row shows the style as glyphs in
    its colour and names it in words (which is what survives greyscale)."""
    kinds, styles, changes, ratings = legend_entries(spec)
    rows: list[tuple[str, str, str]] = []  # sample glyphs, colour, words
    rows += [(KIND_GLYPHS[k], "black", NODE_LEGEND[k]) for k in kinds]
    if any(n.director for n in spec.nodes):
        rows.append(("[DCS]", "#1a237e", "statutory role badge; bold heavy box: statutory Director"))
    elif any(n.badges for n in spec.nodes):
        rows.append(("[role]", "#455a64", "statutory role badge"))
    if any(n.vacant for n in spec.nodes):
        rows.append(("[VACANT]", "#424242", "vacant post (dashed box); its notes name any interim"))
    if any(n.interim for n in spec.nodes):
        rows.append(("[INTERIM]", "#757575", "post covering a vacancy as interim"))
    if any(n.participation for n in spec.nodes):
        rows.append(("Chair", "black", "a seat on the body: chair (heavy box), member, "
                     "observer (dashed box)"))
    if any(n.split for n in spec.nodes):
        rows.append(("[[ ]]", EDGE_STYLES["split"][0]["color"],
                     "double, tinted box: a post or team outside the line of a Director it answers to"))
    rows += [(EDGE_GLYPHS[s], EDGE_STYLES[s][0]["color"], EDGE_STYLES[s][1]) for s in styles]
    rows += [(CHANGE_GLYPHS[c], CHANGE_STYLES[c][0], CHANGE_STYLES[c][2]) for c in changes]
    rows += [(f"{RATING_GLYPH} {r.upper()}", RATING_COLOUR[r],
              f"{r} finding: coloured, heavy, tagged {r.upper()}") for r in ratings]
    cells = "".join(
        f'<tr><td align="left"><font color="{colour}"><b>{escape(glyph)}</b></font></td>'
        f'<td align="left">{escape(words)}</td></tr>' for glyph, colour, words in rows)
    notes = "".join(f'<tr><td align="left" balign="left" colspan="2">{_lines(n, 90)}</td></tr>'
                    for n in spec.extra_legend)
    label = (f'<<table border="1" color="#9e9e9e" cellborder="0" cellspacing="0" '
             f'cellpadding="2"><tr><td align="left" colspan="2"><b>Key</b></td></tr>'
             f"{cells}{notes}</table>>")
    with dot.subgraph() as sub:
        sub.attr(rank="max")
        sub.node("legend", label=label, shape="plaintext", fontsize="9")


KIND_GLYPHS = {"post": "( )", "team": "[_]", "member": "(  )", "body": "[#]", "external": "<>"}
EDGE_GLYPHS = {
    "line": "———>", "accountable": "- - - ▷", "split": "━ ━ ━ ▷", "function_split": "┅┅┅ ▷",
    "channel": "———›", "chair": "━━━ o", "member": "——— •", "observer": "······ o",
    "right": "- - - ◇", "commission": "━━━ ■",
}
CHANGE_GLYPHS = {ADDED: "━━━ +", REMOVED: "- - - −", CHANGED: "═══ ~"}
RATING_GLYPH = "━━━"


def _dot_id(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name) or "orgsim"


def dot_source(spec: DiagramSpec) -> str:
    return build(spec).source


Ratings = dict[str, tuple[str, tuple[str, ...]]]  # node id or edge key -> (red|amber, finding ids)


def with_ratings(spec: DiagramSpec, nodes: Ratings, edges: Ratings) -> DiagramSpec:
    """The spec with the named nodes and edge keys marked red or amber (red wins)."""
    return replace(spec, nodes=tuple(_rated(n, nodes, edges) for n in spec.nodes),
                   edges=tuple(replace(e, rating=edges[e.key][0]) if e.key in edges else e
                               for e in spec.edges))


def _rated(node: NodeSpec, nodes: Ratings, edges: Ratings) -> NodeSpec:
    found = [nodes[node.stands_for or node.id]] if (node.stands_for or node.id) in nodes else []
    if node.seat in edges:
        found.append(edges[node.seat])
    if not found:
        return node
    rating = RED if any(r == RED for r, _ in found) else AMBER
    ids = tuple(dict.fromkeys(i for _, ids in found for i in ids))
    # the count, not the ids: the finding ids are for the results files, not the page
    return replace(node, rating=rating,
                   rating_notes=(f"{len(ids)} finding{'s' if len(ids) != 1 else ''}",))


# --- files ---------------------------------------------------------------------------------------

FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = ("Graphviz's `dot` program was not found, so only the DOT source was written.\n"
                "Install Graphviz, then run the command again:\n"
                "  Debian/Ubuntu: sudo apt-get install graphviz\n"
                "  macOS:         brew install graphviz\n"
                "or render the .dot file yourself, e.g. `dot -Tsvg FILE.dot -o FILE.svg`.")


class GraphvizMissing(OrgsimError):
    """The Graphviz program is not installed; the DOT sources were written."""

    def __init__(self, written: list[Path]):
        self.written = written
        super().__init__(INSTALL_HINT)


@dataclass
class Rendered:
    spec_name: str
    files: list[Path] = field(default_factory=list)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, data)


def render(spec: DiagramSpec, out_dir: Path, stem: str, formats: Iterable[str]) -> Rendered:
    """Write `stem.dot` and `stem.<format>` for each format into out_dir.

    The DOT source is written first, so it exists even where Graphviz is missing; then
    `graphviz.ExecutableNotFound` becomes `GraphvizMissing`, carrying the install hint.
    """
    graph = build(spec)
    result = Rendered(spec.name)
    dot_path = out_dir / f"{stem}.dot"
    write_atomic(dot_path, graph.source.encode("utf-8"))
    result.files.append(dot_path)
    for fmt in formats:
        source = graph
        if fmt == "png":
            source = graph.copy()
            source.attr("graph", dpi=PNG_DPI)
        try:
            data = source.pipe(format=fmt)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing(result.files) from None
        except graphviz.CalledProcessError as exc:
            stderr = (exc.stderr or b"").decode("utf-8", "replace").strip()
            raise OrgsimError(f"Graphviz could not draw {dot_path.name} as {fmt}: {stderr}"
                              ) from None
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, data)
        result.files.append(path)
    return result
