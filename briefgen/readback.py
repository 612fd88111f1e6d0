"""Read the words of a built PDF and DOCX back, block by block, as a user's software does.

- PDF: the structure tree is walked in reading order; the text of each block
  element (``H1``–``H6``, ``P``, ``TH``/``TD``, ``Caption``, ``Lbl``) is the text
  of its marked content (pdfplumber characters grouped by MCID, or the MCID's
  ``/ActualText`` when it has one), nested inline elements (``Link``,
  ``Reference``, ``Span``) included, nested blocks and ``Note`` elements not.
  The contents list (``TOC``) is read apart, one entry per ``TOCI`` (compared
  by :mod:`briefgen.verify_contents`).  A block's source line comes from its
  ``UserProperties``.
- DOCX: the body's paragraphs in order (table cells included, the TOC field's
  prefilled entries not), then the footnotes; a footnote reference reads as
  its number, as it is drawn.

Soft hyphens are dropped (a line-end hyphen the layout added is one), so a word
broken at a line end reads whole.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .sourcemarks import LINE_PROPERTY, MADE_PROPERTY, PATH_PROPERTY

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
_BLOCKS = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "TH", "TD", "Caption",
                     "Lbl"})
_SKIP = frozenset({"TOC", "Artifact"})


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One block's text: ``kind`` is the structure type (PDF) or a style family (DOCX)."""

    kind: str
    text: str
    line: int | None = None
    note: bool = False
    """Inside a footnote or endnote."""
    path: str | None = None
    """The file ``line`` is in, when not the brief."""
    made: str | None = None
    """What the template made the block as ("contents", "bibliography"), when no line
    of the source wrote it."""

    @property
    def place(self) -> str:
        """Where the block came from, as a message names it: "line 12",
        "parts/caveat.md line 2", "contents"; "line ?" when the file does not say."""
        if self.made:
            return self.made
        if self.line is None:
            return "line ?"
        return f"{self.path} line {self.line}" if self.path else f"line {self.line}"

    @property
    def words(self) -> list[str]:
        return self.text.split()


def clean(text: str) -> str:
    """Text as compared: NFC, soft hyphens dropped, runs of white space as one space."""
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return " ".join(text.split())


# ---------------------------------------------------------------- PDF


def _mcid_texts(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the characters drawn inside it, in content order."""
    import pdfplumber

    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[(index, char["mcid"])].append(char["text"])
    return {key: "".join(chars) for key, chars in texts.items()}


def _actual_texts(pdf) -> dict[tuple[int, int], str]:  # noqa: ANN001 - pikepdf.Pdf
    """(page index, MCID) → /ActualText of marked content that has both."""
    import pikepdf

    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page, "BDC"):
            props = operands[1] if len(operands) > 1 else None
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props \
                    and "/ActualText" in props:
                found[(index, int(props.MCID))] = str(props.ActualText)
    return found


class _PdfWalker:
    def __init__(self, pdf, texts: dict[tuple[int, int], str]) -> None:  # noqa: ANN001
        self.pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        self.texts = texts
        self.blocks: list[TextBlock] = []
        self.contents: list[TextBlock] = []
        """Each contents entry (``TOCI``): its text, page number included, and the place
        of the heading it lists."""

    def walk(self, elem, in_note: bool = False) -> None:  # noqa: ANN001 - pikepdf objects
        role = _role(elem)
        if role == "TOC":
            for kid in (k for k in _kids(elem) if _role(k) == "TOCI"):
                line, path, made = _source(kid)
                self.contents.append(TextBlock("TOCI", clean(self.text(kid)), line, False,
                                               path, made))
            return
        if role in _SKIP:
            return
        if role in _BLOCKS:
            line, path, made = _source(elem)
            self.blocks.append(TextBlock(role, clean(self.text(elem)), line, in_note, path, made))
        for kid in _kids(elem):
            if _role(kid):
                self.walk(kid, in_note or role == "Note")

    def text(self, elem) -> str:  # noqa: ANN001
        """Text of ``elem``'s own content and its inline descendants (its /ActualText
        when it has one: right-to-left text, see ``briefgen.pdf.scripts.logical_text``)."""
        if "/ActualText" in elem:
            return str(elem.ActualText)
        page = elem.get("/Pg")
        parts: list[str] = []
        for kid in _kids(elem):
            role = _role(kid)
            if role:
                if role not in _BLOCKS and role not in _SKIP and role != "Note" \
                        and role not in ("L", "LI", "LBody", "Table", "TR", "Figure"):
                    parts.append(self.text(kid))
                continue
            mcid, pg = _mcr(kid, page)
            if mcid is not None and pg is not None:
                parts.append(self.texts.get((self.pages.get(pg.objgen, -1), mcid), ""))
        return "".join(parts)


def _role(node) -> str:  # noqa: ANN001
    import pikepdf

    if isinstance(node, pikepdf.Dictionary) and "/S" in node and node.get("/Type") != "/MCR":
        return str(node.S)[1:]
    return ""


def _kids(node) -> list:  # noqa: ANN001
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _mcr(kid, page):  # noqa: ANN001, ANN202 - (mcid, page object) of a marked-content kid
    import pikepdf

    if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == 1):
        return int(kid), page
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        return int(kid.MCID), kid.get("/Pg", page)
    return None, None


def _source(elem) -> tuple[int | None, str | None, str | None]:  # noqa: ANN001
    """(source line, source file, what made it) from the element's UserProperties."""
    import pikepdf

    found: dict[str, object] = {}
    attrs = elem.get("/A")
    for owner in (list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]):
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/O") == "/UserProperties":
            for prop in owner.get("/P", []):
                found[str(prop.get("/N"))] = prop.get("/V")
    line = found.get(LINE_PROPERTY)
    path, made = found.get(PATH_PROPERTY), found.get(MADE_PROPERTY)
    return (int(line) if line is not None else None, str(path) if path is not None else None,
            str(made) if made is not None else None)


def pdf_blocks(path: Path, texts: dict[tuple[int, int], str] | None = None) -> list[TextBlock]:
    """The PDF's tagged text, one :class:`TextBlock` per block element in reading order
    (``texts``: its marked-content texts when already read)."""
    return pdf_read(path, texts)[0]


def pdf_read(path: Path, texts: dict[tuple[int, int], str] | None = None
             ) -> tuple[list[TextBlock], list[TextBlock]]:
    """The PDF's blocks (as :func:`pdf_blocks`) and its contents entries' texts."""
    import pikepdf

    texts = dict(_mcid_texts(path) if texts is None else texts)
    with pikepdf.open(path) as pdf:
        texts.update(_actual_texts(pdf))
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return [], []
        walker = _PdfWalker(pdf, texts)
        for kid in _kids(root):
            walker.walk(kid)
    return walker.blocks, walker.contents


# ---------------------------------------------------------------- DOCX


def _run_text(paragraph: etree._Element, numbers: dict[str, int], own: int | None = None) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if tag == "t":
            parts.append(node.text or "")
        elif tag in ("tab", "br", "cr"):
            parts.append(" ")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag in ("footnoteReference", "endnoteReference"):
            parts.append(str(numbers.get(node.get(f"{{{W}}}id"), "?")))
        elif tag in ("footnoteRef", "endnoteRef"):
            parts.append(str(own))
    return "".join(parts)


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find("w:pPr/w:pStyle", _NS)
    return style.get(f"{{{W}}}val") if style is not None else "Normal"


def _in_toc(paragraph: etree._Element) -> bool:
    return _style(paragraph).startswith("TOC") and _style(paragraph) != "TOCHeading"


def docx_blocks(path: Path) -> list[TextBlock]:
    """The DOCX's words, one :class:`TextBlock` per non-empty paragraph: body, then notes."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        names = package.namelist()
        notes = etree.fromstring(package.read("word/footnotes.xml")) \
            if "word/footnotes.xml" in names else None
    numbers: dict[str, int] = {}
    for ref in body.iter(f"{{{W}}}footnoteReference"):
        numbers.setdefault(ref.get(f"{{{W}}}id"), len(numbers) + 1)
    out: list[TextBlock] = []
    for paragraph in body.iter(f"{{{W}}}p"):
        if _in_toc(paragraph):
            continue
        text = clean(_run_text(paragraph, numbers))
        if text:
            out.append(TextBlock(_style(paragraph), text, note=_style(paragraph) == "EndnoteText"))
    if notes is not None:
        for note in notes.findall("w:footnote", _NS):
            number = numbers.get(note.get(f"{{{W}}}id"))
            if number is None:
                continue
            for paragraph in note.iter(f"{{{W}}}p"):
                text = clean(_run_text(paragraph, numbers, number))
                if text:
                    out.append(TextBlock("Note", text, note=True))
    return out


# ---------------------------------------------------------------- compare

_MARKER = re.compile(r"^(?:[\u2022\u2013\u25e6\u25aa\u2014\u00b7*-]|\d+[.)]?|[a-z]{1,4}[.)]|R\d+)$")


def _stream(blocks: list[TextBlock], note: bool) -> list[tuple[str, TextBlock]]:
    """(word, its block) in reading order; list markers (compared apart) left out."""
    out = []
    for block in blocks:
        if block.note != note or (block.kind == "Lbl" and _MARKER.match(block.text)):
            continue
        out.extend((w, block) for w in block.words)
    return out


def text_differences(pdf: list[TextBlock], docx: list[TextBlock]) -> list[str]:
    """For each place where the words of the two files part, one message naming the PDF
    block (its source line when known) and the words on each side."""
    problems = []
    for note in (False, True):
        a, b = _stream(pdf, note), _stream(docx, note)
        matcher = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            block = a[min(i1, len(a) - 1)][1] if a else None
            where = _where(block, note)
            pdf_words = " ".join(w for w, _ in a[i1:i2][:8]) or "nothing"
            docx_words = " ".join(w for w, _ in b[j1:j2][:8]) or "nothing"
            problems.append(f"text: {where}: PDF has {pdf_words!r} where DOCX has {docx_words!r}")
    return problems


def _where(block: TextBlock | None, note: bool) -> str:
    part = "notes" if note else "body"
    if block is None:
        return part
    return f"{block.place} ({part}, {block.kind} {block.text[:40]!r})"


# ---------------------------------------------------------------- list labels


def _format(value: int, fmt: str) -> str:
    from .decide import _alpha, _roman

    if fmt == "lowerLetter":
        return _alpha(value)
    if fmt == "upperLetter":
        return _alpha(value).upper()
    if fmt == "lowerRoman":
        return _roman(value)
    if fmt == "upperRoman":
        return _roman(value).upper()
    return str(value)


def docx_labels(path: Path) -> list[str]:
    """The labels Word draws before the body's list paragraphs, in order, computed from
    ``numbering.xml`` as Word numbers them (bullet characters, "1.", "a.", "R2" …)."""
    with zipfile.ZipFile(path) as package:
        if "word/numbering.xml" not in package.namelist():
            return []
        body = etree.fromstring(package.read("word/document.xml"))
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    levels: dict[str, dict[int, tuple[str, str, int]]] = {}
    for abstract in numbering.findall("w:abstractNum", _NS):
        levels[abstract.get(f"{{{W}}}abstractNumId")] = {
            int(lvl.get(f"{{{W}}}ilvl")): (_val(lvl, "w:numFmt", "decimal"),
                                           _val(lvl, "w:lvlText", ""), int(_val(lvl, "w:start", "1")))
            for lvl in abstract.findall("w:lvl", _NS)}
    nums = {num.get(f"{{{W}}}numId"): num for num in numbering.findall("w:num", _NS)}
    counters: dict[str, dict[int, int]] = {}
    out: list[str] = []
    for paragraph in body.iter(f"{{{W}}}p"):
        num_id = paragraph.find("w:pPr/w:numPr/w:numId", _NS)
        if num_id is None or num_id.get(f"{{{W}}}val") not in nums:
            continue
        ident = num_id.get(f"{{{W}}}val")
        ilvl = int(_val(paragraph.find("w:pPr/w:numPr", _NS), "w:ilvl", "0"))
        num = nums[ident]
        lvls = levels.get(_val(num, "w:abstractNumId", ""), {})
        start = {int(o.get(f"{{{W}}}ilvl")): int(_val(o, "w:startOverride", "1"))
                 for o in num.findall("w:lvlOverride", _NS)
                 if o.find("w:startOverride", _NS) is not None}
        count = counters.setdefault(ident, {})
        count[ilvl] = count.get(ilvl, start.get(ilvl, lvls.get(ilvl, ("", "", 1))[2]) - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]
        fmt, text, _start = lvls.get(ilvl, ("bullet", "", 1))
        if fmt != "bullet":
            for k in range(ilvl + 1):
                text = text.replace(f"%{k + 1}", _format(count.get(k, 1), lvls.get(k, ("decimal",))[0]))
        out.append(text)
    return out


def _val(node: etree._Element | None, tag: str, default: str) -> str:
    found = node.find(tag, _NS) if node is not None else None
    return found.get(f"{{{W}}}val", default) if found is not None else default


def label_differences(pdf: list[TextBlock], docx: list[str]) -> list[str]:
    """Where the PDF's list labels and the DOCX's numbering part: one message."""
    mine = [(b.text, b) for b in pdf if b.kind == "Lbl" and not b.note and _MARKER.match(b.text)]
    theirs = [clean(t) for t in docx]
    for index, (text, block) in enumerate(mine):
        other = theirs[index] if index < len(theirs) else None
        if text != other:
            return [f"list labels: label {index + 1}: PDF has {text!r} where DOCX has {other!r}"]
    if len(theirs) > len(mine):
        return [f"list labels: DOCX has {len(theirs) - len(mine)} label(s) more, first "
                f"{theirs[len(mine)]!r}"]
    return []
