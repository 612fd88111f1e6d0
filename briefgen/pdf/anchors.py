"""Anchors known before the build, and internal links checked against them.

reportlab raises "undefined destination target" only when it saves, so every
``#id`` link is checked here first: a dangling one is reported and rendered
as plain text (``briefgen.pdf.markup`` leaves out its ``<a>``).
"""

from __future__ import annotations

from .. import model as m
from ..diagnostics import Reporter
from ..walk import blocks_of, nested_inlines, own_inlines


def all_blocks(doc: m.Document) -> list[m.Block]:
    """Every block of the body, the key points and the notes, nested ones included."""
    out = list(blocks_of(doc.blocks)) + list(blocks_of(doc.key_points))
    for note in doc.notes:
        out.extend(blocks_of(note.blocks))
    return out


def collect_anchors(doc: m.Document) -> dict[str, str]:
    """Model id → PDF destination name (``h1``, ``h2`` … in document order)."""
    anchors: dict[str, str] = {}
    for b in blocks_of(doc.blocks):
        idents = [b.id] if isinstance(b, (m.Heading, m.Image, m.Table)) else []
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
        for link in nested_inlines(list(own_inlines(b))):
            if isinstance(link, m.Link) and link.internal and link.target[1:] not in anchors:
                where = link.pos or pos
                line, col = (where.line, where.col) if where else (0, 0)
                reporter.warn(source, line, col,
                              f"link target '{link.target}' is not a heading or figure id; "
                              f"shown as plain text")
