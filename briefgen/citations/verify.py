"""What ``briefgen verify`` compares of citations: note numbers and texts, cross-references.

Each note of the DOCX (``footnotes.xml``, or the numbered paragraphs of an endnotes
section) must be a note of the PDF (read from its structure tree, as
:mod:`briefgen.readback` reads it) with the same number and the same words
("12 Ibid III(2)." at a page foot, "12. Ibid III(2)." as an endnote), and the
cross-references ("Table 1", "Figure 2", "Section 4.1",
in any language briefgen knows) must occur as often in one file as in the other.
The in-text citations of an author-date style ("(Smith 2020, 45)", "Joyner (2011)",
"(NPT 1968, art. IX(3); see Joyner 2011)") are compared one by one in reading
order (:func:`citation_differences`): every parenthesis holding a year (or "n.d."),
with the word before it when it opens with the year (a narrative citation names
its author in the text).
Text is compared without spaces, hyphens and soft hyphens, so a line broken or
hyphenated differently in the two layouts does not count as a difference.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

from ..readback import TextBlock
from .crossref import WORDS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTE = re.compile(r"^(\d+)\.\s+(.*)$")
_LABELLED = re.compile(r"^(\d+)\.?\s+(.*)$", re.S)
_CROSSREF = re.compile(r"\b(?:" + "|".join(sorted({w for lang in WORDS.values()
                                                   for w in lang.values()})) +
                       r") (?:[A-Z]\.)?\d+(?:\.\d+)*")


_INNER = r"(?:[^()]|\([^()]*\))"
_IN_TEXT = re.compile(r"(?:(\S+) )?\((" + _INNER + r"*?(?:\b1[5-9]\d\d[a-z]?\b|\b20\d\d[a-z]?\b|n\.d\.)"
                      + _INNER + r"*?)\)")
SHOWN = 5
"""At most this many differing citations are reported one by one."""


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def docx_notes(path: Path) -> dict[int, str]:
    """The DOCX's notes by number: footnotes, else numbered endnote paragraphs."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml")) \
            if "word/footnotes.xml" in names else None
    found: dict[int, str] = {}
    if notes is not None:
        for note in notes.findall(f"{_W}footnote"):
            if note.get(f"{_W}type") is None:
                found[int(note.get(f"{_W}id"))] = _shown(note)
    if found:
        return found
    for paragraph in body.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        match = _NOTE.match(_shown(paragraph))
        if style is not None and style.get(f"{_W}val") == "EndnoteText" and match:
            found[int(match.group(1))] = match.group(2)
    return found


def _shown(element: etree._Element) -> str:
    """The text Word shows (``w:t``), not field instructions."""
    return " ".join("".join(t.text or "" for t in element.iter(f"{_W}t")).split())


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return "\n".join(_shown(p) for p in body.iter(f"{_W}p"))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_notes(path: Path) -> dict[int, str]:
    """The PDF's notes by number: the tagged note paragraphs, each beginning with its
    label ("12" at a page foot, "12." as an endnote); a paragraph without a label
    continues the note before it."""
    from ..readback import pdf_blocks

    found: dict[int, str] = {}
    last: int | None = None
    for block in pdf_blocks(path):
        if not block.note:
            continue
        match = _LABELLED.match(block.text)
        if match and (last is None or int(match.group(1)) == last + 1):
            last = int(match.group(1))
            found[last] = match.group(2)
        elif last is not None:
            found[last] = f"{found[last]} {block.text}"
    return found


def compare_citations(pdf_path: Path, docx_path: Path) -> list[str]:
    """Differences in notes and cross-references between the two files (empty: none)."""
    problems: list[str] = []
    pdf = pdf_text(pdf_path)
    in_pdf_notes = {n: _squeezed(t) for n, t in pdf_notes(pdf_path).items()}
    for number, text in sorted(docx_notes(docx_path).items()):
        if in_pdf_notes.get(number) != _squeezed(text):
            problems.append(f"note {number}: the PDF has no note {number} reading "
                            f"'{text[:80]}'")
    words = " ".join(docx_text(docx_path).split())
    in_docx = Counter(_CROSSREF.findall(words))
    in_pdf = Counter(_CROSSREF.findall(" ".join(pdf.split())))
    if in_docx != in_pdf:
        problems.append(f"cross-references: PDF has {dict(sorted(in_pdf.items()))}, "
                        f"DOCX has {dict(sorted(in_docx.items()))}")
    return problems


def in_text(blocks: list[TextBlock]) -> list[tuple[str, TextBlock]]:
    """Each in-text citation of ``blocks`` (see the module's docstring) and its block, in
    reading order."""
    out = []
    for block in blocks:
        for match in _IN_TEXT.finditer(block.text):
            word, inner = match.group(1), match.group(2)
            narrative = word is not None and inner[:1].isdigit()
            out.append((f"{word} ({inner})" if narrative else f"({inner})", block))
    return out


def citation_differences(pdf: list[TextBlock], docx: list[TextBlock]) -> list[str]:
    """One message per in-text citation that reads differently in the two files (body,
    then notes), naming the PDF block's place."""
    problems: list[str] = []
    for note in (False, True):
        blocks = [b for b in pdf if b.note == note]
        a = in_text(blocks)
        b = in_text([x for x in docx if x.note == note])
        matcher = SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                mine = a[i1 + k] if i1 + k < i2 else None
                theirs = b[j1 + k] if j1 + k < j2 else None
                block = mine[1] if mine else _between(blocks, a, i1, theirs[1] if theirs else None)
                where = block.place if block is not None else ("notes" if note else "body")
                problems.append(f"citation: {where}: PDF has "
                                f"{mine[0] if mine else 'nothing'!r} where DOCX has "
                                f"{theirs[0] if theirs else 'nothing'!r}")
    if len(problems) > SHOWN:
        problems = problems[:SHOWN] + [f"citation: {len(problems) - SHOWN} more differ"]
    return problems


def _between(blocks: list[TextBlock], found: list[tuple[str, TextBlock]], at: int,
             theirs: TextBlock | None) -> TextBlock | None:
    """The PDF block that should hold a citation only the DOCX has: of the blocks from
    the one of the citation before it to the one of the citation after it, the one
    reading most like the DOCX's block."""
    if not blocks:
        return None
    first = blocks.index(found[at - 1][1]) if 0 < at <= len(found) else 0
    last = blocks.index(found[at][1]) if at < len(found) else len(blocks) - 1
    window = blocks[first:last + 1] or blocks[first:first + 1]
    if theirs is None:
        return window[0]
    return max(window, key=lambda x: SequenceMatcher(None, x.text, theirs.text).ratio())
