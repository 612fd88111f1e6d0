"""What a paragraph's scripts need from reportlab: shaping, CJK breaking, RTL order.

* Complex scripts (Arabic, Hebrew, Devanagari, Thai …) are shaped with
  uharfbuzz (library-pitfalls §18), but only in paragraphs that hold them:
  shaping Latin would turn "fi" into a ligature glyph that text extraction
  cannot map back.
* Chinese and Japanese break lines between characters (reportlab's ``CJK``
  word wrap) in paragraphs that hold them.
* Each shaped word comes out of the shaping pass with its glyphs in visual
  order; the words of each line are put in visual order when it is drawn
  (:mod:`briefgen.pdf.bidi`).  A right-to-left paragraph (one whose first
  strong character is Arabic or Hebrew) starts at the right: a left-aligned
  style becomes right-aligned, a justified one stays justified with its last
  line to the right (reportlab's ``wordWrap='RTL'``), and its list marker or
  paragraph number goes on the right (:mod:`briefgen.pdf.flowables`).
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..scripts import CJK, COMPLEX, base_direction, is_rtl

_STYLES: dict[tuple[str, bool, bool, bool], ParagraphStyle] = {}


def script_style(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, or a copy that shapes, breaks CJK and/or aligns right to left,
    as the paragraph markup ``text`` needs."""
    shape = bool(COMPLEX.search(text))
    cjk = bool(CJK.search(text))
    rtl = shape and base_direction(re.sub(r"<[^>]*>", "", text)) == "rtl"
    if not (shape or cjk):
        return style
    memo = (style.name, shape, cjk, rtl)
    if memo not in _STYLES or _STYLES[memo].parent is not style:
        changes: dict[str, object] = {}
        if shape:
            changes["shaping"] = 1
        if cjk:
            changes["wordWrap"] = "CJK"
        changes["briefgen_rtl"] = rtl
        if rtl and not cjk:
            changes["wordWrap"] = "RTL"  # a justified last line, a bullet on the right
        if rtl and style.alignment == TA_LEFT:
            changes["alignment"] = TA_RIGHT
        _STYLES[memo] = ParagraphStyle(f"{style.name}-{int(shape)}{int(cjk)}{int(rtl)}",
                                       parent=style, **changes)
    return _STYLES[memo]


def needs_actual_text(text: str) -> bool:
    """Shaped scripts: their glyphs (ligatures, joined and reordered forms) do not
    map back to the characters in logical order, so the text is given as well."""
    return bool(COMPLEX.search(text))


def actual_text(prefix: str, inlines: tuple) -> str | None:
    """The logical text of a paragraph (its label markup, then its inlines) when it
    holds a shaped script; ``None`` otherwise."""
    from html import unescape

    from ..model import plain_text

    text = plain_text(inlines, notes=True)
    if not needs_actual_text(text):
        return None
    label = unescape(re.sub(r"<[^>]+>", "", prefix))
    return label + text


def logical_text(node, text: str | None) -> str | None:  # noqa: ANN001 - a StructNode
    """Where a paragraph's logical text goes: ``None`` once given to ``node``.

    Right-to-left text is drawn in visual order, which pypdf, pdfium and poppler
    turn back into reading order themselves; an /ActualText on its marked content
    would be turned round a second time (poppler reverses it, pdfium repeats and
    reorders it).  So its logical text goes on the structure element as
    /ActualText, read by pdfplumber's structure tree, screen readers and
    ``briefgen verify``, and covering every piece of a split paragraph.  The
    replacement covers the element's children, so a page-foot ``Note`` inside it
    moves out to follow it.  Text of other shaped scripts (Devanagari, Thai)
    keeps its marked-content /ActualText."""
    if text is None or not is_rtl(text):
        return text
    notes = [c for c in node.children if c.tag == "Note"]
    if notes and node.parent is not None:
        node.children[:] = [c for c in node.children if c.tag != "Note"]
        for note in notes:
            note.parent = node.parent
        at = node.parent.children.index(node) + 1
        node.parent.children[at:at] = notes
    node.attrs["ActualText"] = text
    return None


def _by_font(shape):
    """reportlab 5.1's ``shapeFragWord`` shapes a whole word with the font of its
    first frag, so a word whose characters come from two fonts ("النص." with the
    full stop in the body font) gets glyph ids of the wrong font (a crash when the
    subset is written); and it puts inline callbacks (``<a name>``, ``onDraw``)
    back with a sort that fails on ties.  Shape each run of one font on its own
    and lay the runs out in the word's direction.  A callback stays before the
    run it precedes (a link's open mark before its text), and those after the last
    run after that run, also when a right-to-left word turns its runs round."""
    def shaped(word, *args, **kwargs):
        from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord

        if isinstance(word, ShapedFragWord):
            return word
        items, text = _word_items(word)
        if len(items) <= 1:
            return _noted(shape(word, *args, **kwargs), text)
        done = [item if isinstance(item, tuple) else
                _noted(shape([_width(item)] + item, *args, **kwargs), "".join(t for _f, t in item))
                for item in items]
        runs = [d for d in done if not isinstance(d, tuple)]
        out: list = [sum(r[0] for r in runs)]
        if base_direction(text) == "rtl":
            out.extend(_right_to_left(done))
        else:
            for d in done:
                out.extend([d] if isinstance(d, tuple) else d[1:])
        shaped_any = any(isinstance(r, ShapedFragWord) for r in runs)
        return (makeShapedFragWord(word) if shaped_any else word.__class__)(out)
    return shaped


_PRIVATE: dict[str, dict[int, str]] = {}
"""Embedded font name → private-use code → the text its glyph stands for."""


def _noted(shaped, text: str):  # noqa: ANN001, ANN202 - a reportlab frag word, returned
    """Note what each glyph without a character of its own (reportlab gives it a
    private-use code: a ligature such as lam-alef with hamza) stands for: the
    characters of its cluster, so the font's ToUnicode maps it to them and no
    reader sees U+E000 where the brief has "لأ"."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapedStr

    pairs = [(f, t) for f, t in shaped[1:] if isinstance(t, ShapedStr)]
    if not pairs or not any("\ue000" <= c < "\uf900" for _f, t in pairs for c in t):
        return shaped
    starts = sorted({d.cluster for _f, t in pairs for d in t.__shapeData__} | {len(text)})
    seen: set[int] = set()
    for f, t in pairs:
        face = pdfmetrics.getFont(f.fontName).face
        mine = _PRIVATE.setdefault((face.name + face.subfontNameX).decode("latin-1"), {})
        for char, data in zip(t, t.__shapeData__):
            if data.cluster in seen:
                continue  # one glyph of a cluster stands for its text
            seen.add(data.cluster)
            if "\ue000" <= char < "\uf900" and char not in text and data.cluster in starts:
                end = starts[starts.index(data.cluster) + 1] if data.cluster < len(text) else None
                mine.setdefault(ord(char), text[data.cluster:end] or char)
    return shaped


def _to_unicode(make):
    """reportlab's ToUnicode CMap maker, mapping noted private-use codes to text."""
    def cmap(fontname: str, subset: list[int]) -> str:
        out = make(fontname, subset)
        mine = _PRIVATE.get(fontname.split("+", 1)[-1])
        for code, value in enumerate(subset):
            if mine and value in mine:
                hexed = mine[value].encode("utf-16-be").hex().upper()
                out = out.replace(f"<{code:02X}> <{value:04X}>", f"<{code:02X}> <{hexed}>")
        return out
    return cmap


def _right_to_left(done: list) -> list:
    """Shaped runs and callbacks of a right-to-left word in drawing order."""
    groups: list[tuple[list, list]] = []  # (callbacks before a run, the run's pairs)
    waiting: list = []
    for d in done:
        if isinstance(d, tuple):
            waiting.append(d)
        else:
            groups.append((waiting, list(d[1:])))
            waiting = []
    out: list = []
    for i, (before, pairs) in enumerate(reversed(groups)):
        out.extend(before + pairs + (waiting if i == 0 else []))
    return out + (waiting if not groups else [])


def _word_items(word) -> tuple[list, str]:  # noqa: ANN001 - a reportlab frag word
    """The word as callbacks ``(frag, "")`` and runs ``[(frag, text), …]`` of one
    font, in order, and its text."""
    items: list = []
    text = ""
    for f, s in word[1:]:
        if hasattr(f, "cbDefn"):
            items.append((f, ""))
        elif items and isinstance(items[-1], list) and items[-1][0][0].fontName == f.fontName:
            items[-1].append((f, s))
        else:
            items.append([(f, s)])
        text += "" if hasattr(f, "cbDefn") else s
    return items, text


def _width(run: list) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(t, f.fontName, f.fontSize) for f, t in run)


def _install() -> None:
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    if not getattr(paragraph.shapeFragWord, "_briefgen", False):
        paragraph.shapeFragWord = _by_font(paragraph.shapeFragWord)
        paragraph.shapeFragWord._briefgen = True
        ttfonts.makeToUnicodeCMap = _to_unicode(ttfonts.makeToUnicodeCMap)


_install()
