"""What ``briefgen verify`` compares of citations: note numbers and texts, cross-references.

Each note of the DOCX (``footnotes.xml``, or the numbered paragraphs of an endnotes
section) must appear in the PDF's text with the same number and the same words
("12 Ibid III(2)." as a footnote, "12. Ibid III(2)." as an endnote), and the cross-references ("Table 1", "Figure 2", "Section 4.1",
in any language briefgen knows) must occur as often in one file as in the other.
Text is compared without spaces, hyphens and soft hyphens, so a line broken or
hyphenated differently in the two layouts does not count as a difference.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from .crossref import WORDS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTE = re.compile(r"^(\d+)\.\s+(.*)$")
_CROSSREF = re.compile(r"\b(?:" + "|".join(sorted({w for lang in WORDS.values()
                                                   for w in lang.values()})) +
                       r") (?:[A-Z]\.)?\d+(?:\.\d+)*")


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


def compare_citations(pdf_path: Path, docx_path: Path) -> list[str]:
    """Differences in notes and cross-references between the two files (empty: none)."""
    problems: list[str] = []
    pdf = pdf_text(pdf_path)
    squeezed = _squeezed(pdf)
    for number, text in sorted(docx_notes(docx_path).items()):
        # the label as decided: "12" before a footnote (as Word's mark), "12." for endnotes
        if not any(_squeezed(f"{number}{dot}{text}") in squeezed for dot in ("", ".")):
            problems.append(f"note {number}: the PDF has no note {number} reading "
                            f"'{text[:80]}'")
    words = " ".join(docx_text(docx_path).split())
    in_docx = Counter(_CROSSREF.findall(words))
    in_pdf = Counter(_CROSSREF.findall(" ".join(pdf.split())))
    if in_docx != in_pdf:
        problems.append(f"cross-references: PDF has {dict(sorted(in_pdf.items()))}, "
                        f"DOCX has {dict(sorted(in_docx.items()))}")
    return problems
