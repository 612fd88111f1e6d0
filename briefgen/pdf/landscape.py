"""Landscape pages in the PDF: ``::: landscape`` blocks go on pages turned sideways.

A second page template, ``landscape``, has the body's page size turned
(width and height swapped) and the same margins, so the running header,
footer, page numbers and classification banner stand where they stand on the
body's pages, along the long edge.  (``Decor.paint`` lays them out on each
page's own size.)  The blocks inside are laid out for the wider frame;
a page break before and after returns the body to its portrait pages.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from .. import model as m
from .notes import FootnoteFrame, NoteState
from .tagging import StructNode

TEMPLATE = "landscape"


def landscape_template(width: float, height: float, margins: tuple[float, float, float, float],
                       notes: NoteState | None, recorder, rule_colour: str) -> PageTemplate:
    """The landscape page template for a body page of ``width`` × ``height`` (portrait)."""
    top, bottom, left, right = margins
    page_w, page_h = height, width
    fw, fh = page_w - left - right, page_h - top - bottom
    pads = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    frame: Frame
    if notes is not None:
        frame = FootnoteFrame(left, bottom, fw, fh, id="landscape-body", state=notes,
                              recorder=recorder, rule_colour=rule_colour, **pads)
    else:
        frame = Frame(left, bottom, fw, fh, id="landscape-body", **pads)

    def on_page(canv, doc) -> None:  # noqa: ANN001 - reportlab callback
        canv.page_kind = "body"

    def on_page_end(canv, doc) -> None:  # noqa: ANN001
        if isinstance(frame, FootnoteFrame):
            frame.draw_notes(canv)

    return PageTemplate(TEMPLATE, [frame], onPage=on_page, onPageEnd=on_page_end,
                        pagesize=(page_w, page_h))


def landscape_flowables(ctx, b: m.Landscape, parent: StructNode, depth: int) -> list[Flowable]:
    """The blocks of ``b`` on landscape pages, laid out for the landscape frame."""
    from .story import blocks

    page = ctx.template.page
    width, height = ctx.frame_width, ctx.frame_height
    ctx.frame_width = page.height - page.margins.left - page.margins.right
    ctx.frame_height = page.width - page.margins.top - page.margins.bottom
    try:
        inner = blocks(ctx, b.blocks, parent, depth)
    finally:
        ctx.frame_width, ctx.frame_height = width, height
    return [NextPageTemplate(TEMPLATE), PageBreak(), *inner, NextPageTemplate("body"),
            PageBreak()]
