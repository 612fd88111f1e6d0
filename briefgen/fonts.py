"""Font families: where their TrueType files are, and which characters they cover.

Templates name families ("DejaVu Serif", "Carlito", "NanumGothic" …).  The PDF
writer embeds the files found here; the DOCX writer writes the family names
(the reader's Word substitutes a metric-compatible font when it lacks them).
The glyph check used by the reader and ``briefgen check`` lives here too, so a
character no font covers is reported the same way for both outputs.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import did_you_mean

FONT_DIRS: tuple[Path, ...] = tuple(
    Path(p)
    for p in os.environ.get(
        "BRIEFGEN_FONT_PATH",
        "/usr/share/fonts/truetype:/usr/local/share/fonts:~/.fonts",
    ).split(os.pathsep)
    if p
)


@dataclass(frozen=True, slots=True)
class Family:
    """A family's four faces as file names.  A missing italic falls back to
    the upright face (Korean fonts have none)."""

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    package: str
    """The Debian package that ships it, for the error message."""

    def faces(self) -> dict[str, str]:
        return {
            "regular": self.regular,
            "bold": self.bold,
            "italic": self.italic,
            "bold_italic": self.bold_italic,
        }


def _fam(name: str, stem: str, package: str, *, reg: str = "", b: str = "-Bold",
         i: str = "-Italic", bi: str = "-BoldItalic") -> Family:
    return Family(name, f"{stem}{reg}.ttf", f"{stem}{b}.ttf", f"{stem}{i}.ttf",
                  f"{stem}{bi}.ttf", package)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        _fam("DejaVu Serif", "DejaVuSerif", "fonts-dejavu-core"),
        _fam("DejaVu Sans", "DejaVuSans", "fonts-dejavu-core", i="-Oblique", bi="-BoldOblique"),
        _fam("DejaVu Sans Mono", "DejaVuSansMono", "fonts-dejavu-core",
             i="-Oblique", bi="-BoldOblique"),
        _fam("Liberation Serif", "LiberationSerif", "fonts-liberation2", reg="-Regular"),
        _fam("Liberation Sans", "LiberationSans", "fonts-liberation2", reg="-Regular"),
        _fam("Liberation Mono", "LiberationMono", "fonts-liberation2", reg="-Regular"),
        _fam("Carlito", "Carlito", "fonts-crosextra-carlito", reg="-Regular"),
        _fam("Caladea", "Caladea", "fonts-crosextra-caladea", reg="-Regular"),
        Family("NanumGothic", "NanumGothic.ttf", "NanumGothicBold.ttf", "NanumGothic.ttf",
               "NanumGothicBold.ttf", "fonts-nanum"),
        Family("NanumMyeongjo", "NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf",
               "NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf", "fonts-nanum"),
    )
}


class FontError(Exception):
    """A family is unknown or its files are not installed."""


@functools.cache
def _index() -> dict[str, Path]:
    """File name → path, for every .ttf under the font folders."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        folder = folder.expanduser()
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.ttf")):
            found.setdefault(path.name, path)
    return found


def family(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise FontError(f"unknown font family '{name}'{did_you_mean(name, list(FAMILIES))}; "
                        f"known: {', '.join(sorted(FAMILIES))}") from None


def face_path(name: str, face: str = "regular") -> Path:
    """The file of ``face`` (regular, bold, italic, bold_italic) of family ``name``."""
    fam = family(name)
    file_name = fam.faces()[face]
    path = _index().get(file_name)
    if path is None:
        raise FontError(f"font file {file_name} of family '{name}' is not installed "
                        f"(Debian package {fam.package})")
    return path


@functools.cache
def coverage(name: str) -> frozenset[int]:
    """The code points the regular face of family ``name`` has glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(face_path(name)))
    return frozenset(cp for cp, glyph in face.charToGlyph.items() if glyph)


def family_for(char: str, families: tuple[str, ...]) -> str | None:
    """The first of ``families`` that has a glyph for ``char``; ``None``: none has."""
    cp = ord(char)
    for name in families:
        if cp in coverage(name):
            return name
    return None


INVISIBLE = frozenset("\t\n\r \u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff")


def missing_glyphs(text: str, families: tuple[str, ...]) -> list[str]:
    """Characters of ``text`` (in order, each once) that no family covers."""
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char in INVISIBLE or char in missing:
            continue
        if family_for(char, families) is None:
            missing.append(char)
    return missing
