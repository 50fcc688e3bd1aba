"""Time-to-awareness plots: empirical CDFs per statutory Director and item kind, as inline SVG.

The SVG is written here by hand (no plotting library, no fonts or scripts fetched): one small panel
per (Director, item kind), the baseline as a solid line and each option dashed or dotted, so the
curves still separate on a greyscale photocopy, and the oversight standard drawn in as a dashed
drop line ending in a ring at (within, target share).

A curve is the share of the items arising in the teams the Director answers for that they knew
within x days; items never known keep the curve below 100%. The x axis is logarithmic because
delays run from hours (escalation) to months (quarterly reports).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from ..analysis.curves import Curve, Curves, StandardMark
from ..model.vocab import DIRECTOR_ROLES, ITEM_KINDS, item_label, role_label
from ..model.numbers import days, number, share

# (colour, dash pattern): the dash carries the distinction, the colour only helps.
SERIES_STYLES = (("#000000", ""), ("#b03a2e", "7 4"), ("#1f5fa6", "2 3"), ("#2e7d32", "9 3 2 3"),
                 ("#7d3c98", "4 2"))
TICKS = ((0.25, "6 h"), (1, "1 d"), (7, "1 wk"), (30, "30 d"), (91.3125, "3 mo"),
         (182.625, "6 mo"), (365.25, "1 yr"), (730.5, "2 yr"))
X_MIN = 0.1  # days; earlier awareness is drawn at the left edge
W, H = 300, 196
MIN_TICK_GAP = 46  # px between labelled ticks: room for two labels side by side
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 30, 34


# --- drawing -------------------------------------------------------------------------------------

def _x(value: float, x_max: float) -> float:
    span = math.log10(x_max) - math.log10(X_MIN)
    v = min(max(value, X_MIN), x_max)
    return LEFT + (math.log10(v) - math.log10(X_MIN)) / span * (W - LEFT - RIGHT)


def _y(value: float) -> float:
    return TOP + (1 - value) * (H - TOP - BOTTOM)


def _x_max(curves: Sequence[Curve | None], marks: Sequence[StandardMark]) -> float:
    """The smallest tick past the 99th percentile of every curve and every standard."""
    reach = [m.within for m in marks]
    for c in curves:
        if c and c.known:
            reach.append(c.known_quantile(0.99))
    need = max(reach, default=7.0)
    return next((t for t, _ in TICKS if t >= need and t >= 7), TICKS[-1][0])


def _path(curve: Curve, x_max: float) -> str:
    """A step line through the empirical CDF, sampled at every distinct delay (thinned to a few
    hundred log-spaced points for large curves, which is finer than the panel's pixels)."""
    if not curve.items:
        return ""
    xs = list(curve.days)
    if len(xs) > 400:
        lo, hi = math.log10(X_MIN), math.log10(x_max)
        xs = sorted({10 ** (lo + (hi - lo) * i / 399) for i in range(400)} | {xs[0], xs[-1]})
    points = [(_x(X_MIN, x_max), _y(curve.at(X_MIN)))]
    last = curve.at(X_MIN)
    for x in xs:
        if x > x_max:
            break
        value = curve.at(x)
        px = _x(x, x_max)
        points += [(px, _y(last)), (px, _y(value))]
        last = value
    points.append((_x(x_max, x_max), _y(last)))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def panel(title: str, series: Sequence[tuple[str, Curve | None]],
          marks: Sequence[StandardMark]) -> str:
    """One panel: axes, the standard, a line per series. `series` pairs a label with a curve."""
    x_max = _x_max([c for _, c in series], marks)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cdf" viewBox="0 0 {W} {H}" '
           f'width="{W}" height="{H}" role="img" aria-label="{escape(title)}">',
           f'<title>{escape(title)}</title>',
           f'<text x="4" y="14" class="pt">{escape(title)}</text>',
           f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
           'fill="none" stroke="#999" stroke-width="0.6"/>']
    # 100% is the frame's top edge; labelling it too would crowd the 90% line.
    for value, label in ((0.0, "0%"), (0.5, "50%"), (0.9, "90%"), (1.0, "")):
        y = _y(value)
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" '
                   'stroke-width="0.6"/>')
        if label:
            out.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" class="tk" '
                       f'text-anchor="end">{label}</text>')
    last = -100.0
    for tick, label in TICKS:
        if tick > x_max:
            break
        x = _x(tick, x_max)
        if x - last < MIN_TICK_GAP:
            continue
        last = x
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#ddd" '
                   'stroke-width="0.6"/>')
        # a label at the right edge would be clipped by the panel ("1 wk" read "1 w")
        anchor = "end" if x > W - RIGHT - 16 else "middle"
        out.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 12}" class="tk" '
                   f'text-anchor="{anchor}">{label}</text>')
    out.append(f'<text x="{(LEFT + W - RIGHT) / 2:.0f}" y="{H - 4}" class="tk" '
               'text-anchor="middle">time to awareness (log scale)</text>')
    for m in marks:
        x, y = _x(m.within, x_max), _y(m.target)
        out.append(f'<g class="standard"><title>{escape(f"standard: {share(m.target)} within {days(m.within)}")}</title>'
                   f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{_y(0):.1f}" y2="{y:.1f}" stroke="#555" '
                   f'stroke-width="1" stroke-dasharray="3 2"/>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="white" stroke="#000" '
                   'stroke-width="1.2"/></g>')
    for n, (label, curve) in enumerate(series):
        if curve is None or not curve.items:
            continue
        colour, dash = SERIES_STYLES[n % len(SERIES_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="1.6"'
                   f'{dashes} points="{_path(curve, x_max)}"><title>{escape(label)}: '
                   f'{number(curve.items)} items</title></polyline>')
    out.append("</svg>")
    return "".join(out)


def legend(labels: Sequence[str]) -> str:
    """The series key shared by every panel, with the standard's symbol, as HTML (names wrap)."""
    def swatch(n: int) -> str:
        colour, dash = SERIES_STYLES[n % len(SERIES_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="44" height="10" '
                f'viewBox="0 0 44 10"><line x1="2" x2="42" y1="5" y2="5" stroke="{colour}" '
                f'stroke-width="2"{dashes}/></svg>')

    ring = ('<svg xmlns="http://www.w3.org/2000/svg" width="44" height="14" viewBox="0 0 44 14">'
            '<line x1="22" x2="22" y1="0" y2="14" stroke="#555" stroke-dasharray="3 2"/>'
            '<circle cx="22" cy="5" r="3.5" fill="white" stroke="#000" stroke-width="1.2"/></svg>')
    items = [f"<li>{swatch(n)} {escape(label)}</li>" for n, label in enumerate(labels)]
    items.append(f"<li>{ring} oversight standard: the curve should pass above the ring</li>")
    return f'<ul class="cdf-legend">{"".join(items)}</ul>'


def figures(scenarios: Sequence[tuple[str, Curves]]) -> list[tuple[str, str, list[str]]]:
    """(Director role, heading, panels) for every Director and item kind in any scenario, the
    baseline first in each panel."""
    keys: dict[tuple[str, str], None] = {}
    for _, c in scenarios:
        keys.update(dict.fromkeys(c.curves))
    out = []
    for role in DIRECTOR_ROLES:
        kinds = [k for r, k in keys if r == role]
        if not kinds:
            continue
        titles = list(dict.fromkeys(c.curves[(role, k)].title for _, c in scenarios
                                    for k in kinds if (role, k) in c.curves))
        heading = f"{role_label(role).full} ({'; '.join(titles)})"
        panels = []
        for kind in sorted(kinds, key=_kind_order):
            series = [(label, c.curves.get((role, kind))) for label, c in scenarios]
            marks = list(dict.fromkeys(m for _, c in scenarios
                                       for m in c.standards.get((role, kind), ())))
            n = max((s.items for _, s in series if s), default=0)
            panels.append(panel(f"{item_label(kind).singular}: {number(n)} items", series, marks))
        out.append((role, heading, panels))
    return out


def _kind_order(kind: str) -> tuple[int, str]:
    """Most severe kinds first: serious incidents lead every Director's row."""
    item = ITEM_KINDS.get(kind)
    return (-int(item.severity) if item else 0, kind)
