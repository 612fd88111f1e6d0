"""Annexes: a heading with ``{.annex}`` starts them; "Annex A", "Annex B", and A.1, A.2 inside.

From the first ``{.annex}`` heading on, every heading of its level starts the
next annex, numbered "Annex A", "Annex B" … whether or not the template numbers
headings (the contents list shows the number, as for any heading).  Inside an
annex, deeper headings are numbered A.1, A.1.1 when the template numbers
headings, numbered paragraphs A.1, A.2 when it numbers paragraphs, and
captioned tables and figures (images, charts; also on landscape pages) "Table A.1:",
"Figure A.1:".

This is one function, :func:`number_annexes`, run by ``assemble`` after the
body's own numbering; the body's table and figure numbers (issue 15) stop where
the annexes start, so the two combine without overlap.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace

from . import model as m

ANNEX_CLASS = "annex"


@dataclass(slots=True)
class _Counters:
    letter: str = ""
    headings: list[int] = field(default_factory=lambda: [0] * 7)
    paragraphs: int = 0
    tables: int = 0
    figures: int = 0

    def start(self, index: int) -> None:
        self.letter = annex_letter(index)
        self.headings, self.paragraphs, self.tables, self.figures = [0] * 7, 0, 0, 0

    def label(self, count: int) -> str:
        return f"{self.letter}.{count}"


def annex_letter(index: int) -> str:
    """A, B, … Z, AA, AB … for annex ``index`` (0-based)."""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else annex_letter(index // 26 - 1) + letters[index % 26]


def starts_annexes(block: m.Block) -> bool:
    return isinstance(block, m.Heading) and ANNEX_CLASS in block.classes


def number_annexes(blocks: tuple[m.Block, ...], *, headings: bool, paragraphs: bool
                   ) -> tuple[m.Block, ...]:
    """``blocks`` with the annexes (from the first ``{.annex}`` heading) numbered."""
    first = next((i for i, b in enumerate(blocks) if starts_annexes(b)), None)
    if first is None:
        return blocks
    level = blocks[first].level  # type: ignore[union-attr]
    counters = _Counters()
    annexes = 0
    out = list(blocks[:first])
    for block in blocks[first:]:
        if isinstance(block, m.Heading) and block.level <= level:
            counters.start(annexes)
            annexes += 1
            block = replace(block, number=f"Annex {counters.letter}")
        elif isinstance(block, m.Heading):
            block = _heading(block, level, counters) if headings else replace(block, number=None)
        elif isinstance(block, m.Paragraph) and paragraphs and block.number is not None:
            counters.paragraphs += 1
            block = replace(block, number=counters.label(counters.paragraphs))
        elif isinstance(block, m.Landscape):
            block = replace(block, blocks=tuple(_captioned(b, counters) for b in block.blocks))
        else:
            block = _captioned(block, counters)
        out.append(block)
    return tuple(out)


def annex_float_numbers(blocks: tuple[m.Block, ...]) -> dict[str, tuple[str, str]]:
    """Label → ("fig" | "tbl", "A.1") for the labelled captioned floats inside the annexes,
    numbered as :func:`number_annexes` numbers their captions (cross-references use it)."""
    first = next((i for i, b in enumerate(blocks) if starts_annexes(b)), None)
    if first is None:
        return {}
    level = blocks[first].level  # type: ignore[union-attr]
    counters = _Counters()
    annexes = 0
    found: dict[str, tuple[str, str]] = {}

    def count(block: m.Block) -> None:
        if isinstance(block, m.Table) and block.caption:
            counters.tables += 1
            if block.id:
                found.setdefault(block.id, ("tbl", counters.label(counters.tables)))
        elif isinstance(block, (m.Image, m.Chart)) and block.caption:
            counters.figures += 1
            if block.id:
                found.setdefault(block.id, ("fig", counters.label(counters.figures)))

    for block in blocks[first:]:
        if isinstance(block, m.Heading) and block.level <= level:
            counters.start(annexes)
            annexes += 1
        elif isinstance(block, m.Landscape):
            for inner in block.blocks:
                count(inner)
        else:
            count(block)
    return found


def _heading(block: m.Heading, level: int, counters: _Counters) -> m.Heading:
    depth = block.level - level  # 1 for the annex's own sections
    counters.headings[depth - 1] += 1
    for deeper in range(depth, 7):
        counters.headings[deeper] = 0
    parts = [str(n) for n in counters.headings[:depth]]
    return replace(block, number=".".join([counters.letter, *parts]))


def _captioned(block: m.Block, counters: _Counters) -> m.Block:
    """A captioned table or figure with its annex number in front of the caption."""
    if isinstance(block, m.Table) and block.caption:
        counters.tables += 1
        return replace(block, caption=_prefix(f"Table {counters.label(counters.tables)}: ",
                                              block.caption))
    if isinstance(block, (m.Image, m.Chart)) and block.caption:
        counters.figures += 1
        return replace(block, caption=_prefix(f"Figure {counters.label(counters.figures)}: ",
                                              block.caption))
    return block


def _prefix(label: str, caption: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    return (m.Text(label), *caption)
