"""Right-to-left paragraphs in the DOCX: ``w:bidi`` on each paragraph whose first
strong character is Arabic or Hebrew (the Unicode rule the PDF writer follows
too), so Word lays it out right to left: aligned to the right, or justified as
its style says, a list's number on the right, its indents mirrored.  The
footnotes get the same; a contents entry keeps its left-to-right layout, as in
the PDF.  Runs of right-to-left text carry ``w:rtl`` already
(``briefgen.docx.inlines``)."""

from __future__ import annotations

from docx.oxml.ns import qn

from ..scripts import base_direction
from . import oxml as ox


def mark_rtl_paragraphs(body: ox.Element) -> None:
    """Add ``w:bidi`` to every right-to-left paragraph under ``body``.  A contents
    entry keeps its left-to-right layout (text, dot leader, page number at the
    right), as in the PDF."""
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if not text or base_direction(text) != "rtl":
            continue
        props = p.find(qn("w:pPr"))
        style = props.find(qn("w:pStyle")) if props is not None else None
        if style is not None and style.get(qn("w:val"), "").startswith("TOC"):
            continue
        if props is None:
            props = ox.el("w:pPr")
            p.insert(0, props)
        if props.find(qn("w:bidi")) is None:
            _insert_ordered(props, ox.el("w:bidi"))


def mark_rtl_notes(document_part) -> None:  # noqa: ANN001 - python-docx DocumentPart
    """:func:`mark_rtl_paragraphs` for the footnotes part, when there is one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            mark_rtl_paragraphs(rel.target_part.element)


def _insert_ordered(props: ox.Element, child: ox.Element) -> None:
    order = ox.PPR_ORDER
    rank = order.index("bidi")
    for i, existing in enumerate(props):
        name = existing.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            props.insert(i, child)
            return
    props.append(child)
