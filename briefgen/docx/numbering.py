"""List numbering (library-pitfalls §2): our own multi-level definitions and one
``w:num`` per Markdown list.

Three ``w:abstractNum`` definitions with nine levels each are added to the
numbering part: bullets and numbers per level as ``briefgen.decide`` says
(• – ◦ ▪, 1. a. i.; the register's R1, R2 …), set flush right
:data:`~briefgen.decide.MARKER_SPACE` before the text, as the PDF sets them.
Each item paragraph carries its list's own indent (``decide.list_gap``), which
takes precedence over the level's.
Each list, nested ones included, gets a new ``w:num`` over one of them with a
``startOverride`` on its own level, so every list restarts and honours
``start``; nesting is expressed by ``w:ilvl``.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from ..decide import LIST_GAP, MARKER_SPACE, ORDERED, bullet
from ..fonts import FontError, family_for
from . import oxml as ox

LEVELS = 9
_NSIDS = {"bullet": "5B1E0001", "ordered": "5B1E0002", "register": "5B1E0003"}
REGISTER_WIDTH = 30.0  # hanging indent of recommendation labels ("R12")


def _bullet_font(char: str, families: tuple[str, ...]) -> str | None:
    try:
        return family_for(char, families)
    except FontError:
        return None


def _register_level() -> ox.Element:
    """Level 0 of the recommendations register: "R1", "R2" … numbers, set as the PDF
    sets the labels (flush right before the text; each item carries its list's indent)."""
    lvl = ox.el("w:lvl", {"w:ilvl": 0}, [
        ox.val("w:start", 1), ox.val("w:numFmt", "decimal"), ox.val("w:lvlText", "R%1"),
        ox.val("w:lvlJc", "right"),
    ])
    lvl.append(ox.ppr(ox.ind(left=REGISTER_WIDTH, hanging=MARKER_SPACE)))
    return lvl


def _level(ilvl: int, ordered: bool, families: tuple[str, ...]) -> ox.Element:
    if ordered:
        fmt = ORDERED[ilvl % len(ORDERED)]
        text = f"%{ilvl + 1}."
    else:
        fmt, text = "bullet", bullet(ilvl)
    lvl = ox.el("w:lvl", {"w:ilvl": ilvl}, [
        ox.val("w:start", 1), ox.val("w:numFmt", fmt), ox.val("w:lvlText", text),
        ox.val("w:lvlJc", "right"),
    ])
    # no tab stop of its own: the number's tab goes to the item's text indent
    lvl.append(ox.ppr(ox.ind(left=LIST_GAP * (ilvl + 1), hanging=MARKER_SPACE)))
    font = None if ordered else _bullet_font(text, families)
    if font:
        lvl.append(ox.rpr(ox.fonts(font)))
    return lvl


def _abstract(abstract_id: int, kind: str, families: tuple[str, ...]) -> ox.Element:
    element = ox.el("w:abstractNum", {"w:abstractNumId": abstract_id}, [
        ox.val("w:nsid", _NSIDS[kind]), ox.val("w:multiLevelType", "hybridMultilevel"),
    ])
    for ilvl in range(LEVELS):
        if kind == "register" and ilvl == 0:
            element.append(_register_level())
        else:
            element.append(_level(ilvl, kind != "bullet", families))
    return element


def _ensure_part(document_part) -> NumberingPart:  # noqa: ANN001 - python-docx DocumentPart
    """The numbering part, created when the base document has none."""
    try:
        return document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        xml = f"<w:numbering {nsdecls('w')}/>"
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                             parse_xml(xml), document_part.package)
        document_part.relate_to(part, RT.NUMBERING)
        return part


class Numbering:
    """Adds the abstract definitions once and hands out one ``numId`` per list."""

    def __init__(self, document_part, families: tuple[str, ...]) -> None:  # noqa: ANN001
        self._root = _ensure_part(document_part).element
        taken = [int(a.get(qn("w:abstractNumId"))) for a in self._root.findall(qn("w:abstractNum"))]
        first = max(taken, default=-1) + 1
        self._abstract = {"bullet": first, "ordered": first + 1, "register": first + 2}
        taken_nums = [int(n.get(qn("w:numId"))) for n in self._root.findall(qn("w:num"))]
        self._next_num = max(taken_nums, default=0) + 1
        """python-docx's ``add_num`` rescans every ``w:num`` (quadratic in the lists);
        ids are counted here instead."""
        anchor = self._root.find(qn("w:num"))
        for kind, abstract_id in self._abstract.items():
            element = _abstract(abstract_id, kind, families)
            if anchor is not None:
                anchor.addprevious(element)
            else:
                self._root.append(element)

    def new_list(self, ordered: bool, start: int, level: int, register: bool = False) -> int:
        """A new ``numId`` for one list whose items sit at ``level``; ``register``:
        the recommendations register's "R<n>" numbers (level 0 only)."""
        kind = "register" if register and level == 0 else "ordered" if ordered else "bullet"
        abstract_id = self._abstract[kind]
        num_id, self._next_num = self._next_num, self._next_num + 1
        self._root.append(ox.el("w:num", {"w:numId": num_id}, [
            ox.val("w:abstractNumId", abstract_id),
            ox.el("w:lvlOverride", {"w:ilvl": min(level, LEVELS - 1)},
                  [ox.val("w:startOverride", max(start, 0))]),
        ]))
        return num_id


def item_indent(left: float, gap: float) -> tuple[ox.Element, ox.Element]:
    """The ``w:tabs`` and ``w:ind`` of a list item whose list starts ``left`` points in
    and whose text starts ``gap`` further: the marker ends :data:`MARKER_SPACE` before it."""
    return (ox.tabs([("num", left + gap)]),
            ox.ind(left=left + gap, hanging=MARKER_SPACE))


def num_pr(num_id: int, level: int) -> ox.Element:
    """``w:numPr`` putting a paragraph at ``level`` of list ``num_id``."""
    return ox.el("w:numPr", None, [ox.val("w:ilvl", min(level, LEVELS - 1)),
                                   ox.val("w:numId", num_id)])
