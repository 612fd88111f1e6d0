"""The opening (cover or title block, key points, word count) and the TOC."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (Flowable, FrameBreak, HRFlowable, NextPageTemplate, PageBreak,
                                Paragraph, Spacer)
from reportlab.platypus import Image as RLImage
from reportlab.pdfbase.pdfmetrics import stringWidth

from .. import model as m
from .context import Ctx, place
from .flowables import ArtifactFlowable, BriefParagraph
from .scripts import logical_text, script_style
from .layout import PageTracker
from .story import callout_flowables
from .tagging import Recorder, StructNode, Tagged, artifact


def _title_part(ctx: Ctx, root: StructNode, on_band: bool) -> list[Flowable]:
    meta = ctx.doc.meta
    st, sub = ctx.styles.title, ctx.styles.subtitle
    if on_band:
        st = ParagraphStyle("tw", parent=st, textColor=HexColor("#FFFFFF"))
        sub = ParagraphStyle("sw", parent=sub, textColor=HexColor("#E8ECF2"))
    out: list[Flowable] = [ctx.para((m.Text(meta.title),), st, root, TITLE_PAGE, tag="H1")]
    if meta.subtitle:
        out.append(ctx.para((m.Text(meta.subtitle),), sub, root, TITLE_PAGE))
    return out


def _byline_part(ctx: Ctx, root: StructNode, marking: str | None,
                 scale: float = 1.0) -> list[Flowable]:
    base = ctx.styles.byline
    if scale != 1.0:
        base = ParagraphStyle("byline_big", parent=base, fontSize=base.fontSize * scale,
                              leading=base.leading * scale)
    out: list[Flowable] = []
    for line in ctx.decisions.byline:
        out.append(ctx.para((m.Text(line),), base, root, TITLE_PAGE))
    if marking:
        st = ParagraphStyle("cls", parent=base,
                            textColor=HexColor(ctx.template.classification.colour),
                            fontName=ctx.fonts.faces(ctx.fonts.heading).bold)
        out.append(ctx.para((m.Text(marking),), st, root, TITLE_PAGE))
    if ctx.decisions.word_count:
        out.append(ctx.para((m.Text(ctx.decisions.word_count),), base, root, TITLE_PAGE))
    return out


def _key_points(ctx: Ctx, root: StructNode, on_cover: bool = False) -> list[Flowable]:
    if not (ctx.template.opening.key_points and ctx.doc.key_points):
        return []
    return callout_flowables(ctx, "keypoints", ctx.decisions.key_points_title,
                             ctx.doc.key_points, root, m.made("key points"), hyphenate=not on_cover)


def title_block(ctx: Ctx, root: StructNode, marking: str | None) -> list[Flowable]:
    """Title, subtitle, byline, a rule, then the key points, at the top of page 1."""
    out = _title_part(ctx, root, False) + _byline_part(ctx, root, marking)
    rule = HRFlowable(width="100%", thickness=1.2, color=HexColor(ctx.template.colours.primary),
                      spaceBefore=8, spaceAfter=12)
    out.append(ArtifactFlowable(rule, ctx.recorder))
    return out + _key_points(ctx, root)


class LogoFlowable(Flowable):
    """The template's logo on the cover, decorative (an artifact)."""

    def __init__(self, image: RLImage, recorder: Recorder) -> None:
        super().__init__()
        self.image, self.recorder = image, recorder

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.image.wrap(aW, aH)
        return self.width, self.height + 24

    def draw(self) -> None:
        with artifact(self.canv, self.recorder):
            self.image.drawOn(self.canv, 0, 24)


def _wordmark(ctx: Ctx, root: StructNode, on_band: bool) -> list[Flowable]:
    """The organisation's name where a logo would be (as decided: a cover without a
    logo): real text, read before the title, as in the DOCX."""
    name = ctx.decisions.wordmark
    if not name:
        return []
    st = ParagraphStyle("wordmark", parent=ctx.styles.subtitle, fontSize=WORDMARK_SIZE,
                        leading=WORDMARK_SIZE * 1.2, fontName=ctx.fonts.faces(ctx.fonts.heading).bold,
                        textColor=HexColor("#FFFFFF" if on_band else ctx.template.colours.primary),
                        spaceAfter=24)
    return [ctx.para((m.Text(name),), st, root, TITLE_PAGE)]


TITLE_PAGE = m.made("title page")
"""Where the title page's lines come from: the front matter, laid out by the template."""
WORDMARK_SIZE = 15.0
"""Points: the organisation's name as a wordmark (the same in the DOCX)."""


def cover(ctx: Ctx, root: StructNode, marking: str | None) -> list[Flowable]:
    """The cover page: logo and title in the band frame, the rest below."""
    o = ctx.template.opening
    out: list[Flowable] = []
    size = ctx.decisions.logo
    if o.logo is not None and size is not None:  # at the size assemble decided
        out.append(LogoFlowable(RLImage(str(o.logo), width=size[0], height=size[1]),
                                ctx.recorder))
    elif o.logo is not None:
        ctx.reporter.warn(str(ctx.template.path), 0, 0, f"logo {o.logo} not found; cover has no logo")
    else:
        out.extend(_wordmark(ctx, root, o.band_colour is not None))
    out.append(_Bottom(_title_part(ctx, root, o.band_colour is not None)))
    out.append(FrameBreak())
    out.extend(_byline_part(ctx, root, marking, scale=1.15))
    out.append(Spacer(1, 14))
    out.extend(_key_points(ctx, root, on_cover=True))
    out.extend([NextPageTemplate("body"), PageBreak()])
    return out


class _Bottom(Flowable):
    """Flowables pushed to the bottom of the space left in the frame; scaled down (never
    below half size) when they are taller than that space, so a long title stays on its
    band instead of spilling into the frame below."""

    MIN_SCALE = 0.5

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.content = content
        self.scale = 1.0

    def _need(self, width: float, height: float) -> float:
        sizes = [f.wrap(width, height) for f in self.content]
        return sum(h + f.getSpaceAfter() for f, (_w, h) in zip(self.content, sizes))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.scale = 1.0
        need = self._need(aW, aH)
        while need * self.scale > aH - 1 and self.scale > self.MIN_SCALE:
            self.scale = max(self.scale * 0.92, self.MIN_SCALE)
            need = self._need(aW / self.scale, aH / self.scale)
        self.width, self.height = aW, max(need * self.scale, aH - 1)
        return self.width, self.height

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        s = self.scale
        sizes = [f.wrap(self.width / s, self.height / s) for f in self.content]
        top = sum(h + f.getSpaceAfter() for f, (_w, h) in zip(self.content, sizes))
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(s, s)
        for f, (_w, h) in zip(self.content, sizes):
            top -= h
            f.drawOn(canvas, 0, top)
            top -= f.getSpaceAfter()
        canvas.restoreState()


class TocEntry(Flowable):
    """One TOC line: the heading text linked to its anchor, dot leaders and
    the page number.  Tagged TOCI > … > Link.  Nothing in its layout depends on
    the number (40 pt are kept for it), so the number and the leaders are written
    when the page is saved (:class:`DeferredCode`), from the same layout pass.

    An entry that fits on one line is drawn as one text object (text, dots,
    number, no line feed between), so text extraction reads
    "Heading . . . 3" on one line; a longer one, or one whose text is shaped,
    broken as CJK or right to left (:mod:`briefgen.pdf.scripts`), is drawn as a
    paragraph, still from the left."""

    def __init__(self, markup: str, runs: list, style: ParagraphStyle, key: str,
                 node: StructNode, tracker: PageTracker, recorder: Recorder) -> None:
        super().__init__()
        shaped = script_style(style, markup)
        self.complex = shaped is not style  # shaped, broken as CJK or right to left
        if self.complex:  # the entry keeps the contents list's layout (text, dots, number)
            shaped = ParagraphStyle(shaped.name + "-toc", parent=shaped,
                                    alignment=style.alignment,
                                    wordWrap=None if shaped.wordWrap == "RTL" else shaped.wordWrap)
        self.para = BriefParagraph(markup, shaped)
        self.runs = runs
        self.style, self.key, self.node = style, key, node
        self.tracker, self.recorder = tracker, recorder
        self.single = False

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        st = self.style
        self.width = aW
        text_w = sum(stringWidth(r.text, r.face, st.fontSize) for r in self.runs)
        self.single = not self.complex and st.leftIndent + text_w <= aW - 40
        if self.single:
            self.height = st.leading
        else:
            _w, self.height = self.para.wrap(aW - 40, aH)
        self._text_w = text_w
        return aW, self.height

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        canv, st, rec = self.canv, self.style, self.recorder
        base = st.leading - st.fontSize
        tx = canv.beginText(st.leftIndent, base)
        emit = tx._code.append
        if self.single:
            rec.begin(canv, self.node, emit)
            for run in self.runs:
                tx.setFont(run.face, st.fontSize)
                tx.textOut(run.text)
            tx.textOut(" ")
            rec.end(canv, emit)
            end_x = st.leftIndent + self._text_w
        else:
            rec.begin(canv, self.node)
            self.para.drawOn(canv, 0, 0)
            rec.end(canv)
            last = self.para.blPara.lines[-1]
            extra = last[0] if isinstance(last, tuple) else last.extraSpace
            end_x = self.width - 40 - extra
        number_mc: list[str] = []  # the number's marked content, numbered in page order now
        rec.begin(canv, self.node, number_mc.append)
        rec.end(canv, number_mc.append)
        canv._code.append(DeferredCode(lambda: self._tail(tx, end_x, base, number_mc)))
        rec.current = self.node
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)
        rec.current = None

    def _tail(self, tx, end_x: float, base: float, number_mc: list[str]) -> str:
        """The dot leaders and the page number, and the end of the text object: run when
        the page is saved, once every heading's page is known (so one pass suffices)."""
        st, rec = self.style, self.recorder
        page = self.tracker.current.get(self.key)
        number = str(page) if page else ""
        emit = tx._code.append
        tx.setFont(st.fontName, st.fontSize)
        dot_w = stringWidth(". ", st.fontName, st.fontSize)
        num_w = stringWidth(number, st.fontName, st.fontSize)
        count = int(max(0.0, self.width - num_w - 8 - (end_x + 6)) / dot_w)
        if count:
            emit("/Artifact <</Type /Layout>> BDC" if rec.enabled else "")
            tx.setFillColor(HexColor("#9AA3AE"))
            tx.setTextOrigin(self.width - num_w - 8 - count * dot_w, base)
            tx.textOut(". " * count)
            emit("EMC" if rec.enabled else "")
        if number_mc:
            emit(number_mc[0])
        tx.setFillColor(st.textColor)
        tx.setTextOrigin(self.width - num_w, base)
        tx.textOut(number)
        if number_mc:
            emit(number_mc[1])
        return tx.getCode()


class DeferredCode(str):
    """A placeholder in a page's content, replaced by ``make()`` when the page is saved
    (a PDF comment if it never is)."""

    def __new__(cls, make) -> "DeferredCode":  # noqa: ANN001 - a () -> str callable
        self = super().__new__(cls, "% briefgen: deferred content")
        self.make = make
        return self


def _baseline(p: Paragraph) -> float:
    return p.style.leading - p.style.fontSize  # bottom line's baseline, roughly


def toc(ctx: Ctx, root: StructNode, tracker: PageTracker) -> list[Flowable]:
    """The contents list (headings up to ``template.toc.depth``)."""
    t = ctx.template.toc
    out: list[Flowable] = []
    if ctx.decisions.contents_title:
        title = ctx.markup((m.Text(ctx.decisions.contents_title),), ctx.styles.toc_title, None)[0]
        heading = root.add("P", _made="contents")
        out.append(Tagged(BriefParagraph(title, ctx.styles.toc_title), heading, ctx.recorder))
    node = root.add("TOC")
    for h in ctx.doc.headings():
        if h.level > t.depth or h.id not in ctx.links.anchors:
            continue
        st = ctx.styles.toc[min(h.level, 6) - 1]
        title = m.plain_text(h.children).strip()
        shown = title  # as the heading itself is shown: its text in capitals, not its number
        if h.level == 1 and ctx.template.headings.uppercase_level1:
            shown = title.upper()
        real = f"{h.number}\u2003{title}" if h.number else title
        text = f"{h.number}\u2003{shown}" if h.number else shown
        markup, _refs = ctx.markup((m.Text(text),), st, h.pos)
        fam, bold, italic = ctx.family_of(st)
        runs = ctx.fonts.runs(text, fam, bold, italic, [])
        entry = node.add("TOCI")
        place(entry, h.pos, ctx.source)  # the heading's line, for ``briefgen verify``
        link = entry.add("Reference").add("Link")
        if logical_text(link, real + " ") is not None and text != real:
            link.attrs["_actual"] = real + " "  # drawn in capitals, read in its own case
        key = ctx.links.anchors[h.id]
        ctx.recorder.describe.setdefault(key, " ".join(real.split()))
        out.append(TocEntry(markup, runs, st, key, link, tracker, ctx.recorder))
    out.append(Spacer(1, 12))
    return out
