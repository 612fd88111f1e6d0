"""Every raw WordprocessingML element the DOCX writer builds, in one place.

python-docx has no API for footnotes, hyperlinks, fields, bookmarks, borders or
shading, so the writer builds those elements here with lxml (through
python-docx's ``OxmlElement`` so its element classes still apply).  Property
containers (``w:pPr``, ``w:rPr``, ``w:tblPr``, ``w:tcPr``) are built from
loose children and sorted into schema order, so callers never have to know it.

Units: callers pass points; this module converts to twips (1/20 pt),
half-points (font sizes) and eighths of a point (border widths).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

Element = BaseOxmlElement

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
).split()
TCPR_ORDER = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
).split()
BORDER_ORDER = "top left start bottom right end insideH insideV between bar".split()


def twips(points: float) -> int:
    return int(round(points * 20))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (defensive: the
    reader already removed them)."""
    return _INVALID_XML.sub("", text)


def el(tag: str, attrs: dict[str, object] | None = None,
       children: Iterable[Element] = ()) -> Element:
    """A new element ``tag`` (``"w:p"``) with ``w:``-prefixed attribute names."""
    element = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        element.set(qn(name), str(value))
    for child in children:
        element.append(child)
    return element


def _local(child: Element) -> str:
    return child.tag.rsplit("}", 1)[-1]


def ordered(tag: str, children: Iterable[Element | None], order: Sequence[str]) -> Element:
    """``tag`` holding ``children`` (``None`` skipped) sorted into ``order``;
    a later child of the same name replaces an earlier one."""
    by_name: dict[str, Element] = {}
    for child in children:
        if child is not None:
            by_name[_local(child)] = child
    return el(tag, None, sorted(by_name.values(), key=lambda c: order.index(_local(c))))


def ppr(*children: Element | None) -> Element:
    return ordered("w:pPr", children, PPR_ORDER)


def rpr(*children: Element | None) -> Element:
    return ordered("w:rPr", children, RPR_ORDER)


def val(tag: str, value: object) -> Element:
    return el(tag, {"w:val": value})


def flag(tag: str, on: bool = True) -> Element:
    return el(tag) if on else el(tag, {"w:val": "0"})


# --------------------------------------------------------------------------
# Paragraph and run properties


def spacing(before: float | None = None, after: float | None = None,
            line: float | None = None, exact: bool = False) -> Element:
    """``line`` is a multiple of single spacing (1.35), or points when ``exact``."""
    attrs: dict[str, object] = {}
    if before is not None:
        attrs["w:before"] = twips(before)
    if after is not None:
        attrs["w:after"] = twips(after)
    if line is not None:
        attrs["w:line"] = twips(line) if exact else int(round(240 * line))
        attrs["w:lineRule"] = "exact" if exact else "auto"
    return el("w:spacing", attrs)


def ind(left: float = 0.0, hanging: float = 0.0, right: float = 0.0,
        first_line: float = 0.0) -> Element:
    attrs: dict[str, object] = {"w:left": twips(left)}
    if right:
        attrs["w:right"] = twips(right)
    if hanging:
        attrs["w:hanging"] = twips(hanging)
    elif first_line:
        attrs["w:firstLine"] = twips(first_line)
    return el("w:ind", attrs)


def colour(hex_colour: str) -> Element:
    return val("w:color", hex_colour.lstrip("#").upper())


def size(points: float) -> list[Element]:
    half = int(round(points * 2))
    return [val("w:sz", half), val("w:szCs", half)]


def fonts(family: str, east_asia: str | None = None) -> Element:
    """``w:rFonts`` naming ``family`` for every script (no theme attributes)."""
    return el("w:rFonts", {"w:ascii": family, "w:hAnsi": family, "w:cs": family,
                           "w:eastAsia": east_asia or family})


def shading(fill: str) -> Element:
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill.lstrip("#").upper()})


def border_side(side: str, colour_hex: str, width: float = 0.5, space: float = 1.0,
                kind: str = "single") -> Element:
    """One border edge; ``width`` in points, ``space`` in points."""
    if kind == "nil":
        return el(f"w:{side}", {"w:val": "nil"})
    return el(f"w:{side}", {"w:val": kind, "w:sz": max(2, int(round(width * 8))),
                            "w:space": int(round(space)),
                            "w:color": colour_hex.lstrip("#").upper()})


def borders(tag: str, sides: Iterable[Element]) -> Element:
    """``w:pBdr``/``w:tblBorders``/``w:tcBorders`` holding ``sides``."""
    return ordered(tag, sides, BORDER_ORDER)


def tabs(stops: Iterable[tuple[str, float]], leader: str | None = None) -> Element:
    """Tab stops ``(kind, position in points)``; kind is left/center/right."""
    children = []
    for kind, pos in stops:
        attrs: dict[str, object] = {"w:val": kind, "w:pos": twips(pos)}
        if leader:
            attrs["w:leader"] = leader
        children.append(el("w:tab", attrs))
    return el("w:tabs", None, children)


def lang(tag: str, east_asia: str | None = None) -> Element:
    attrs: dict[str, object] = {"w:val": tag}
    if east_asia:
        attrs["w:eastAsia"] = east_asia
    return el("w:lang", attrs)


# --------------------------------------------------------------------------
# Paragraphs, runs, text


def paragraph(props: Element | None = None, content: Iterable[Element] = ()) -> Element:
    p = el("w:p")
    if props is not None and len(props):
        p.append(props)
    for child in content:
        p.append(child)
    return p


def text_run(text: str, props: Element | None = None) -> Element:
    """A run showing ``text``: tabs become ``w:tab``, newlines ``w:br``."""
    r = el("w:r")
    if props is not None and len(props):
        r.append(props)
    for piece in re.split(r"(\t|\r\n|\n|\r)", xml_safe(text)):
        if piece == "":
            continue
        if piece == "\t":
            r.append(el("w:tab"))
        elif piece in ("\n", "\r", "\r\n"):
            r.append(el("w:br"))
        else:
            t = el("w:t")
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
    return r


def special_run(child: Element, props: Element | None = None) -> Element:
    """A run holding one non-text child (``w:br``, ``w:tab``, ``w:footnoteRef``…)."""
    r = el("w:r")
    if props is not None and len(props):
        r.append(props)
    r.append(child)
    return r


def page_break() -> Element:
    """A small paragraph ending the page (what is left of it on the next page
    is a 5 pt spacer line)."""
    return paragraph(ppr(val("w:pStyle", "BriefSpacer")),
                     [special_run(el("w:br", {"w:type": "page"}))])


def bookmark(bm_id: int, name: str, content: Iterable[Element]) -> list[Element]:
    """``content`` wrapped in a bookmark (start and end share ``bm_id``)."""
    return [el("w:bookmarkStart", {"w:id": bm_id, "w:name": name}), *content,
            el("w:bookmarkEnd", {"w:id": bm_id})]


def hyperlink(content: Iterable[Element], *, rid: str | None = None,
              anchor: str | None = None, tooltip: str | None = None) -> Element:
    """A ``w:hyperlink`` to relationship ``rid`` (external) or bookmark ``anchor``."""
    link = el("w:hyperlink")
    if rid is not None:
        link.set(qn("r:id"), rid)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    if tooltip:
        link.set(qn("w:tooltip"), xml_safe(tooltip))
    link.set(qn("w:history"), "1")
    for child in content:
        link.append(child)
    return link


def field_begin(instruction: str, props: Element | None = None, *,
                dirty: bool = False) -> list[Element]:
    """The runs opening a complex field: begin, `` instruction ``, separate."""
    begin_attrs: dict[str, object] = {"w:fldCharType": "begin"}
    if dirty:
        begin_attrs["w:dirty"] = "true"
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [special_run(el("w:fldChar", begin_attrs), _copy(props)),
            special_run(instr, _copy(props)),
            special_run(el("w:fldChar", {"w:fldCharType": "separate"}), _copy(props))]


def field_end(props: Element | None = None) -> Element:
    return special_run(el("w:fldChar", {"w:fldCharType": "end"}), _copy(props))


def field(instruction: str, result: Sequence[Element], props: Element | None = None,
          *, dirty: bool = False) -> list[Element]:
    """A complex field: begin, `` instruction ``, separate, ``result`` runs, end."""
    return [*field_begin(instruction, props, dirty=dirty), *result, field_end(props)]


def _copy(element: Element | None) -> Element | None:
    from copy import deepcopy

    return deepcopy(element) if element is not None else None


# --------------------------------------------------------------------------
# Tables


def table(props: Element, grid: Sequence[float], rows: Iterable[Element]) -> Element:
    """A ``w:tbl`` with column widths ``grid`` (points)."""
    tbl = el("w:tbl", None, [props])
    tbl.append(el("w:tblGrid", None, [el("w:gridCol", {"w:w": twips(w)}) for w in grid]))
    for row in rows:
        tbl.append(row)
    return tbl


def tblpr(*children: Element | None) -> Element:
    return ordered("w:tblPr", children, TBLPR_ORDER)


def tcpr(*children: Element | None) -> Element:
    return ordered("w:tcPr", children, TCPR_ORDER)


def width(tag: str, points: float) -> Element:
    return el(tag, {"w:w": twips(points), "w:type": "dxa"})


def cell_margins(tag: str, top: float, left: float, bottom: float, right: float) -> Element:
    sides = [("top", top), ("left", left), ("bottom", bottom), ("right", right)]
    return el(tag, None, [width(f"w:{side}", amount) for side, amount in sides])


def row(cells: Iterable[Element], *, header: bool = False, cant_split: bool = False) -> Element:
    tr = el("w:tr")
    trpr_children = []
    if cant_split or header:
        trpr_children.append(el("w:cantSplit"))
    if header:
        trpr_children.append(el("w:tblHeader"))
    if trpr_children:
        tr.append(el("w:trPr", None, trpr_children))
    for cell in cells:
        tr.append(cell)
    return tr


def cell(props: Element, blocks: Sequence[Element]) -> Element:
    """A ``w:tc``; a cell must end with a paragraph, so one is added after a
    trailing table."""
    tc = el("w:tc", None, [props, *blocks])
    if not blocks or _local(blocks[-1]) != "p":
        tc.append(paragraph(ppr(val("w:pStyle", "BriefSpacer"))))
    return tc


# --------------------------------------------------------------------------
# Pictures


DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_picture(inline: Element, shape_id: int, descr: str, decorative: bool) -> None:
    """Set the drawing's id and alt text; mark a decorative picture the way
    Word 365 does (``adec:decorative`` extension, empty ``descr``)."""
    from lxml import etree

    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # LibreOffice's default wrap distance would shift the picture
    doc_pr = inline.docPr
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", f"Picture {shape_id}")
    doc_pr.set("descr", "" if decorative else xml_safe(descr))
    for c_nv_pr in inline.xpath(".//pic:cNvPr"):
        c_nv_pr.set("id", str(shape_id))
    if decorative:
        a_ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
        ext_lst = etree.SubElement(doc_pr, f"{{{a_ns}}}extLst")
        ext = etree.SubElement(ext_lst, f"{{{a_ns}}}ext", uri=DECORATIVE_URI)
        etree.SubElement(ext, f"{{{ADEC_NS}}}decorative", nsmap={"adec": ADEC_NS}, val="1")


def drawing_run(inline: Element) -> Element:
    return special_run(el("w:drawing", None, [inline]))
