"""Pages: the doc template, page templates (cover and body), the canvas that
defers pages for "Page X of Y", running header and footer, classification
banners, the outline and the TOC's page numbers.

Everything painted here is an artifact.  The canvas also reports each link
annotation to the tagging recorder.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import IndexingFlowable

from .abbreviations import register as register_abbreviations
from ..running import fit_slots
from .flowables import HeadingFlowable
from .markup import PAGE_MARK
from .notes import FootnoteFrame, NoteState
from .tagging import LINK_MARK, Recorder, Tagged, artifact
from .watermark import paint_watermark


class PageTracker(IndexingFlowable):
    """Heading key → page in this layout pass.  The TOC's page numbers are written when
    the pages are saved, from this same pass, so one pass is always enough."""

    def __init__(self) -> None:
        super().__init__()
        self.current: dict[str, int] = {}

    def beforeBuild(self) -> None:
        self.current.clear()

    def isSatisfied(self) -> bool:
        return True

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


@dataclass(slots=True)
class Decor:
    """What to paint on every page once the page count is known."""

    width: float
    height: float
    margins: tuple[float, float, float, float]
    """top, bottom, left, right"""
    header: tuple[str, str, str, bool, bool]
    footer: tuple[str, str, str, bool, bool]
    """left, centre, right, rule, on_first_page"""
    fields: dict[str, str]
    banner: str | None
    banner_colour: str
    rule_colour: str
    markup: Callable[[str, ParagraphStyle], str]
    style: ParagraphStyle
    recorder: Recorder
    bold_face: str
    cover_band: bool = False
    watermark: tuple[str, str, float] | None = None
    """text, colour, opacity of the status watermark (``briefgen.pdf.watermark``)."""
    short_title: str | None = None
    """The template's short title for ``{title}`` when the title does not fit."""

    def paint(self, canv: Canvas, page: int, pages: int, kind: str) -> None:
        size = tuple(canv._pagesize)
        if size != (self.width, self.height):  # a landscape page: lay out on its own size
            return replace(self, width=size[0], height=size[1]).paint(canv, page, pages, kind)
        if self.watermark:
            paint_watermark(canv, self.watermark[0], self.bold_face, *self.watermark[1:],
                            tagged=self.recorder.enabled)
        with artifact(canv, self.recorder, "Pagination"):
            canv.saveState()
            if self.banner:
                self._banners(canv, on_band=kind == "cover" and self.cover_band)
            if kind != "cover":
                self._running(canv, page, pages, top=True)
                self._running(canv, page, pages, top=False)
            canv.restoreState()

    def _banners(self, canv: Canvas, on_band: bool) -> None:
        top, bottom = self.margins[0], self.margins[1]
        width = self.width - self.margins[2] - self.margins[3]
        for y in (self.height - max(14.0, top * 0.30), max(9.0, bottom * 0.22)):
            colour = "#FFFFFF" if on_band and y > self.height / 2 else self.banner_colour
            st = ParagraphStyle("banner", parent=self.style, alignment=TA_CENTER, fontSize=9,
                                leading=11, textColor=HexColor(colour),
                                fontName=self.bold_face)
            p = Paragraph(self.markup(self.banner.upper(), st), st)
            _w, h = p.wrap(width, 40)
            p.drawOn(canv, self.margins[2], y - h + 9)

    def _running(self, canv: Canvas, page: int, pages: int, top: bool) -> None:
        left, centre, right, rule, on_first = self.header if top else self.footer
        if page == 1 and not on_first:
            return
        if not (left or centre or right or rule):
            return
        x0, width = self.margins[2], self.width - self.margins[2] - self.margins[3]
        y = (self.height - self.margins[0] + max(10.0, self.margins[0] * 0.25) if top
             else self.margins[1] - max(14.0, self.margins[1] * 0.38))
        font, size = self.style.fontName, self.style.fontSize
        texts, boxes = fit_slots((left, centre, right), self.fields, width,
                                 lambda s: stringWidth(s, font, size), self.short_title)
        for text, align, (dx, box_w) in zip(texts, (TA_LEFT, TA_CENTER, TA_RIGHT), boxes):
            if not text:
                continue
            text = text.replace("{pages}", str(pages)).replace("{page}", str(page))
            st = ParagraphStyle("run", parent=self.style, alignment=align)
            p = Paragraph(self.markup(text, st), st)
            p.wrap(box_w, 40)
            p.drawOn(canv, x0 + dx, y)
        if rule:
            canv.setStrokeColor(HexColor(self.rule_colour))
            canv.setLineWidth(0.5)
            ry = y - 4 if top else y + 12
            canv.line(x0, ry, x0 + width, ry)


def canvas_maker(decor: Decor, recorder: Recorder, marks: dict[str, list[int]]
                 ) -> Callable[..., Canvas]:
    """A canvas class that defers pages (for "Page X of Y"), reports links, and fills
    ``marks`` (page mark name → the pages it was drawn on, this layout pass)."""

    def on_mark(canv: Canvas, _kind: str, name: str) -> None:
        marks.setdefault(name, []).append(canv.getPageNumber())

    class BriefCanvas(Canvas):
        def __init__(self, *args, **kw) -> None:
            super().__init__(*args, **kw)
            self._deferred: list[dict] = []
            self.page_kind = "body"
            self.setNamedCB(LINK_MARK, recorder.on_draw)
            marks.clear()  # each layout pass draws on a canvas of its own
            self.setNamedCB(PAGE_MARK, on_mark)
            register_abbreviations(self, recorder)

        def showPage(self) -> None:
            self._deferred.append(dict(self.__dict__))
            # reportlab names the page a bookmark lands on by the document's
            # page counter, which only the real showPage advances
            self._doc.pageCounter += 1
            self._startPage()

        def save(self) -> None:
            pages = len(self._deferred)
            self._doc.pageCounter = 1
            for number, state in enumerate(self._deferred, start=1):
                self.__dict__.update(state)
                self._code[:] = [c.make() if hasattr(c, "make") else c for c in self._code]
                decor.paint(self, number, pages, state.get("page_kind", "body"))
                Canvas.showPage(self)
            Canvas.save(self)

        def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None,
                     relative=1, **kw):
            Rect = recorder.annotation(self, destinationname, Rect)
            kw.setdefault("Border", "[0 0 0]")
            return super().linkRect(contents, destinationname, Rect, addtopage, name,
                                    relative, **kw)

        def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,
                    kind="URI", **kw):
            rect = recorder.annotation(self, url, rect)
            return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    return BriefCanvas


def unwrap(f: Flowable) -> Flowable:
    while isinstance(f, Tagged):
        f = f.inner
    return f


class BriefDoc(BaseDocTemplate):
    """The doc template: resets per-pass state and feeds outline and TOC."""

    def __init__(self, buf, *, recorder: Recorder, notes: NoteState, tracker: PageTracker,
                 **kw) -> None:
        self.recorder = recorder
        self.note_state = notes
        self.tracker = tracker
        super().__init__(buf, **kw)

    floats: list[Flowable]
    """Figures that did not fit (``briefgen.pdf.keep.FloatFigure``): first on the next page."""

    def beforeDocument(self) -> None:
        self.recorder.reset()
        self.note_state.reset()
        self.floats = []

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self._story = flowables
        super().handle_flowable(flowables)
        if self.floats and not flowables:  # the story ended: floated figures still go in
            flowables.extend(self.floats)
            self.floats = []

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        story = getattr(self, "_story", None)
        if self.floats and story is not None:
            story[0:0] = self.floats
            self.floats = []

    def afterFlowable(self, flowable: Flowable) -> None:
        f = unwrap(flowable)
        if isinstance(f, HeadingFlowable) and f.key:
            self.canv.addOutlineEntry(f.text, f.key, level=f.outline_level,
                                      closed=f.outline_level > 0)
            self.tracker.current.setdefault(f.key, self.page)


def page_templates(width: float, height: float, margins: tuple[float, float, float, float],
                   notes: NoteState | None, recorder: Recorder, rule_colour: str,
                   cover_split: float | None) -> list[PageTemplate]:
    """The body template (with a footnote frame when ``notes``) and, when
    ``cover_split`` is given, a cover with a band frame above that height."""
    top, bottom, left, right = margins
    fw, fh = width - left - right, height - top - bottom
    if notes is not None:
        body = FootnoteFrame(left, bottom, fw, fh, id="body", state=notes, recorder=recorder,
                             rule_colour=rule_colour, leftPadding=0, rightPadding=0,
                             topPadding=0, bottomPadding=0)
    else:
        body = Frame(left, bottom, fw, fh, id="body", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)

    def on_body(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.page_kind = "body"

    def on_body_end(canv: Canvas, doc: BaseDocTemplate) -> None:
        if isinstance(body, FootnoteFrame):
            body.draw_notes(canv)

    out = [PageTemplate("body", [body], onPage=on_body, onPageEnd=on_body_end)]
    if cover_split is not None:
        band = Frame(left, cover_split, fw, height - top - cover_split, id="band",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=8)
        rest = Frame(left, bottom, fw, cover_split - bottom - 18, id="rest", leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0)
        out.insert(0, PageTemplate("cover", [band, rest], onPage=_cover_kind))
    return out


def _cover_kind(canv: Canvas, doc: BaseDocTemplate) -> None:
    canv.page_kind = "cover"
    paint = getattr(doc, "paint_cover", None)
    if paint is not None:
        paint(canv)
