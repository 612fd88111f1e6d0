"""Every visible word and number a template adds to a brief, decided once for both writers.

``assemble`` calls :func:`decide` and records the result on the model
(:attr:`briefgen.model.Document.decisions`); the DOCX and the PDF writer print
these texts as they are, so the two files say the same words: the date in the
brief's language, numbers grouped as that language groups them, the
classification marking (and whether it shows at all), the byline, the running
header and footer fields, the word count line, the cover's wordmark, the note
labels and the separator between adjacent note references, the list
markers per level, where table captions go and the size at which an image is
shown (from its pixels and DPI; 96 dpi when the file gives none), the
share of the width each table column gets (the recommendations register's
label column too) and the size of the cover's logo.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from . import model as m
from .template.model import Template

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
}
GROUPING = {"en": ",", "ko": ",", "ja": ",", "zh": ",", "ru": "\u00a0", "fr": "\u202f",
            "de": ".", "es": "."}
"""Thousands separator per language (no-break spaces where a space is written)."""
BULLETS = ("\u2022", "\u2013", "\u25e6", "\u25aa")
"""Bullet list markers by nesting level (repeating); ordered lists go 1. a. i. (repeating)."""
ORDERED = ("decimal", "lowerLetter", "lowerRoman")
NOTE_SEPARATOR = m.NOTE_SEPARATOR
"""Printed (superscript) between two adjacent note references, in both files: ``¹²,¹³``
(defined with the model, whose plain text shows it too)."""
CHAR_SHARE = 0.55  # rough average glyph width, as a share of the font size
WORD_SAFETY = 1.2  # a longest word gets this much more room: words must never break
CELL_PAD = 12.0
SHORT_TEXT = 12  # a cell text this short is never wrapped, if there is room
LONG_TEXT = 60  # longer texts wish for no more room than this
DEFAULT_DPI = 96.0
"""Resolution assumed for an image file that records none (what browsers and Word assume
for screen images)."""


def _lang(language: str) -> str:
    return language.lower().split("-")[0]


def format_date(date: dt.date | None, language: str) -> str:
    """The date as a reader of ``language`` writes it; ``""`` when unknown."""
    if date is None:
        return ""
    lang = _lang(language)
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일"
    if lang in ("ja", "zh"):
        return f"{date.year}年{date.month}月{date.day}日"
    if lang == "ru":
        return f"{date.day} {MONTHS['ru'][date.month - 1]} {date.year}\u00a0г."
    if lang in MONTHS:
        dot = "." if lang == "de" else ""
        return f"{date.day}{dot} {MONTHS[lang][date.month - 1]} {date.year}"
    return date.isoformat()


def format_number(value: int, language: str) -> str:
    """``value`` with the thousands grouping of ``language`` (``1,500`` in English)."""
    sep = GROUPING.get(_lang(language), ",")
    return f"{value:,}".replace(",", sep)


def display_size(px: tuple[int, int], dpi: tuple[float, float] | None) -> tuple[float, float]:
    """An image's natural size in points: pixels at its DPI, 96 dpi when it gives none."""
    xdpi, ydpi = dpi if dpi and dpi[0] > 0 and dpi[1] > 0 else (DEFAULT_DPI, DEFAULT_DPI)
    return px[0] * 72.0 / xdpi, px[1] * 72.0 / ydpi


def _display_width(text: str) -> int:
    """Characters of ``text``, counting wide (CJK, Hangul) ones twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(columns: Sequence[Sequence[str]], total: float,
                  char_width: float = 5.2) -> list[float]:
    """Widths (points) for columns holding ``columns`` texts, adding up to ``total``.

    Each column wants room for its longest text (capped) and at least its
    longest word (or its whole text when short); the wishes are scaled to
    fill ``total`` exactly.  ``char_width``: an average glyph width in points.
    """
    n = max(len(columns), 1)
    floors, wishes = [], []
    for texts in columns:
        longest_word = max((_display_width(w) for t in texts for w in t.split()), default=1)
        longest_text = max((_display_width(t) for t in texts), default=1)
        floor_chars = max(longest_word * WORD_SAFETY, min(longest_text, SHORT_TEXT))
        floors.append(min(floor_chars * char_width + CELL_PAD, total / n))
        wishes.append(max(min(longest_text, LONG_TEXT) * char_width + CELL_PAD, floors[-1]))
    spare = total - sum(floors)
    extra = [w - f for w, f in zip(wishes, floors)]
    if sum(extra) <= 0 or spare <= 0:
        return [total / n] * n if spare <= 0 else [f + spare / n for f in floors]
    if sum(wishes) <= total:
        return [w * total / sum(wishes) for w in wishes]
    return [f + spare * e / sum(extra) for f, e in zip(floors, extra)]


def column_shares(table: m.Table, template: Template) -> tuple[float, ...]:
    """The share of the text width each column of ``table`` gets (adding up to 1), the
    same in both files: :func:`column_widths` at the template's text width and size."""
    n = max([len(table.aligns), *(len(r) for r in table.header + table.rows)] or [1])
    rows = table.header + table.rows
    columns = [[m.plain_text(r[i].children) if i < len(r) else "" for r in rows]
               for i in range(n)]
    total = template.page.text_width
    widths = column_widths(columns, total, (template.fonts.size - 1) * CHAR_SHARE)
    return tuple(w / total for w in widths)


REGISTER_CHAR = 0.62
"""A bold glyph's rough width as a share of the font size (register labels are bold)."""
REGISTER_PAD = 16.0
"""Points around a register label: both cell paddings and a little air."""
REGISTER_MAX = 0.3
"""The register's label column takes at most this share of the width."""


def register_shares(labels: Sequence[str], header: str, template: Template) -> tuple[float, float]:
    """The recommendations register's label and text columns' shares of the text width:
    the longest label (or the header's word) in the cell size, padded, at most 30%."""
    size = template.fonts.size - 1
    chars = max(_display_width(t) for t in (*labels, header, "R00"))
    share = min((chars * size * REGISTER_CHAR + REGISTER_PAD) / template.page.text_width,
                REGISTER_MAX)
    return share, 1.0 - share


def logo_size(template: Template) -> tuple[float, float] | None:
    """The cover logo's shown size in points: the template's ``logo_width`` (at most the
    text width), its height by the file's aspect; ``None``: no logo, or no readable file
    (each writer says so)."""
    o = template.opening
    if o.style != "cover" or o.logo is None or not o.logo.is_file():
        return None
    from PIL import Image as PILImage

    try:
        with PILImage.open(o.logo) as image:
            px_w, px_h = image.size
    except (OSError, ValueError):
        return None
    if px_w <= 0 or px_h <= 0:
        return None
    width = min(o.logo_width, template.page.text_width)
    return width, width * px_h / px_w


def bullet(depth: int) -> str:
    """The marker of a bullet list nested ``depth`` deep."""
    return BULLETS[depth % len(BULLETS)]


LIST_GAP = 16.0
"""Points from a list's left edge to its items' text, at least."""
MARKER_SPACE = 4.0
"""Points between a list marker's end and its item's text (markers are set flush right)."""
_MARKER_EM = {**dict.fromkeys("0123456789", 0.5), ".": 0.25, "i": 0.3, "l": 0.3,
              "m": 0.78, "w": 0.72, "M": 0.89, "W": 0.94}
"""Glyph widths (em) for sizing markers; other characters count 0.6 em.  Near the widths
of Liberation Serif and Sans, and never much below them: 3 pt of slack absorbs the rest."""


def list_markers(block: m.ListBlock, depth: int) -> list[str]:
    """The marker of each item of ``block``, nested ``depth`` deep: its own label, else
    1. a. i. or the level's bullet."""
    return [item.label or (ordered_marker(block.start + i, depth) if block.ordered
                           else bullet(depth))
            for i, item in enumerate(block.items)]


def list_gap(markers: Sequence[str], size: float) -> float:
    """The hanging width of a list whose markers are ``markers`` at ``size`` points: from
    the list's left edge to the text, room for the widest marker, :data:`MARKER_SPACE`
    and some slack (at least :data:`LIST_GAP`); the same in both files."""
    widest = max((sum(_MARKER_EM.get(c, 0.6) for c in mk) for mk in markers), default=0.0)
    return max(LIST_GAP, round(widest * size + MARKER_SPACE + 3.0, 2))


NUMBER_GAP = 24.0
"""Points from a numbered paragraph's left edge to its text, at least."""


def number_gap(number: str, size: float) -> float:
    """The hanging width of a paragraph numbered ``number`` (legal "12."), set in bold at
    ``size`` points: room for the number and 8 points, at least :data:`NUMBER_GAP`; the
    same in both files."""
    wide = sum(_MARKER_EM.get(c, 0.6) for c in number) * 1.08  # bold digits run wider
    return max(NUMBER_GAP, round(wide * size + 8.0, 2))


@dataclass(frozen=True, slots=True)
class NoteRule:
    """The rule between the text and its footnotes: ``length`` and ``weight`` in points."""

    length: float
    weight: float
    colour: str


def note_rule(template: Template) -> NoteRule:
    """The footnote separator of ``template``, drawn alike by both writers."""
    notes = template.notes
    return NoteRule(template.page.text_width * notes.separator_share, notes.separator_weight,
                    template.colours.rule)


def ordered_marker(number: int, depth: int) -> str:
    """The label of item ``number`` of an ordered list nested ``depth`` deep: 1. a. i."""
    kind = ORDERED[depth % len(ORDERED)]
    if kind == "lowerLetter":
        return _alpha(number) + "."
    if kind == "lowerRoman":
        return _roman(number) + "."
    return f"{number}."


def _alpha(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out or "0"


_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def _roman(n: int) -> str:
    out = ""
    for sym, val in _ROMAN:
        while n >= val:
            out += sym
            n -= val
    return out or "0"


@dataclass(frozen=True, slots=True)
class Decisions:
    """The texts a template adds, as both writers print them."""

    date: str
    """The brief's date in its language ("" when it has none)."""
    byline: tuple[str, ...]
    """Authors, organisation and date: the parts under the title, in order."""
    classification: str | None
    """The marking as printed (capitals), or ``None``: nothing is printed."""
    banner: bool
    """The marking also runs at the top and bottom of every page."""
    word_count: str | None
    """The word-count line ("Word count: 1,500"), when the template shows one."""
    fields: tuple[tuple[str, str], ...]
    """Running header and footer fields: (name, text)."""
    note_suffix: str
    """After a note's number where the note is printed: "" for footnotes (Word draws
    its own mark, "1"), "." for endnotes ("1.")."""
    table_caption: Literal["above", "below"] = "above"
    contents_title: str | None = None
    """The contents list's title (``None``: no contents list, or no title)."""
    notes_title: str = "Notes"
    """The heading of the endnotes section."""
    key_points_title: str | None = None
    """The key-points panel's title line (``None``: none)."""
    wordmark: str | None = None
    """The organisation's name printed where a cover's logo would be (a cover without
    a logo): real text in both files, read before the title (``None``: none)."""
    logo: tuple[float, float] | None = None
    """The cover logo's size in points, as both files show it (``None``: no logo shown)."""

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    def note_label(self, number: int) -> str:
        return f"{number}{self.note_suffix}"


def classification(meta: m.Meta, template: Template) -> str | None:
    """The marking to print: the template's own, else the brief's unless the template
    does not allow a brief's marking; ``None``: nothing."""
    c = template.classification
    text = c.text or (meta.classification if c.allowed else None)
    return text.upper() if text else None


def decide(doc: m.Document, template: Template) -> Decisions:
    """The decisions for ``doc`` (already assembled for ``template``)."""
    meta = doc.meta
    date = format_date(meta.date, meta.language)
    marking = classification(meta, template)
    byline = tuple(p for p in (", ".join(meta.authors), meta.organisation or "", date) if p)
    count = None
    if template.word_count:
        words = format_number(m.word_count(doc.blocks), meta.language)
        count = f"Word count: {words}"
    fields = (("title", meta.title), ("date", date), ("classification", marking or ""),
              ("organisation", meta.organisation or ""), ("author", ", ".join(meta.authors)))
    return Decisions(date=date, byline=byline, classification=marking,
                     banner=bool(marking) and template.classification.banner,
                     word_count=count, fields=fields,
                     note_suffix="." if template.notes.placement == "endnotes" else "",
                     contents_title=(template.toc.title or None) if template.toc.enabled else None,
                     notes_title=template.notes.endnotes_title,
                     key_points_title=template.callout("keypoints").title,
                     wordmark=_wordmark(meta, template), logo=logo_size(template))


def _wordmark(meta: m.Meta, template: Template) -> str | None:
    """The organisation as a wordmark: on a cover that has no logo."""
    o = template.opening
    return (meta.organisation or None) if o.style == "cover" and o.logo is None else None


def decisions_of(doc: m.Document, template: Template) -> Decisions:
    """The decisions assemble recorded, or made now for a document built by hand."""
    return doc.decisions if doc.decisions is not None else decide(doc, template)
