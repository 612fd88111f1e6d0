"""TrueType registration for reportlab and the per-character font fallback.

Families (``briefgen.fonts``) are registered once per process under stable
face names (``DejaVuSerif``, ``DejaVuSerif-Bold`` …) with ``registerFontFamily``.
A face that has no file of its own (NanumGothic has no italic) reuses the
registered face of the same file, so no file is embedded twice.

:class:`FontSet` answers, for a run of text in a given style, which runs go
to which face: characters the main family lacks go to the first fallback
family that has them; a character no family has is reported (once per block)
and shown as U+FFFD, so it is never dropped silently.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .. import fonts as families
from ..fonts import INVISIBLE

FACES = ("regular", "bold", "italic", "bold_italic")
REPLACEMENT = "\ufffd"
"""Shown (and reported) for a character no family has: a .notdef box would
break text extraction and PDF/UA's glyph rules."""


@dataclass(frozen=True, slots=True)
class FaceNames:
    """reportlab font names of one family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, bold: bool, italic: bool) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


_BY_FILE: dict[Path, str] = {}


def _register_face(family: str, face: str) -> str:
    path = families.face_path(family, face)
    if path in _BY_FILE:
        return _BY_FILE[path]
    name = path.stem
    font = TTFont(name, str(path))
    _fix_trailing_metrics(font, path)
    pdfmetrics.registerFont(font)
    _BY_FILE[path] = name
    return name


def _fix_trailing_metrics(font: TTFont, path: Path) -> None:
    """Work around a reportlab 5.1 subsetting bug.

    Glyphs after the font's last long horizontal metric (every glyph of a
    monospaced font such as DejaVu Sans Mono) get the advance *scaled to
    1/1000 em* in ``face.hmetrics``, which the subset's ``hmtx`` then
    stores as font units: the embedded program disagrees with ``/Widths``
    (PDF/UA rule PDFUA1-FONT-GLYPH-WIDTH-001).  Put the raw advance back.
    """
    data = path.read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _sum, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = off
    n_long = struct.unpack(">H", data[tables[b"hhea"] + 34:tables[b"hhea"] + 36])[0]
    metrics = font.face.hmetrics
    if not n_long or n_long >= len(metrics):
        return
    raw = struct.unpack(">H", data[tables[b"hmtx"] + 4 * (n_long - 1):
                                   tables[b"hmtx"] + 4 * (n_long - 1) + 2])[0]
    for glyph in range(n_long, len(metrics)):
        metrics[glyph] = (raw, metrics[glyph][1])


@functools.cache
def register_family(family: str) -> FaceNames:
    """Register the four faces of ``family`` (once per process) and return
    their names.  Raises ``briefgen.fonts.FontError`` when a file is missing."""
    names = FaceNames(*(_register_face(family, face) for face in FACES))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold,
                                  italic=names.italic, boldItalic=names.bold_italic)
    return names


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text and the reportlab face that shows it."""

    text: str
    face: str


class FontSet:
    """The template's families, registered, with the fallback chain."""

    def __init__(self, body: str, heading: str, mono: str, fallback: tuple[str, ...]) -> None:
        self.body = body
        self.heading = heading
        self.mono = mono
        self.fallback = tuple(f for f in fallback if f not in (body, heading, mono))
        for name in (body, heading, mono, *self.fallback):
            register_family(name)

    def faces(self, family: str) -> FaceNames:
        return register_family(family)

    def runs(self, text: str, family: str, bold: bool, italic: bool,
             missing: list[str]) -> list[Run]:
        """Split ``text`` into runs by the first family (``family``, then the
        fallbacks) that has each character.  Characters no family has are
        appended to ``missing`` and shown as U+FFFD."""
        chain = (family, *[f for f in self.fallback if f != family])
        out: list[Run] = []
        current: str | None = None
        buf: list[str] = []
        for char in text:
            fam = family if char in INVISIBLE else families.family_for(char, chain)
            if fam is None:
                if char not in missing:
                    missing.append(char)
                char = REPLACEMENT
                fam = families.family_for(char, chain) or family
            if fam != current and buf:
                out.append(Run("".join(buf), register_family(current).pick(bold, italic)))
                buf = []
            current = fam
            buf.append(char)
        if buf and current is not None:
            out.append(Run("".join(buf), register_family(current).pick(bold, italic)))
        return out
