"""PDF destination names for the anchors a link may point at.

reportlab raises "undefined destination target" only when it saves; every
``#id`` link was checked before the writers (``briefgen.anchors``), so each one
left has a destination here.
"""

from __future__ import annotations

from .. import model as m
from ..walk import blocks_of


def collect_anchors(doc: m.Document) -> dict[str, str]:
    """Model id → PDF destination name (``h1``, ``h2`` … in document order)."""
    anchors: dict[str, str] = {}
    for b in blocks_of(doc.blocks):
        idents = [b.id] if isinstance(b, (m.Heading, m.Image, m.Chart, m.Table)) else []
        if isinstance(b, m.ListBlock):
            idents = [item.id for item in b.items]  # recommendations R1…Rn
        for ident in idents:
            if ident and ident not in anchors:
                anchors[ident] = f"h{len(anchors) + 1}"
    return anchors
