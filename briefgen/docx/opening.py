"""The opening of the brief: nothing, a title block, or a cover page.

``title-block``: Title, Subtitle, byline (authors, organisation, date: a line each), the
classification line, the word count when the template asks, a rule, then the
key-points panel.  ``cover``: the same on a page of its own (logo first, the
title in a coloured band when ``opening.band_colour`` is set), ending with a
page break.  ``none``: only the key-points panel, so its words are not lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Block, Callout
from . import oxml as ox
from . import tables
from .context import Ctx, State
from .images import picture_run
from .inlines import RunFmt

RenderBlocks = Callable[[Sequence[Block], Ctx, State], list[ox.Element]]
COVER_TITLE_SCALE = 1.0


def classification(ctx: Ctx) -> str | None:
    """The marking to print (as assemble decided), or ``None``."""
    return ctx.decisions.classification


def field_values(ctx: Ctx) -> dict[str, str]:
    """Values of the running header/footer fields (as assemble decided)."""
    return dict(ctx.decisions.fields)


def _line(style: str, text: str, fmt: RunFmt | None = None,
          extra: ox.Element | None = None) -> ox.Element:
    props = (fmt or RunFmt()).props()
    return ox.paragraph(ox.ppr(ox.val("w:pStyle", style), extra), [ox.text_run(text, props)])


def _details(ctx: Ctx) -> list[ox.Element]:
    """Byline (authors, organisation, date: one line each, as the PDF stacks them),
    classification line and word count."""
    out = [_line("BriefByline", part) for part in ctx.decisions.byline]
    if marking := classification(ctx):
        out.append(_line("BriefClassification", marking))
    if ctx.decisions.word_count:
        out.append(_line("BriefByline", ctx.decisions.word_count))
    return out


def key_points(ctx: Ctx, state: State, render_blocks: RenderBlocks) -> list[ox.Element]:
    """The key-points panel, when the template shows one and the brief has points."""
    if not (ctx.template.opening.key_points and ctx.doc.key_points):
        return []
    panel = tables.callout(Callout("keypoints", ctx.decisions.key_points_title,
                                   ctx.doc.key_points), ctx, state,
                           render_blocks)
    return [*panel, ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefSpacer")))] if panel else []


def _title_lines(ctx: Ctx, scale: float, colour: str | None) -> list[ox.Element]:
    meta, t = ctx.doc.meta, ctx.template
    size = (t.headings.size(1) + 9) * scale  # as the PDF's title
    title_fmt = RunFmt(colour=colour)
    out = [ox.paragraph(ox.ppr(ox.val("w:pStyle", "Title")),
                        [ox.text_run(meta.title, ox.rpr(*title_fmt.props(), *ox.size(size)))])]
    if meta.subtitle:
        out.append(_line("Subtitle", meta.subtitle, RunFmt(colour=colour)))
    return out


def title_block(ctx: Ctx, state: State, render_blocks: RenderBlocks) -> list[ox.Element]:
    out = [*_title_lines(ctx, 1.0, None), *_details(ctx)]
    out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefOpeningRule"))))
    return out + key_points(ctx, state, render_blocks)


COVER_SPLIT = 0.48
"""The cover band runs from the top of the page down to this share of its height
from the bottom, across the full width (as the PDF's band)."""
ACCENT = 4.0
"""Points: the accent strip under the band."""


def _band(ctx: Ctx, mark: list[ox.Element], lines: list[ox.Element],
          colour: str) -> list[ox.Element]:
    """A full-bleed band anchored to the page's top left corner: ``mark`` (logo or
    wordmark) at the top margin, the title lines at its foot, an accent strip below."""
    page = ctx.template.page
    m = page.margins
    height = page.height * (1 - COVER_SPLIT) + 6
    top_row = m.top + 48
    position = ox.el("w:tblpPr", {"w:leftFromText": 0, "w:rightFromText": 0,
                                  "w:topFromText": 0, "w:bottomFromText": 0,
                                  "w:vertAnchor": "margin", "w:horzAnchor": "margin",
                                  "w:tblpX": -ox.twips(m.left), "w:tblpY": -ox.twips(m.top)})
    props = ox.tblpr(position, ox.val("w:tblOverlap", "never"),
                     ox.width("w:tblW", page.width), ox.val("w:tblLayout", "fixed"),
                     ox.cell_margins("w:tblCellMar", 0, m.left, 0, m.right))
    accent = ox.borders("w:tcBorders", [ox.border_side("bottom", ctx.template.colours.accent,
                                                       ACCENT, 0)])

    def band_row(blocks: list[ox.Element], rows: float, align: str, last: bool) -> ox.Element:
        tcpr = ox.tcpr(ox.width("w:tcW", page.width), accent if last else None,
                       ox.shading(colour), ox.val("w:vAlign", align),
                       ox.cell_margins("w:tcMar", m.top if not last else 0, m.left,
                                       14 if last else 0, m.right))
        tr = ox.row([ox.cell(tcpr, blocks)])
        tr.insert(0, ox.el("w:trPr", None, [ox.el("w:trHeight", {
            "w:val": ox.twips(rows), "w:hRule": "exact"})]))
        return tr

    rows = [band_row(mark, top_row, "top", False),
            band_row(lines, height - top_row, "bottom", True)]  # the strip is drawn
    # below the rows: the band ends and the strip starts where the PDF's do
    return [ox.table(props, [page.width], rows),
            ox.paragraph(ox.ppr(ox.spacing(0, 0, 18, exact=True)))]


WORDMARK_SIZE = 15.0
"""Points: the organisation's name as a wordmark (as in the PDF)."""


def _wordmark(ctx: Ctx, colour: str) -> list[ox.Element]:
    """The organisation's name where a logo would be (as decided: a cover without one)."""
    name = ctx.decisions.wordmark
    if not name:
        return []
    props = ox.rpr(*RunFmt(bold=True, colour=colour).props(), *ox.size(WORDMARK_SIZE))
    return [ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefByline"), ox.spacing(0, 24, 1.0)),
                         [ox.text_run(name, props)])]


def _logo(ctx: Ctx, state: State, on_band: bool = False) -> list[ox.Element]:
    logo = ctx.template.opening.logo
    if logo is None:
        return _wordmark(ctx, "#FFFFFF" if on_band else ctx.template.colours.primary)
    size = ctx.decisions.logo  # as assemble decided; None: no readable file
    try:
        if size is None:
            raise ValueError("not a readable image file")
        run = picture_run(logo, ctx, state, alt="", decorative=True, max_width=size[0],
                          display=size)
    except Exception as exc:  # noqa: BLE001 - a broken logo must not stop the brief
        ctx.warn(f"logo {logo} could not be added ({exc})")
        return []
    return [ox.paragraph(ox.ppr(ox.spacing(0, 36, 1.0)), [run])]


def cover(ctx: Ctx, state: State, render_blocks: RenderBlocks) -> list[ox.Element]:
    band = ctx.template.opening.band_colour
    mark = _logo(ctx, state, on_band=bool(band))
    if band:
        out = _band(ctx, mark, _title_lines(ctx, COVER_TITLE_SCALE, "#FFFFFF"), band)
    else:
        out = mark
        out.append(ox.paragraph(ox.ppr(ox.spacing(0, 0, 60 if mark else 120, exact=True))))
        out += _title_lines(ctx, COVER_TITLE_SCALE, None)
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefOpeningRule"))))
    out += _details(ctx)
    out.append(ox.paragraph(ox.ppr(ox.spacing(0, 0, 24, exact=True))))
    out += key_points(ctx, state, render_blocks)
    out.append(ox.page_break())
    return out


def opening(ctx: Ctx, state: State, render_blocks: RenderBlocks) -> list[ox.Element]:
    """The elements before the body, per ``template.opening.style``."""
    style = ctx.template.opening.style
    if style == "cover":
        return cover(ctx, state, render_blocks)
    if style == "title-block":
        return title_block(ctx, state, render_blocks)
    return key_points(ctx, state, render_blocks)
