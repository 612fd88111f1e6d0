"""The table of authorities: every authority cited, grouped by kind, with its PDF pages.

A template with ``citations.authorities: true`` gets, before the body, a section
titled ``citations.authorities_title`` listing the cited works in five groups
(treaties and conventions; UN resolutions and other instruments; cases;
legislation; other), each entry followed by dot leaders and, flush right, every page
of the PDF it is cited on, or "passim" beyond ``citations.passim`` pages (a ``leader``
span: the PDF draws the leaders, the DOCX a dotted right tab, as Word's TOA shows).

Pages come from the PDF itself: each citation is marked (an empty ``Span`` of
class ``toa``, which the DOCX writer turns into Word's ``TA`` field and the PDF
writer draws as a page mark that records the page it lands on), the document is
laid out, and the table is filled in again until the pages no longer move
(:func:`laid_out`): one draft and usually one final layout, which is the PDF written.  In the DOCX each group is Word's ``TOA`` field for its
category, pre-filled with the same entries and pages and marked to update (Word
then lays it out with its own page numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .. import model as m
from ..template.model import Template
from .crossref import LEADER

TOA = "toa"
"""Span class of a marked citation: ``("toa", name, category, entry text)``."""
ENTRY = "toa-entry"
"""Span class of an entry's text in the table: ``("toa-entry", key, kind)``."""
BEGIN, END = "toa-begin", "toa-end"
"""Span classes opening (``("toa-begin", category)``) and closing a group's TOA field."""
SECTION = "authorities"

KINDS = (("treaties", "Treaties and conventions", 8), ("resolutions",
         "UN resolutions and other instruments", 9), ("cases", "Cases", 1),
         ("legislation", "Legislation", 2), ("other", "Other", 3))
"""Kind, title and Word TA category (1 Cases, 2 Statutes, 3 Other Authorities; 8 and 9 are
categories Word leaves unnamed)."""
_RESOLUTION = re.compile(r"\b(?:Res|Resolution|resolution)\b")
_PLACEHOLDER = "\u2014"


def kind_of(data: dict) -> str:
    """The group of a CSL entry."""
    kind = data.get("type")
    if kind == "treaty":
        return "treaties"
    if kind in ("legal_case", "hearing"):
        return "cases"
    if kind in ("legislation", "bill", "regulation"):
        if "resolution" in str(data.get("genre", "")).lower() or \
                _RESOLUTION.search(str(data.get("title", ""))):
            return "resolutions"
        return "legislation"
    return "other"


@dataclass(frozen=True, slots=True)
class Authority:
    key: str
    kind: str
    text: tuple[m.Inline, ...]


def mark(text: tuple[m.Inline, ...], key: str, index: int, authority: Authority
         ) -> tuple[m.Inline, ...]:
    """A citation's text after a mark: the ``index``-th citation of ``key``."""
    category = next(c for k, _, c in KINDS if k == authority.kind)
    name = f"toa-{re.sub(r'[^A-Za-z0-9_-]', '_', key)}-{index}"
    anchor = m.Span((), None, (TOA, name, str(category), m.plain_text(authority.text)))
    return (anchor, *text)  # an empty span: a place, not a wrapper


def section(authorities: list[Authority], pages: dict[str, list[int]], template: Template
            ) -> tuple[m.Block, ...]:
    """The table of authorities: a heading, then each group under a heading of its own
    (so a group's title never stands alone at the foot of a page)."""
    chosen = template.citations
    made = m.made("table of authorities")  # what ``briefgen verify`` names it
    out: list[m.Block] = [m.Heading(1, (m.Text(chosen.authorities_title),), SECTION, pos=made)]
    for kind, title, category in KINDS:
        group = sorted((a for a in authorities if a.kind == kind),
                       key=lambda a: m.plain_text(a.text).lower())
        if not group:
            continue
        out.append(m.Heading(2, (m.Text(title),), f"{SECTION}-{kind}", pos=made))
        entries = [[m.Span(a.text, None, (ENTRY, a.key, a.kind)),
                    m.Span((m.Text("\t" + _pages(pages.get(a.key), chosen.passim)),), None,
                           (LEADER, "authorities"))] for a in group]
        entries[0].insert(0, m.Span((), None, (BEGIN, str(category))))
        entries[-1].append(m.Span((), None, (END,)))
        out += [m.Paragraph(tuple(e), pos=made) for e in entries]
    return tuple(out)


def _pages(found: list[int] | None, passim: int) -> str:
    if not found:
        return _PLACEHOLDER
    unique = sorted(set(found))
    if len(unique) > passim:
        return "passim"
    return ("p " if len(unique) == 1 else "pp ") + ", ".join(str(p) for p in unique)


Layout = Callable[[m.Document, bool], tuple[bytes, dict[str, list[int]]]]
"""Lays a document out as a PDF: ``(doc, final)`` → the PDF and each page mark's pages.
``final`` false: a draft whose only use is its pages (e.g. untagged)."""


def paginated(doc: m.Document, template: Template) -> m.Document:
    """``doc`` with its table of authorities' pages filled in (when the template has one),
    from untagged layouts of its own."""
    if not template.citations.authorities:
        return doc
    from ..diagnostics import Reporter
    from ..pdf import render_pdf

    def draft(d: m.Document, _final: bool) -> tuple[bytes, dict[str, list[int]]]:
        marks: dict[str, list[int]] = {}
        return render_pdf(d, template, Reporter(), tagged=False, mark_pages=marks), marks

    return laid_out(doc, template, draft)[0]


def laid_out(doc: m.Document, template: Template, layout: Layout) -> tuple[m.Document, bytes]:
    """``doc`` with its table of authorities showing the pages of its own layout, and that
    layout.  A draft finds the pages, then final layouts run until the pages they show are
    the pages they find (usually one; at most four)."""
    authorities = listed(doc) if template.citations.authorities else []
    if not authorities:
        return doc, layout(doc, True)[0]
    pages: dict[str, list[int]] = {}
    final = False
    for _ in range(5):
        current = _replace_section(doc, section(authorities, pages, template))
        pdf, marks = layout(current, final)
        found: dict[str, list[int]] = {}
        for name, on in marks.items():
            key = _key_of(re.sub(r"^toa-", "", name).rsplit("-", 1)[0], authorities)
            found.setdefault(key, []).extend(on)
        if final and found == pages:
            return current, pdf
        pages, final = found, True
    return current, pdf


def _key_of(name: str, authorities: list[Authority]) -> str:
    for authority in authorities:
        if re.sub(r"[^A-Za-z0-9_-]", "_", authority.key) == name:
            return authority.key
    return name


def _replace_section(doc: m.Document, blocks: tuple[m.Block, ...]) -> m.Document:
    """``doc`` with its table of authorities (its heading, group headings and entries)
    replaced by ``blocks``."""
    start = next((i for i, b in enumerate(doc.blocks)
                  if isinstance(b, m.Heading) and b.id == SECTION), None)
    if start is None:
        return doc
    end = start + 1
    while end < len(doc.blocks) and _in_section(doc.blocks[end]):
        end += 1
    return replace(doc, blocks=doc.blocks[:start] + blocks + doc.blocks[end:])


def _in_section(block: m.Block) -> bool:
    """A group heading or an entry of the table of authorities."""
    if isinstance(block, m.Heading):
        return block.id.startswith(f"{SECTION}-")
    return isinstance(block, m.Paragraph) and any(
        isinstance(c, m.Span) and c.classes[:1] == (ENTRY,) for c in block.children)


def listed(doc: m.Document) -> list[Authority]:
    """The authorities the document's table lists (read from its entries)."""
    found: list[Authority] = []
    for block in doc.blocks:
        if isinstance(block, m.Paragraph):
            for node in block.children:
                if isinstance(node, m.Span) and node.classes[:1] == (ENTRY,):
                    found.append(Authority(node.classes[1], node.classes[2], node.children))
    return found
