"""How charts look, decided once for both writers: series colours, patterns, markers, scale.

Series colours come from the template (primary, accent) and then a fixed set,
each darkened until it has at least 3:1 contrast with the white page (WCAG 2.1
1.4.11, graphical objects).  Colour is never the only difference: bars of the
second and later series carry a pattern (diagonal, horizontal, cross, vertical
lines), lines carry their own marker shape and dash.  The PDF writer draws
these with reportlab shapes, the DOCX writer names Word's presets for the
same patterns, markers and dashes, so a chart reads the same in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .template.model import Colours

PATTERNS = ("solid", "diagonal", "horizontal", "cross", "vertical")
MARKERS = ("circle", "square", "triangle", "diamond", "x")
DASHES: tuple[tuple[float, ...], ...] = ((), (6.0, 3.0), (1.5, 2.0), (8.0, 3.0, 2.0, 3.0))
_MORE = ("#2E6B3F", "#6A4C93", "#8A5A00", "#00607A")
GRID = "#D5D9DF"
MIN_CONTRAST = 3.0


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    """How one series is drawn: ``colour`` (``#RRGGBB``), bar ``pattern``, line ``marker``
    and ``dash`` (on/off lengths in points; empty: solid)."""

    colour: str
    pattern: str
    marker: str
    dash: tuple[float, ...]


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def safe(colour: str, background: str = "#FFFFFF") -> str:
    """``colour`` darkened (in steps of 10 %) until it has 3:1 contrast with ``background``."""
    out = colour.upper()
    while contrast(out, background) < MIN_CONTRAST:
        r, g, b = (int(int(out[i:i + 2], 16) * 0.9) for i in (1, 3, 5))
        out = f"#{r:02X}{g:02X}{b:02X}"
    return out


def series_styles(colours: Colours, count: int) -> tuple[SeriesStyle, ...]:
    """The look of ``count`` series, told apart by colour AND pattern/marker/dash."""
    palette: list[str] = []
    for colour in (colours.primary, colours.accent, *_MORE):
        colour = safe(colour)
        if colour not in palette:
            palette.append(colour)
    return tuple(SeriesStyle(palette[i % len(palette)], PATTERNS[i % len(PATTERNS)],
                             MARKERS[i % len(MARKERS)], DASHES[i % len(DASHES)])
                 for i in range(count))


def scale(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """A value axis from ``low`` to ``high`` (zero included) in round steps: (min, max, step)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1.0
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def number(value: float) -> str:
    """A value as a reader writes it: thousands separated, no needless decimals, a true minus."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return text.replace("-", "\u2212")


def stacked(values: list[tuple[float, ...]]) -> tuple[float, float]:
    """The lowest and highest stack ends of series ``values`` (negatives stack downwards)."""
    tops = [sum(v for v in column if v > 0) for column in zip(*values)]
    bottoms = [sum(v for v in column if v < 0) for column in zip(*values)]
    return min(bottoms, default=0.0), max(tops, default=0.0)
