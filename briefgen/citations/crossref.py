"""Cross-references as Quarto writes them: ``{#fig-x}``, ``{#tbl-x}``, ``{#sec-x}`` → "Figure 2".

Labels: ``{#fig-x}`` on an image, ``{#tbl-x}`` on a table's caption line, ``{#sec-x}`` on
a heading.  :func:`number_floats` numbers the labelled figures and tables in reading
order (the one place that decides "Table 1"; an annex may number its own as "A.1"
by calling it with a ``prefix``).  :func:`apply` prefixes each numbered caption
("Table 1: …") and turns every ``@fig-x`` into a link whose text is "Figure 2".
A section's reference shows its number ("Section 2.1") when the template numbers
headings, else the heading's title.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import model as m
from ..diagnostics import BriefError
from ..template.model import Template
from ..walk import blocks_of

KINDS = ("fig", "tbl", "sec")

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
        label = block.id if isinstance(block, (m.Image, m.Table)) else None
        kind = "fig" if isinstance(block, m.Image) else "tbl"
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
        label = block.id if isinstance(block, (m.Image, m.Table)) else None
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
    """"Figure 2", "Section 2.1", or a section's title when sections are not numbered."""
    if target.number is None:
        return f"{names['sec']} \u2018{target.title}\u2019" if target.kind == "sec" else target.label
    return f"{names[target.kind]} {target.number}"


XREF = "xref"
"""Span class of a reference's text ("Table 1" in a link): the DOCX writes a REF field."""
TARGET = "xref-target"
"""Span class of a caption's label ("Table 1"), the span's second class its label: the DOCX
bookmarks it for REF fields."""
SEQ = "seq"
"""Span class of a caption's number, the span's second class its sequence (``Figure``,
``Table``): the DOCX writes a SEQ field, as Word's own Insert Caption does."""


def _marked(target: Target, names: dict[str, str]) -> m.Inline:
    text = m.Text(text_of(target, names))
    return m.Span((text,), None, (XREF,)) if target.kind in ("fig", "tbl") and target.number \
        else text


def label(target: Target, names: dict[str, str]) -> m.Inline:
    """A caption's "Table 1", marked for Word's SEQ field and REF bookmark."""
    sequence = "Figure" if target.kind == "fig" else "Table"
    number = m.Span((m.Text(target.number or ""),), None, (SEQ, sequence))
    return m.Span((m.Text(f"{names[target.kind]} "), number), None, (TARGET, target.label))


def caption(found: dict[str, Target], names: dict[str, str], block: m.Block) -> m.Block:
    """``block`` with its caption numbered ("Table 1: …") when it is a labelled float."""
    if not isinstance(block, (m.Image, m.Table)) or not block.id or block.id not in found:
        return block
    if (found[block.id].number or "")[:1].isalpha():
        return block  # an annex's float: ``briefgen.annexes`` numbered its caption (A.1)
    head = label(found[block.id], names)
    if not block.caption:
        return replace(block, caption=(head,))
    return replace(block, caption=(head, m.Text(": "), *block.caption))


def lists(blocks: tuple[m.Block, ...], template: Template) -> tuple[m.Block, ...]:
    """The lists of figures and tables the template asks for: a box titled by the template
    holding each numbered caption as a link to its float."""
    chosen = template.crossrefs
    out: list[m.Block] = []
    for kind, wanted, title in (("fig", chosen.list_of_figures, chosen.figures_title),
                                ("tbl", chosen.list_of_tables, chosen.tables_title)):
        if not wanted:
            continue
        entries = [m.Paragraph((m.Link(tuple(_plain_caption(b.caption)), f"#{b.id}"),))
                   for b in blocks_of(blocks) if isinstance(b, (m.Image, m.Table))
                   and b.id and b.id.startswith(f"{kind}-") and b.caption]
        if entries:  # a titled box keeps the title with its entries
            out.append(m.Callout("note", title, tuple(entries)))
    return tuple(out)


def _plain_caption(caption: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A caption without its SEQ/REF marks (a list entry is a link of its own)."""
    return (m.Text(m.plain_text(caption)),)
