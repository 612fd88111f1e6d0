"""Reading typography back out of finished PDFs, as a copy editor would:
lines of text per page, the words broken at line ends, headings left at a
page foot.  Used by ``test_typography.py``; reads files only (pdfplumber)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

HYPHENS = ("-", "\u00ad", "\u2010")
LETTERS = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    landscape: bool = False
    """The line's page is turned (wider than tall)."""


@dataclass(frozen=True)
class Break:
    """A word hyphenated at a line end: ``head`` + ``tail`` is a word of the source."""

    head: str
    tail: str
    line: int
    across_pages: bool


def pdf_lines(path: Path, top_margin: float, bottom_margin: float) -> list[Line]:
    """The text lines of the body area of every page, in reading order."""
    out: list[Line] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words(use_text_flow=True)
            rows: dict[int, list[dict]] = {}
            for w in words:
                if w["top"] < top_margin - 2 or w["bottom"] > page.height - bottom_margin + 2:
                    continue  # running header, footer, banner
                key = round(w["bottom"])
                near = next((k for k in rows if abs(k - key) <= 2), key)
                rows.setdefault(near, []).append(w)
            for key in sorted(rows):
                ws = sorted(rows[key], key=lambda w: w["x0"])
                out.append(Line(number, min(w["top"] for w in ws), max(w["bottom"] for w in ws),
                                ws[0]["x0"], ws[-1]["x1"], " ".join(w["text"] for w in ws),
                                page.width > page.height))
    return out


def source_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(f"[{LETTERS}]+", text)}


def breaks(lines: list[Line], source: str) -> list[Break]:
    """Every line-end hyphenation (a hyphen joining two pieces of one source
    word, not the hyphen of a compound such as ``arms-for-technology``)."""
    words = source_words(source)
    lowered = source.lower()
    out = []
    for i, (line, nxt) in enumerate(zip(lines, lines[1:])):
        m = re.search(f"([{LETTERS}]+)[{''.join(HYPHENS)}]$", line.text)
        n = re.match(f"([{LETTERS}]+)", nxt.text)
        if not (m and n):
            continue
        head, tail = m.group(1), n.group(1)
        whole = (head + tail).lower()
        if whole in words and f"{head}-{tail}".lower() not in lowered:
            out.append(Break(head, tail, i, line.page != nxt.page))
    return out


def full_lines(lines: list[Line], measure: float, left: float) -> int:
    """Lines that run (nearly) the full measure: the ones that could be hyphenated."""
    return sum(1 for ln in lines if ln.x1 - left > measure * 0.6)


def stranded(lines: list[Line], heading: str) -> list[int]:
    """Pages on which ``heading`` is followed by fewer than two lines; by no line at all
    when the next page is turned the other way (a landscape block is a forced break: a
    heading with the whole one-line paragraph before that break is not stranded)."""
    bad = []
    key = _squash(heading)
    for i, line in enumerate(lines):
        text = _squash(line.text)
        ends_heading = (text.endswith(key) and len(text) < len(key) + 8) or (
            key.endswith(text) and len(text) >= min(len(key), 12))
        if key and ends_heading and not line.text.rstrip()[-1:].isdigit():  # not a contents entry
            after = [ln for ln in lines[i + 1:] if ln.page == line.page]
            nxt = next((ln for ln in lines[i + 1:] if ln.page > line.page), None)
            need = 1 if nxt and nxt.landscape != line.landscape else 2
            if len(after) < need and nxt:
                bad.append(line.page)
    return bad


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())
