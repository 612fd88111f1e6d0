"""Right-to-left paragraphs in the DOCX: ``w:bidi`` on each paragraph whose first
strong character is Arabic or Hebrew (the Unicode rule the PDF writer follows
too), so Word lays it out right to left and aligns it to the right.  Runs of
right-to-left text carry ``w:rtl`` already (``briefgen.docx.inlines``)."""

from __future__ import annotations

from docx.oxml.ns import qn

from ..scripts import base_direction
from . import oxml as ox


def mark_rtl_paragraphs(body: ox.Element) -> None:
    """Add ``w:bidi`` to every right-to-left paragraph under ``body``."""
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if not text or base_direction(text) != "rtl":
            continue
        props = p.find(qn("w:pPr"))
        if props is None:
            props = ox.el("w:pPr")
            p.insert(0, props)
        if props.find(qn("w:bidi")) is None:
            _insert_ordered(props, ox.el("w:bidi"))


def _insert_ordered(props: ox.Element, child: ox.Element) -> None:
    order = ox.PPR_ORDER
    rank = order.index("bidi")
    for i, existing in enumerate(props):
        name = existing.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            props.insert(i, child)
            return
    props.append(child)
