"""Entries that end in dot leaders and a text set flush right, as the contents are set.

``briefgen.citations`` marks them in the model: a paragraph holding a ``leader`` span
(the table of authorities' page lists, "pp 4, 7"; the lists of figures and tables,
whose span holds a ``page-of`` span standing for the page a float lands on).  Here
such a paragraph becomes a :class:`LeaderLine`: the entry's text, wrapped short of
the right margin, then dot leaders from the end of its last line to the flush-right
text.  That text, like the contents' page numbers, is written when the page is saved
(:class:`briefgen.pdf.opening.DeferredCode`), once every float's page is known, so one
layout pass is enough.  The leaders are a layout artifact; the pages are marked
content of the entry's own P element, so they are read right after the entry.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .. import model as m
from ..citations.crossref import PAGE, leader_at
from .context import Ctx
from .tagging import Recorder, StructNode, Tagged

GAP = 6.0
"""Points kept free between the text, the leaders and the flush-right text."""
LEADER_COLOUR = "#9AA3AE"


def is_leader_entry(b: m.Paragraph) -> bool:
    """Whether ``b`` is an entry with leaders."""
    return b.number is None and leader_at(b.children) is not None


def leader_entry(ctx: Ctx, b: m.Paragraph, parent: StructNode,
                 style: ParagraphStyle) -> list[Flowable]:
    """The flowable of an entry: its text before the ``leader`` span, then the span's
    text (or page) flush right.  Empty marker spans after it (the DOCX's field ends)
    show nothing."""
    at = leader_at(b.children)
    assert at is not None
    leader = b.children[at]
    assert isinstance(leader, m.Span)
    st = ParagraphStyle("leader-entry", parent=style, leftIndent=14, firstLineIndent=-14,
                        spaceBefore=0, spaceAfter=3, alignment=0)
    tagged = ctx.para(b.children[:at], st, parent, b.pos)
    key = next((ctx.links.anchors.get(c.classes[1]) for c in leader.children
                if isinstance(c, m.Span) and c.classes[:1] == (PAGE,) and len(c.classes) > 1),
               None)
    text = m.plain_text(tuple(c for c in leader.children
                              if not (isinstance(c, m.Span) and c.classes[:1] == (PAGE,))))
    return [LeaderLine(tagged, st, text.strip(), key, ctx.recorder)]


class LeaderLine(Flowable):
    """An entry, dot leaders and a flush-right ``text`` (or, with ``key``, the page of
    that destination in this layout).  Kept whole on one page."""

    def __init__(self, inner: Tagged, style: ParagraphStyle, text: str, key: str | None,
                 recorder: Recorder) -> None:
        super().__init__()
        self.inner, self.style, self.text, self.key = inner, style, text, key
        self.recorder = recorder
        self.room = max(stringWidth(text, style.fontName, style.fontSize), 24.0) + 2 * GAP

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _w, self.height = self.inner.wrap(aW - self.room, aH)
        self.width = aW
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return []

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        from .opening import DeferredCode  # (opening builds on the story, which builds on us)

        canv, st, rec = self.canv, self.style, self.recorder
        self.inner.drawOn(canv, 0, 0)
        para = self.inner.inner
        last = para.blPara.lines[-1]
        extra = last[0] if isinstance(last, tuple) else last.extraSpace
        end_x = self.width - self.room - extra  # where the last line's text ends
        base = st.leading - st.fontSize
        marks: list[str] = []  # the text's marked content, numbered in page order now
        rec.begin(canv, self.inner.node, marks.append)
        rec.end(canv, marks.append)
        tx = canv.beginText(0, base)
        doc = getattr(canv, "_doctemplate", None)
        pages = getattr(getattr(doc, "tracker", None), "current", {})
        canv._code.append(DeferredCode(lambda: self._tail(tx, end_x, base, marks, pages)))

    def _tail(self, tx, end_x: float, base: float, marks: list[str],  # noqa: ANN001
              pages: dict[str, int]) -> str:
        """The leaders and the flush-right text, as one text object (run when the page is
        saved: a float's page is known by then)."""
        st, rec = self.style, self.recorder
        text = self.text
        if self.key is not None:
            page = pages.get(self.key)
            text = str(page) if page else ""
        emit = tx._code.append
        tx.setFont(st.fontName, st.fontSize)
        dot_w = stringWidth(". ", st.fontName, st.fontSize)
        text_w = stringWidth(text, st.fontName, st.fontSize)
        count = int(max(0.0, self.width - text_w - GAP - (end_x + GAP)) / dot_w)
        if count:
            emit("/Artifact <</Type /Layout>> BDC" if rec.enabled else "")
            tx.setFillColor(HexColor(LEADER_COLOUR))
            tx.setTextOrigin(self.width - text_w - GAP - count * dot_w, base)
            tx.textOut(". " * count)
            emit("EMC" if rec.enabled else "")
        if marks:
            emit(marks[0])
        tx.setFillColor(st.textColor)
        space = stringWidth(" ", st.fontName, st.fontSize)
        tx.setTextOrigin(self.width - text_w - space, base)
        tx.textOut(" " + text)  # the space: the entry and its pages read as two words
        if marks:
            emit(marks[1])
        return tx.getCode()
