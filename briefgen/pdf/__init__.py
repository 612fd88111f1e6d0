"""The PDF writer: ``render_pdf(doc, template, reporter, *, tagged=True) -> bytes``.

Modules: ``fonts`` (registration, fallback), ``markup`` (the only place that
builds Paragraph markup), ``styles``, ``flowables``, ``story`` / ``tables`` /
``figures`` / ``opening`` / ``notes`` (model → flowables), ``layout`` (pages,
running header and footer, outline), ``tagging`` (marked content record) and
``structure`` (the pikepdf pass that writes the PDF/UA structure tree).
"""

from __future__ import annotations

import io

from .. import model as m
from ..anchors import check_links
from ..decide import note_rule
from ..diagnostics import Reporter
from ..hyphenation import Hyphenator, patterns
from ..template.model import Template
from ..walk import blocks_of
from .anchors import collect_anchors
from .context import Ctx
from .fonts import font_set
from .keep import keep_headings
from .landscape import landscape_template
from .layout import BriefDoc, Decor, PageTracker, canvas_maker, page_templates
from .markup import InlineContext, Links, RunStyle, inline_markup
from .notes import FlushNotes, NoteState, endnotes, note_flowables
from .opening import cover, title_block, toc
from .story import block_flowables, blocks
from .styles import make_styles
from .tagging import Recorder, StructNode
from .trail import settle_closing

__all__ = ["render_pdf"]


def _hyphenation(doc: m.Document, template: Template, reporter: Reporter,
                 source: str) -> Hyphenator | None:
    """The brief's hyphenator (see :mod:`briefgen.hyphenation`), or ``None``."""
    if not template.pdf.hyphenate:
        return None
    lang = patterns(doc.meta.language)
    if lang is None:
        where = doc.meta.language_pos or m.Pos(1, 1)
        reporter.warn(source, where.line, where.col, f"no hyphenation patterns for language "
                      f"'{doc.meta.language}'; the PDF is not hyphenated")
        return None
    return Hyphenator(lang)


def _context(doc: m.Document, template: Template, reporter: Reporter, recorder: Recorder,
             source: str) -> Ctx:
    fonts = font_set(doc, template, reporter, source)
    every = (*doc.blocks, *doc.key_points, *(b for n in doc.notes for b in n.blocks))
    code_blocks = any(isinstance(b, m.CodeBlock) for b in blocks_of(every))
    styles = make_styles(template, fonts, _hyphenation(doc, template, reporter, source),
                         code_blocks)
    anchors = collect_anchors(doc)
    links = Links(anchors, template.colours.link, recorder,
                  notes_with_body=frozenset(n.number for n in doc.notes))
    page = template.page
    return Ctx(doc, template, fonts, styles, links, recorder, reporter, source,
               page.text_width, page.text_height,
               footnotes=template.notes.placement == "footnotes")


def _story(ctx: Ctx, tracker: PageTracker, marking: str | None) -> list:
    t, doc, root = ctx.template, ctx.doc, ctx.recorder.root
    for note in doc.notes:
        ctx.note_nodes[note.number] = StructNode("Note", None, {"ID": f"note-{note.number}"})
    # The tracker's pages feed the TOC and the lists of figures and tables.  One layout
    # pass either way: their page numbers, like "Page X of Y", are written when the
    # deferred pages are saved.
    lists = t.crossrefs.list_of_figures or t.crossrefs.list_of_tables
    story: list = [tracker] if t.toc.enabled or lists else []
    style = t.opening.style
    if style == "cover":
        story.extend(cover(ctx, root, marking))
    elif style == "title-block":
        story.extend(title_block(ctx, root, marking))
    # the title is the H1 when it is shown, so sections start at H2
    ctx.heading_offset = ctx.last_tag_level = 1 if style != "none" else 0
    if t.toc.enabled:
        story.extend(toc(ctx, root, tracker))
    story.extend(blocks(ctx, doc.blocks, root))
    story.extend(_notes(ctx, root))
    if ctx.footnotes and doc.notes:
        story.append(FlushNotes())
    return settle_closing(keep_headings(story))


def _notes(ctx: Ctx, root: StructNode) -> list:
    doc = ctx.doc
    if not doc.notes:
        return []
    if ctx.footnotes:
        loose = []
        for note in doc.notes:
            node = ctx.note_nodes[note.number]
            if node.parent is None:
                loose.append(note)
                continue
            ctx.note_bodies[note.number] = note_flowables(
                ctx, note, node, note.number in ctx.links.notes_seen)
        if not loose:
            return []
        notes = tuple(loose)
    else:
        notes = doc.notes
    title = ctx.decisions.notes_title
    heading = m.Heading(1, (m.Text(title),), id="briefgen-endnotes", pos=m.made("notes"))
    anchors = ctx.links.anchors
    anchors.setdefault(heading.id, f"h{len(anchors) + 1}")  # in the outline too
    section = block_flowables(ctx, heading, root)
    return endnotes(ctx, notes, root, section)


def render_pdf(doc: m.Document, template: Template, reporter: Reporter, *,
               tagged: bool = True, heading_pages: dict[str, int] | None = None,
               mark_pages: dict[str, list[int]] | None = None) -> bytes:
    """Render ``doc`` with ``template`` to PDF bytes.

    ``heading_pages``: filled with heading id → page number (for the DOCX
    contents, which shows the numbers of this layout).  ``mark_pages``: filled with
    each table-of-authorities mark's name → the pages it lands on.

    Tagged PDF/UA-1 unless ``tagged`` is false or the template says
    ``pdf.tagged: false``.  Warnings (missing glyphs, dangling anchors, no
    hyphenation patterns) go to ``reporter``; a missing font file raises
    :class:`briefgen.diagnostics.BriefError`.
    """
    doc = check_links(doc, reporter)  # a no-op after build, which checked already
    tagged = tagged and template.pdf.tagged
    source = str(doc.source) if doc.source else "<brief>"
    recorder = Recorder(enabled=tagged)
    ctx = _context(doc, template, reporter, recorder, source)
    tracker = PageTracker()
    marking = ctx.decisions.classification
    story = _story(ctx, tracker, marking)
    buf = io.BytesIO()
    marks: dict[str, list[int]] = {} if mark_pages is None else mark_pages
    built = _build(ctx, story, tracker, marking, buf, marks)
    if heading_pages is not None:
        ids = {key: hid for hid, key in ctx.links.anchors.items()}
        heading_pages.update({ids[k]: page for k, page in tracker.current.items() if k in ids})
    if not tagged:
        return built
    from .structure import finish  # pikepdf: only a tagged PDF needs its pass

    return finish(built, recorder, doc, template)


def _build(ctx: Ctx, story: list, tracker: PageTracker, marking: str | None,
           buf: io.BytesIO, marks: dict[str, list[int]]) -> bytes:
    t, doc, recorder = ctx.template, ctx.doc, ctx.recorder
    p = t.page
    margins = (p.margins.top, p.margins.bottom, p.margins.left, p.margins.right)
    notes = NoteState(ctx.note_bodies, note_rule(t)) if ctx.footnotes else None
    cover_split = p.height * 0.48 if t.opening.style == "cover" else None
    templates = page_templates(p.width, p.height, margins, notes, recorder, t.colours.rule,
                               cover_split)
    if any(isinstance(b, m.Landscape) for b in blocks_of(doc.blocks)):
        templates.append(landscape_template(p.width, p.height, margins, notes, recorder,
                                            t.colours.rule))
    body_face = ctx.fonts.faces(ctx.fonts.body).regular

    def run_markup(text: str, style) -> str:
        ictx = InlineContext(ctx.fonts, ctx.links, ctx.reporter, ctx.source, style.fontSize,
                             style.fontName)
        fam, bold, it = ctx.family_of(style)
        return inline_markup((m.Text(text),), ictx, RunStyle(fam, bold=bold, italic=it))

    banner = marking if ctx.decisions.banner else None
    h, f = t.header, t.footer
    decor = Decor(p.width, p.height, margins,
                  (h.left, h.centre, h.right, h.rule, h.on_first_page),
                  (f.left, f.centre, f.right, f.rule, f.on_first_page),
                  dict(ctx.decisions.fields), banner, t.classification.colour, t.colours.rule,
                  run_markup, ctx.styles.running, recorder,
                  ctx.fonts.faces(ctx.fonts.heading).bold, t.opening.band_colour is not None,
                  (doc.meta.status.upper(), t.watermark.colour, t.watermark.opacity)
                  if doc.meta.status else None, short_title=t.short_title)
    meta = doc.meta
    bdoc = BriefDoc(buf, recorder=recorder, notes=notes or NoteState({}), tracker=tracker,
                    pagesize=(p.width, p.height), leftMargin=p.margins.left,
                    rightMargin=p.margins.right, topMargin=p.margins.top,
                    bottomMargin=p.margins.bottom, title=meta.title,
                    author=", ".join(meta.authors), subject=meta.subtitle or "",
                    keywords=", ".join(meta.keywords), creator="briefgen", lang=meta.language,
                    displayDocTitle=True, invariant=1, initialFontName=body_face,
                    pageTemplates=templates)
    if cover_split is not None:
        bdoc.paint_cover = _cover_painter(ctx, p.width, p.height, cover_split)
    # One pass (the contents' page numbers are written as pages are saved, see
    # ``layout.PageTracker``), and ``build`` consumes the story as it lays it out, so
    # the flowables of a long brief are freed page by page (``multiBuild`` keeps them all
    # for a second pass that never comes).
    bdoc.build(story, canvasmaker=canvas_maker(decor, recorder, marks))
    return buf.getvalue()


def _cover_painter(ctx: Ctx, width: float, height: float, split: float):
    from reportlab.lib.colors import HexColor

    from .tagging import artifact

    colour = ctx.template.opening.band_colour

    def paint(canv) -> None:
        with artifact(canv, ctx.recorder):
            canv.saveState()
            if colour:
                canv.setFillColor(HexColor(colour))
                canv.rect(0, split - 6, width, height - split + 6, stroke=0, fill=1)
            canv.setFillColor(HexColor(ctx.template.colours.accent))
            canv.rect(0, split - 10, width, 4, stroke=0, fill=1)
            canv.restoreState()

    return paint
