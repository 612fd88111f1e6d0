"""Cross-references as Quarto writes them: ``{#fig-x}``, ``{#tbl-x}``, ``{#sec-x}`` → "Figure 2".

Labels: ``{#fig-x}`` on an image or a chart (both are figures, numbered in one
sequence), ``{#tbl-x}`` on a table's caption line, ``{#sec-x}`` on a heading.
:func:`number_floats` numbers the labelled figures and tables in reading order (the
one place that decides "Table 1"; an annex numbers its own "A.1").  :func:`caption`
prefixes each numbered caption ("Table 1: …") and :func:`reference` turns every
``@fig-x`` into a link whose text is "Figure 2".  A section's reference shows its
number ("Section 2.1") when the template numbers headings, else the heading's own
title, as Word's "heading text" cross-reference and LaTeX's ``\\nameref`` do (Quarto
has no answer: it needs ``number-sections``).

:func:`lists` makes the lists of figures and tables a template asks for: a heading
and one entry per numbered float, its caption linked to the float, then dot leaders
and the page the float lands on (a ``leader`` span holding a ``page-of`` span, which
each writer fills from its layout; the DOCX makes the entries Word's ``TOC \\c``
field, opened and closed by ``list-begin``/``list-end`` spans).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import model as m
from ..diagnostics import BriefError
from ..template.model import Template
from ..walk import blocks_of

KINDS = ("fig", "tbl", "sec")
FLOATS = (m.Image, m.Chart, m.Table)
"""The blocks a ``fig-``/``tbl-`` label numbers: images and charts are figures."""

WORDS: dict[str, dict[str, str]] = {
    "en": {"fig": "Figure", "tbl": "Table", "sec": "Section"},
    "fr": {"fig": "Figure", "tbl": "Tableau", "sec": "Section"},
    "de": {"fig": "Abbildung", "tbl": "Tabelle", "sec": "Abschnitt"},
    "es": {"fig": "Figura", "tbl": "Tabla", "sec": "Sección"},
    "it": {"fig": "Figura", "tbl": "Tabella", "sec": "Sezione"},
    "nl": {"fig": "Figuur", "tbl": "Tabel", "sec": "Sectie"},
    "ru": {"fig": "Рисунок", "tbl": "Таблица", "sec": "Раздел"},
    "ko": {"fig": "그림", "tbl": "표", "sec": "절"},
}
"""The words of each language for figures, tables and sections (a template may set its own)."""


@dataclass(frozen=True, slots=True)
class Target:
    """A labelled figure, table or section: what a reference to it shows."""

    label: str
    kind: str
    number: str | None
    title: str = ""


def is_crossref(key: str) -> bool:
    """Whether ``@key`` names a figure, table or section rather than a source."""
    return key.split("-", 1)[0] in KINDS and "-" in key


def words(template: Template, language: str) -> dict[str, str]:
    """The word for each kind: the template's, else the brief's language's, else English."""
    base = WORDS.get(language.split("-")[0].lower(), WORDS["en"])
    chosen = template.crossrefs
    return {"fig": chosen.figure or base["fig"], "tbl": chosen.table or base["tbl"],
            "sec": chosen.section or base["sec"]}


def number_floats(blocks: tuple[m.Block, ...], prefix: str = "") -> dict[str, Target]:
    """Number the labelled figures and tables of ``blocks`` in reading order
    ("1", "2" …; with ``prefix`` "A.": "A.1", "A.2" …)."""
    from ..annexes import annex_float_numbers, starts_annexes

    counts = {"fig": 0, "tbl": 0}
    found: dict[str, Target] = {}
    first = next((i for i, b in enumerate(blocks) if starts_annexes(b)), len(blocks))
    for block in blocks_of(blocks[:first]):  # the annexes number their own (A.1)
        label = block.id if isinstance(block, FLOATS) else None
        kind = "tbl" if isinstance(block, m.Table) else "fig"
        if label and label.startswith(f"{kind}-") and label not in found:
            counts[kind] += 1
            found[label] = Target(label, kind, f"{prefix}{counts[kind]}")
    for label, (kind, number) in annex_float_numbers(blocks).items():
        found.setdefault(label, Target(label, kind, number))
    return found


def targets(doc: m.Document) -> dict[str, Target]:
    """Every label of ``doc``: its numbered figures and tables, and its ``sec-`` headings."""
    found = number_floats(doc.blocks)
    for block in blocks_of(doc.blocks):
        if isinstance(block, m.Heading) and block.id.startswith("sec-"):
            found.setdefault(block.id, Target(block.id, "sec", block.number,
                                              m.plain_text(block.children)))
    return found


def duplicate_labels(doc: m.Document) -> list[tuple[str, m.Pos | None]]:
    """Figure and table labels given twice (the second place of each)."""
    seen: set[str] = set()
    twice: list[tuple[str, m.Pos | None]] = []
    for block in blocks_of(doc.blocks):
        label = block.id if isinstance(block, FLOATS) else None
        if label and is_crossref(label):
            if label in seen:
                twice.append((label, block.pos))
            seen.add(label)
    return twice


def reference(cite: m.Cite, found: dict[str, Target], names: dict[str, str],
              path: str) -> tuple[m.Inline, ...]:
    """``@fig-x`` (or ``[@fig-x; @fig-y]``) as linked text."""
    out: list[m.Inline] = []
    for index, item in enumerate(cite.items):
        target = found.get(item.key)
        if target is None:
            where = cite.pos or m.Pos(1, 1)
            raise BriefError(path, where.line, where.col, f"unknown cross-reference label "
                             f"'@{item.key}' (label a figure {{#fig-…}}, a table caption "
                             "{#tbl-…} or a heading {#sec-…})")
        if index:
            out.append(m.Text("; "))
        if item.prefix:
            out.append(m.Text(item.prefix + " "))
        out.append(m.Link((_marked(target, names),), f"#{target.label}", pos=cite.pos))
        if item.suffix:
            out.append(m.Text(item.suffix if item.suffix[0] in ",.;:" else " " + item.suffix))
    return tuple(out)


def text_of(target: Target, names: dict[str, str]) -> str:
    """"Figure 2", "Section 2.1", or an unnumbered section's title ("Historical Context")."""
    if target.number is None:
        return target.title if target.kind == "sec" else target.label
    return f"{names[target.kind]} {target.number}"


XREF = "xref"
"""Span class of a reference's text ("Table 1" in a link): the DOCX writes a REF field."""
TARGET = "xref-target"
"""Span class of a caption's label ("Table 1"), the span's second class its label: the DOCX
bookmarks it for REF fields."""
SEQ = "seq"
"""Span class of a caption's number, the span's second class its sequence (``Figure``,
``Table``): the DOCX writes a SEQ field, as Word's own Insert Caption does."""
HEADING_TEXT = "xref-heading"
"""Span class of a reference showing an unnumbered heading's title: the DOCX writes a
REF field to the heading's bookmark (Word's "heading text" cross-reference)."""
LEADER = "leader"
"""Span class of the end of an entry, a tab then the text set flush right after dot
leaders (a page list of the table of authorities, a page of a list of figures); the
second class names the list (``authorities``, ``figures``)."""
PAGE = "page-of"
"""Span class of an empty span standing for the page its second class (a label) lands
on: the PDF writes it when the page is saved, the DOCX as a PAGEREF field."""
LIST_BEGIN, LIST_END = "list-begin", "list-end"
"""Span classes opening (``("list-begin", "Figure")``) and closing a list of figures or
tables: the DOCX's ``TOC \\c`` field."""
LIST_IDS = {"fig": "briefgen-figures", "tbl": "briefgen-tables"}
"""The ids of the lists' headings."""


def _marked(target: Target, names: dict[str, str]) -> m.Inline:
    text = m.Text(text_of(target, names))
    if target.kind in ("fig", "tbl") and target.number:
        return m.Span((text,), None, (XREF,))
    return m.Span((text,), None, (HEADING_TEXT,)) if target.number is None else text


def label(target: Target, names: dict[str, str]) -> m.Inline:
    """A caption's "Table 1", marked for Word's SEQ field and REF bookmark."""
    sequence = "Figure" if target.kind == "fig" else "Table"
    number = m.Span((m.Text(target.number or ""),), None, (SEQ, sequence))
    return m.Span((m.Text(f"{names[target.kind]} "), number), None, (TARGET, target.label))


def caption(found: dict[str, Target], names: dict[str, str], block: m.Block) -> m.Block:
    """``block`` with its caption numbered ("Table 1: …") when it is a labelled float."""
    if not isinstance(block, FLOATS) or not block.id or block.id not in found:
        return block
    if (found[block.id].number or "")[:1].isalpha():
        return block  # an annex's float: ``briefgen.annexes`` numbered its caption (A.1)
    head = label(found[block.id], names)
    if not block.caption:
        return replace(block, caption=(head,))
    return replace(block, caption=(head, m.Text(": "), *block.caption))


def lists(blocks: tuple[m.Block, ...], template: Template) -> tuple[m.Block, ...]:
    """The lists of figures and tables the template asks for: each a heading titled by
    the template, then an entry per numbered float (its caption linked to it, dot
    leaders, its page)."""
    chosen = template.crossrefs
    out: list[m.Block] = []
    for kind, wanted, title in (("fig", chosen.list_of_figures, chosen.figures_title),
                                ("tbl", chosen.list_of_tables, chosen.tables_title)):
        floats = [b for b in blocks_of(blocks) if isinstance(b, FLOATS) and b.caption and b.id
                  and ("tbl" if isinstance(b, m.Table) else "fig") == kind
                  and b.id.startswith((f"{kind}-", ANNEX_ID))] if wanted else []
        if not floats:
            continue
        entries = [[m.Link(_plain_caption(b.caption), f"#{b.id}"),  # type: ignore[union-attr]
                    m.Span((m.Text("\t"), m.Span((), None, (PAGE, b.id or ""))), None,
                           (LEADER, "figures"))]
                   for b in floats]
        entries[0].insert(0, m.Span((), None, (LIST_BEGIN, "Figure" if kind == "fig"
                                                else "Table")))
        entries[-1].append(m.Span((), None, (LIST_END,)))
        made = m.made("list of figures" if kind == "fig" else "list of tables")
        out.append(m.Heading(1, (m.Text(title),), LIST_IDS[kind], pos=made))
        out += [m.Paragraph(tuple(e), pos=made) for e in entries]
    return tuple(out)


ANNEX_ID = "briefgen-annex-"
"""The id given to an annex's captioned float that has no label: the annexes number it
("Figure B.1"), so the lists show it, and a list entry needs a target."""


def name_annex_floats(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """``blocks`` with an id on each unlabelled captioned float of the annexes."""
    from ..annexes import starts_annexes
    from ..assemble import _map_child_blocks

    first = next((i for i, b in enumerate(blocks) if starts_annexes(b)), len(blocks))
    count = 0

    def named(inner: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        nonlocal count
        out = []
        for block in inner:
            block = _map_child_blocks(block, named)
            if isinstance(block, FLOATS) and block.caption and not block.id:
                count += 1
                kind = "tbl" if isinstance(block, m.Table) else "fig"
                block = replace(block, id=f"{ANNEX_ID}{kind}-{count}")
            out.append(block)
        return tuple(out)

    return blocks[:first] + named(blocks[first:])


def _plain_caption(caption: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A caption without its SEQ/REF marks (a list entry is a link of its own)."""
    return (m.Text(m.plain_text(caption)),)


def leader_at(children: tuple[m.Inline, ...]) -> int | None:
    """The place of an entry's ``leader`` span (``None``: not an entry with leaders)."""
    return next((i for i, c in enumerate(children)
                 if isinstance(c, m.Span) and c.classes[:1] == (LEADER,)), None)
