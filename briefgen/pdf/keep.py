"""Keeping things together across page breaks.

* :func:`keep_headings` puts a :class:`KeepRoom` before every heading: when the
  heading and the first two lines of what follows it (a table's header and two
  rows, a whole figure) do not fit in what is left of the page, the heading
  goes to the next page.
* :class:`KeptTable` never leaves its header with fewer than two body rows
  at a page foot.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table
from reportlab.platypus import Image as RLImage

from .flowables import Box, HeadingFlowable, Indented, Labelled
from .tagging import Tagged

LINES = 2
"""Lines of what follows that a heading keeps on its page."""
ROWS = 2
"""Body rows a table keeps with its header."""


def _inner(f: Flowable) -> Flowable:
    while True:
        if isinstance(f, Tagged) or (hasattr(f, "inner") and not isinstance(f, Indented)):
            f = f.inner
        else:
            return f


def start_height(f: Flowable, aW: float, aH: float) -> tuple[float, int]:
    """(height, lines) of ``f``'s start as laid out at width ``aW``: its first
    :data:`LINES` lines, a table's header and :data:`ROWS` rows, or all of it
    when it cannot split (a figure) or would not split there (widow control)."""
    f = _inner(f)
    if isinstance(f, Indented):
        return start_height(f.inner, aW - f.left, aH)
    if isinstance(f, Labelled):
        return start_height(f.body, aW, aH)
    if isinstance(f, Box):
        if not f.content:
            return 0.0, 0
        h, n = start_height(f.content[0], f._inner_w(aW), aH)
        return f.pad + f.getSpaceBefore() + h, n
    if isinstance(f, Paragraph):
        _w, h = f.wrap(aW, aH)
        lines = len(f.blPara.lines)
        if lines <= LINES + 1:  # widow control keeps a 3-line paragraph whole
            return h + f.getSpaceBefore(), lines
        return LINES * f.style.leading + f.getSpaceBefore(), LINES
    if isinstance(f, Table):
        f.wrap(aW, aH)
        heights = getattr(f, "_rowHeights", None) or []
        return sum(heights[: f.repeatRows + ROWS]) + f.getSpaceBefore(), LINES
    _w, h = f.wrap(aW, aH)
    return h + (f.getSpaceBefore() if isinstance(f, RLImage) else 0), LINES if h else 0


class KeepRoom(CondPageBreak):
    """Breaks the page unless the heading ``group`` and the start of
    ``follower`` fit in the room left."""

    def __init__(self, group: list[Flowable], followers: list[Flowable]) -> None:
        super().__init__(0)
        self.group = group
        self.followers = followers

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self._need(availWidth, availHeight)
        return super().wrap(availWidth, availHeight)

    def _need(self, availWidth: float, availHeight: float) -> float:
        """The heading group's height and the start of what follows."""
        need = 0.0
        for f in self.group:
            _w, h = f.wrap(availWidth, availHeight)
            need += h + f.getSpaceBefore() + f.getSpaceAfter()
        lines = 0
        for f in self.followers:
            h, n = start_height(f, availWidth, availHeight)
            need += h
            lines += n
            if lines >= LINES:
                break
            need += f.getSpaceAfter()
        return need


def _is_heading(f: Flowable) -> bool:
    return isinstance(_inner(f), HeadingFlowable)


def _no_keep(f: Flowable) -> None:
    while True:
        f.keepWithNext = 0
        if not hasattr(f, "inner"):
            return
        f = f.inner


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """``story`` with a :class:`KeepRoom` before every heading."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        f = story[i]
        if not _is_heading(f):
            out.append(f)
            i += 1
            continue
        j = i + 1
        while j < len(story) and (_is_heading(story[j]) or story[j].getKeepWithNext()) \
                and not isinstance(story[j], KeepRoom):
            j += 1
        group = story[i:j]
        for member in group:  # KeepRoom decides; reportlab's keepWithNext would move
            _no_keep(member)  # the heading with ALL of a long paragraph, leaving a hole
        out.append(KeepRoom(group, story[j:j + LINES]))
        out.extend(group)
        i = j
    return out


class KeptTable(Table):
    """A Table that keeps its header rows with at least :data:`ROWS` body rows
    at a page foot, when those rows fit a page of ``keep_limit`` points."""

    keep_limit: float = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            piece.keep_limit = self.keep_limit
        if len(pieces) < 2:
            return pieces
        need = min(self.repeatRows + ROWS, len(self._cellvalues))
        heights = getattr(self, "_rowHeights", None) or []
        if len(pieces[0]._cellvalues) < need:
            if sum(heights[:need]) > self.keep_limit:
                return pieces  # rows too tall to keep together on any page
            return []
        return self._no_lone_rows(pieces, heights, availWidth)

    def _no_lone_rows(self, pieces: list[Flowable], heights: list[float],
                      availWidth: float) -> list[Flowable]:
        """Re-split so that the rest carries at least :data:`ROWS` body rows, when
        the first piece can give them and still keep its own two."""
        first = len(pieces[0]._cellvalues)
        rest = len(self._cellvalues) - first
        short = ROWS - rest
        if short <= 0 or first - short < self.repeatRows + ROWS or len(heights) < first:
            return pieces
        shorter = Table.split(self, availWidth, sum(heights[:first - short]) + 0.5)
        for piece in shorter:
            piece.keep_limit = self.keep_limit
        return shorter if len(shorter) == 2 else pieces


FLOAT_MIN_ROOM = 48.0
"""Points: a figure that does not fit floats to the next page only when at least this
much room is left (less is too little to fill with text, and not worth the move)."""


class FloatFigure(Flowable):
    """A figure with its anchor and caption, kept together.  When it does not fit in
    the room left on the page, the text after it fills that room and the figure goes
    to the top of the next page (:class:`FloatMarker`, ``BriefDoc``), instead of
    leaving a hole."""

    def __init__(self, content: list[Flowable], frame_height: float) -> None:
        super().__init__()
        self.content = content
        self.frame_height = frame_height
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._sizes = [f.wrap(aW, aH) for f in self.content]
        height = sum(h for _w, h in self._sizes)
        height += sum(f.getSpaceAfter() for f in self.content[:-1])
        self.width, self.height = aW, height
        return aW, height

    def getSpaceBefore(self) -> float:
        return self.content[0].getSpaceBefore() if self.content else 0.0

    def getSpaceAfter(self) -> float:
        return self.content[-1].getSpaceAfter() if self.content else 0.0

    def split(self, aW: float, aH: float) -> list[Flowable]:
        _w, h = self.wrap(aW, aH)
        if aH >= FLOAT_MIN_ROOM and h <= self.frame_height and not getattr(self, "floated", 0):
            self.floated = 1
            return [FloatMarker(self)]
        return []  # a fresh page, or too little room: reportlab moves it whole

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        top = y + self.height
        for f, (w, h) in zip(self.content, self._sizes):
            top -= h
            dx = (self.width - w) / 2 if getattr(f, "hAlign", "LEFT") == "CENTER" else 0.0
            f.drawOn(canvas, x + dx, top)
            top -= f.getSpaceAfter()


class FloatMarker(Flowable):
    """Where a floated figure left the text: hands it to the document, which puts
    it first on the next page."""

    _ZEROSIZE = 1

    def __init__(self, figure: FloatFigure) -> None:
        super().__init__()
        self.figure = figure

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = getattr(self.canv, "_doctemplate", None)
        if doc is not None and hasattr(doc, "floats"):
            doc.floats.append(self.figure)
