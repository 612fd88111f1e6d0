"""Writing systems in text: which need shaping, which break between characters,
and a paragraph's direction.  Shared by both writers (no reportlab here)."""

from __future__ import annotations

import re
import unicodedata

COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
                     "\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]")
"""Scripts that need shaping (Hebrew, Arabic, Indic, Thai, Lao, Tibetan, Myanmar, Khmer)."""
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Chinese and Japanese: lines break between characters."""


def base_direction(text: str) -> str:
    """``rtl`` when the first strong character of ``text`` is right to left (the
    Unicode bidi rule for a paragraph's direction), else ``ltr``."""
    return _strong(text) or "ltr"


def _strong(text: str) -> str | None:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def blocks_direction(blocks: tuple) -> str:
    """The direction of a list item (or any run of blocks): that of the first of its
    blocks with a strong character, so its marker goes on the side its text starts."""
    from .model import block_text

    for block in blocks:
        found = _strong(block_text(block))
        if found:
            return found
    return "ltr"


def is_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter."""
    return not text.isascii() and any(unicodedata.bidirectional(c) in ("R", "AL")
                                       for c in set(text))
