"""Anchors known before the build, and internal links checked against them.

reportlab raises "undefined destination target" only when it saves, so every
``#id`` link is checked here first: a dangling one is reported and rendered
as plain text (``briefgen.pdf.markup`` leaves out its ``<a>``).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import model as m
from ..diagnostics import Reporter


def walk_blocks(blocks: tuple[m.Block, ...]) -> Iterator[m.Block]:
    """Every block, nested ones included, in document order."""
    for b in blocks:
        yield b
        if isinstance(b, m.ListBlock):
            for item in b.items:
                yield from walk_blocks(item.blocks)
        elif isinstance(b, (m.BlockQuote, m.Callout)):
            yield from walk_blocks(b.blocks)
        elif isinstance(b, m.DefinitionList):
            for d in b.items:
                for defn in d.definitions:
                    yield from walk_blocks(defn)


def _inlines_of(b: m.Block) -> Iterator[tuple[m.Inline, ...]]:
    if isinstance(b, (m.Heading, m.Paragraph)):
        yield b.children
    elif isinstance(b, m.Table):
        for row in b.header + b.rows:
            for cell in row:
                yield cell.children
        if b.caption:
            yield b.caption
    elif isinstance(b, m.Image) and b.caption:
        yield b.caption
    elif isinstance(b, m.DefinitionList):
        for d in b.items:
            yield d.term
    elif isinstance(b, m.RecommendationTable):
        for _label, inl in b.rows:
            yield inl


def _links(inlines: tuple[m.Inline, ...]) -> Iterator[m.Link]:
    for node in inlines:
        if isinstance(node, m.Link):
            yield node
        children = getattr(node, "children", None)
        if children:
            yield from _links(children)


def all_blocks(doc: m.Document) -> list[m.Block]:
    out = list(walk_blocks(doc.blocks)) + list(walk_blocks(doc.key_points))
    for note in doc.notes:
        out.extend(walk_blocks(note.blocks))
    return out


def collect_anchors(doc: m.Document) -> dict[str, str]:
    """Model id → PDF destination name (``h1``, ``h2`` … in document order)."""
    anchors: dict[str, str] = {}
    for b in walk_blocks(doc.blocks):
        idents = [b.id] if isinstance(b, (m.Heading, m.Image)) else []
        if isinstance(b, m.ListBlock):
            idents = [item.id for item in b.items]  # recommendations R1…Rn
        for ident in idents:
            if ident and ident not in anchors:
                anchors[ident] = f"h{len(anchors) + 1}"
    return anchors


def check_links(doc: m.Document, anchors: dict[str, str], reporter: Reporter,
                source: str) -> None:
    """Report every internal link whose target is not an anchor."""
    for b in all_blocks(doc):
        pos = getattr(b, "pos", None)
        for inl in _inlines_of(b):
            for link in _links(inl):
                if link.internal and link.target[1:] not in anchors:
                    line, col = (pos.line, pos.col) if pos else (0, 0)
                    reporter.warn(source, line, col,
                                  f"link target '{link.target}' is not a heading or figure id; "
                                  f"shown as plain text")
