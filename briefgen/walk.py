"""Read-only traversal of the model: every nested block, every nested inline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from . import model as m


def child_blocks(block: m.Block) -> Iterator[m.Block]:
    """The blocks directly inside ``block``."""
    if isinstance(block, (m.BlockQuote, m.Callout, m.Div, m.Landscape)):
        yield from block.blocks
    elif isinstance(block, m.ListBlock):
        for item in block.items:
            yield from item.blocks
    elif isinstance(block, m.DefinitionList):
        for item in block.items:
            for definition in item.definitions:
                yield from definition


def blocks_of(blocks: tuple[m.Block, ...] | list[m.Block]) -> Iterator[m.Block]:
    """Every block, depth first, parents before children."""
    for block in blocks:
        yield block
        yield from blocks_of(list(child_blocks(block)))


def own_inlines(block: m.Block) -> Iterator[m.Inline]:
    """The inlines ``block`` holds itself (not those of the blocks inside it)."""
    if isinstance(block, (m.Heading, m.Paragraph)):
        yield from block.children
    elif isinstance(block, m.Table):
        for row in block.header + block.rows:
            for cell in row:
                yield from cell.children
        if block.caption:
            yield from block.caption
    elif isinstance(block, m.DefinitionList):
        for item in block.items:
            yield from item.term
    elif isinstance(block, (m.Image, m.Chart)) and block.caption:
        yield from block.caption
    elif isinstance(block, m.RecommendationTable):
        for _, text in block.rows:
            yield from text


def nested_inlines(inlines: tuple[m.Inline, ...] | list[m.Inline]) -> Iterator[m.Inline]:
    for node in inlines:
        yield node
        children = getattr(node, "children", None)
        if children:
            yield from nested_inlines(children)


def inlines_of(block: m.Block) -> Iterator[m.Inline]:
    """Every inline in ``block`` and the blocks inside it."""
    for inner in blocks_of([block]):
        yield from nested_inlines(list(own_inlines(inner)))


Mapper = Callable[[m.Inline], "m.Inline | tuple[m.Inline, ...]"]


def map_inlines(blocks: tuple[m.Block, ...],
                fn: Mapper) -> tuple[m.Block, ...]:
    """``blocks`` rebuilt with ``fn`` applied to every inline (children first).

    ``fn`` returns the replacement inline, or a tuple of inlines to splice in."""
    return tuple(_map_block(b, fn) for b in blocks)


def _map_seq(inlines: tuple[m.Inline, ...], fn: Mapper
             ) -> tuple[m.Inline, ...]:
    out = []
    for node in inlines:
        children = getattr(node, "children", None)
        if children is not None:
            node = replace(node, children=_map_seq(children, fn))
        result = fn(node)
        if isinstance(result, tuple):
            out.extend(result)
        else:
            out.append(result)
    return tuple(out)


def _map_block(block: m.Block, fn: Mapper) -> m.Block:
    seq = lambda xs: _map_seq(xs, fn)  # noqa: E731
    if isinstance(block, (m.Heading, m.Paragraph)):
        return replace(block, children=seq(block.children))
    if isinstance(block, (m.BlockQuote, m.Callout, m.Div, m.Landscape)):
        return replace(block, blocks=map_inlines(block.blocks, fn))
    if isinstance(block, m.ListBlock):
        return replace(block, items=tuple(replace(i, blocks=map_inlines(i.blocks, fn))
                                          for i in block.items))
    if isinstance(block, m.Table):
        rows = lambda rs: tuple(tuple(replace(c, children=seq(c.children)) for c in r) for r in rs)  # noqa: E731
        return replace(block, header=rows(block.header), rows=rows(block.rows),
                       caption=seq(block.caption) if block.caption else None)
    if isinstance(block, m.DefinitionList):
        return replace(block, items=tuple(
            m.Definition(seq(d.term), tuple(map_inlines(x, fn) for x in d.definitions))
            for d in block.items))
    if isinstance(block, (m.Image, m.Chart)) and block.caption:
        return replace(block, caption=seq(block.caption))
    if isinstance(block, m.RecommendationTable):
        return replace(block, rows=tuple((label, seq(text)) for label, text in block.rows))
    return block
