"""What a paragraph's ``onDraw`` marks must know before reportlab draws it.

reportlab calls an ``onDraw`` callback with its label only, in the middle of a
line, and gives a link annotation its rectangle after the line.  Read from the
wrapped paragraph's lines beforehand, :func:`draw_plan` tells each mark (in
drawing order) what the callback cannot see:

- whether the text after it, up to the next mark, draws anything (a link that
  opens or closes a paragraph leaves no empty marked content behind it);
- how many word spaces precede it on its line: in a justified line each is
  widened by the word spacing, which reportlab 5.1 leaves out where a link's
  rectangle starts (it uses the unjustified position);
- for a link's opening mark, per line the link is drawn on, how far below
  reportlab's rectangle (0.2 em under the baseline) the link's glyph boxes
  reach (the font's descent), so the rectangle covers the words it links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics


class Mark(NamedTuple):
    """The plan for one ``onDraw`` mark."""

    empty_after: bool
    spaces: int
    drops: tuple[float, ...] = ()


@dataclass(slots=True)
class PendingLink:
    """A link whose text is being drawn and whose annotations are still to come
    (one per line it is drawn on, after the line)."""

    target: str
    ident: str
    raw_x: float
    """Where reportlab will start the link's first rectangle (no word spacing)."""
    x: float | None
    """Where the link's text starts; ``None`` once its first rectangle is placed."""
    drops: list[float] = field(default_factory=list)
    """Per rectangle still to come: how far to lower its bottom edge (≤ 0)."""
    node: object | None = None
    """The Link structure element drawn for it (``None`` untagged)."""
    closed: bool = False

    def place(self, rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The next of its rectangles, from the one reportlab computed."""
        x0, y0, x1, y1 = rect
        if self.x is not None and abs(x0 - self.raw_x) < 1e-6:
            x0 = self.x
        self.x = None  # its next rectangle (the next line) starts the line
        return x0, y0 + (self.drops.pop(0) if self.drops else 0.0), x1, y1


@dataclass(frozen=True, slots=True)
class Plan:
    """What :func:`draw_plan` read from one paragraph (or split piece)."""

    lead_empty: bool = False
    """The text before its first mark draws nothing."""
    marks: tuple[Mark, ...] = ()
    inside: str = ""
    """The inline element (its id) that a piece starts inside of: a link that broke
    across a page, whose close comes before any open."""
    inside_drops: tuple[float, ...] = ()
    """That link's :attr:`Mark.drops` for the lines of this piece."""


def draw_plan(flow) -> Plan:  # noqa: ANN001 - a wrapped Paragraph
    """The :class:`Plan` of a wrapped paragraph about to be drawn.  No plan for a
    paragraph without marks, or drawn right to left (reportlab reverses its words
    as it draws)."""
    bl = getattr(flow, "blPara", None)
    if bl is None or bl.kind != 1 or getattr(flow.style, "wordWrap", None) == "RTL":
        return Plan()
    items = [(i, frag) for i, line in enumerate(bl.lines) for frag in getattr(line, "words", ())]
    lead, marks = True, []
    spaces, line_no = 0, -1
    for k, (i, frag) in enumerate(items):
        if i != line_no:
            spaces, line_no = 0, i
        if _is_mark(frag):
            label = getattr(frag.cbDefn, "label", None) or ""
            drops = _drops(items, k + 1, "close:" + label[5:]) if label.startswith("open:") else ()
            marks.append(Mark(True, spaces, drops))
            continue
        drawn, count = _drawn(frag)
        spaces += count
        if drawn and marks:
            marks[-1] = marks[-1]._replace(empty_after=False)
        elif drawn:
            lead = False
    inside = _inside(items)
    return Plan(lead and bool(marks), tuple(marks), inside,
                _drops(items, 0, "close:" + inside) if inside else ())


def _inside(items: list) -> str:
    """The id of the first element closed in ``items`` before it was opened there."""
    opened: set[str] = set()
    for _i, frag in items:
        label = getattr(getattr(frag, "cbDefn", None), "label", None) or ""
        action, _sep, ident = label.partition(":") if _is_mark(frag) else ("", "", "")
        if action == "open":
            opened.add(ident)
        elif action == "close" and ident and ident not in opened:
            return ident
    return ""


def _is_mark(frag) -> bool:  # noqa: ANN001
    return getattr(getattr(frag, "cbDefn", None), "kind", "") == "onDraw"


def _drawn(frag) -> tuple[bool, int]:  # noqa: ANN001
    """(draws something, word spaces in it as reportlab counts them)."""
    cb = getattr(frag, "cbDefn", None)
    if cb is not None:
        return getattr(cb, "kind", "") == "img", 0
    text = getattr(frag, "text", "")
    text = text if isinstance(text, str) else text.decode("utf8")
    return bool(text), text.count(" ") + text.count("\xa0")


def _drops(items: list, start: int, close: str) -> tuple[float, ...]:
    """Per line of a link's text from ``items[start]`` up to its ``close`` mark, how far
    its glyph boxes reach below reportlab's rectangle."""
    lows: dict[int, tuple[float, float]] = {}  # line → (reportlab's bottom, the glyphs')
    for i, frag in items[start:]:
        cb = getattr(frag, "cbDefn", None)
        if cb is not None and getattr(cb, "label", None) == close:
            break
        if cb is not None or not getattr(frag, "link", None):
            continue
        size, rise = frag.fontSize, getattr(frag, "rise", 0) or 0
        theirs, ours = rise - 0.2 * size, rise + _descent(frag.fontName) * size
        old = lows.get(i, (theirs, ours))
        lows[i] = (min(old[0], theirs), min(old[1], ours))
    return tuple(min(0.0, ours - theirs) for theirs, ours in lows.values())


@lru_cache(maxsize=64)
def _descent(font_name: str) -> float:
    """The font's descent (the /Descent its descriptor says) per unit of size."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    return getattr(face, "descent", -200) / 1000
