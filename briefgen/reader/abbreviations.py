"""Abbreviations: ``*[DPRK]: Democratic People's Republic of Korea`` (PHP Markdown Extra).

A definition is a line of its own anywhere in the brief or its parts (not in
code).  :func:`extract` takes the definitions out of the body before parsing
(their lines become blank, so every other line keeps its number); :func:`mark`
then turns each use of a defined term in running text into a
``Span(expansion=…)``, which the PDF tags with ``/E`` and ``assemble`` expands
or lists as the template says (``briefgen.glossary``).

:func:`check` warns about a definition no text uses and, once a brief defines
any abbreviation, about an all-capitals term used but never defined (two capitals
or more: ``NPT``, ``UNSC``, not ``G7``, ``Q3`` or Roman numerals), each at its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import model as m
from ..walk import blocks_of, map_inlines, nested_inlines, own_inlines
from .includes import _fence_state
from .positions import Lines

_DEFINITION = re.compile(r"^[ \t]{0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$")
_CAPITALS = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*(?![\w-])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # as the typographer curls it in running text

Report = Callable[[m.Pos | None, str], None]


@dataclass(frozen=True, slots=True)
class Definition:
    term: str
    expansion: str
    line: int
    """0-based body line of the definition."""


def extract(body: str, lines: Lines, error: Report) -> tuple[str, dict[str, Definition]]:
    """``body`` without its definition lines, and the definitions by term (first one wins)."""
    out: list[str] = []
    found: dict[str, Definition] = {}
    fence: str | None = None
    for number, line in enumerate(body.split("\n")):
        fence = _fence_state(line, fence)
        match = _DEFINITION.match(line) if fence is None else None
        if match is None:
            out.append(line)
            continue
        out.append("")
        term, expansion = match.group(1).strip(), _APOSTROPHE.sub("\u2019", match.group(2))
        where = lines.find([number, number + 1], "*[")
        if not expansion:
            error(where, f"abbreviation '{term}' has no expansion: write *[{term}]: what it "
                  "stands for")
        elif term in found and found[term].expansion != expansion:
            error(where, f"abbreviation '{term}' is defined twice, differently (first on line "
                  f"{lines.start([found[term].line, found[term].line + 1]).line})")
        elif term not in found:
            found[term] = Definition(term, expansion, number)
    return "\n".join(out), found


def mark(blocks: tuple[m.Block, ...], definitions: dict[str, Definition]) -> tuple[m.Block, ...]:
    """``blocks`` with every use of a defined term made a ``Span`` carrying its expansion."""
    if not definitions:
        return blocks
    terms = sorted(definitions, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])")

    def split(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if not isinstance(node, m.Text) or not pattern.search(node.text):
            return node
        out: list[m.Inline] = []
        last = 0
        for match in pattern.finditer(node.text):
            if match.start() > last:
                out.append(m.Text(node.text[last: match.start()]))
            term = match.group(1)
            out.append(m.Span((m.Text(term),), classes=("abbr",),
                              expansion=definitions[term].expansion))
            last = match.end()
        if last < len(node.text):
            out.append(m.Text(node.text[last:]))
        return tuple(out)

    return map_inlines(blocks, split)


def _used(blocks: tuple[m.Block, ...], notes: tuple[m.Footnote, ...]) -> tuple[set[str], str]:
    """The abbreviations used, and the plain running text (not code) of everything."""
    used: set[str] = set()
    texts: list[str] = []
    every = list(blocks_of(blocks)) + [b for n in notes for b in blocks_of(n.blocks)]
    for block in every:
        for node in nested_inlines(list(own_inlines(block))):
            if isinstance(node, m.Span) and node.expansion:
                used.add(m.plain_text(node.children))
            elif isinstance(node, m.Text):
                texts.append(node.text)
    return used, " ".join(texts)


def check(blocks: tuple[m.Block, ...], notes: tuple[m.Footnote, ...],
          definitions: dict[str, Definition], lines: Lines, warn: Report) -> None:
    """Warn about unused definitions and undefined all-capitals terms."""
    if not definitions:
        return
    used, text = _used(blocks, notes)
    for term, definition in definitions.items():
        if term not in used:
            warn(lines.find([definition.line, definition.line + 1], "*["),
                 f"abbreviation '{term}' is defined but never used")
    seen: set[str] = set()
    for match in _CAPITALS.finditer(text):
        word = match.group(0)
        if word in definitions or word in seen or _ROMAN.match(word):
            continue
        seen.add(word)
        warn(_first_use(lines, word), f"'{word}' looks like an abbreviation but is never "
             f"defined: add a line *[{word}]: what it stands for")


def _first_use(lines: Lines, word: str) -> m.Pos | None:
    pattern = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")
    for number, line in enumerate(lines.lines):
        match = pattern.search(line)
        if match and not _DEFINITION.match(line):
            return lines.find([number, number + 1], word, match.start())
    return None
