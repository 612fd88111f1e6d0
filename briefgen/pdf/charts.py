"""Charts in the PDF: vector drawings (reportlab graphics shapes), tagged as Figure with /Alt.

The chart is drawn from plain shapes (not reportlab's chart widgets) so that
every series gets exactly the pattern, marker and dash ``briefgen.chartstyle``
gives it, the same look the DOCX writer asks Word for.  Text uses the
template's heading face; the drawing is one Figure in the structure tree
whose /Alt carries the data (its inner text is not read out again).
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .. import model as m
from ..chartstyle import GRID, SeriesStyle, number, scale, series_styles, stacked
from .figures import figure
from .tagging import StructNode

FONT_SIZE = 8.0
PAD = 6.0


def chart_block(ctx, b: m.Chart, parent: StructNode) -> list[Flowable]:
    """The flowables of a chart (drawing and caption)."""
    width = ctx.frame_width
    height = min(width * 0.55, ctx.frame_height * 0.5)
    styles = series_styles(ctx.template.colours, len(b.series))
    font = ctx.styles.byline.fontName
    drawing = Vector(draw(b, styles, width, height, font, ctx.template.colours.text))
    drawing.spaceBefore = 12
    return figure(ctx, drawing, parent, b.id, b.alt, b.caption, b.pos)


class Vector(Flowable):
    """A reportlab drawing as a flowable that takes spacing and keep-with-next (a bare
    ``Drawing`` refuses attributes it does not know)."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF
        renderPDF.draw(self.drawing, self.canv, 0, 0)


def draw(b: m.Chart, styles: tuple[SeriesStyle, ...], width: float, height: float, font: str,
         text: str) -> Drawing:
    """The chart as a reportlab drawing ``width`` × ``height`` points."""
    values = [s.values for s in b.series]
    low, high = stacked(values) if b.kind == "stacked-bar" else (
        min(min(v) for v in values), max(max(v) for v in values))
    lo, hi, step = scale(low, high)
    ticks = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
    label_w = max(stringWidth(number(t), font, FONT_SIZE) for t in ticks)
    legend_h = FONT_SIZE + 2 * PAD if len(b.series) > 1 else PAD
    left, bottom = label_w + PAD + 2, FONT_SIZE + 2 * PAD
    plot = (left, bottom, width - left - PAD, height - bottom - legend_h)
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=FONT_SIZE)
    ink = HexColor(text)  # (the initial font keeps reportlab's unembedded Helvetica out)

    def y_of(value: float) -> float:
        return plot[1] + (value - lo) / (hi - lo) * plot[3]

    for tick in ticks:
        y = y_of(tick)
        drawing.add(Line(plot[0], y, plot[0] + plot[2], y, strokeColor=HexColor(GRID),
                         strokeWidth=0.5))
        drawing.add(String(plot[0] - 4, y - FONT_SIZE / 3, number(tick), fontName=font,
                           fontSize=FONT_SIZE, fillColor=ink, textAnchor="end"))
    slot = plot[2] / len(b.categories)
    size = min(FONT_SIZE, _fit_size(b.categories, slot - 2, font))
    for index, category in enumerate(b.categories):
        drawing.add(String(plot[0] + slot * (index + 0.5), PAD, category, fontName=font,
                           fontSize=size, fillColor=ink, textAnchor="middle"))
    marks = _lines if b.kind == "line" else _bars
    drawing.add(marks(b, styles, plot, slot, y_of))
    drawing.add(Line(plot[0], y_of(0), plot[0] + plot[2], y_of(0), strokeColor=ink,
                     strokeWidth=0.8))
    if len(b.series) > 1:
        drawing.add(_legend(b, styles, width, height - FONT_SIZE - PAD / 2, font, ink))
    return drawing


def _fit_size(labels: tuple[str, ...], room: float, font: str) -> float:
    widest = max(stringWidth(label, font, FONT_SIZE) for label in labels)
    return max(5.0, FONT_SIZE * min(1.0, room / widest)) if widest else FONT_SIZE


def _bars(b: m.Chart, styles, plot, slot: float, y_of) -> Group:
    group = Group()
    stackedbars = b.kind == "stacked-bar"
    count = 1 if stackedbars else len(b.series)
    bar = slot * 0.7 / count
    ends = {True: [0.0] * len(b.categories), False: [0.0] * len(b.categories)}
    for s_index, (series, style) in enumerate(zip(b.series, styles)):
        for index, value in enumerate(series.values):
            x = plot[0] + slot * index + slot * 0.15 + (0 if stackedbars else bar * s_index)
            base = ends[value >= 0][index] if stackedbars else 0.0
            top = base + value
            if stackedbars:
                ends[value >= 0][index] = top
            y0, y1 = sorted((y_of(base), y_of(top)))
            group.add(_patterned(x, y0, bar, y1 - y0, style))
    return group


def _patterned(x: float, y: float, w: float, h: float, style: SeriesStyle) -> Group:
    """A bar filled with the series colour and its pattern of white lines."""
    group = Group(Rect(x, y, w, h, fillColor=HexColor(style.colour), strokeColor=None))
    white = HexColor("#FFFFFF")
    gap = 4.0
    if style.pattern in ("horizontal", "cross"):
        for i in range(1, int(h / gap) + 1):
            group.add(Line(x, y + i * gap, x + w, y + i * gap, strokeColor=white, strokeWidth=1))
    if style.pattern in ("vertical", "cross"):
        for i in range(1, int(w / gap) + 1):
            group.add(Line(x + i * gap, y, x + i * gap, y + h, strokeColor=white, strokeWidth=1))
    if style.pattern == "diagonal":
        for segment in _diagonals(x, y, w, h, gap * 1.5):
            group.add(Line(*segment, strokeColor=white, strokeWidth=1.2))
    return group


def _diagonals(x: float, y: float, w: float, h: float, gap: float
               ) -> list[tuple[float, float, float, float]]:
    """45° segments (rising to the right) clipped to the rectangle."""
    out = []
    c = -h + gap
    while c < w:  # the line through (x + c, y) with slope 1
        x0, y0 = (x + c, y) if c >= 0 else (x, y - c)
        length = min(x + w - x0, y + h - y0)
        if length > 0:
            out.append((x0, y0, x0 + length, y0 + length))
        c += gap
    return out


def _lines(b: m.Chart, styles, plot, slot: float, y_of) -> Group:
    group = Group()
    for series, style in zip(b.series, styles):
        points = [(plot[0] + slot * (i + 0.5), y_of(v)) for i, v in enumerate(series.values)]
        flat = [c for p in points for c in p]
        group.add(PolyLine(flat, strokeColor=HexColor(style.colour), strokeWidth=1.8,
                           strokeDashArray=list(style.dash) or None))
        for x, y in points:
            group.add(marker(style.marker, x, y, 3.2, HexColor(style.colour)))
    return group


def marker(shape: str, x: float, y: float, r: float, colour) -> Group:
    """A marker ``shape`` of radius ``r`` centred on (x, y)."""
    group = Group()
    if shape == "circle":
        from reportlab.graphics.shapes import Circle
        group.add(Circle(x, y, r, fillColor=colour, strokeColor=None))
    elif shape == "square":
        group.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colour, strokeColor=None))
    elif shape == "triangle":
        group.add(Polygon([x - r, y - r, x + r, y - r, x, y + r], fillColor=colour,
                          strokeColor=None))
    elif shape == "diamond":
        group.add(Polygon([x, y - r, x + r, y, x, y + r, x - r, y], fillColor=colour,
                          strokeColor=None))
    else:
        group.add(Line(x - r, y - r, x + r, y + r, strokeColor=colour, strokeWidth=1.6))
        group.add(Line(x - r, y + r, x + r, y - r, strokeColor=colour, strokeWidth=1.6))
    return group


def _legend(b: m.Chart, styles, width: float, y: float, font: str, ink) -> Group:
    group = Group()
    items = [(s.name, style) for s, style in zip(b.series, styles)]
    total = sum(stringWidth(name, font, FONT_SIZE) + 30 for name, _ in items)
    x = max(0.0, (width - total) / 2)
    for name, style in items:
        if b.kind == "line":
            group.add(Line(x, y + 3, x + 16, y + 3, strokeColor=HexColor(style.colour),
                           strokeWidth=1.8, strokeDashArray=list(style.dash) or None))
            group.add(marker(style.marker, x + 8, y + 3, 3.0, HexColor(style.colour)))
        else:
            group.add(_patterned(x + 2, y - 1, 12, 9, style))
        group.add(String(x + 20, y, name, fontName=font, fontSize=FONT_SIZE, fillColor=ink))
        x += stringWidth(name, font, FONT_SIZE) + 30
    return group
