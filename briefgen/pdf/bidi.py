"""Lines of mixed direction drawn in visual order (the Unicode bidi rules, by word).

reportlab 5.1 breaks a paragraph into lines in logical (reading) order and,
without the ``rlbidi`` package that no index serves, never reorders them; the
shaping pass (:mod:`briefgen.pdf.scripts`) only turns the glyphs of each word
round.  :func:`visual_lines` reorders the words of every line of a wrapped
paragraph just before it is drawn: each word takes a direction from its
letters (right to left for Arabic and Hebrew, left to right for Latin, a
number follows the letters before it, spaces and punctuation the words around
them), levels are resolved against the paragraph's direction, and runs are
reversed from the highest level down (rules W1–W7, N1–N2, I1–I2, L1–L2 of
UAX #9, with a word for a character).  The space a line ends in is not drawn
in a right-to-left line (it would push the line off its right edge).

Text extraction (pypdf, pdfium, poppler) expects exactly this: glyphs placed
and drawn in visual order, which each reader turns back into reading order.
"""

from __future__ import annotations

import re
import unicodedata

_PIECE = re.compile(r"\s+|\S+")
_PRIVATE = range(0xE000, 0xF900)


def visual_lines(para, rtl: bool) -> None:  # noqa: ANN001 - a wrapped BriefParagraph
    """Put the words of each line of ``para.blPara`` in visual order; ``rtl``: the
    paragraph runs right to left.  reportlab turns the frags of a line of a
    ``wordWrap='RTL'`` paragraph round itself when drawing, so they are handed over
    in the opposite order, at every drawing."""
    bl = getattr(para, "blPara", None)
    if bl is None or bl.kind != 1:
        return
    if not rtl and not any(has_rtl(f.text) for line in bl.lines for f in line.words
                           if isinstance(getattr(f, "text", None), str)):
        return
    turned = para.style.wordWrap == "RTL"
    for line in bl.lines:  # (a paragraph drawn twice, as multiBuild does, is reordered once)
        if getattr(line, "_visual", None) is None:
            line._visual = visual_order(line.words, rtl)
        line.words = line._visual[::-1] if turned else list(line._visual)


def visual_order(frags: list, rtl: bool) -> list:
    """The frags of one line (logical order) in visual order."""
    tokens = _tokens(frags)
    if rtl:
        while tokens and tokens[-1][0] == "space":
            tokens.pop()  # L1: the line's trailing space is not drawn
    kinds = _resolve([kind for kind, _ in tokens], rtl)
    levels = [_level(kind, rtl) for kind in kinds]
    order = list(range(len(tokens)))
    for floor in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < floor:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= floor:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return [frag for index in order for frag in _glyph_order(*tokens[index])]


def _glyph_order(kind: str, frags: list) -> list:
    """A word's frags as drawn: a right-to-left word the shaping pass left alone (a
    paragraph broken as CJK is not shaped) is turned round here."""
    from reportlab.pdfbase.ttfonts import ShapedStr

    texts = [getattr(f, "text", None) for f in frags if not hasattr(f, "cbDefn")]
    if kind != "R" or any(isinstance(t, ShapedStr) for t in texts):
        return frags
    return [f if hasattr(f, "cbDefn") or not isinstance(getattr(f, "text", None), str)
            else f.clone(text=f.text[::-1]) for f in reversed(frags)]


def has_rtl(text: str) -> bool:
    """Whether ``text`` (glyph text, presentation forms included) has an R/AL letter."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if ord(c) > 0x58F)


def _tokens(frags: list) -> list[tuple[str, list]]:
    """Words (``R``, ``L``, ``EN`` or ``ON``) and spaces (``space``), each with its frags.
    A callback frag (``cbDefn``) stays with the word it is next to."""
    tokens: list[tuple[str, list]] = []
    word: list = []

    def close() -> None:
        if word:
            tokens.append((_kind(word), list(word)))
            word.clear()

    for frag in frags:
        text = getattr(frag, "text", None)
        if hasattr(frag, "cbDefn") or not isinstance(text, str) or not text:
            word.append(frag)
            continue
        for m in _PIECE.finditer(text):
            piece = text[m.start():m.end()] if m.end() - m.start() < len(text) else text
            part = frag.clone(text=piece) if piece is not text else frag
            if piece[0].isspace():
                close()
                tokens.append(("space", [part]))
            else:
                word.append(part)
    close()
    return tokens


def _kind(frags: list) -> str:
    text = "".join(f.text for f in frags if not hasattr(f, "cbDefn")
                   and isinstance(getattr(f, "text", None), str))
    strong = [unicodedata.bidirectional(c) for c in text if ord(c) not in _PRIVATE]
    if any(k in ("R", "AL") for k in strong):
        return "R"
    if "L" in strong:
        return "L"
    if any(k in ("EN", "AN") for k in strong):
        return "EN"
    return "ON"


def _resolve(kinds: list[str], rtl: bool) -> list[str]:
    """Numbers after right-to-left letters count as R (W2, N1); neutrals take the
    direction of the letters on both sides, else the paragraph's (N1, N2)."""
    base = "R" if rtl else "L"
    out = list(kinds)
    last = base
    for i, kind in enumerate(out):
        if kind == "EN":
            out[i] = "R" if last == "R" else "L"
        if out[i] in ("R", "L"):
            last = out[i]
    strong = [(i, k) for i, k in enumerate(out) if k in ("R", "L")]
    for i, kind in enumerate(out):
        if kind in ("R", "L"):
            continue
        before = next((k for j, k in reversed(strong) if j < i), base)
        after = next((k for j, k in strong if j > i), base)
        out[i] = before if before == after else base
    return out


def _level(kind: str, rtl: bool) -> int:
    if rtl:
        return 2 if kind == "L" else 1
    return 1 if kind == "R" else 0
