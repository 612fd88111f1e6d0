"""Judging the hyphenated lines reportlab made: which breaks a paragraph keeps.

reportlab's greedy line breaker hyphenates any word that overflows a line.
:func:`judge_lines` looks at the wrapped lines and names the breaks to undo:
more than ``MAX_CONSECUTIVE`` in a row, and those not worth their cost
(:func:`briefgen.hyphenation.worth_it`).  The paragraph re-wraps with those
vetoed until none is left (at most :data:`MAX_REWRAPS` times, then unhyphenated).
"""

from __future__ import annotations

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..hyphenation import MAX_CONSECUTIVE, worth_it

MAX_REWRAPS = 6
HYPHEN_MARKS = ("-", "\u00ad", "\u2010")
"""What a hyphenated line may end in, however the text layer spells the added hyphen."""
MAX_GAP = 2.5
"""A justified line whose word spaces would grow to more than this many normal
spaces (a long unbreakable word, a fallback-font run) is set ragged instead."""


def _line_text(bl, line) -> tuple[str, float, int]:
    """(text, room left, words) of one wrapped line."""
    if bl.kind == 0:
        words = line[1]
        return " ".join(str(w) for w in words), line[0], len(words)
    text = "".join(getattr(f, "text", "") or "" for f in line.words)
    return text, line.extraSpace, getattr(line, "wordCount", len(text.split()))


def judge_lines(para, accepted: list[tuple[int, str, str]],
                width: float) -> tuple[frozenset[int], frozenset[tuple[int, str]]]:
    """(indices of hyphenated lines, vetoes) for ``para`` just wrapped at
    ``width``; ``accepted``: the breaks the hyphenator saw taken, in order."""
    bl = para.blPara
    st = para.style
    measure = width - st.leftIndent - st.rightIndent
    space = stringWidth(" ", st.fontName, st.fontSize)
    justified = st.alignment == TA_JUSTIFY
    hyphenated: list[int] = []
    veto: set[tuple[int, str]] = set()
    pending = list(accepted)
    for j, line in enumerate(bl.lines):
        if not pending:
            break
        text, room, words = _line_text(bl, line)
        call, word, head = pending[0]
        if not text.rstrip().endswith(tuple(head + mark for mark in HYPHEN_MARKS)):
            continue
        pending.pop(0)
        hyphenated.append(j)
        without = room + stringWidth(head + "-", st.fontName, st.fontSize) + space
        in_row = hyphenated[-MAX_CONSECUTIVE - 1:] == list(range(j - MAX_CONSECUTIVE, j + 1))
        if in_row or not worth_it(without, measure, words - 2, space, justified):
            veto.add((call, word))
    return frozenset(hyphenated), frozenset(veto)


def limit_stretch(bl, style) -> None:  # noqa: ANN001 - reportlab ParaLines, ParagraphStyle
    """Set ragged (no extra space) every justified line of ``bl`` whose gaps would
    exceed :data:`MAX_GAP` spaces: no line is stretched with huge holes."""
    space = stringWidth(" ", style.fontName, style.fontSize)
    for i, line in enumerate(bl.lines):
        if bl.kind == 0:
            extra, words = line[0], line[1]
            spaces = len(words) - 1
        else:
            extra = line.extraSpace
            spaces = getattr(line, "wordCount", 1) - 1
        if extra <= 0:
            continue
        if spaces <= 0 or space + extra / spaces > MAX_GAP * space:
            if bl.kind == 0:
                bl.lines[i] = (0.0, *line[1:])
            else:
                line.extraSpace = 0.0
