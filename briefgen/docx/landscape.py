"""Landscape pages in the DOCX: each ``::: landscape`` block is its own section.

Word keeps a section's page set-up in the ``w:sectPr`` of the section's last
paragraph.  :func:`landscape` writes the block between two such paragraphs
(the portrait section before it ends, the landscape section ends after it),
laid out for the landscape text width; their ``w:sectPr`` are only markers
until :func:`finish` runs after the page set-up and running parts exist.  Then
every section copies the body's page set-up (margins, header and footer
distances, page numbering continues) and a landscape section gets the page
turned (``w:orient="landscape"``, width and height swapped) and header and
footer parts of its own whose centre and right tab stops sit on the landscape
text width, so the running header, footer, page numbers and classification
banner stand right.  Only the first section keeps a different first page.
"""

from __future__ import annotations

import copy

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from ..model import Landscape
from . import oxml as ox
from .context import Ctx, State

_MARK = "w:pgSz"


def _marker(orient: str) -> ox.Element:
    sect = ox.el("w:sectPr", None, [ox.el(_MARK, {"w:orient": orient})])
    return ox.paragraph(ox.ppr(sect))


def landscape(block: Landscape, ctx: Ctx, state: State,
              render_blocks) -> list[ox.Element]:  # noqa: ANN001 - blocks.render_blocks
    """The portrait section's end, the blocks (laid out wide), the landscape section's end."""
    page = ctx.template.page
    wide = page.height - page.margins.left - page.margins.right
    inner = render_blocks(block.blocks, ctx.with_(width=wide - (page.text_width - ctx.width)),
                          state)
    return [_marker("portrait"), *inner, _marker("landscape")]


def finish(document: DocxDocument, ctx: Ctx, values: dict[str, str], banner: str | None) -> None:
    """Give every landscape block's sections their page set-up and running parts."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    marks = body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}")
    if final is None or not marks:
        return
    for index, mark in enumerate(marks):
        turned = mark.find(qn(_MARK)).get(qn("w:orient")) == "landscape"
        for child in list(mark):
            mark.remove(child)
        for child in copy.deepcopy(final):
            mark.append(child)
        if turned:
            _turn(mark)
        if index or turned:
            _drop(mark, "w:titlePg")
    _drop(final, "w:titlePg")
    for section in document.sections:
        if section.orientation == 1:  # WD_ORIENT.LANDSCAPE
            _running(section, ctx, values, banner)


def _turn(sect: ox.Element) -> None:
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")
    for tag in ("w:headerReference", "w:footerReference"):
        _drop(sect, tag)


def _drop(sect: ox.Element, tag: str) -> None:
    for child in sect.findall(qn(tag)):
        sect.remove(child)


def _running(section, ctx: Ctx, values: dict[str, str], banner: str | None) -> None:  # noqa: ANN001
    """Header and footer parts of the landscape section, tab stops on its text width."""
    from .running import _story

    wide = ctx.template.page.height - ctx.template.page.margins.left - \
        ctx.template.page.margins.right
    t = ctx.template
    for story, running, style in ((section.header, t.header, "Header"),
                                  (section.footer, t.footer, "Footer")):
        story.is_linked_to_previous = False
        _story(story, running, style, values, banner, ctx.with_(width=wide), False)
        for p in story._element.findall(qn("w:p")):
            ppr = p.get_or_add_pPr()
            kinds = [tab.get(qn("w:val")) for tabs in ppr.findall(qn("w:tabs"))
                     for tab in tabs.findall(qn("w:tab"))]
            for portrait in ppr.findall(qn("w:tabs")):  # one w:tabs only (LibreOffice
                ppr.remove(portrait)  # reads the first): the landscape stops replace them
            ppr.insert_element_before(_wide_stops(ctx, wide, kinds), *[
                f"w:{name}" for name in ox.PPR_ORDER[ox.PPR_ORDER.index("tabs") + 1:]])


def _wide_stops(ctx: Ctx, wide: float, kinds: list[str | None]) -> ox.Element:
    """The line's own stops moved to the landscape width (a centre stop only where the
    portrait line had one: a lone tab goes to the right edge), the style's cleared."""
    width = ctx.template.page.text_width
    stops = [("clear", width / 2), ("clear", width)]
    if "center" in kinds:
        stops.append(("center", wide / 2))
    return ox.tabs([*stops, ("right", wide)])
