"""Block nodes → ``w:p``/``w:tbl`` elements (one function per type).

Renderers return detached elements; the caller places them (body, footnote,
table cell).  Nothing is attached before a block has been built completely, so
an error never leaves a half-made or empty paragraph behind.  A spacer
paragraph follows every table: Word joins adjacent tables, and text would
otherwise touch the table's bottom rule.
"""

from __future__ import annotations

import copy
import re

from collections.abc import Callable, Sequence

from docx.oxml.ns import qn

from ..decide import MARKER_SPACE, list_gap, list_markers, number_gap
from ..model import (Block, BlockQuote, Callout, Chart, CodeBlock, DefinitionList, Heading, Image,
                     Landscape, ListBlock, ListItem, Paragraph, RecommendationTable, Rule, Table)
from . import images, tables
from . import oxml as ox
from .context import Ctx, State
from .crossrefs import leader_props
from .inlines import RunFmt, render_inlines
from .keep import keep_after_headings
from .numbering import item_indent, num_pr

Handler = Callable[[Block, Ctx, State], list[ox.Element]]


def _style(style_id: str | None) -> ox.Element | None:
    return ox.val("w:pStyle", style_id) if style_id else None


def heading_number_runs(number: str | None) -> list[ox.Element]:
    return [ox.text_run(f"{number} ")] if number else []


def _heading(block: Heading, ctx: Ctx, state: State) -> list[ox.Element]:
    content = heading_number_runs(block.number) + render_inlines(block.children, ctx, state)
    name = ctx.anchors.get(block.id) if block.id else None
    if name:
        content = ox.bookmark(state.bookmark_id(), name, content)
    return [ox.paragraph(ox.ppr(_style(f"Heading{min(max(block.level, 1), 6)}")), content)]


def _paragraph(block: Paragraph, ctx: Ctx, state: State) -> list[ox.Element]:
    runs = render_inlines(block.children, ctx, state)
    indent = None
    if block.number:  # bold, as the PDF sets it, so it never reads as a list's number
        gap = number_gap(block.number, ctx.template.fonts.size)
        runs = [ox.text_run(block.number, RunFmt(bold=True).props()),
                ox.special_run(ox.el("w:tab")), *runs]
        indent = ox.ind(left=ctx.indent + gap, hanging=gap)
    elif ctx.indent:
        indent = ox.ind(left=ctx.indent)
    if not runs:
        return []
    leader = leader_props(block.children, ctx)  # an entry of the TOA or a list of figures
    if leader:
        return [ox.paragraph(ox.ppr(_style(ctx.para_style), *leader), runs)]
    return [ox.paragraph(ox.ppr(_style(ctx.para_style), indent), runs)]


_REGISTER = re.compile(r"R(\d+)")


def _register_start(block: ListBlock) -> int | None:
    """The first number when every item is labelled R<n>, consecutively; else ``None``."""
    matches = [_REGISTER.fullmatch(i.label or "") for i in block.items]
    if not matches or not all(matches):
        return None
    numbers = [int(m.group(1)) for m in matches if m]
    return numbers[0] if numbers == list(range(numbers[0], numbers[0] + len(numbers))) else None


def _item_paragraph(item: ListItem, runs: list[ox.Element], num_id: int, style: str,
                    level: int, indent: tuple[float, float], register: bool = False
                    ) -> ox.Element:
    """An item's first paragraph: its list's number, or its own label, set flush right
    :data:`~briefgen.decide.MARKER_SPACE` before the text as in the PDF; ``indent``: the
    list's left edge and hanging width (``decide.list_gap``)."""
    if item.label and not register:
        left, gap = indent
        tab = ox.special_run(ox.el("w:tab"))
        stops = ox.tabs([("right", left + gap - MARKER_SPACE), ("left", left + gap)])
        props = ox.ppr(_style(style), stops, ox.ind(left=left + gap, hanging=gap))
        return ox.paragraph(props, [tab, ox.text_run(item.label), copy.deepcopy(tab), *runs])
    return ox.paragraph(ox.ppr(_style(style), num_pr(num_id, level), *item_indent(*indent)),
                        runs)


def _list(block: ListBlock, ctx: Ctx, state: State) -> list[ox.Element]:
    level = ctx.list_level
    first = _register_start(block) if level == 0 else None
    num_id = state.numbering.new_list(block.ordered, first or block.start, level,
                                      register=first is not None)
    style = ctx.para_style if ctx.in_note else ("ListNumber" if block.ordered else "ListBullet")
    gap = list_gap(list_markers(block, level), ctx.template.fonts.size)
    indent = (ctx.indent, gap)  # as the PDF sets them
    inner = ctx.with_(list_level=level + 1, indent=ctx.indent + gap)
    out: list[ox.Element] = []
    for item in block.items:
        rest: Sequence[Block] = item.blocks
        runs: list[ox.Element] = []
        if rest and isinstance(rest[0], Paragraph):
            runs, rest = render_inlines(rest[0].children, inner, state), rest[1:]
        name = ctx.anchors.get(item.id) if item.id else None
        if name:
            runs = ox.bookmark(state.bookmark_id(), name, runs)
        out.append(_item_paragraph(item, runs, num_id, style or "ListBullet", level, indent,
                                   register=first is not None))
        out.extend(render_blocks(rest, inner, state))
    return out


def _quote(block: BlockQuote, ctx: Ctx, state: State) -> list[ox.Element]:
    return render_blocks(block.blocks, ctx.with_(para_style="Quote"), state)


def _code(block: CodeBlock, ctx: Ctx, state: State) -> list[ox.Element]:
    text = block.text.rstrip("\n")
    if not text:
        return []
    indent = ox.ind(left=ctx.indent + 5, right=5) if ctx.indent else None
    return [ox.paragraph(ox.ppr(_style("SourceCode"), indent), [ox.text_run(text)])]


def _rule(block: Rule, ctx: Ctx, state: State) -> list[ox.Element]:
    return [ox.paragraph(ox.ppr(_style("BriefRule")))]


def _definitions(block: DefinitionList, ctx: Ctx, state: State) -> list[ox.Element]:
    out: list[ox.Element] = []
    inner = ctx.with_(para_style="Definition", indent=ctx.indent + 22)
    for item in block.items:
        indent = ox.ind(left=ctx.indent) if ctx.indent else None
        out.append(ox.paragraph(ox.ppr(_style("DefinitionTerm"), indent),
                                render_inlines(item.term, ctx, state)))
        for definition in item.definitions:
            out.extend(render_blocks(definition, inner, state))
    return out


def _image(block: Image, ctx: Ctx, state: State) -> list[ox.Element]:
    return images.figure(block, ctx, state)


def _chart(block: Chart, ctx: Ctx, state: State) -> list[ox.Element]:
    from .charts import chart
    return chart(block, ctx, state)


def _landscape(block: Landscape, ctx: Ctx, state: State) -> list[ox.Element]:
    from .landscape import landscape
    return landscape(block, ctx, state, render_blocks)


def _table(block: Table, ctx: Ctx, state: State) -> list[ox.Element]:
    return tables.table(block, ctx, state)


def _recommendations(block: RecommendationTable, ctx: Ctx, state: State) -> list[ox.Element]:
    return tables.recommendations(block, ctx, state)


def _callout(block: Callout, ctx: Ctx, state: State) -> list[ox.Element]:
    return tables.callout(block, ctx, state, render_blocks)


HANDLERS: dict[type, Handler] = {
    Heading: _heading,  # type: ignore[dict-item]
    Paragraph: _paragraph,  # type: ignore[dict-item]
    ListBlock: _list,  # type: ignore[dict-item]
    BlockQuote: _quote,  # type: ignore[dict-item]
    CodeBlock: _code,  # type: ignore[dict-item]
    Rule: _rule,  # type: ignore[dict-item]
    DefinitionList: _definitions,  # type: ignore[dict-item]
    Image: _image,  # type: ignore[dict-item]
    Table: _table,  # type: ignore[dict-item]
    RecommendationTable: _recommendations,  # type: ignore[dict-item]
    Callout: _callout,  # type: ignore[dict-item]
    Chart: _chart,  # type: ignore[dict-item]
    Landscape: _landscape,  # type: ignore[dict-item]
}


def spacer() -> ox.Element:
    return ox.paragraph(ox.ppr(_style("BriefSpacer")))


def render_blocks(blocks: Sequence[Block], ctx: Ctx, state: State) -> list[ox.Element]:
    """The elements showing ``blocks``, in order."""
    out: list[ox.Element] = []
    for block in blocks:
        handler = HANDLERS.get(type(block))
        if handler is None:
            raise TypeError(f"the DOCX writer has no rule for block {type(block).__name__}")
        pos = getattr(block, "pos", None) or ctx.pos
        elements = handler(block, ctx.with_(pos=pos), state)
        out.extend(elements)
        if elements and elements[-1].tag == qn("w:tbl"):
            out.append(spacer())
    keep_after_headings(out, ctx.width, ctx.template.fonts.size)
    return out
