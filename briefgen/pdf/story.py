"""Model blocks → tagged flowables, one builder per block type.

Each builder takes the block, the structure node its elements go under, and
the list depth, and returns flowables positioned at the left edge of the
text; nesting is done by the caller with :class:`Indented`.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Spacer

from .. import model as m
from ..decide import ORDERED, bullet, list_gap, list_markers, number_gap
from ..scripts import blocks_direction
from .context import Ctx, attach_notes, place
from .scripts import actual_text, logical_text, script_style
from .figures import image_block
from .flowables import ArtifactFlowable, BriefParagraph, Box, HeadingFlowable, Indented, Labelled
from .leaders import is_leader_entry, leader_entry
from .markup import RunStyle, attr, text_markup
from .tables import recommendation_table, table_block
from .tagging import StructNode, Tagged



def blocks(ctx: Ctx, items: tuple[m.Block, ...], parent: StructNode, depth: int = 0,
           style: ParagraphStyle | None = None) -> list[Flowable]:
    """Flowables of ``items`` (``style`` overrides the body style of paragraphs)."""
    out: list[Flowable] = []
    for block in items:
        out.extend(block_flowables(ctx, block, parent, depth, style))
    return out


def block_flowables(ctx: Ctx, block: m.Block, parent: StructNode, depth: int = 0,
                    style: ParagraphStyle | None = None) -> list[Flowable]:
    builder = BUILDERS.get(type(block))
    if builder is None:
        raise TypeError(f"unknown block {type(block).__name__}")
    return builder(ctx, block, parent, depth, style)


LONG_PARAGRAPH = 20_000
"""Characters above which a paragraph is laid out in consecutive pieces: reportlab
re-wraps the whole remainder at every page break, so one huge paragraph would cost
time quadratic in its length.  Pieces share one P element, so it stays one paragraph."""


def _pieces(inlines: tuple[m.Inline, ...]) -> list[tuple[m.Inline, ...]]:
    """``inlines`` cut at spaces into runs of about LONG_PARAGRAPH characters."""
    pieces: list[list[m.Inline]] = [[]]
    size = 0
    for node in inlines:
        text = node.text if isinstance(node, m.Text) else None
        while text is not None and size + len(text) > LONG_PARAGRAPH:
            cut = text.rfind(" ", 0, max(LONG_PARAGRAPH - size, 1))
            if cut <= 0:
                cut = text.find(" ", LONG_PARAGRAPH - size)
                if cut <= 0:
                    break
            pieces[-1].append(m.Text(text[:cut]))
            pieces.append([])
            size, text = 0, text[cut + 1:]
        if text is not None:
            node = m.Text(text)
        pieces[-1].append(node)
        size += len(m.plain_text((node,)))
    return [tuple(p) for p in pieces if p]


def _long_paragraph(ctx: Ctx, b: m.Paragraph, st: ParagraphStyle,
                    parent: StructNode) -> list[Flowable]:
    pieces = _pieces(b.children)
    first = ctx.para(pieces[0], ParagraphStyle("p0", parent=st, spaceAfter=0), parent, b.pos)
    first.actual = logical_text(first.node, actual_text("", b.children)) and first.actual
    out: list[Flowable] = [first]
    for index, piece in enumerate(pieces[1:], start=1):
        last = index == len(pieces) - 1
        piece_style = ParagraphStyle(f"p{index}", parent=st, spaceBefore=0,
                                     spaceAfter=st.spaceAfter if last else 0)
        text, refs = ctx.markup(piece, piece_style, b.pos)
        attach_notes(ctx, first.node, refs)
        actual = actual_text("", piece) if "ActualText" not in first.node.attrs else None
        out.append(Tagged(BriefParagraph(text, script_style(piece_style, text)), first.node,
                          ctx.recorder, actual=actual))
    return out


def _paragraph(ctx: Ctx, b: m.Paragraph, parent: StructNode, depth: int,
               style: ParagraphStyle | None) -> list[Flowable]:
    st = style or ctx.styles.body
    if is_leader_entry(b):  # an entry of the table of authorities or a list of figures
        return leader_entry(ctx, b, parent, ctx.styles.body_left)
    if b.number is None and len(m.plain_text(b.children)) > LONG_PARAGRAPH:
        return _long_paragraph(ctx, b, st, parent)
    tagged = ctx.para(b.children, st, parent, b.pos)
    if b.number is None:
        return [tagged]
    fam, _bold, _it = ctx.family_of(st)
    number = text_markup(b.number, ctx.inline(st), RunStyle(fam, bold=True))
    gap = number_gap(b.number, st.fontSize)
    label_style = ParagraphStyle("pn", parent=ctx.styles.label, fontName=st.fontName,
                                 fontSize=st.fontSize, leading=st.leading, alignment=0)
    label = BriefParagraph(number, label_style)
    label.ends_word = True  # the text layer reads "1. On", not "1.On"
    label = Tagged(label, tagged.node, ctx.recorder)
    if "ActualText" in tagged.node.attrs:  # the number is read first, as it is drawn
        tagged.node.attrs["ActualText"] = f"{b.number} {tagged.node.attrs['ActualText']}"
    rtl = blocks_direction((b,)) == "rtl"  # the number goes on the side the text starts
    return [Labelled(label, Indented(tagged, gap, rtl), gap, rtl)]


def _heading(ctx: Ctx, b: m.Heading, parent: StructNode, depth: int,
             style: ParagraphStyle | None) -> list[Flowable]:
    h = ctx.template.headings
    tag_level = min(b.level + ctx.heading_offset, ctx.last_tag_level + 1, 6)
    ctx.last_tag_level = tag_level
    outline = min(b.level - 1, ctx.last_outline_level + 1)
    ctx.last_outline_level = outline
    st = ctx.styles.headings[min(b.level, 6) - 1]
    children = b.children
    # drawn in capitals but for its number; the text keeps its case
    upper = f"{b.number}\u2003" if b.number else ""
    key = ctx.links.anchors.get(b.id, "")
    text = m.plain_text(b.children).strip()
    if b.number:
        text = f"{b.number} {text}"
        children = (m.Text(f"{b.number}\u2003"), *children)
    tagged = ctx.para(children, st, parent, b.pos, tag=f"H{tag_level}", cls=HeadingFlowable,
                      prefix=f'<a name="{attr(key)}"/>' if key else "",
                      upper=upper if b.level == 1 and h.uppercase_level1 else None)
    flow = tagged.inner
    flow.level, flow.outline_level, flow.text, flow.key = b.level, outline, text, key
    flow.in_toc = ctx.template.toc.enabled and b.level <= ctx.template.toc.depth
    out: list[Flowable] = [tagged]
    if b.level == 1 and h.rule_below_level1:
        rule = HRFlowable(width="100%", thickness=0.8, color=HexColor(h.colour),
                          spaceBefore=-2, spaceAfter=6)
        art = ArtifactFlowable(rule, ctx.recorder)
        art.keepWithNext = 1
        out.append(art)
    return out


_NUMBERING = {"decimal": "Decimal", "lowerLetter": "LowerAlpha", "lowerRoman": "LowerRoman",
              "\u2022": "Disc", "\u25e6": "Circle", "\u25aa": "Square"}
"""/ListNumbering per marker kind; a marker without a PDF name ("–", "R1") is None."""


def _numbering(ctx: Ctx, b: m.ListBlock, depth: int) -> str:
    if any(item.label for item in b.items):
        return "None"
    kind = ORDERED[depth % len(ORDERED)] if b.ordered else bullet(depth)
    return _NUMBERING.get(kind, "None")


def _list(ctx: Ctx, b: m.ListBlock, parent: StructNode, depth: int,
          style: ParagraphStyle | None) -> list[Flowable]:
    st = style or ctx.styles.body
    node = parent.add("L")
    node.attrs["ListNumbering"] = _numbering(ctx, b, depth)
    markers = list_markers(b, depth)
    gap = list_gap(markers, ctx.template.fonts.size)
    label_style = ParagraphStyle("lbl", parent=ctx.styles.label, fontName=st.fontName,
                                 fontSize=st.fontSize, leading=st.leading,
                                 textColor=st.textColor)
    item_style = ParagraphStyle("li", parent=st, spaceAfter=max(st.spaceAfter - 3, 2))
    out: list[Flowable] = []
    for item, marker in zip(b.items, markers):
        li = node.add("LI")
        lbl = li.add("Lbl")
        place(lbl, item.pos or b.pos, ctx.source)
        body_node = li.add("LBody")
        fam, bold, it = ctx.family_of(st)
        label_text = text_markup(marker, ctx.inline(st), RunStyle(fam, bold=bold, italic=it))
        key = ctx.links.anchors.get(item.id) if item.id else None
        if key:
            label_text = f'<a name="{attr(key)}"/>{label_text}'  # a link target ("see [R2]")
        label = Tagged(BriefParagraph(label_text, label_style), lbl, ctx.recorder)
        body = blocks(ctx, item.blocks, body_node, depth + 1, item_style)
        if not body:
            body = [Tagged(BriefParagraph("", item_style), body_node.add("P"), ctx.recorder)]
        rtl = blocks_direction(item.blocks) == "rtl"  # marker and indent on the right
        body = [Indented(f, gap, rtl) for f in body]
        out.append(Labelled(label, body[0], gap, rtl))
        out.extend(body[1:])
    if out:
        out.append(Spacer(1, 3 if depth else 4))
    return out


def _quote(ctx: Ctx, b: m.BlockQuote, parent: StructNode, depth: int,
           style: ParagraphStyle | None) -> list[Flowable]:
    node = parent.add("BlockQuote")
    inner = blocks(ctx, b.blocks, node, depth, ctx.styles.quote)
    if not inner:
        return []
    return [Box(inner, ctx.recorder, background=None, border=ctx.template.colours.rule,
                pad=10, bar=2.5, space=6)]


def _code(ctx: Ctx, b: m.CodeBlock, parent: StructNode, depth: int,
          style: ParagraphStyle | None) -> list[Flowable]:
    st = ctx.styles.code
    ictx = ctx.inline(st)
    run = RunStyle(ctx.fonts.mono, mono=False)
    lines = []
    for line in b.text.rstrip("\n").split("\n"):
        stripped = line.lstrip(" \t")
        lead = "\u00a0" * (len(line) - len(stripped))
        lines.append(text_markup(lead + stripped.replace("  ", " \u00a0"), ictx, run))
    ictx.report_missing(b.pos)
    node = parent.add("Code")
    flows = [Tagged(BriefParagraph(line or "\u00a0", st), node, ctx.recorder) for line in lines]
    return [Box(flows or [Tagged(BriefParagraph("", st), node, ctx.recorder)], ctx.recorder,
                background="#F3F4F6", border="#C9CED6", pad=7, bar=2, space=6)]


def _rule(ctx: Ctx, b: m.Rule, parent: StructNode, depth: int,
          style: ParagraphStyle | None) -> list[Flowable]:
    rule = HRFlowable(width="100%", thickness=0.6, color=HexColor(ctx.template.colours.rule),
                      spaceBefore=6, spaceAfter=10)
    return [ArtifactFlowable(rule, ctx.recorder)]


def _deflist(ctx: Ctx, b: m.DefinitionList, parent: StructNode, depth: int,
             style: ParagraphStyle | None) -> list[Flowable]:
    st = style or ctx.styles.body
    node = parent.add("L")
    term_style = ParagraphStyle("term", parent=st, fontName=ctx.fonts.faces(
        ctx.family_of(st)[0]).bold, spaceAfter=1, keepWithNext=1)
    out: list[Flowable] = []
    for item in b.items:
        li = node.add("LI")
        out.append(ctx.para(item.term, term_style, li, b.pos, tag="Lbl"))
        body_node = li.add("LBody")
        for definition in item.definitions:
            out.extend(Indented(f, 18) for f in blocks(ctx, definition, body_node, depth + 1, st))
    return out


def callout_flowables(ctx: Ctx, kind: str, title: str | None, content: tuple[m.Block, ...],
                      parent: StructNode, pos: m.Pos | None, depth: int = 0,
                      hyphenate: bool = True) -> list[Flowable]:
    """A callout box of ``kind`` (the key-points panel is one too; on a cover,
    ``hyphenate=False``: cover text is never hyphenated)."""
    cs = ctx.template.callout(kind)
    node = parent.add("Div")
    inner: list[Flowable] = []
    heading = title if title is not None else cs.title
    if heading:
        st = ParagraphStyle("ct", parent=ctx.styles.callout_title,
                            textColor=HexColor(cs.title_colour))
        inner.append(ctx.para((m.Text(heading),), st, node, pos))
    body_style = ParagraphStyle("cb", parent=ctx.styles.body_left, spaceAfter=4)
    if not hyphenate:
        body_style.hyphenationLang = ""
    inner.extend(blocks(ctx, content, node, depth, body_style))
    if not inner:
        return []
    return [Box(inner, ctx.recorder, background=cs.background, border=cs.border)]


def _callout(ctx: Ctx, b: m.Callout, parent: StructNode, depth: int,
             style: ParagraphStyle | None) -> list[Flowable]:
    return callout_flowables(ctx, b.kind, b.title, b.blocks, parent, b.pos, depth)


def _image(ctx: Ctx, b: m.Image, parent: StructNode, depth: int,
           style: ParagraphStyle | None) -> list[Flowable]:
    return image_block(ctx, b, parent)


def _chart(ctx: Ctx, b: m.Chart, parent: StructNode, depth: int,
           style: ParagraphStyle | None) -> list[Flowable]:
    from .charts import chart_block
    return chart_block(ctx, b, parent)


def _landscape(ctx: Ctx, b: m.Landscape, parent: StructNode, depth: int,
               style: ParagraphStyle | None) -> list[Flowable]:
    from .landscape import landscape_flowables
    return landscape_flowables(ctx, b, parent, depth)


def _table(ctx: Ctx, b: m.Table, parent: StructNode, depth: int,
           style: ParagraphStyle | None) -> list[Flowable]:
    return table_block(ctx, b, parent)


def _recs(ctx: Ctx, b: m.RecommendationTable, parent: StructNode, depth: int,
          style: ParagraphStyle | None) -> list[Flowable]:
    return recommendation_table(ctx, b, parent)


Builder = Callable[[Ctx, object, StructNode, int, "ParagraphStyle | None"], list[Flowable]]
BUILDERS: dict[type, Builder] = {
    m.Paragraph: _paragraph,
    m.Heading: _heading,
    m.ListBlock: _list,
    m.BlockQuote: _quote,
    m.CodeBlock: _code,
    m.Rule: _rule,
    m.DefinitionList: _deflist,
    m.Callout: _callout,
    m.Image: _image,
    m.Table: _table,
    m.RecommendationTable: _recs,
    m.Chart: _chart,
    m.Landscape: _landscape,
}

__all__ = ["blocks", "block_flowables", "callout_flowables"]
