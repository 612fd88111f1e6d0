"""Font registration for reportlab and the per-character font fallback.

Families come from ``briefgen.fonts`` (found by name, substituted when not
installed).  Each face is registered once per process under a stable name
derived from its family and style (``LiberationSerif-Bold``); TrueType faces
are read from their file (a ``.ttc`` face by its index), OpenType/CFF faces
are converted to a TrueType subset first (``briefgen.pdf.cff``).  Faces are
registered only when text uses them, so a fallback font no character needs
is never read.

:class:`FontSet` answers, for a run of text in a given style, which runs go
to which face: the template's family, then its fallback families, then the
installed family the fallback search picks for that script.  A character no
installed font has is reported and shown as U+FFFD, never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .. import fonts as lib_fonts
from ..fonts import INVISIBLE, Family, Library
from ..fontscan import Face
from .metrics import load_font

FACES = ("regular", "bold", "italic", "bold_italic")
REPLACEMENT = "\ufffd"
"""Shown (and reported) for a character no family has: a .notdef box would
break text extraction and PDF/UA's glyph rules.  Where no font has U+FFFD
either (only the shipped fonts), "?" is shown."""


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


_BY_FACE: dict[tuple[str, int, frozenset[int] | None], str] = {}


def _face_name(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", face.family) + "-" + re.sub(r"[^A-Za-z0-9]", "",
                                                                   face.style)
    name, n = base, 1
    while name in pdfmetrics._fonts:
        n += 1
        name = f"{base}{n}"
    return name


def register_face(face: Face, chars: frozenset[int] = frozenset()) -> str:
    """Register ``face`` with reportlab (once) and return its name.  A CFF face is
    converted with ``chars`` (the characters the document may show in it)."""
    wanted = (chars & lib_fonts.coverage(face)) if face.cff else None
    memo = (face.path, face.index, wanted)
    if memo in _BY_FACE:
        return _BY_FACE[memo]
    name = _face_name(face)
    if face.cff:
        from .cff import truetype_subset

        path, index = truetype_subset(face, wanted or frozenset()), 0
    else:
        path, index = Path(face.path), face.index
    font = load_font(name, path, index)
    _fix_trailing_metrics(font)
    pdfmetrics.registerFont(font)
    _BY_FACE[memo] = name
    return name


def _fix_trailing_metrics(font: TTFont) -> None:
    """Work around a reportlab 5.1 subsetting bug.

    Glyphs after the font's last long horizontal metric (every glyph of a
    monospaced font such as DejaVu Sans Mono) get the advance *scaled to
    1/1000 em* in ``face.hmetrics``, which the subset's ``hmtx`` then
    stores as font units: the embedded program disagrees with ``/Widths``
    (PDF/UA rule PDFUA1-FONT-GLYPH-WIDTH-001).  Put the raw advance back.
    """
    face = font.face
    hhea = face.table["hhea"]["offset"]
    hmtx = face.table["hmtx"]["offset"]
    n_long = face.get_ushort(hhea + 34)
    metrics = face.hmetrics
    if not n_long or n_long >= len(metrics):
        return
    raw = face.get_ushort(hmtx + 4 * (n_long - 1))
    for glyph in range(n_long, len(metrics)):
        metrics[glyph] = (raw, metrics[glyph][1])


def register_family(family: str) -> FaceNames:
    """Register the four faces of ``family`` (as installed, or its substitute)."""
    fam = lib_fonts.library().resolve(family)
    names = FaceNames(*(register_face(fam.faces()[f]) for f in FACES))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold,
                                  italic=names.italic, boldItalic=names.bold_italic)
    return names


class LazyFaces:
    """A family's four faces as reportlab names, registered when first asked for
    (a bold italic no text uses is never read)."""

    def __init__(self, family: Family, chars: frozenset[int]) -> None:
        self.family = family
        self.chars = chars
        self.names: dict[str, str] = {}

    def get(self, which: str) -> str:
        if which not in self.names:
            self.names[which] = register_face(self.family.faces()[which], self.chars)
        return self.names[which]

    @property
    def regular(self) -> str:
        return self.get("regular")

    @property
    def bold(self) -> str:
        return self.get("bold")

    @property
    def italic(self) -> str:
        return self.get("italic")

    @property
    def bold_italic(self) -> str:
        return self.get("bold_italic")

    def pick(self, bold: bool, italic: bool) -> str:
        return self.get("bold_italic" if bold and italic else "bold" if bold
                        else "italic" if italic else "regular")


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text and the reportlab face that shows it."""

    text: str
    face: str


class FontSet:
    """The template's families (resolved), with the fallback chain.

    ``chars``: every character the document may show (CFF faces are subset to
    them); ``folders``: extra font folders (next to the template); ``lang``: the
    document's language (picks the regional CJK face)."""

    def __init__(self, body: str, heading: str, mono: str, fallback: tuple[str, ...],
                 *, chars: frozenset[int] = frozenset(), folders: tuple[Path, ...] = (),
                 lang: str = "") -> None:
        self.library: Library = lib_fonts.library(folders)
        self.requested = (body, heading, mono)
        self.missing = lib_fonts.missing_families((body, heading, mono), self.library)
        self.chars = chars
        self.lang = lang
        self.body = self.library.resolve(body).name
        self.heading = self.library.resolve(heading).name
        self.mono = self.library.resolve(mono).name
        listed = [self.library.family(f) for f in fallback]
        self.fallback = tuple(dict.fromkeys(
            f.name for f in listed if f is not None and f.name not in (self.body, self.heading,
                                                                      self.mono)))
        self._faces: dict[str, LazyFaces] = {}
        self._memo: dict[tuple[str, str], str | None] = {}

    def family(self, name: str) -> Family:
        return self.library.resolve(name)

    def faces(self, family: str) -> LazyFaces:
        """The faces of ``family``; each is registered (its file read) on first use."""
        if family not in self._faces:
            self._faces[family] = LazyFaces(self.family(family), self.chars)
        return self._faces[family]

    def describe(self, face_name: str) -> tuple[str, bool, bool] | None:
        """(family, bold, italic) of a registered face name; ``None``: not one of ours."""
        for family, faces in self._faces.items():
            for which, name in faces.names.items():
                if name == face_name:
                    return family, "bold" in which, "italic" in which
        return None

    def family_for(self, char: str, family: str) -> str | None:
        """The family that shows ``char`` when ``family`` is asked for."""
        memo = (char, family)
        if memo not in self._memo:
            self._memo[memo] = self._find(char, family)
        return self._memo[memo]

    def _find(self, char: str, family: str) -> str | None:
        if char in INVISIBLE:
            return family
        for name in (family, *self.fallback):
            fam = self.family(name)
            if lib_fonts.covers(fam, char) and self._in_subset(fam, char):
                return fam.name
        kind = self.family(family).kind
        found = self.library.fallback(ord(char), kind, self.lang)
        return found.name if found is not None and self._in_subset(found, char) else None

    def _covers_all(self, fam: Family, text: str) -> bool:
        """Whether ``fam`` itself shows every character of ``text``."""
        cov = lib_fonts.coverage(fam.regular)
        return all(c in INVISIBLE or (ord(c) in cov and self._in_subset(fam, c))
                   for c in set(text))

    def _in_subset(self, fam: Family, char: str) -> bool:
        """A CFF face holds only the document's characters (all of them, normally)."""
        return not fam.regular.cff or not self.chars or ord(char) in self.chars

    def _follows(self, char: str, current: str) -> bool:
        """Whether punctuation or a digit stays in the fallback family before it."""
        if unicodedata.bidirectional(char) not in ("CS", "ON", "ET", "ES", "EN", "AN"):
            return False
        fam = self.family(current)
        return lib_fonts.covers(fam, char) and self._in_subset(fam, char)

    def runs(self, text: str, family: str, bold: bool, italic: bool,
             missing: list[str]) -> list[Run]:
        """Split ``text`` into runs by the family that has each character.
        Characters no installed font has are appended to ``missing`` and shown
        as U+FFFD."""
        fam = self.family(family)
        if self._covers_all(fam, text):  # the common case, without a loop per character
            return [Run(text, self.faces(fam.name).pick(bold, italic))] if text else []
        out: list[Run] = []
        current: str | None = None
        buf: list[str] = []
        for char in text:
            if char in INVISIBLE and current is not None:
                fam = current  # a space stays in the run it ends (extraction keeps it)
            elif current is not None and current != family and self._follows(char, current):
                fam = current  # "النص." keeps its full stop: one text run, read in order
            else:
                fam = self.family_for(char, family)
            if fam is None:
                if char not in missing:
                    missing.append(char)
                char, fam = REPLACEMENT, self.family_for(REPLACEMENT, family)
                if fam is None:  # no font has U+FFFD either: "?" (every font has it)
                    char, fam = "?", family
            if fam != current and buf:
                out.append(self._run("".join(buf), current, bold, italic))
                buf = []
            current = fam
            buf.append(char)
        if buf and current is not None:
            out.append(self._run("".join(buf), current, bold, italic))
        return out

    def _run(self, text: str, family: str, bold: bool, italic: bool) -> Run:
        """A run in ``family``; a run of blank space only (an em space the template's font
        lacks) in the regular face, whose blank glyph is the same width, so a bold heading's
        number separator reads no bold fallback face."""
        if text.isspace():
            bold = italic = False
        return Run(text, self.faces(family).pick(bold, italic))


def font_set(doc, template, reporter, source: str) -> FontSet:
    """The :class:`FontSet` of ``template`` for ``doc``; one warning names every
    family that is not installed and what stands in for it."""
    f = template.fonts
    try:
        fonts = FontSet(f.body, f.heading, f.mono, f.fallback,
                        chars=lib_fonts.text_chars(doc, template),
                        folders=lib_fonts.template_folders(template.inputs),
                        lang=doc.meta.language)
    except lib_fonts.FontError as exc:
        from ..diagnostics import BriefError

        raise BriefError(template.path, 0, 0, str(exc)) from None
    if fonts.missing:
        used = ", ".join(f"{name} (using {sub})" for name, sub in fonts.missing.items())
        reporter.warn(str(template.path), 0, 0,
                      f"font famil{'y' if len(fonts.missing) == 1 else 'ies'} not installed: "
                      f"{used}; install {'it' if len(fonts.missing) == 1 else 'them'} or put "
                      "the font files in the project's fonts/ folder")
    return fonts
