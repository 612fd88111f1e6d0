"""The PDF's text layer says what the brief says, whatever the line breaks.

reportlab draws each line on its own, so where a line ends extraction and
screen readers see what was drawn: no space after the last word
("longenough", "addressline" after a hard break, "2003.3Whatever" after a
note mark) and a real hyphen where hyphenation broke a word ("com-mitment").
:func:`true_line_ends` fixes both on a wrapped paragraph just before it is
drawn, by aligning its lines with the paragraph's own text:

- a line that ends between two words gets a trailing space (drawn past the
  line's end, so nothing moves);
- a hyphen the layout added (the text has none there) is drawn as U+00AD
  SOFT HYPHEN with the hyphen's glyph and width, so the text layer reads the
  word whole; a hyphen the author wrote stays a hyphen.

Where the lines and the text cannot be aligned (a paragraph reportlab has
rewritten) only the trailing space is added, as before.  Where hyphenation is
allowed is not decided here (see the styles); only what the break says.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

SOFT_HYPHEN = "\u00ad"
_NO_SPACE = (" ", "-", SOFT_HYPHEN, "\u2010", "\u2011")


def true_line_ends(para) -> None:  # noqa: ANN001 - a wrapped reportlab Paragraph
    """Make every line end of ``para.blPara`` read as the text does (see the module)."""
    bl = getattr(para, "blPara", None)
    if bl is None or not bl.lines:
        return
    lines = [_line_text(bl, line) for line in bl.lines]
    source = getattr(para, "source_text", None)
    ends = _align(source if source is not None else source_text(para), lines)
    last = len(bl.lines) - 1
    for index, line in enumerate(bl.lines):
        end = ends[index] if ends is not None else None
        if index == last and not _hard_break(bl, line) and end in (None, "end"):
            if getattr(para, "ends_word", False):  # a label: its text goes on after it
                _fix_line(bl, index, line, "space", para.style.fontName)
            continue
        _fix_line(bl, index, line, end, para.style.fontName)


def source_text(para) -> str:  # noqa: ANN001
    parts = []
    for frag in getattr(para, "frags", ()):
        if isinstance(frag, list):  # a word of a split piece: [width, (frag, text), …]
            parts.extend(t for _f, t in frag[1:] if isinstance(t, str))
            parts.append(" " if type(frag).__name__.endswith("HS") or "HSFrag" in
                         type(frag).__name__ else "")
        elif getattr(frag, "lineBreak", False):
            parts.append("\n")
        elif not hasattr(frag, "cbDefn"):
            text = getattr(frag, "text", "")
            parts.append(text if isinstance(text, str) else text.decode("utf8"))
    return "".join(parts)


def _line_text(bl, line) -> str:  # noqa: ANN001
    if bl.kind == 0:
        return " ".join(line[1])
    return "".join(f.text for f in line.words
                   if not hasattr(f, "cbDefn") and isinstance(getattr(f, "text", None), str))


def _align(source: str, lines: list[str]) -> list[str] | None:
    """For each line: ``"space"`` (it ends between words), ``"added"`` (it ends in a
    hyphen the layout added), ``"word"`` (it ends inside a word) or ``"end"``;
    ``None`` when the lines are not the source's characters in order."""
    chars = [c for c in source if not c.isspace()]
    spaced = []
    for i, c in enumerate(source):
        if not c.isspace():
            spaced.append(i + 1 >= len(source) or source[i + 1].isspace())
    for k in _starts(chars, lines[0] if lines else ""):
        out = _walk(chars, spaced, k, lines)
        if out is not None:
            return out
    return None


def _walk(chars: list[str], spaced: list[bool], k: int, lines: list[str]) -> list[str] | None:
    out: list[str] = []
    for text in lines:
        mine = [c for c in text if not c.isspace()]
        added = bool(mine) and mine[-1] == "-" and chars[k + len(mine) - 1:k + len(mine)] != ["-"]
        if added:
            mine = mine[:-1]
        if chars[k:k + len(mine)] != mine:
            return None
        k += len(mine)
        if k >= len(chars):
            out.append("end")
        elif added:
            out.append("added")
        else:
            out.append("space" if k and spaced[k - 1] else "word")
    return out


def _starts(chars: list[str], first: str) -> list[int]:
    """Where the first line may start in the text (a split piece starts inside it):
    every place its characters occur, first to last (a text that repeats itself)."""
    mine = "".join(c for c in first if not c.isspace()).rstrip("-")
    text, found = "".join(chars), []
    at = text.find(mine) if mine else -1
    while at >= 0:
        found.append(at)
        at = text.find(mine, at + 1)
    return found or [0]


def _hard_break(bl, line) -> bool:  # noqa: ANN001
    return bl.kind == 1 and bool(getattr(line, "lineBreak", False))


def _fix_line(bl, index: int, line, end: str | None, font: str) -> None:  # noqa: ANN001
    if bl.kind == 0:
        extra, words = line[0], line[1]
        if not words or type(words[-1]) is not str and end is None:
            return
        last = _fixed(str(words[-1]), end, font)
        if last is not None:
            bl.lines[index] = (extra, words[:-1] + [last]) + tuple(line[2:])
        return
    words = getattr(line, "words", None) or []
    for j in range(len(words) - 1, -1, -1):
        frag = words[j]
        if hasattr(frag, "cbDefn") or not isinstance(getattr(frag, "text", None), str) \
                or not frag.text:
            continue
        last = _fixed(frag.text, end, frag.fontName)
        if last is not None and last == frag.text + " " and _decorated(frag):
            # a struck, underlined or linked word: its line-end space stays bare, so the
            # rule or the link box stops at the end of the word
            words.insert(j + 1, frag.clone(text=" ", strike=0, underline=0, link=[],
                                           us_lines=[]))
        elif last is not None:
            words[j] = frag.clone(text=last)
        return


def _decorated(frag) -> bool:  # noqa: ANN001 - a reportlab ParaFrag
    return bool(getattr(frag, "us_lines", None) or getattr(frag, "link", None))


def _fixed(word: str, end: str | None, font: str) -> str | None:
    """The new last word of a line, or ``None`` to leave it."""
    if end == "added" and word.endswith("-"):
        _soft_hyphen_glyph(font)
        return word[:-1] + SOFT_HYPHEN
    if end == "space" or (end is None and not word.endswith(_NO_SPACE)):
        return word + " "
    return None


def _soft_hyphen_glyph(font_name: str) -> None:
    """Give a TrueType font that lacks U+00AD the hyphen's glyph and width for it
    (Carlito has none), so the soft hyphen draws exactly as the hyphen it replaces."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None or 0xAD in face.charToGlyph or 0x2D not in face.charToGlyph:
        return
    face.charToGlyph[0xAD] = face.charToGlyph[0x2D]
    face.charWidths[0xAD] = face.charWidths.get(0x2D, face.defaultWidth)
