"""What a paragraph's scripts need from reportlab: shaping, CJK breaking, RTL order.

* Complex scripts (Arabic, Hebrew, Devanagari, Thai …) are shaped with
  uharfbuzz (library-pitfalls §18), but only in paragraphs that hold them:
  shaping Latin would turn "fi" into a ligature glyph that text extraction
  cannot map back.
* Chinese and Japanese break lines between characters (reportlab's ``CJK``
  word wrap) in paragraphs that hold them.
* Right-to-left stretches inside a left-to-right paragraph come out of the
  shaping pass in visual order (checked by eye: Arabic and Hebrew read right
  to left).  Whole right-to-left paragraphs (right alignment, line order)
  are not handled yet.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle

_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
                      "\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_STYLES: dict[tuple[str, bool, bool], ParagraphStyle] = {}


def script_style(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, or a copy that shapes and/or breaks CJK, as ``text`` needs."""
    shape = bool(_COMPLEX.search(text))
    cjk = bool(_CJK.search(text))
    if not (shape or cjk):
        return style
    memo = (style.name, shape, cjk)
    if memo not in _STYLES or _STYLES[memo].parent is not style:
        changes = {}
        if shape:
            changes["shaping"] = 1
        if cjk:
            changes["wordWrap"] = "CJK"
        _STYLES[memo] = ParagraphStyle(f"{style.name}-{int(shape)}{int(cjk)}", parent=style,
                                       **changes)
    return _STYLES[memo]
