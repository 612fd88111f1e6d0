"""``render_docx``: the DOCX writer's entry point, in phases (as pandoc's Docx.hs).

1. Base document (built-in or reference) with its body cleared; styles.
2. Read-only context and the accumulator (anchors, numbering, ids).
3. Opening, table of contents, body, notes (footnotes part or endnotes section).
4. Page set-up, running header and footer, classification banner.
5. Core properties and the reproducible zip.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.oxml.ns import qn

from ..anchors import check_links
from ..diagnostics import Reporter
from ..model import Document
from ..template.model import Template
from . import fields, footnotes, landscape, opening, package, running
from .bidi import mark_rtl_notes, mark_rtl_paragraphs
from . import oxml as ox
from .blocks import render_blocks, spacer
from .context import Ctx, State, collect_anchors
from .numbering import Numbering
from .styles import (apply_styles, hyphenation_settings, justification_settings,
                     language_tag)
from .watermark import add_watermark


ENDNOTES_ID = "briefgen-endnotes"
"""The id the PDF gives its endnotes heading (``briefgen.pdf``): its page in the contents."""


def _toc(ctx: Ctx, notes_anchor: str) -> list[ox.Element]:
    if not ctx.template.toc.enabled:
        return []
    entries = fields.toc_entries(ctx.doc.headings(), ctx)
    if ctx.template.notes.placement == "endnotes" and ctx.doc.notes:
        entries.append(fields.TocEntry(1, ctx.decisions.notes_title, notes_anchor,
                                       ctx.toc_pages.get(ENDNOTES_ID)))
    after = ox.page_break() if ctx.template.opening.style == "cover" else spacer()
    return [*fields.toc(entries, ctx), after]


def _content(ctx: Ctx, state: State, document_part) -> list[ox.Element]:  # noqa: ANN001
    notes_anchor = ctx.anchors.allocate("notes", "notes")
    elements = opening.opening(ctx, state, render_blocks)
    elements += _toc(ctx, notes_anchor)
    elements += render_blocks(ctx.doc.blocks, ctx, state)
    footnotes.build_footnotes(document_part, ctx, state, render_blocks)
    elements += footnotes.endnotes_section(footnotes.unplaced_notes(ctx, state), ctx, state,
                                           render_blocks, notes_anchor)
    return elements


def render_docx(doc: Document, template: Template, reporter: Reporter,
                toc_pages: Mapping[str, int] | None = None) -> bytes:
    """The brief ``doc`` laid out by ``template`` as DOCX bytes (byte-reproducible).

    ``toc_pages``: heading id → page in the PDF of the same brief (see
    ``render_pdf(heading_pages=…)``), shown in the contents until Word updates it.

    Problems that do not stop the output (an unknown link anchor, an image that
    cannot be read) are reported to ``reporter`` as warnings.
    """
    doc = check_links(doc, reporter)  # a no-op after build, which checked already
    document = package.base_document(template.docx.reference)
    apply_styles(document.styles.element, template, doc.meta.language,
                 overwrite=template.docx.reference is None)
    hyphenation_settings(document.settings.element, template, doc.meta.language)
    justification_settings(document.settings.element)

    fallbacks = (template.fonts.body, *template.fonts.fallback)
    state = State(numbering=Numbering(document.part, fallbacks))
    ctx = Ctx(doc=doc, template=template, reporter=reporter, part=document.part,
              anchors=collect_anchors(doc), width=template.page.text_width,
              toc_pages=toc_pages or {})

    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for element in _content(ctx, state, document.part):
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)

    mark_rtl_paragraphs(body)
    mark_rtl_notes(document.part)
    section = document.sections[-1]  # the body's own; landscape blocks add sections before it
    running.setup_page(section, ctx)
    running.running_parts(section, ctx, opening.field_values(ctx), _banner(ctx),
                          keep_existing=template.docx.reference is not None)
    landscape.finish(document, ctx, opening.field_values(ctx), _banner(ctx))
    if doc.meta.status:
        _ensure_headers(document)
        add_watermark(document, doc.meta.status.upper(), template.fonts.heading,
                      template.watermark.colour, template.watermark.opacity,
                      template.page.text_width)

    package.set_core_properties(document, doc.meta, language_tag(doc.meta.language),
                                opening.classification(ctx))
    return package.save(document)


def _ensure_headers(document) -> None:  # noqa: ANN001 - a python-docx Document
    """Every section shows a header part (a watermark lives there), the first page's too."""
    sections = list(document.sections)
    if sections and sections[0].header.is_linked_to_previous:
        sections[0].header.is_linked_to_previous = False  # later sections inherit it
    for section in sections:
        if section.different_first_page_header_footer and \
                section.first_page_header.is_linked_to_previous:
            section.first_page_header.is_linked_to_previous = False


def _banner(ctx: Ctx) -> str | None:
    return ctx.decisions.classification if ctx.decisions.banner else None
