"""Tables, the recommendations register and callout boxes.

Tables use the "Brief Table" style (rules above and below, light lines between
rows, no vertical lines), a shaded header row repeated on every page
(``w:tblHeader``), light banding, fixed column widths that add up to the space
available (so cells wrap instead of growing off the page), and per-column
alignment.  A callout is a one-cell table: shaded, with a thick bar on the
left in the kind's border colour and an optional title line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Align, Block, Callout, Inline, RecommendationTable, Table, TableCell, plain_text
from . import oxml as ox
from .context import Ctx, State
from .inlines import RunFmt, render_inlines

from ..decide import CHAR_SHARE, column_widths, register_shares
BAND_FILL = "#F3F5F8"
CALLOUT_PAD = 9.0
CALLOUT_BAR = 3.0
RenderBlocks = Callable[[Sequence[Block], Ctx, State], list[ox.Element]]
_JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def _cell(content: list[ox.Element], width: float, *, style: str, jc: str | None,
          fill: str | None) -> ox.Element:
    props = ox.tcpr(ox.width("w:tcW", width), ox.shading(fill) if fill else None,
                    ox.val("w:vAlign", "bottom" if style == "BriefTableHeading" else "top"))
    para = ox.paragraph(ox.ppr(ox.val("w:pStyle", style), ox.val("w:jc", jc) if jc else None),
                        content)
    return ox.cell(props, [para])


def _table_props(ctx: Ctx, total: float, style: str = "BriefTable") -> ox.Element:
    return ox.tblpr(ox.val("w:tblStyle", style), ox.width("w:tblW", total),
                    ox.width("w:tblInd", ctx.indent) if ctx.indent else None,
                    ox.val("w:tblLayout", "fixed"),
                    ox.el("w:tblLook", {"w:val": "04A0", "w:firstRow": 1, "w:lastRow": 0,
                                        "w:firstColumn": 0, "w:lastColumn": 0, "w:noHBand": 0,
                                        "w:noVBand": 1}))


def _grid_rows(header: Sequence[Sequence[list[ox.Element]]],
               body: Sequence[Sequence[list[ox.Element]]], widths: list[float],
               aligns: Sequence[str | None], header_fill: str) -> list[ox.Element]:
    rows = []
    for cells in header:
        rows.append(ox.row([_cell(c, w, style="BriefTableHeading", jc=a, fill=header_fill)
                            for c, w, a in zip(cells, widths, aligns)], header=True))
    for n, cells in enumerate(body):
        fill = BAND_FILL if n % 2 == 1 else None
        rows.append(ox.row([_cell(c, w, style="BriefTableText", jc=a, fill=fill)
                            for c, w, a in zip(cells, widths, aligns)], cant_split=True))
    return rows


def _padded(row: tuple[TableCell, ...], n: int) -> list[tuple[Inline, ...]]:
    cells = [c.children for c in row[:n]]
    return cells + [()] * (n - len(cells))


def table(block: Table, ctx: Ctx, state: State) -> list[ox.Element]:
    """A caption paragraph (kept with the table) and the table."""
    n = max([len(block.aligns), *(len(r) for r in block.header + block.rows)] or [1])
    header = [_padded(r, n) for r in block.header]
    body = [_padded(r, n) for r in block.rows]
    columns = [[plain_text(row[i]) for row in header + body] for i in range(n)]
    total = ctx.width - ctx.indent
    widths = [share * total for share in block.widths] if block.widths and \
        len(block.widths) == n else column_widths(columns, total,
                                                  (ctx.template.fonts.size - 1) * CHAR_SHARE)
    aligns = [_JC.get(a) if a else None for a in block.aligns] + [None] * n
    head_runs = [[render_inlines(c, ctx, state) for c in r] for r in header]
    body_runs = [[render_inlines(c, ctx, state) for c in r] for r in body]
    rows = _grid_rows(head_runs, body_runs, widths, aligns[:n], ctx.template.colours.primary)
    out = []
    if block.caption:
        runs = render_inlines(block.caption, ctx, state)
        name = ctx.anchors.get(block.id) if block.id else None
        if name:  # a labelled table ({#tbl-x}) is a link target
            runs = ox.bookmark(state.bookmark_id(), name, runs)
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "Caption")), runs))
    out.append(ox.table(_table_props(ctx, total), widths, rows))
    return out


def recommendations(block: RecommendationTable, ctx: Ctx, state: State) -> list[ox.Element]:
    """The register as a two-column table under the header the model gives."""
    total = ctx.width - ctx.indent
    shares = block.widths or register_shares([label for label, _ in block.rows],
                                             block.header[0], ctx.template)
    widths = [share * total for share in shares]  # as assemble decided
    header = [[[ox.text_run(block.header[0])], [ox.text_run(block.header[1])]]]
    body = [[[ox.text_run(label, RunFmt(bold=True).props())], render_inlines(text, ctx, state)]
            for label, text in block.rows]
    rows = _grid_rows(header, body, widths, [None, None], ctx.template.colours.primary)
    return [ox.table(_table_props(ctx, total), widths, rows)]


def callout(block: Callout, ctx: Ctx, state: State,
            render_blocks: RenderBlocks) -> list[ox.Element]:
    """A shaded one-cell box with the kind's colours and title."""
    look = ctx.template.callout(block.kind)
    title = block.title if block.title is not None else look.title
    total = ctx.width - ctx.indent - CALLOUT_BAR
    inner = ctx.with_(width=total - 2 * CALLOUT_PAD, indent=0.0, list_level=0,
                      para_style=None if not ctx.in_note else ctx.para_style)
    content: list[ox.Element] = []
    if title:
        content.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefCalloutTitle")),
                                    [ox.text_run(title, RunFmt(colour=look.title_colour).props())]))
    content.extend(render_blocks(block.blocks, inner, state))
    if not content:
        return []
    box_borders = ox.borders("w:tblBorders", [
        ox.border_side("left", look.border, CALLOUT_BAR, 0),
        *(ox.border_side(side, "", kind="nil") for side in ("top", "bottom", "right",
                                                              "insideH", "insideV"))])
    props = ox.tblpr(ox.width("w:tblW", total),
                     ox.width("w:tblInd", ctx.indent) if ctx.indent else None, box_borders,
                     ox.val("w:tblLayout", "fixed"),
                     ox.cell_margins("w:tblCellMar", CALLOUT_PAD - 2, CALLOUT_PAD,
                                     CALLOUT_PAD - 4, CALLOUT_PAD))
    tc = ox.cell(ox.tcpr(ox.width("w:tcW", total), ox.shading(look.background)), content)
    return [ox.table(props, [total], [ox.row([tc])])]
