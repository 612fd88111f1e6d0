"""OpenType/CFF faces made usable by reportlab, which reads only TrueType outlines.

The face is subset (fontTools) to the characters a brief needs, keeping the
glyphs its layout features reach, and each CFF outline is drawn through a
cubic-to-quadratic pen into a ``glyf`` table.  The result is cached on disk,
keyed by the font file's version, the face and the characters, so the next
build of the same brief reads a small TrueType file.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ..fontscan import Face, cache_dir, write_atomic

MAX_ERROR = 1.0
"""Largest distance (font units) between a CFF curve and its quadratic copy."""


def truetype_subset(face: Face, chars: frozenset[int]) -> Path:
    """A TrueType file holding ``chars`` of CFF face ``face`` (cached)."""
    digest = hashlib.sha1(",".join(map(str, sorted(chars))).encode()).hexdigest()[:16]
    path = cache_dir() / "ttf" / f"{face.stamp}-{face.index}-{digest}.ttf"
    if not path.is_file():
        write_atomic(path, _convert(face, chars))
    return path


def _convert(face: Face, chars: frozenset[int]) -> bytes:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(face.path, fontNumber=face.index, lazy=False, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(chars))
    sub.subset(font)
    _cff_to_glyf(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font) -> None:
    """Replace the ``CFF `` table with ``glyf``/``loca`` (maxp 1.0, post 3)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    head = font["head"]
    head.indexToLocFormat = 0
    head.glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    for name in order:
        glyphs[name].recalcBounds(glyf)
    maxp.recalc(font)
