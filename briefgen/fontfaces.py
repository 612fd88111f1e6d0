"""What one font file says about its faces, read with HarfBuzz (``uharfbuzz``).

HarfBuzz reads a face's names and its character map in C, a few hundred times faster
than parsing the ``cmap`` table in Python (fontTools takes about 0.1 s for a CJK face;
HarfBuzz under a millisecond), which is what a first build on a machine with hundreds
of fonts spends its time on.  The few numbers briefgen needs from the ``OS/2``,
``head`` and ``post`` tables are read from their bytes at the offsets the OpenType
specification gives.
"""

from __future__ import annotations

import struct
from pathlib import Path

SERIF_WORDS = ("serif", "roman", "times", "georgia", "garamond", "mincho", "myeongjo",
               "batang", "song", "ming", "caladea", "cambria", "book", "naskh", "rashi")


def face_count(path: Path) -> int:
    """Faces in the file: a collection (``ttcf``) says how many, else one."""
    with path.open("rb") as fh:
        head = fh.read(12)
    if head[:4] == b"ttcf":
        return int.from_bytes(head[8:12], "big")
    return 1


def read_faces(path: Path) -> list[tuple[dict, list[int]]]:
    """``(description, sorted code points)`` of every usable face of ``path``; a face
    HarfBuzz cannot read, or a bitmap-only one, is left out (as a browser would)."""
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(path))
    out: list[tuple[dict, list[int]]] = []
    for index in range(face_count(path)):
        face = hb.Face(blob, index)
        info = describe(face, index)
        if info is not None:
            out.append((info, sorted(face.unicodes)))
    return out


def code_points(path: str, index: int) -> list[int]:
    """The sorted code points face ``index`` of ``path`` has a glyph for."""
    import uharfbuzz as hb

    return sorted(hb.Face(hb.Blob.from_file_path(path), index).unicodes)


def _table(face, tag: str) -> bytes:  # noqa: ANN001 - a uharfbuzz Face
    return bytes(face.reference_table(tag).data or b"")


def _u16(data: bytes, offset: int, default: int = 0) -> int:
    return struct.unpack_from(">H", data, offset)[0] if len(data) >= offset + 2 else default


def _name(face, *ids: int) -> str:  # noqa: ANN001
    for name_id in ids:
        value = face.get_name(name_id, "en")
        if value and value.strip():
            return value.strip()
    return ""


def describe(face, index: int) -> dict | None:  # noqa: ANN001 - a uharfbuzz Face
    """Family, style, weight, slant and kind of a face; ``None``: not embeddable (no
    outlines, or bitmap-only colour fonts such as Noto Color Emoji)."""
    tags = set(face.table_tags)
    if "glyf" not in tags and "CFF " not in tags:
        return None
    if "CBDT" in tags or "sbix" in tags:
        return None
    family = _name(face, 16, 1)
    style = _name(face, 17, 2) or "Regular"
    if not family:
        return None
    os2 = _table(face, "OS/2")
    weight = _u16(os2, 4) or 400
    width = _u16(os2, 6) or 5
    selection = _u16(os2, 62)
    mac_style = _u16(_table(face, "head"), 44)
    lowered = style.lower()
    italic = bool(selection & 1 or mac_style & 2 or "italic" in lowered or "oblique" in lowered)
    if weight < 600 and (selection & 32 or mac_style & 1) and "bold" in lowered:
        weight = 700
    return {"index": index, "family": family, "style": style, "weight": weight,
            "width": width, "italic": italic, "kind": _kind(face, family, os2),
            "cff": "CFF " in tags}


def _kind(face, family: str, os2: bytes) -> str:  # noqa: ANN001
    """``mono``, ``sans`` or ``serif``: from the family name, the ``post`` table's
    fixed-pitch flag, then the PANOSE serif style."""
    name = family.lower()
    post = _table(face, "post")
    fixed = len(post) >= 16 and struct.unpack_from(">I", post, 12)[0] != 0
    if "mono" in name or "code" in name or "courier" in name or fixed:
        return "mono"
    if "sans" in name or "gothic" in name or "kufi" in name:
        return "sans"
    if any(word in name for word in SERIF_WORDS):
        return "serif"
    if len(os2) >= 34 and os2[32] == 2 and 2 <= os2[33] <= 10:  # PANOSE: Latin text, serifs
        return "serif"
    return "sans"


def advances(path: str, index: int) -> tuple[dict[int, float], float]:
    """Advance widths of face ``index`` of ``path`` in 1/1000 em by code point, and that
    of its first glyph (what a character the face lacks is drawn with)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    font = hb.Font(face)
    scale = 1000 / face.upem
    widths = {cp: font.get_glyph_h_advance(font.get_nominal_glyph(cp)) * scale
              for cp in face.unicodes}
    return widths, font.get_glyph_h_advance(0) * scale
