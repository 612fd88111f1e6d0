"""Reading font files once: names, style and glyph coverage, cached on disk.

Every TrueType/OpenType file (``.ttf``, ``.otf``, ``.ttc``, ``.otc``) in the font
folders is read with HarfBuzz (:mod:`briefgen.fontfaces`) the first time it is seen; what briefgen needs
(family and style names from the name table, weight, slant, serif/sans/mono,
outline format and the code points it covers) is kept in the user's cache
folder, keyed by the file's path, modification time and size.  Later processes
read the small index instead of the fonts, and a face's full coverage only
when a character could be in it (the index keeps, per face, the 256-code-point
pages it touches), so a brief without Korean never reads a Korean font.

Cache files are written to a temporary name and renamed into place, so
parallel builds never see half a file.  ``BRIEFGEN_CACHE_DIR`` moves the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import fontfaces
from .cache import cache_dir, write_atomic  # noqa: F401 - also used by pdf.metrics

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Face:
    """One face of one font file (a ``.ttc`` holds several)."""

    path: str
    index: int
    family: str
    style: str
    weight: int
    width: int
    italic: bool
    kind: str
    """``serif``, ``sans`` or ``mono``."""
    cff: bool
    """Outlines are CFF (PostScript): converted to TrueType before embedding."""
    pages: frozenset[int]
    """``code point >> 8`` of every character the face has a glyph for."""
    stamp: str
    """Identifies the file's version (path, mtime, size) in the cache."""

    @property
    def bold(self) -> bool:
        return self.weight >= 600


def font_files(folders: Iterable[Path]) -> list[Path]:
    """Every font file under ``folders``, in folder order, each folder sorted."""
    found: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder, followlinks=True):
            dirs.sort()
            found.extend(Path(root) / f for f in sorted(files) if f.lower().endswith(FONT_SUFFIXES))
    return found


def _stamp(path: Path, st: os.stat_result) -> str:
    key = f"{path}\0{st.st_mtime_ns}\0{st.st_size}".encode()
    return hashlib.sha1(key).hexdigest()


class Index:
    """The cached description of every face in a list of files."""

    def __init__(self) -> None:
        self.path = cache_dir() / f"fonts-v{CACHE_VERSION}" / "index.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def faces(self, files: list[Path]) -> list[Face]:
        out: list[Face] = []
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = _stamp(path, st)
            entry = self.entries.get(str(path))
            if entry is None or entry.get("stamp") != stamp:
                entry = {"stamp": stamp, "faces": _read_file(path, stamp)}
                self.entries[str(path)] = entry
                self.changed = True
            out.extend(_face(str(path), stamp, f) for f in entry["faces"])
        return out

    def save(self) -> None:
        if self.changed:
            write_atomic(self.path, json.dumps(self.entries, sort_keys=True).encode())
            self.changed = False


def _face(path: str, stamp: str, f: dict) -> Face:
    return Face(path, f["index"], f["family"], f["style"], f["weight"], f["width"],
                f["italic"], f["kind"], f["cff"], frozenset(f["pages"]), stamp)


def coverage_path(stamp: str, index: int) -> Path:
    return cache_dir() / f"fonts-v{CACHE_VERSION}" / "coverage" / f"{stamp}-{index}.json"


def coverage(face: Face) -> frozenset[int]:
    """Code points ``face`` has a glyph for (from the cache, else from the file)."""
    try:
        ranges = json.loads(coverage_path(face.stamp, face.index).read_bytes())
    except (OSError, ValueError):
        ranges = None
    if ranges is None:
        ranges = _ranges(fontfaces.code_points(face.path, face.index))
        write_atomic(coverage_path(face.stamp, face.index), json.dumps(ranges).encode())
    return frozenset(cp for start, end in ranges for cp in range(start, end + 1))


def _ranges(cps: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def _read_file(path: Path, stamp: str) -> list[dict]:
    """Describe every usable face of ``path`` (and cache its coverage)."""
    try:
        read = fontfaces.read_faces(path)
    except (OSError, ValueError, struct.error):
        return []  # not a font HarfBuzz can read: skipped, as a browser would
    faces = []
    for info, cps in read:
        write_atomic(coverage_path(stamp, info["index"]), json.dumps(_ranges(cps)).encode())
        faces.append({**info, "pages": sorted({cp >> 8 for cp in cps})})
    return faces
