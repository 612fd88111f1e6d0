"""Headings keep two lines of what follows them in the DOCX too (as the PDF's
``briefgen.pdf.keep``): Word keeps a heading with the next paragraph
(``w:keepNext``) and widow control keeps two lines of a longer paragraph together,
so only a one-line paragraph after a heading needs ``w:keepNext`` of its own, to
take the first line of what follows it along."""

from __future__ import annotations

from docx.oxml.ns import qn

from . import oxml as ox

AVERAGE_CHAR = 0.5
"""An average character's width, in ems: enough to tell one line from two."""


def _style(p: ox.Element) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


def _text(p: ox.Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def keep_after_headings(elements: list[ox.Element], text_width: float, size: float) -> None:
    """Give a one-line paragraph right after a heading ``w:keepNext`` (in place)."""
    per_line = text_width / (AVERAGE_CHAR * size)
    for heading, nxt in zip(elements, elements[1:]):
        if heading.tag != qn("w:p") or not _style(heading).startswith("Heading"):
            continue
        if nxt.tag != qn("w:p") or _style(nxt).startswith("Heading"):
            continue
        if len(_text(nxt)) >= per_line:
            continue
        ppr = nxt.find(qn("w:pPr"))
        if ppr is None:
            ppr = ox.el("w:pPr")
            nxt.insert(0, ppr)
        if ppr.find(qn("w:keepNext")) is None:
            style = ppr.find(qn("w:pStyle"))
            keep = ox.el("w:keepNext")
            if style is not None:
                style.addnext(keep)
            else:
                ppr.insert(0, keep)
