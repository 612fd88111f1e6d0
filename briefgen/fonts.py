"""Font families by name, found where users keep fonts, with fallback by script.

Templates name families ("Liberation Serif", "Noto Serif", a house typeface …).
A family is found by the names in each font's name table (``briefgen.fontscan``),
in these folders, first match wins:

1. ``fonts/`` in the current folder (the project's fonts);
2. ``fonts/`` next to each template of the template's ``extends`` chain;
3. the folders in ``BRIEFGEN_FONT_PATH`` (``os.pathsep``-separated);
4. the system's folders: Linux ``/usr/share/fonts``, ``/usr/local/share/fonts``,
   ``~/.local/share/fonts``, ``~/.fonts``; macOS ``/Library/Fonts``,
   ``/System/Library/Fonts``, ``~/Library/Fonts``; Windows ``%WINDIR%\\Fonts``,
   ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``;
5. the fonts shipped with briefgen (Liberation Serif, Sans and Mono: Latin,
   Greek and Cyrillic), so a machine without fonts still builds every template.

A family that is not installed is replaced by the closest one available (a
metric-compatible substitute, else the shipped family of the same kind) and the
PDF writer warns once, naming every missing family.  A character that none of
the template's families covers is looked up in every installed font, preferring
the template's kind (serif for a serif body), as browsers do.  The DOCX writer
uses the same choices for its font names but never needs a font file.
"""

from __future__ import annotations

import functools
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import fontfaces, fontscan
from .fontscan import Face

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "fonts"
INVISIBLE = frozenset("\t\n\r \u00a0\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "timesnewroman": ("Liberation Serif",), "times": ("Liberation Serif",),
    "arial": ("Liberation Sans",), "helvetica": ("Liberation Sans",),
    "couriernew": ("Liberation Mono",), "courier": ("Liberation Mono",),
    "calibri": ("Carlito", "Liberation Sans"), "cambria": ("Caladea", "Liberation Serif"),
    "carlito": ("Liberation Sans",), "caladea": ("Liberation Serif",),
    "dejavuserif": ("Noto Serif", "Liberation Serif"), "dejavusans": ("Noto Sans", "Liberation Sans"),
    "dejavusansmono": ("Noto Sans Mono", "Liberation Mono"),
    "nanumgothic": ("Noto Sans CJK KR",), "nanummyeongjo": ("Noto Serif CJK KR",),
}
"""Closest families for well-known names, tried in order before the shipped ones."""
SHIPPED_BY_KIND = {"serif": "Liberation Serif", "sans": "Liberation Sans",
                   "mono": "Liberation Mono"}


class FontError(Exception):
    """A font file cannot be used."""


def key(name: str) -> str:
    """Family names match without regard to case, spaces or hyphens."""
    return "".join(c for c in name.lower() if c.isalnum())


def system_folders() -> list[Path]:
    """The platform's font folders (only those of the running system exist)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts", home / ".fonts"]


def search_folders(extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Every folder searched for fonts, in order (see the module docstring)."""
    env = [Path(p).expanduser() for p in os.environ.get("BRIEFGEN_FONT_PATH", "").split(os.pathsep)
           if p]
    folders = [Path("fonts").resolve(), *extra, *env, *system_folders(), SHIPPED_DIR]
    return tuple(dict.fromkeys(folders))


@dataclass(frozen=True, slots=True)
class Family:
    """A family's four faces (a missing italic or bold reuses the nearest face)."""

    name: str
    kind: str
    regular: Face
    bold: Face
    italic: Face
    bold_italic: Face

    def faces(self) -> dict[str, Face]:
        return {"regular": self.regular, "bold": self.bold, "italic": self.italic,
                "bold_italic": self.bold_italic}

    def pick(self, bold: bool, italic: bool) -> Face:
        if bold and italic:
            return self.bold_italic
        return self.bold if bold else self.italic if italic else self.regular


def _closest(faces: list[Face], weight: int, italic: bool) -> Face | None:
    pool = [f for f in faces if f.italic == italic]
    if not pool:
        return None
    return min(pool, key=lambda f: (abs(f.width - 5), abs(f.weight - weight), f.path, f.index))


def make_family(faces: list[Face]) -> Family:
    """Group the faces of one family into its four styles."""
    regular = _closest(faces, 400, False) or _closest(faces, 400, True)
    assert regular is not None
    heavy = [f for f in faces if f.weight >= 600]
    bold = _closest(heavy, 700, False) or regular
    italic = _closest([f for f in faces if f.weight < 600], 400, True) or regular
    bold_italic = _closest(heavy, 700, True) or (bold if bold is not regular else italic)
    return Family(regular.family, regular.kind, regular, bold, italic, bold_italic)


@functools.cache
def _index() -> fontscan.Index:
    return fontscan.Index()


@functools.cache
def folder_faces(folder: Path) -> tuple[Face, ...]:
    """Every face under ``folder`` (read once per process, from the cache when it can)."""
    index = _index()
    faces = tuple(index.faces(fontscan.font_files([folder])))
    index.save()
    return faces


class Library:
    """The installed families, found in ``folders``."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        groups: dict[str, list[Face]] = {}
        for folder in folders:  # the first folder that has a family owns it
            mine: dict[str, list[Face]] = {}
            for face in folder_faces(folder):
                mine.setdefault(key(face.family), []).append(face)
            for k, v in mine.items():
                groups.setdefault(k, v)
        self.families = {k: make_family(v) for k, v in groups.items()}
        self._fallback: dict[tuple[int, str, str], Family | None] = {}
        self.used: list[str] = []

    def family(self, name: str) -> Family | None:
        return self.families.get(key(name))

    def names(self) -> list[str]:
        return sorted(f.name for f in self.families.values())

    def resolve(self, name: str) -> Family:
        """Family ``name``, or the closest available one."""
        found = self.family(name)
        if found is not None:
            return found
        for candidate in SUBSTITUTES.get(key(name), ()):
            if (found := self.family(candidate)) is not None:
                return found
        shipped = self.family(SHIPPED_BY_KIND[guess_kind(name)])
        if shipped is None:
            raise FontError(f"briefgen's own fonts are missing from {SHIPPED_DIR}; "
                            "reinstall briefgen")
        return shipped

    def fallback(self, cp: int, kind: str, lang: str = "") -> Family | None:
        """The installed family that best shows code point ``cp`` in ``kind``."""
        memo = (cp, kind, lang)
        if memo not in self._fallback:
            self._fallback[memo] = self._search(cp, kind, lang)
        return self._fallback[memo]

    def _search(self, cp: int, kind: str, lang: str) -> Family | None:
        page = cp >> 8
        candidates = [f for f in self.families.values() if page in f.regular.pages]
        want = cjk_tag(cp, lang)
        candidates.sort(key=lambda f: (
            _kind_distance(f.kind, kind), _tag_distance(f.name, want),
            f.name not in self.used, f.regular.width != 5, len(f.name), f.name))
        for fam in candidates:
            if cp in coverage(fam.regular):
                if fam.name not in self.used:
                    self.used.append(fam.name)
                return fam
        return None


def _kind_distance(have: str, want: str) -> int:
    if have == want:
        return 0
    return 1 if "mono" not in (have, want) or want == "mono" else 2


_CJK_TAGS = ("jp", "kr", "sc", "tc", "hk")


def cjk_tag(cp: int, lang: str) -> str:
    """Which regional CJK face suits ``cp``: kana → JP, Hangul → KR, Han by ``lang``."""
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "jp"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "kr"
    lang = lang.lower()
    if lang.startswith("ja"):
        return "jp"
    if lang.startswith("ko"):
        return "kr"
    if lang in ("zh-tw", "zh-hant"):
        return "tc"
    if lang == "zh-hk":
        return "hk"
    return "sc"


def _tag_distance(name: str, want: str) -> int:
    tag = name.lower().rsplit(" ", 1)[-1]
    if tag not in _CJK_TAGS:
        return 0
    return 0 if tag == want else 1


def guess_kind(name: str) -> str:
    """serif, sans or mono, from a family name alone (for a family not installed)."""
    low = name.lower()
    if any(w in low for w in ("mono", "code", "courier", "consol")):
        return "mono"
    if any(w in low for w in ("sans", "gothic", "arial", "helvetica", "calibri", "carlito")):
        return "sans"
    if any(w in low for w in fontfaces.SERIF_WORDS):
        return "serif"
    return "sans"


@functools.cache
def library(extra: tuple[Path, ...] = ()) -> Library:
    """The families found in :func:`search_folders` (``extra``: template folders)."""
    return Library(search_folders(extra))


def template_folders(inputs: tuple[Path, ...]) -> tuple[Path, ...]:
    """``fonts/`` next to each template file of a template's chain."""
    return tuple(dict.fromkeys(p.parent / "fonts" for p in inputs if p.suffix in (".yaml", ".yml")))


@functools.cache
def coverage(face: Face) -> frozenset[int]:
    """The code points ``face`` has glyphs for."""
    return fontscan.coverage(face)


def covers(family: Family, char: str) -> bool:
    return char in INVISIBLE or ord(char) in coverage(family.regular)


def family_for(char: str, families: tuple[str, ...], kind: str = "serif",
               lib: Library | None = None) -> str | None:
    """The first of ``families`` (as installed or substituted) that has a glyph for
    ``char``, else the installed family chosen by fallback; ``None``: no font has it."""
    lib = lib or library()
    for name in families:
        fam = lib.resolve(name)
        if covers(fam, char):
            return fam.name
    found = lib.fallback(ord(char), kind)
    return found.name if found else None


def missing_glyphs(text: str, families: tuple[str, ...]) -> list[str]:
    """Characters of ``text`` (in order, each once) that no installed font covers."""
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char in INVISIBLE or char in missing or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        if family_for(char, families) is None:
            missing.append(char)
    return missing


def missing_families(names: tuple[str, ...], lib: Library | None = None) -> dict[str, str]:
    """Each of ``names`` that is not installed → the family used instead."""
    lib = lib or library()
    return {n: lib.resolve(n).name for n in dict.fromkeys(names) if lib.family(n) is None}


def script_name(char: str) -> str:
    """A readable script name for a warning ("Hangul", "Arabic", …)."""
    try:
        word = unicodedata.name(char).split()[0]
    except ValueError:
        return "unknown script"
    return {"CJK": "Han (CJK)", "HIRAGANA": "Japanese (Hiragana)",
            "KATAKANA": "Japanese (Katakana)"}.get(word, word.title())


ADD_FONT_HINT = ("install a font that has it (e.g. a Noto font) or put its file in the "
                 "project's fonts/ folder")


def text_chars(*objects: object) -> frozenset[int]:
    """Every code point in the strings inside ``objects`` (dataclasses, tuples,
    dicts, strings): what a document and its template may show."""
    import dataclasses

    seen: set[int] = set()
    stack: list[object] = list(objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, str):
            seen.update(map(ord, obj))
        elif isinstance(obj, (tuple, list, frozenset, set)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            stack.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
    seen.update(map(ord, "0123456789,.:;-\u2013\u2014\u2003\ufffd ()[]/"))
    return frozenset(seen)


def face_path(name: str, face: str = "regular") -> Path:
    """The file of ``face`` (regular, bold, italic, bold_italic) of family ``name``
    as installed (or of the family that stands in for it)."""
    return Path(library().resolve(name).faces()[face].path)
