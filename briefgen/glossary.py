"""Abbreviations as the template wants them: expanded at first use, listed in a glossary.

The reader marks every use of a defined term as ``Span(expansion=…)``
(``briefgen.reader.abbreviations``).  With ``glossary.expand_first`` the first
use in running text (headings aside) reads "Democratic People's Republic of
Korea (DPRK)"; with ``glossary.section`` a section titled ``glossary.title``
lists the terms this audience's version uses, alphabetically, before the
annexes (or at the end).  ``assemble`` calls :func:`apply` before numbering,
so the section is numbered like any other.
"""

from __future__ import annotations

from dataclasses import replace

from . import model as m
from .annexes import starts_annexes
from .template.model import Glossary
from .walk import inlines_of, map_inlines

GLOSSARY_ID = "abbreviations-list"


def apply(blocks: tuple[m.Block, ...], glossary: Glossary) -> tuple[m.Block, ...]:
    """``blocks`` with first uses expanded and the glossary section added, as asked."""
    used = terms_used(blocks)
    if not used:
        return blocks
    if glossary.expand_first:
        blocks = expand_first(blocks)
    if glossary.section:
        blocks = _with_section(blocks, used, glossary.title)
    return blocks


def terms_used(blocks: tuple[m.Block, ...]) -> dict[str, str]:
    """Each abbreviation used in ``blocks`` and its expansion."""
    found: dict[str, str] = {}
    for block in blocks:
        for node in inlines_of(block):
            if isinstance(node, m.Span) and node.expansion:
                found.setdefault(m.plain_text(node.children), node.expansion)
    return found


def expand_first(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """The first use of each term in running text written out: "expansion (TERM)".
    Headings, tables and captions keep the short form (a cell or title is no place
    for a definition)."""
    seen: set[str] = set()

    def expand(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if not isinstance(node, m.Span) or not node.expansion:
            return node
        term = m.plain_text(node.children)
        if term in seen:
            return node
        seen.add(term)
        return (m.Text(f"{node.expansion} ("), node, m.Text(")"))

    def walk(items: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        out: list[m.Block] = []
        for b in items:
            if isinstance(b, m.Paragraph):
                b = map_inlines((b,), expand)[0]
            elif isinstance(b, (m.BlockQuote, m.Callout, m.Landscape, m.Div)):
                b = replace(b, blocks=walk(b.blocks))
            elif isinstance(b, m.ListBlock):
                b = replace(b, items=tuple(replace(i, blocks=walk(i.blocks)) for i in b.items))
            elif isinstance(b, m.DefinitionList):
                b = replace(b, items=tuple(replace(d, definitions=tuple(
                    walk(x) for x in d.definitions)) for d in b.items))
            out.append(b)
        return tuple(out)

    return walk(blocks)


def _with_section(blocks: tuple[m.Block, ...], used: dict[str, str], title: str
                  ) -> tuple[m.Block, ...]:
    made = m.made("abbreviations")  # what ``briefgen verify`` names it
    items = tuple(m.Definition((m.Text(term),), ((m.Paragraph((m.Text(used[term]),), pos=made),),))
                  for term in sorted(used, key=lambda t: (t.casefold(), t)))
    section = (m.Heading(1, (m.Text(title),), GLOSSARY_ID, pos=made),
               m.DefinitionList(items, pos=made))
    at = next((i for i, b in enumerate(blocks) if starts_annexes(b)), len(blocks))
    return blocks[:at] + section + blocks[at:]
