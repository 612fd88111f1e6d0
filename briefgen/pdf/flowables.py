"""Typed flowables: paragraphs that keep word spaces at line ends, headings
that carry their level and anchor, indented and labelled blocks, boxes that
split across pages, and decorations painted as artifacts."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from ..hyphenation import Hyphenator
from .bidi import visual_lines
from .hyphenate import MAX_REWRAPS, judge_lines, limit_stretch
from .tagging import Recorder, artifact
from .textlayer import source_text, true_line_ends


class BriefParagraph(Paragraph):
    """A Paragraph whose text layer reads as its text at every line end
    (see :mod:`briefgen.pdf.textlayer`).  ``ends_word``: a label whose text
    goes on after it (a paragraph number) ends in a space too."""

    ends_word: bool = False

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Paragraph's own
        super().__init__(*args, **kwargs)
        self.source_text = source_text(self)
        """The paragraph's text before any split (split pieces keep the whole)."""

    _hy_lines: frozenset[int] = frozenset()
    """Indices of the lines that end in a hyphenated word (after :meth:`wrap`)."""

    _wrapped: tuple[float, float, float] | None = None
    """``(width asked, width, height)`` of the last wrap, while its lines stand."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wrap, keeping only the hyphenations :mod:`briefgen.hyphenation` allows;
        if a line overflows (reportlab 5.1 leaves a long URL unsplit in a narrow
        column when hyphenation or ``uriWasteReduce`` is on), wrap again with
        both off, so ``splitLongWords`` breaks it.

        The lines depend on the width alone, so a second wrap at the width of the last
        (a heading's keep measures the paragraph after it, then the frame places it)
        keeps the lines it has instead of breaking them again."""
        if (self._wrapped is not None and self._wrapped[0] == availWidth
                and hasattr(self, "blPara")):  # a failed split deletes the lines
            return self._wrapped[1], self._wrapped[2]
        w, h = self._hyphenated_wrap(availWidth, availHeight)
        if _overflows(self.blPara) and (self.style.hyphenationLang or self.style.uriWasteReduce):
            self.style = ParagraphStyle(self.style.name + "-nohy", parent=self.style,
                                        hyphenationLang="", uriWasteReduce=0)
            self._hy_lines = frozenset()
            w, h = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, w, h)
        return w, h

    def _hyphenated_wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        hy = self.style.hyphenationLang
        if not isinstance(hy, Hyphenator):
            return super().wrap(availWidth, availHeight)
        veto: frozenset[tuple[int, str]] = frozenset()
        for _attempt in range(MAX_REWRAPS):
            hy.start(veto)
            w, h = super().wrap(availWidth, availHeight)
            lines, bad = judge_lines(self, hy.accepted(), availWidth)
            if not bad:
                self._hy_lines = lines
                return w, h
            veto |= bad
        hy.start(veto, off=True)
        self._hy_lines = frozenset()
        return super().wrap(availWidth, availHeight)

    def draw(self) -> None:
        self._wrapped = None  # drawing adjusts the lines
        bl = getattr(self, "blPara", None)
        rtl = bool(getattr(self.style, "briefgen_rtl", False))
        if bl is not None and self.style.alignment == TA_JUSTIFY:
            before = [getattr(line, "extraSpace", 0) for line in bl.lines] if rtl else []
            limit_stretch(bl, self.style)
            if rtl and bl.kind == 1:  # a ragged right-to-left line keeps to the right
                self._offsets = [old if line.extraSpace == 0 else 0
                                 for old, line in zip(before, bl.lines)]
        true_line_ends(self)
        if bl is not None and (rtl or getattr(self.style, "shaping", 0)):
            visual_lines(self, rtl)
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split, making sure the first piece really fits (with hyphenation a
        first piece can re-break into one line more than reportlab counted) and
        does not end in a hyphenated word: a word never breaks across a page."""
        leading = self.style.leading
        for attempt in range(6):
            pieces = super().split(availWidth, availHeight - attempt * leading)
            if len(pieces) < 2:
                return pieces if attempt == 0 else []
            for piece in pieces:
                piece.source_text, piece.ends_word = self.source_text, self.ends_word
            first = pieces[0]
            if not self._hy_lines:
                return pieces  # no hyphen: the first piece re-breaks exactly as counted
            ends_broken = len(first.blPara.lines) - 1 in self._hy_lines
            _w, h = first.wrap(availWidth, availHeight)
            if h <= availHeight + 1e-6 and not ends_broken:
                return pieces
            self.wrap(availWidth, availHeight)
        return []


def _overflows(bl) -> bool:
    if bl.kind == 0:
        return any(line[0] < -1 for line in bl.lines)
    return any(getattr(line, "extraSpace", 0) < -1 for line in bl.lines)


class HeadingFlowable(BriefParagraph):
    """A heading.  ``level``: the model level; ``outline_level``: the
    clamped 0-based outline level; ``key``: its PDF destination name."""

    level: int = 1
    outline_level: int = 0
    text: str = ""
    key: str = ""
    in_toc: bool = False

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        pieces = super().split(availWidth, availHeight)
        for piece in pieces[1:]:
            piece.key = ""
        return pieces


class Indented(Flowable):
    """``inner`` moved right by ``left`` points (nested lists, quotes); ``rtl``: a
    right-to-left block, indented from the right instead (the same ``left`` points)."""

    def __init__(self, inner: Flowable, left: float, rtl: bool = False) -> None:
        super().__init__()
        self.inner = inner
        self.left = left
        self.rtl = rtl

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        w, h = self.inner.wrap(max(aW - self.left, 20), aH)
        self.width, self.height = w + self.left, h
        return self.width, h

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return [Indented(p, self.left, self.rtl)
                for p in self.inner.split(max(aW - self.left, 20), aH)]

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self) -> bool:
        return self.inner.getKeepWithNext()

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.inner.drawOn(canvas, x if self.rtl else x + self.left, y)


class Labelled(Flowable):
    """A list item's first block with its marker (``label``) hanging in the
    ``gap`` to its left, or to its right when ``rtl`` (a right-to-left item, whose
    label is then set flush right).  Only the first piece of a split keeps the label."""

    def __init__(self, label: Flowable | None, body: Flowable, gap: float,
                 rtl: bool = False) -> None:
        super().__init__()
        self.label = label
        self.body = body
        self.gap = gap
        self.rtl = rtl
        if rtl and label is not None:
            _flush_right(label)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        w, bh = self.body.wrap(aW, aH)
        h, lh = bh, 0.0
        if self.label is not None:
            _lw, lh = self.label.wrap(self.gap - 4, aH)
            h = max(h, lh)
        self.width, self.height = aW, h
        self._sizes = (bh, lh)
        return aW, h

    def split(self, aW: float, aH: float) -> list[Flowable]:
        pieces = self.body.split(aW, aH)
        if not pieces:
            return []
        return [Labelled(self.label, pieces[0], self.gap, self.rtl), *pieces[1:]]

    def getSpaceBefore(self) -> float:
        return self.body.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.body.getSpaceAfter()

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        bh, lh = self._sizes
        if self.label is not None:
            lx = x + self.width - (self.gap - 4) if self.rtl else x
            self.label.drawOn(canvas, lx, y + self.height - lh)
        self.body.drawOn(canvas, x, y + self.height - bh)


def _flush_right(label: Flowable) -> None:
    """Set a (tagged) label paragraph flush right, for a marker on the right."""
    from reportlab.lib.enums import TA_RIGHT

    para = getattr(label, "inner", label)
    if isinstance(para, Paragraph) and para.style.alignment != TA_RIGHT:
        para.style = ParagraphStyle(para.style.name + "-r", parent=para.style, alignment=TA_RIGHT)


class ArtifactFlowable(Flowable):
    """Paints ``inner`` as an /Artifact (rules, decorative images)."""

    def __init__(self, inner: Flowable, recorder: Recorder) -> None:
        super().__init__()
        self.inner = inner
        self.recorder = recorder

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aW, aH)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        with artifact(canvas, self.recorder):
            self.inner.drawOn(canvas, x, y, _sW)


class Box(Flowable):
    """Flowables inside a padded box with a background and a left bar,
    splitting across pages between (or inside) its flowables.  The box is an
    artifact; its contents are tagged by their own wrappers."""

    def __init__(self, content: list[Flowable], recorder: Recorder, *, background: str | None,
                 border: str, pad: float = 8, bar: float = 3, space: float = 8,
                 first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.content = content
        self.recorder = recorder
        self.background, self.border = background, border
        self.pad, self.bar, self.space = pad, bar, space
        self.first, self.last = first, last
        self._placed: list[tuple[Flowable, float, float]] = []

    def _clone(self, content: list[Flowable], first: bool, last: bool) -> Box:
        return Box(content, self.recorder, background=self.background, border=self.border,
                   pad=self.pad, bar=self.bar, space=self.space, first=first, last=last)

    def _inner_w(self, aW: float) -> float:
        return aW - 2 * self.pad - self.bar

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        iw = self._inner_w(aW)
        y = self.pad if self.first else 4
        placed = []
        for i, f in enumerate(self.content):
            if i:
                y += max(self.content[i - 1].getSpaceAfter(), 0)
            _w, h = f.wrap(iw, max(aH, 1e6))
            placed.append((f, y, h))
            y += h
        y += self.pad if self.last else 4
        self._placed = placed
        self.width, self.height = aW, y
        return aW, y

    def getSpaceBefore(self) -> float:
        return self.space if self.first else 0

    def getSpaceAfter(self) -> float:
        return self.space if self.last else 0

    def split(self, aW: float, aH: float) -> list[Flowable]:
        iw = self._inner_w(aW)
        room = aH - (self.pad if self.first else 4) - 4
        done: list[Flowable] = []
        for i, f in enumerate(self.content):
            gap = max(self.content[i - 1].getSpaceAfter(), 0) if i else 0
            _w, h = f.wrap(iw, room - gap)
            if h <= room - gap:
                done.append(f)
                room -= h + gap
                continue
            pieces = f.split(iw, room - gap) if room - gap > 10 else []
            if pieces:
                done.append(pieces[0])
                rest = pieces[1:] + self.content[i + 1:]
            else:
                rest = self.content[i:]
            if not done:
                return []
            return [self._clone(done, self.first, False), self._clone(rest, False, self.last)]
        # Every flowable fits with a piece's 4 pt foot, not with the box's own bottom
        # padding: move the last one over (returning [self] here is a LayoutError).
        if len(done) > 1:
            return [self._clone(done[:-1], self.first, False),
                    self._clone(done[-1:], False, self.last)]
        return []

    def draw(self) -> None:
        canv = self.canv
        with artifact(canv, self.recorder):
            canv.saveState()
            if self.background:
                canv.setFillColor(HexColor(self.background))
                canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.setFillColor(HexColor(self.border))
            canv.rect(0, 0, self.bar, self.height, stroke=0, fill=1)
            canv.restoreState()
        x = self.bar + self.pad
        for f, top, h in self._placed:
            f.drawOn(canv, x, self.height - top - h)


class Anchor(Flowable):
    """A zero-size link destination (a figure's id)."""

    _ZEROSIZE = 1

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.keepWithNext = 1

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        tracker = getattr(getattr(self.canv, "_doctemplate", None), "tracker", None)
        if tracker is not None:  # the page a list of figures shows (briefgen.pdf.leaders)
            tracker.current.setdefault(self.key, self.canv.getPageNumber())
