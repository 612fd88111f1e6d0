"""reportlab TrueType faces, with their parsed metrics cached on disk.

reportlab parses a TrueType file in pure Python (``TTFontFile.extractInfo``:
cmap, widths, glyph offsets), which is most of a small brief's build time.
The parsed state is kept in the user's cache folder, keyed by the file's
path, size and modification time (and the face of a ``.ttc``); a later
process loads it and reads only the file's bytes, which subsetting needs.
"""

from __future__ import annotations

import pickle
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

from ..cache import cache_dir, file_key, write_atomic
from ..fontscan import CACHE_VERSION

_SKIP = ("_ttf_data", "_pdfScale")
"""Not kept: the file's bytes (read again) and the scale function (rebuilt)."""


def _identity(x: float) -> float:
    return x


class _Scale:
    """Font units → 1/1000 em (picklable, unlike reportlab's lambda)."""

    def __init__(self, units: int) -> None:
        self.factor = 1000 / units

    def __call__(self, x: float) -> float:
        return x * self.factor


def _face(path: Path, index: int) -> TTFontFace:
    cached = cache_dir() / f"fonts-v{CACHE_VERSION}" / "metrics" / f"{file_key(path, index)}.pickle"
    try:
        state = pickle.loads(cached.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        state = None
    if state is None:
        face = TTFontFace(str(path), subfontIndex=index)
        state = {k: v for k, v in face.__dict__.items() if k not in _SKIP}
        write_atomic(cached, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        return face
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()
    face._pdfScale = _identity if face.unitsPerEm == 1000 else _Scale(face.unitsPerEm)
    return face


class FaceFont(TTFont):
    """A ``TTFont`` that shapes with its own face of a collection: reportlab 5.1
    hands HarfBuzz the whole ``.ttc`` file and so shapes with face 0, whose glyph
    ids then name other glyphs (or none) of the face that is embedded."""

    face_index: int = 0

    @property
    def hbFace(self):  # noqa: N802, ANN201 - reportlab's name; a uharfbuzz.Face
        face = getattr(self, "__hbFace__", None)
        if not face:
            import uharfbuzz

            face = uharfbuzz.Face(uharfbuzz.Blob(self.face._ttf_data), self.face_index)
            setattr(self, "__hbFace__", face)
            self._TTFont__hbUnis = {}  # what reportlab's own hbFace sets up
            self._TTFont__hbPrivate = 0xE000
        return face


def load_font(name: str, path: Path, index: int = 0) -> TTFont:
    """A reportlab ``TTFont`` named ``name`` for face ``index`` of ``path``, as
    ``TTFont(name, path, subfontIndex=index)`` would make it (shaped with that face)."""
    font = FaceFont.__new__(FaceFont)
    font.face_index = index
    font.fontName = name
    font.face = _face(path, index)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font
