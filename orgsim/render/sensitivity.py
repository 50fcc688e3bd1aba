"""A sensitivity sweep for readers: the tornado chart of each headline figure (SVG and PNG from one
layout) and the sentences the committee paper puts next to each reason.

The chart is drawn by hand, as the awareness plots are (no plotting library, nothing fetched): per
headline figure a panel, per input that matters a row, a bar from the figure as written to its
mean over the worlds with the input in the lower half of its range (solid, blue) and to its mean
over the upper half (hatched, red), largest swing at the top, so the input that moves the figure
most reads first, on a greyscale copy too. The PNG is the same layout drawn with Pillow.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..analysis.sensitivity import ClaimResult, FigureResult, SensitivityResult
from ..analysis.sensitivity.claims import BEST, MISSED, RANKING, WEAKENING
from ..model import vocab
from ..model.numbers import number, signed_days

W = 760
LABEL_W = 330  # the inputs' titles
PLOT_L, PLOT_R = LABEL_W + 20, W - 40
ROW_H, BAR_H, HEAD_H, GAP = 26, 14, 44, 26
LOW_COLOUR, HIGH_COLOUR = "#1f5fa6", "#b03a2e"
MAX_BARS = 8
MAX_PANELS = 6
TITLE_CHARS = 58


# --- the paper's sentences ---------------------------------------------------------------------

@dataclass(frozen=True)
class PaperSentence:
    """What the paper says about one headline verdict: `text` goes after the reason (the finding
    `finding_id` of option `option`, where it is a weakening); `claim` is the verdict itself."""

    claim_id: str
    kind: str  # material_weakening | standard_missed | option_ranking | best_option
    option: str | None
    finding_id: str | None
    claim: str
    text: str
    share: float
    depends_on: str | None  # the input's title, where the verdict depends on one


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def holds_sentence(c: ClaimResult) -> str:
    """'Holds in 84% of plausible assumptions (27 of 32 worlds); it depends on rates of serious
    incidents: it holds in 100% of the worlds with x0.5 to x1 and 69% with x1 to x2.'"""
    if not c.worlds:
        return "No plausible worlds were run." if not c.as_written else \
            "Holds as written; no input was found to move it."
    text = (f"Holds in {_percent(c.share)} of plausible assumptions ({c.holding} of {c.worlds} "
            "worlds)")
    if not c.as_written:
        text += ", though not for the scenarios as written"
    d = c.depends_on
    if d is not None:
        parts = [f"{_percent(s)} {'of the worlds ' if i == 0 else ''}with {words}"
                 for i, (words, s, _) in enumerate(d.split)]
        text += (f"; it depends on {d.factor.title[:1].lower()}{d.factor.title[1:]}: it holds in "
                 + ", ".join(parts[:-1]) + " and " + parts[-1])
    return text + "."


def paper_sentences(result: SensitivityResult) -> list[PaperSentence]:
    """The paper's sentence for every headline verdict, in the sweep's order (the verdicts of the
    scenarios as written first)."""
    out = []
    for c in result.claims:
        out.append(PaperSentence(c.claim.id, c.claim.kind, c.claim.option or None,
                                 c.claim.finding_id, c.text, holds_sentence(c), c.share,
                                 c.depends_on.factor.title if c.depends_on else None))
    return out


def sentence_for(result: SensitivityResult, finding_id: str, option: str) -> str | None:
    """The sentence to print after the finding `finding_id` of option `option` (its label), or
    None where the sweep has nothing on it."""
    return next((s.text for s in paper_sentences(result)
                 if s.finding_id == finding_id and s.option == option), None)


def summary_lines(result: SensitivityResult) -> list[str]:
    """The verdicts, option by option, each with how widely it holds (those that hold as written,
    or in at least 5% of worlds): for a summary or the terminal."""
    lines = []
    for label, name in list(result.names.items())[1:]:
        found = [c for c in result.claims if c.claim.option == label
                 and c.claim.kind in (WEAKENING, MISSED) and (c.as_written or c.share >= 0.05)]
        if found:
            lines.append(f"{name} ({label}):")
            lines += [f"  - {_capital(c.claim.text(result.names, False))}. {holds_sentence(c)}"
                      for c in found]
    for c in result.claims:
        if c.claim.kind in (RANKING, BEST):
            lines.append(f"{_capital(c.text)}: {holds_sentence(c)}")
    return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the tornado chart -------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    kind: str  # rect | line | text
    x: float
    y: float
    w: float = 0.0  # rect width; line: x2
    h: float = 0.0  # rect height; line: y2
    colour: str = "#000000"
    text: str = ""
    size: int = 11
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    dash: bool = False
    hatch: bool = False


def headline_figures(result: SensitivityResult) -> list[FigureResult]:
    """The figures the chart shows, at most MAX_PANELS with a bar: serious kinds first, the share
    within a standard before the p90 change (a share averages over worlds as a reader expects; a
    p90 that is "never" in some worlds does not), then by largest swing."""
    def severity(f: FigureResult) -> int:
        item = f.figure.key[1]
        return int(vocab.ITEM_KINDS[item].severity) if item in vocab.ITEM_KINDS else 0
    shown = [f for f in result.figures if f.bars and f.as_written is not None]
    shown.sort(key=lambda f: (-severity(f), f.figure.metric != "share_within",
                              -max(b.swing for b in f.bars), f.figure.id))
    return shown[:MAX_PANELS]


def _fmt(figure: FigureResult, value: float) -> str:
    if figure.figure.metric == "p90_change":
        return signed_days(value)
    return f"{value * 100:.0f}%"


def _short(text: str, chars: int = TITLE_CHARS) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def layout(result: SensitivityResult) -> tuple[list[Shape], int]:
    """The chart's shapes and its height."""
    shapes: list[Shape] = []
    y = 24
    shapes.append(Shape("text", 10, y, text="What moves the headline figures", size=14,
                        bold=True))
    y += 18
    shapes.append(Shape("text", 10, y, text="Each bar: the figure's mean over the plausible "
                        "worlds with the input in the lower half of its range (blue, solid) and "
                        "in the upper half (red, hatched);", size=10, colour="#444444"))
    y += 14
    shapes.append(Shape("text", 10, y, text="the dashed line is the figure for the scenarios as "
                        "written. Inputs that do not matter (Morris screening) have no bar.",
                        size=10, colour="#444444"))
    figures = headline_figures(result)
    if not figures:
        shapes.append(Shape("text", 10, y + 20, text="No input that matters moved a headline "
                            "figure (or there was no headline figure to move).", size=11))
        return shapes, y + 40
    for fig in figures:
        bars = fig.bars[:MAX_BARS]
        values = [fig.as_written, *(b.low for b in bars), *(b.high for b in bars)]
        lo, hi = min(values), max(values)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad

        def x(v: float) -> float:
            return PLOT_L + (v - lo) / (hi - lo) * (PLOT_R - PLOT_L)

        y += GAP
        shapes.append(Shape("text", 10, y, text=_short(fig.title, 110), size=12, bold=True))
        y += 16
        option = result.names.get(fig.figure.option, fig.figure.option)
        shapes.append(Shape("text", 10, y, text=f"{_short(option, 70)}; as written: "
                            f"{_fmt(fig, fig.as_written)}"
                            + (" days (never known counts as known at the end of the run)"
                               if fig.figure.metric == "p90_change" else ""),
                            size=10, colour="#444444"))
        top = y + HEAD_H - 30
        for i, b in enumerate(bars):
            row = top + i * ROW_H
            mid = row + ROW_H / 2
            shapes.append(Shape("text", 10, mid + 4, text=_short(b.factor.title), size=10))
            for value, colour, hatch, words, end in (
                    (b.low, LOW_COLOUR, False, b.low_words, "low"),
                    (b.high, HIGH_COLOUR, True, b.high_words, "high")):
                x0, x1 = sorted((x(fig.as_written), x(value)))
                shapes.append(Shape("rect", x0, mid - BAR_H / 2 + (0 if end == "low" else BAR_H / 2),
                                    max(x1 - x0, 1.0), BAR_H / 2, colour, hatch=hatch))
            left = min((b.low, b.low_words), (b.high, b.high_words))
            right = max((b.low, b.low_words), (b.high, b.high_words))
            shapes.append(Shape("text", x(min(left[0], fig.as_written)) - 4, mid + 4,
                                text=_fmt(fig, left[0]), size=9, anchor="end", colour="#444444"))
            shapes.append(Shape("text", x(max(right[0], fig.as_written)) + 4, mid + 4,
                                text=_fmt(fig, right[0]), size=9, colour="#444444"))
        bottom = top + len(bars) * ROW_H
        xw = x(fig.as_written)
        shapes.append(Shape("line", xw, top - 4, xw, bottom + 2, "#000000", dash=True))
        y = bottom + 6
    return shapes, int(y + 16)


def tornado_svg(result: SensitivityResult) -> str:
    shapes, height = layout(result)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" '
           f'viewBox="0 0 {W} {height}" font-family="Helvetica, Arial, sans-serif" role="img">',
           "<title>Tornado chart: the inputs that move each headline figure</title>",
           '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
           f'<line x1="0" y1="0" x2="0" y2="4" stroke="{HIGH_COLOUR}" stroke-width="2.5"/>'
           '</pattern></defs>',
           f'<rect width="{W}" height="{height}" fill="#ffffff"/>']
    for s in shapes:
        if s.kind == "rect":
            fill = "url(#hatch)" if s.hatch else s.colour
            out.append(f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" '
                       f'fill="{fill}" stroke="{s.colour}" stroke-width="0.8"/>')
        elif s.kind == "line":
            dash = ' stroke-dasharray="4 3"' if s.dash else ""
            out.append(f'<line x1="{s.x:.1f}" y1="{s.y:.1f}" x2="{s.w:.1f}" y2="{s.h:.1f}" '
                       f'stroke="{s.colour}" stroke-width="1"{dash}/>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            out.append(f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" '
                       f'text-anchor="{s.anchor}" fill="{s.colour}"{weight}>{escape(s.text)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tornado_png(result: SensitivityResult, scale: int = 2) -> bytes:
    """The same layout as a PNG (Pillow), `scale` pixels per SVG unit."""
    from PIL import Image, ImageDraw, ImageFont

    shapes, height = layout(result)
    image = Image.new("RGB", (W * scale, height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, ImageFont.ImageFont] = {}
    for s in shapes:
        if s.kind == "rect":
            box = [s.x * scale, s.y * scale, (s.x + s.w) * scale, (s.y + s.h) * scale]
            draw.rectangle(box, fill="#ffffff" if s.hatch else s.colour, outline=s.colour)
            if s.hatch:
                step = 4 * scale
                for offset in range(-int(s.h * scale), int(s.w * scale), step):
                    x0 = box[0] + offset
                    draw.line(_clip(x0, box), fill=s.colour, width=scale)
        elif s.kind == "line":
            _dashed(draw, s, scale)
        else:
            size = s.size * scale
            if size not in fonts:
                fonts[size] = ImageFont.load_default(size=size)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text((s.x * scale, s.y * scale), s.text, fill=s.colour, font=fonts[size],
                      anchor=anchor, stroke_width=1 if s.bold else 0, stroke_fill=s.colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _clip(x0: float, box: Sequence[float]) -> list[float]:
    """A 45-degree hatch line starting at (x0, bottom), clipped to the box."""
    left, top, right, bottom = box
    h = bottom - top
    start_x, start_y = x0, bottom
    end_x, end_y = x0 + h, top
    if start_x < left:
        start_y -= left - start_x
        start_x = left
    if end_x > right:
        end_y += end_x - right
        end_x = right
    return [start_x, start_y, end_x, end_y]


def _dashed(draw, s: Shape, scale: int) -> None:
    x0, y0, y1 = s.x * scale, s.y * scale, s.h * scale
    if not s.dash:
        draw.line([x0, y0, s.w * scale, y1], fill=s.colour, width=scale)
        return
    y = y0
    while y < y1:
        draw.line([x0, y, x0, min(y + 4 * scale, y1)], fill=s.colour, width=scale)
        y += 7 * scale


def tornado_rows(result: SensitivityResult) -> list[list[str]]:
    """The chart as table rows (figure, input, lower half, upper half, swing) for the terminal."""
    rows = []
    for fig in headline_figures(result):
        for b in fig.bars[:3]:
            rows.append([_short(fig.title, 60), _short(b.factor.title, 60),
                         f"{_fmt(fig, b.low)} ({b.low_words})",
                         f"{_fmt(fig, b.high)} ({b.high_words})",
                         number(b.swing) if fig.figure.metric == "p90_change"
                         else f"{b.swing * 100:.0f} points"])
    return rows


__all__ = ["PaperSentence", "holds_sentence", "layout", "paper_sentences", "sentence_for",
           "summary_lines", "tornado_png", "tornado_rows", "tornado_svg"]
