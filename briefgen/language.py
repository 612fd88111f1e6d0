"""Which language each piece of text is in, decided once for both writers.

A brief has one language (``meta.language``); the author marks others with a
span (``[Договор]{lang=ru}``).  Text in a script the brief's language is not
written in (Cyrillic in an English brief, Latin in a Korean one) that the author
did not mark gets no language rather than a wrong one: the PDF puts it in a
``Span`` with ``/Lang (und)`` (BCP 47 "undetermined"; PDF/UA checkers reject an
empty tag), the DOCX gives its runs ``w:lang="x-none"`` (Word's "no language").  :func:`lang_runs` cuts a text into those pieces; digits,
punctuation and spaces go with the letters before them.
"""

from __future__ import annotations

import unicodedata

UNKNOWN = "und"
"""The language of text in another script that nobody marked: undetermined."""

SCRIPTS: dict[str, frozenset[str]] = {
    "ru": frozenset({"CYRILLIC"}), "uk": frozenset({"CYRILLIC"}), "bg": frozenset({"CYRILLIC"}),
    "sr": frozenset({"CYRILLIC", "LATIN"}), "be": frozenset({"CYRILLIC"}),
    "ko": frozenset({"HANGUL", "CJK"}), "ja": frozenset({"HIRAGANA", "KATAKANA", "CJK"}),
    "zh": frozenset({"CJK"}), "el": frozenset({"GREEK"}), "ar": frozenset({"ARABIC"}),
    "fa": frozenset({"ARABIC"}), "he": frozenset({"HEBREW"}),
}
"""Scripts a language is written in (letters of other scripts are foreign); Latin
when not listed."""


def script(char: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "HANGUL" …); ``None`` for anything
    that is not a letter (digits, punctuation, spaces go with their neighbours)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return "CJK" if first in ("CJK", "IDEOGRAPHIC") else first or None


def native(language: str) -> frozenset[str]:
    return SCRIPTS.get(language.lower().split("-")[0], frozenset({"LATIN"}))


def lang_runs(text: str, language: str, marked: str | None = None) -> list[tuple[str, str | None]]:
    """``text`` cut into (piece, language) runs: ``marked`` for the whole text when the
    author marked it; else ``None`` (the brief's own language) or :data:`UNKNOWN` for
    letters of a script ``language`` is not written in."""
    if marked is not None or text.isascii() and "LATIN" in native(language):
        return [(text, marked)] if text else []
    mine = native(language)
    runs: list[tuple[str, str | None]] = []
    for char in text:
        kind = script(char)
        lang = (runs[-1][1] if runs else None) if kind is None else \
            (None if kind in mine else UNKNOWN)
        if runs and runs[-1][1] == lang:
            runs[-1] = (runs[-1][0] + char, lang)
        else:
            runs.append((char, lang))
    return runs
