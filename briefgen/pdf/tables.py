"""Tables: Paragraph cells, column widths that fit the frame, a repeated and
shaded header, thin rules, rows that split (``splitInRow``), and tags
Table > TR > TH (/Scope /Column) | TD, with grid and shading as artifacts."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from .. import model as m
from ..decide import register_shares
from .flowables import Anchor
from .keep import KeptTable
from .tagging import Recorder, StructNode

PAD = 5.0
MIN_COLUMN = 24.0
ALIGNS = {m.Align.LEFT: TA_LEFT, m.Align.CENTER: TA_CENTER, m.Align.RIGHT: TA_RIGHT, None: TA_LEFT}


def col_widths(texts: list[list[str]], fonts: list[str], size: float,
               width: float) -> list[float]:
    """Widths for columns of ``texts`` (rows of cell strings, row ``i`` set in
    ``fonts[i]``, the last font serving the rest) that sum to ``width``:
    every column gets at least its longest word (within reason), the rest
    of the room goes by natural width."""
    ncols = max((len(r) for r in texts), default=1)
    natural = [2 * PAD + 12.0] * ncols
    minimum = [2 * PAD + 12.0] * ncols
    for r, row in enumerate(texts[:400]):
        font = fonts[min(r, len(fonts) - 1)]
        for i, text in enumerate(row):
            natural[i] = max(natural[i], min(stringWidth(text, font, size), width) + 2 * PAD)
            longest = max((stringWidth(w, font, size) for w in text.split()), default=0)
            minimum[i] = max(minimum[i], min(longest, width / ncols * 1.6) + 2 * PAD + 1)
    if sum(natural) <= width:
        total = sum(natural)
        return [n * width / total for n in natural]
    if sum(minimum) >= width:
        total = sum(minimum)
        return [mn * width / total for mn in minimum]
    spare = width - sum(minimum)
    extra = [n - mn for n, mn in zip(natural, minimum)]
    total = sum(extra) or 1.0
    return [mn + spare * e / total for mn, e in zip(minimum, extra)]


def _render_cb(recorder: Recorder):
    """reportlab's Table render callback: backgrounds and grid are artifacts."""

    def cb(table: Table, event: str, *args: object) -> None:
        if not recorder.enabled:
            return
        if event in ("startBG", "startLines"):
            table.canv.addLiteral("/Artifact <</Type /Layout>> BDC")
        elif event in ("endBG", "endLines"):
            table.canv.addLiteral("EMC")

    return cb


def _style(ctx, nhead: int, nrows: int) -> TableStyle:
    c = ctx.template.colours
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), ctx.styles.cell.fontName, ctx.styles.cell.fontSize),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, nhead), (-1, -1), 0.35, HexColor(c.rule)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.9, HexColor(c.primary)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.9, HexColor(c.primary)),
    ]
    if nhead:
        cmds.append(("BACKGROUND", (0, 0), (-1, nhead - 1), HexColor(c.primary)))
    if nrows > 2:
        cmds.append(("ROWBACKGROUNDS", (0, nhead), (-1, -1),
                     [HexColor("#FFFFFF"), HexColor("#F4F6F9")]))
    return TableStyle(cmds)


def _cell_styles(ctx, aligns: tuple[m.Align | None, ...]) -> tuple[list, list]:
    body, head = [], []
    for a in aligns:
        al = ALIGNS.get(a, TA_LEFT)
        body.append(ParagraphStyle(f"c{al}", parent=ctx.styles.cell, alignment=al))
        head.append(ParagraphStyle(f"h{al}", parent=ctx.styles.head_cell, alignment=al))
    return body, head


def build_table(ctx, parent: StructNode, aligns: tuple[m.Align | None, ...],
                header: tuple[tuple[tuple[m.Inline, ...], ...], ...],
                rows: tuple[tuple[tuple[m.Inline, ...], ...], ...],
                caption: tuple[m.Inline, ...] | None, pos: m.Pos | None,
                widths: list[float] | None = None,
                row_pos: tuple[m.Pos | None, ...] = (),
                caption_pos: m.Pos | None = None) -> list[Flowable]:
    """A table of inline cells; ``widths`` ``None``: computed.  ``row_pos``: where each
    row (header rows first) was written, when known (else ``pos``)."""
    ncols = max([len(aligns)] + [len(r) for r in header + rows])
    if ncols > max_columns(ctx.frame_width):
        return _too_wide(ctx, parent, header, rows, ncols, pos)
    aligns = tuple(aligns) + (None,) * (ncols - len(aligns))
    node = parent.add("Table")
    above = caption and ctx.decisions.table_caption == "above"
    # the Caption is the Table's first (or last) child, where it is read
    cap = ctx.para(caption, ctx.styles.caption, node, caption_pos or pos, tag="Caption") \
        if caption else None
    if cap is not None and above:
        cap.inner.keepWithNext = cap.keepWithNext = 1
    body_st, head_st = _cell_styles(ctx, aligns)
    data: list[list[Flowable]] = []
    for is_head, group in ((True, header), (False, rows)):
        for row in group:
            where = row_pos[len(data)] if len(data) < len(row_pos) else None
            tr = node.add("TR")
            cells = []
            for i in range(ncols):
                inl = row[i] if i < len(row) else ()
                st = head_st[i] if is_head else body_st[i]
                cell = ctx.para(inl, st, tr, where or pos, tag="TH" if is_head else "TD")
                if is_head:
                    cell.node.attrs["Scope"] = "Column"
                    cell.artifact_if_repeated = True
                cells.append(cell)
            data.append(cells)
    if widths is None:
        texts = [[m.plain_text(c) for c in r] for r in header + rows]
        fonts = [ctx.styles.head_cell.fontName] * len(header) + [ctx.styles.cell.fontName]
        widths = col_widths(texts, fonts, ctx.styles.cell.fontSize, ctx.frame_width)
    table = KeptTable(data, colWidths=widths, repeatRows=len(header), splitInRow=1,
                  renderCB=_render_cb(ctx.recorder), hAlign="LEFT", spaceBefore=6,
                  spaceAfter=4 if caption and not above else 10)
    table.keep_limit = ctx.frame_height * 0.8
    table.setStyle(_style(ctx, len(header), len(rows)))
    if cap is None:
        return [table]
    if above:
        return [cap, table]
    node.children.append(node.children.pop(0))  # the Caption after the rows
    return [table, cap]


def max_columns(width: float) -> int:
    """The most columns that fit across ``width`` at a legible minimum."""
    return max(1, int(width // MIN_COLUMN))


def _too_wide(ctx, parent: StructNode, header, rows, ncols: int,
              pos: m.Pos | None) -> list[Flowable]:
    """A table with more columns than fit: reported, and shown as one
    paragraph per row (``Header: value; …``) so no cell is lost."""
    line, col = (pos.line, pos.col) if pos else (0, 0)
    ctx.reporter.warn(pos.path or ctx.source if pos else ctx.source, line, col,
                      f"table has {ncols} columns, more than fit across the page "
                      f"({max_columns(ctx.frame_width)}); the PDF shows it as one paragraph per row")
    names = [m.plain_text(c) for c in header[0]] if header else []
    node = parent.add("Div")
    out: list[Flowable] = []
    for row in (header[1:] if header else ()) + rows:
        inl: list[m.Inline] = []
        for i, cell in enumerate(row):
            if i:
                inl.append(m.Text("; "))
            if i < len(names) and names[i]:
                inl.append(m.Strong((m.Text(names[i] + ": "),)))
            inl.extend(cell)
        out.append(ctx.para(tuple(inl), ctx.styles.body_left, node, pos))
    return out


def table_block(ctx, b: m.Table, parent: StructNode) -> list[Flowable]:
    header = tuple(tuple(c.children for c in row) for row in b.header)
    rows = tuple(tuple(c.children for c in row) for row in b.rows)
    ncols = max([len(b.aligns)] + [len(r) for r in header + rows])
    widths = [share * ctx.frame_width for share in b.widths] \
        if b.widths and len(b.widths) == ncols else None  # as assemble decided
    key = ctx.links.anchors.get(b.id or "")  # a labelled table ({#tbl-x}) is a link target
    anchor: list[Flowable] = [Anchor(key)] if key else []
    row_pos = tuple(next((c.pos for c in row if c.pos), None) for row in b.header + b.rows)
    return anchor + build_table(ctx, parent, b.aligns, header, rows, b.caption, b.pos, widths,
                                row_pos, b.caption_pos)


def recommendation_table(ctx, b: m.RecommendationTable, parent: StructNode) -> list[Flowable]:
    """The recommendations register: label and text columns, as wide as assemble decided."""
    header = (((m.Text(b.header[0]),), (m.Text(b.header[1]),)),)
    rows = tuple(((m.Text(label),), inlines) for label, inlines in b.rows)
    shares = b.widths or register_shares([label for label, _ in b.rows], b.header[0],
                                         ctx.template)
    return build_table(ctx, parent, (m.Align.LEFT, None), header, rows, None, b.pos,
                       widths=[share * ctx.frame_width for share in shares],
                       row_pos=(b.pos, *b.row_pos))


__all__ = ["table_block", "recommendation_table", "col_widths"]
