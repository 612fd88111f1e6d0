"""Read-only traversal of the model: every nested block, every nested inline."""

from __future__ import annotations

from collections.abc import Iterator

from . import model as m


def child_blocks(block: m.Block) -> Iterator[m.Block]:
    """The blocks directly inside ``block``."""
    if isinstance(block, (m.BlockQuote, m.Callout)):
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


def _own_inlines(block: m.Block) -> Iterator[m.Inline]:
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
    elif isinstance(block, m.Image) and block.caption:
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
        yield from nested_inlines(list(_own_inlines(inner)))
