"""Link targets inside a brief, and internal links checked once, before the writers.

An internal link ``#id`` may point at a heading, a figure with an id, a
recommendation (``rec-r2``) or a note.  :func:`check_links` reports each link
whose target is none of these, once, with one message, and returns the
document with that link turned into its plain text, so neither writer sees a
dangling link (and neither reports it again).  ``briefgen check`` reports the
same links, with the same words, as errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from . import model as m
from .diagnostics import Reporter
from .walk import blocks_of, map_inlines, nested_inlines, own_inlines


def every_block(doc: m.Document) -> Iterator[m.Block]:
    """Every block of the key points, the body and the notes, nested ones included."""
    yield from blocks_of(doc.key_points)
    yield from blocks_of(doc.blocks)
    for note in doc.notes:
        yield from blocks_of(note.blocks)


def anchor_ids(doc: m.Document) -> list[str]:
    """Ids a link may point at, in document order (headings, figures, labelled tables, list
    items, notes)."""
    found: dict[str, None] = {}
    for block in every_block(doc):
        if isinstance(block, (m.Heading, m.Image, m.Chart, m.Table)) and block.id:
            found.setdefault(block.id)
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                if item.id:
                    found.setdefault(item.id)
    for note in doc.notes:
        found.setdefault(note.id)
    return list(found)


def message(target: str) -> str:
    """The one message for a dangling internal link."""
    return f"link target '{target}' is not a heading, figure or recommendation id"


def broken_links(doc: m.Document) -> list[tuple[m.Link, m.Pos | None]]:
    """Internal links whose target is not an anchor, with where they are (the link's
    position, else its block's)."""
    anchors = set(anchor_ids(doc))
    out = []
    for block in every_block(doc):
        for node in nested_inlines(list(own_inlines(block))):
            if isinstance(node, m.Link) and node.internal and node.target[1:] not in anchors:
                out.append((node, node.pos or getattr(block, "pos", None)))
    return out


def check_links(doc: m.Document, reporter: Reporter) -> m.Document:
    """Report each dangling internal link once and return ``doc`` with it shown as its
    text."""
    broken = broken_links(doc)
    if not broken:
        return doc
    source = str(doc.source) if doc.source else "<brief>"
    for link, pos in broken:
        line, col = (pos.line, pos.col) if pos else (0, 0)
        where = str(pos.path) if pos and pos.path else source  # a part names its own file
        reporter.warn(where, line, col, f"{message(link.target)}; shown as plain text")
    targets = {link.target for link, _pos in broken}

    def unlink(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if isinstance(node, m.Link) and node.internal and node.target in targets:
            return node.children
        return node

    notes = tuple(replace(n, blocks=map_inlines(n.blocks, unlink)) for n in doc.notes)
    return replace(doc, blocks=map_inlines(doc.blocks, unlink),
                   key_points=map_inlines(doc.key_points, unlink), notes=notes)
