"""What a paragraph's scripts need from reportlab: shaping, CJK breaking, RTL order.

* Complex scripts (Arabic, Hebrew, Devanagari, Thai …) are shaped with
  uharfbuzz (library-pitfalls §18), but only in paragraphs that hold them:
  shaping Latin would turn "fi" into a ligature glyph that text extraction
  cannot map back.
* Chinese and Japanese break lines between characters (reportlab's ``CJK``
  word wrap) in paragraphs that hold them.
* Right-to-left stretches inside a left-to-right paragraph come out of the
  shaping pass in visual order (checked by eye: Arabic and Hebrew read right
  to left), and so do the lines of a right-to-left paragraph (one whose first
  strong character is Arabic or Hebrew), which is also aligned to the right.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..scripts import CJK, COMPLEX, base_direction

_STYLES: dict[tuple[str, bool, bool, bool], ParagraphStyle] = {}


def script_style(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, or a copy that shapes, breaks CJK and/or aligns right to left,
    as the paragraph markup ``text`` needs."""
    shape = bool(COMPLEX.search(text))
    cjk = bool(CJK.search(text))
    rtl = shape and base_direction(re.sub(r"<[^>]*>", "", text)) == "rtl"
    if not (shape or cjk):
        return style
    memo = (style.name, shape, cjk, rtl)
    if memo not in _STYLES or _STYLES[memo].parent is not style:
        changes: dict[str, object] = {}
        if shape:
            changes["shaping"] = 1
        if cjk:
            changes["wordWrap"] = "CJK"
        if rtl and style.alignment != TA_CENTER:
            changes["alignment"] = TA_RIGHT
        _STYLES[memo] = ParagraphStyle(f"{style.name}-{int(shape)}{int(cjk)}{int(rtl)}",
                                       parent=style, **changes)
    return _STYLES[memo]


def needs_actual_text(text: str) -> bool:
    """Shaped scripts: their glyphs (ligatures, joined and reordered forms) do not
    map back to the characters in logical order, so the text is given as well."""
    return bool(COMPLEX.search(text))


def actual_text(prefix: str, inlines: tuple) -> str | None:
    """The logical text of a paragraph (its label markup, then its inlines) when it
    holds a shaped script; ``None`` otherwise."""
    from html import unescape

    from ..model import plain_text

    text = plain_text(inlines, notes=True)
    if not needs_actual_text(text):
        return None
    label = unescape(re.sub(r"<[^>]+>", "", prefix))
    return label + text


def _fix_specials(shape):
    """reportlab 5.1's ``shapeFragWord`` puts an inline anchor (``<a name>``, a
    frag with ``cbDefn``) back into a shaped word as a *list* of frags instead
    of a ``(frag, text)`` pair, and line breaking then fails with IndexError on
    any shaped paragraph that holds a bookmark (every heading).  Put pairs back."""
    def shaped(word, *args, **kwargs):
        out = shape(word, *args, **kwargs)
        if out is word or not isinstance(out, list):
            return out
        fixed = [out[0]]
        for item in out[1:]:
            if isinstance(item, list) and item and not isinstance(item[0], (int, float)):
                fixed.extend((f, "") for f in item)
            else:
                fixed.append(item)
        out[:] = fixed
        return out
    return shaped


def _install() -> None:
    from reportlab.platypus import paragraph

    if not getattr(paragraph.shapeFragWord, "_briefgen", False):
        paragraph.shapeFragWord = _fix_specials(paragraph.shapeFragWord)
        paragraph.shapeFragWord._briefgen = True


_install()
