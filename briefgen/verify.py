"""``briefgen verify``: read a brief's PDF and DOCX back and compare what they carry.

First the words: :mod:`briefgen.readback` reads the PDF's tagged text and the
DOCX's paragraphs block by block and every place where they part is reported
with the PDF block's source line.  Then the shapes:

Each file is reduced to a :class:`Shape` the way a user's software sees it:
- PDF: the outline (heading texts and levels), the structure tree (notes,
  lists and their items, tables with their header rows, figures) and the
  link annotations;
- DOCX: paragraphs in Heading styles, ``footnotes.xml`` (or numbered
  endnotes), numbering (one ``w:num`` per list), tables in the BriefTable
  style with ``w:tblHeader`` rows, non-decorative pictures and External
  hyperlink relationships.
Any field that differs is reported; the tests use this as the parity check.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative"}
_HEADING = re.compile(r"^Heading([1-9])$")


@dataclass(slots=True)
class Shape:
    """What a file carries, in document order."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    notes: int = 0
    lists: list[tuple[bool, int]] = field(default_factory=list)
    """(numbered, item count) of each list, outer lists before the lists nested in them."""
    tables: list[tuple[int, int]] = field(default_factory=list)
    """(rows, header rows) of each table."""
    images: int = 0
    image_sizes: list[tuple[int, int]] = field(default_factory=list)
    """Shown size of each figure in whole points (PDF: the Figure's BBox; DOCX: the
    picture's extent)."""
    textless: list[str] = field(default_factory=list)
    """Link or Reference elements with no text (a screen reader would say nothing)."""
    paragraphs: int = 0
    """Body paragraphs from the first section heading on (not in lists, tables, notes,
    callouts or quotes)."""
    links: list[str] = field(default_factory=list)
    """Distinct external link targets, sorted."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return " ".join(text.split())


def _relative(headings: list[tuple[int, str]]) -> list[tuple[int, str]]:
    if not headings:
        return []
    top = min(level for level, _ in headings)
    return [(level - top + 1, text) for level, text in headings]


# ---------------------------------------------------------------- PDF

_ORDERED = frozenset({"/Decimal", "/LowerAlpha", "/UpperAlpha", "/LowerRoman", "/UpperRoman"})
_BULLET_LABEL = re.compile(r"^[\u2022\u2013\u25e6\u25aa\u2014*-]$")


def pdf_shape(path: Path, texts: dict[tuple[int, int], str] | None = None) -> Shape:
    """``texts``: the PDF's marked-content texts when already read (``readback``)."""
    import pikepdf

    from .readback import _PdfWalker, _mcid_texts

    shape = Shape()
    texts = _mcid_texts(path) if texts is None else texts
    with pikepdf.open(path) as pdf:
        shape.headings = _relative(_outline(pdf))
        root = pdf.Root.get("/StructTreeRoot")
        walker = _PdfWalker(pdf, texts)

        def numbered(lst) -> bool:  # noqa: ANN001 - an L element
            """Ordered by its /ListNumbering, or (None: a marker PDF has no name for,
            "–", or a label such as "R1") by what its first label says."""
            kind = _numbering(lst)
            if kind != "/None":
                return kind in _ORDERED
            labels = [walker.text(k) for li in _kids(lst) if _role(li) == "LI"
                      for k in _kids(li) if _role(k) == "Lbl"]
            return bool(labels) and not _BULLET_LABEL.match(_clean(labels[0]))

        if root is not None:
            _walk_struct(root.get("/K"), shape, numbered, walker.text)
            shape.paragraphs = _pdf_paragraphs(root)
        links = set()
        for page in pdf.pages:
            for annot in page.get("/Annots", []) or []:
                action = annot.get("/A")
                if action is not None and action.get("/S") == "/URI":
                    links.add(str(action.get("/URI")))
        shape.links = sorted(links)
    return shape


def _outline(pdf) -> list[tuple[int, str]]:  # noqa: ANN001 - pikepdf.Pdf
    found: list[tuple[int, str]] = []

    def visit(items, level: int) -> None:  # noqa: ANN001
        for item in items:
            found.append((level, _clean(str(item.title))))
            visit(item.children, level + 1)

    with pdf.open_outline() as outline:
        visit(outline.root, 1)
    return found


def _kids(node) -> list:  # noqa: ANN001 - pikepdf objects
    import pikepdf

    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else node
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def _role(node) -> str:  # noqa: ANN001
    import pikepdf

    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        return str(node.S)[1:]
    return ""


def _walk_struct(node, shape: Shape, numbered, text_of) -> None:  # noqa: ANN001
    for kid in _kids(node) if _role(node) else ([node] if node is not None else []):
        role = _role(kid)
        if not role:
            if kid is not node and not _role(node):
                for inner in _kids(kid):
                    _walk_struct(inner, shape, numbered, text_of)
            continue
        if role == "Note":
            shape.notes += 1
        elif role == "Figure":
            shape.images += 1
            box = _bbox(kid)
            if box is not None:
                shape.image_sizes.append(box)
        elif role in ("Link", "Reference") and not _clean(text_of(kid)):
            shape.textless.append(role)
        elif role == "L" and _numbering(kid):
            shape.lists.append((numbered(kid), sum(1 for k in _kids(kid) if _role(k) == "LI")))
        elif role == "Table":
            rows = [k for k in _table_rows(kid)]
            head = sum(1 for r in rows if any(_role(c) == "TH" for c in _kids(r)))
            shape.tables.append((len(rows), head))
        _walk_struct(kid, shape, numbered, text_of)


def _pdf_paragraphs(root) -> int:  # noqa: ANN001
    """P children of Document from the first section heading (H2 when the title is the
    only H1, else the first H1)."""
    documents = [k for k in _kids(root) if _role(k) == "Document"]
    kids = _kids(documents[0]) if documents else _kids(root)
    roles = [_role(k) for k in kids]
    titled = roles.count("H1") == 1 and any(r in ("H2", "H3") for r in roles)
    first = next((i for i, r in enumerate(roles)
                  if (r == "H2" if titled else r.startswith("H") and r[1:].isdigit())), len(roles))
    return sum(1 for r in roles[first:] if r == "P")


def _bbox(node) -> tuple[int, int] | None:  # noqa: ANN001 - a Figure element
    import pikepdf

    attrs = node.get("/A")
    for owner in (list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]):
        if isinstance(owner, pikepdf.Dictionary) and "/BBox" in owner:
            x0, y0, x1, y1 = (float(v) for v in owner.BBox)
            return round(x1 - x0), round(y1 - y0)
    return None


def _numbering(node) -> str:  # noqa: ANN001
    """The list's /ListNumbering ("/Disc", "/Decimal" …); "" for a definition list."""
    import pikepdf

    attrs = node.get("/A")
    items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
    return next((str(a.ListNumbering) for a in items
                 if isinstance(a, pikepdf.Dictionary) and "/ListNumbering" in a), "")


def _table_rows(table) -> list:  # noqa: ANN001
    rows = []
    for kid in _kids(table):
        if _role(kid) == "TR":
            rows.append(kid)
        elif _role(kid) in ("THead", "TBody", "TFoot"):
            rows += [r for r in _kids(kid) if _role(r) == "TR"]
    return rows


# ---------------------------------------------------------------- DOCX

def docx_shape(path: Path) -> Shape:
    shape = Shape()
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        names = package.namelist()
        notes = etree.fromstring(package.read("word/footnotes.xml")) \
            if "word/footnotes.xml" in names else None
        numbering = etree.fromstring(package.read("word/numbering.xml")) \
            if "word/numbering.xml" in names else None
    shape.headings = _relative(_docx_headings(body))
    shape.notes = _docx_notes(body, notes)
    shape.lists = _docx_lists(body, numbering)
    shape.paragraphs = _docx_paragraphs(body)
    for table in body.iter(f"{{{W}}}tbl"):
        style = table.find("w:tblPr/w:tblStyle", NS)
        if style is None or style.get(f"{{{W}}}val") != "BriefTable":
            continue
        rows = table.findall("w:tr", NS)
        head = sum(1 for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None)
        shape.tables.append((len(rows), head))
    for doc_pr in body.iter(f"{{{NS['wp']}}}docPr"):
        if not list(doc_pr.iter(f"{{{NS['adec']}}}decorative")):
            shape.images += 1
            extent = doc_pr.getparent().find("wp:extent", NS)
            if extent is not None:
                shape.image_sizes.append((round(int(extent.get("cx")) / 12700),
                                          round(int(extent.get("cy")) / 12700)))
    targets = {r.get("Target") for r in rels if r.get("TargetMode") == "External"
               and r.get("Type", "").endswith("/hyperlink")}
    shape.links = sorted(t for t in targets if t)
    return shape


def _text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter(f"{{{W}}}t", f"{{{W}}}tab"):
        parts.append(node.text or "" if node.tag == f"{{{W}}}t" else " ")
    return _clean("".join(parts))


def _docx_headings(body: etree._Element) -> list[tuple[int, str]]:
    found = []
    for paragraph in body.iter(f"{{{W}}}p"):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        match = _HEADING.match(style.get(f"{{{W}}}val")) if style is not None else None
        if match:
            found.append((int(match.group(1)), _text(paragraph)))
    return found


def _docx_notes(body: etree._Element, notes: etree._Element | None) -> int:
    if notes is not None:
        count = sum(1 for n in notes.findall("w:footnote", NS) if int(n.get(f"{{{W}}}id")) > 0)
        if count:
            return count
    return sum(1 for p in body.iter(f"{{{W}}}p")
               if (s := p.find("w:pPr/w:pStyle", NS)) is not None
               and s.get(f"{{{W}}}val") == "EndnoteText" and re.match(r"^\d+\. ", _text(p)))


def _docx_paragraphs(body: etree._Element) -> int:
    """Body paragraphs (Normal style, numbered or not) from the first Heading 1 on."""
    count, started = 0, False
    for paragraph in body.find("w:body", NS):
        if paragraph.tag != f"{{{W}}}p":
            continue
        style = paragraph.find("w:pPr/w:pStyle", NS)
        name = style.get(f"{{{W}}}val") if style is not None else None
        started = started or name == "Heading1"
        count += started and name is None and paragraph.find("w:pPr/w:numPr", NS) is None \
            and bool(_text(paragraph))
    return count


def _docx_lists(body: etree._Element, numbering: etree._Element | None) -> list[tuple[bool, int]]:
    """(numbered, items) per ``w:num``, in order of first use; a list is numbered unless the
    format of the level its items sit at is "bullet"."""
    counts: dict[str, list] = {}
    for paragraph in body.iter(f"{{{W}}}p"):
        num = paragraph.find("w:pPr/w:numPr/w:numId", NS)
        if num is None:
            continue
        key = num.get(f"{{{W}}}val")
        if key not in counts:
            level = paragraph.find("w:pPr/w:numPr/w:ilvl", NS)
            counts[key] = [_numbered(numbering, key, level.get(f"{{{W}}}val") if level is not None
                                     else "0"), 0]
        counts[key][1] += 1
    return [(numbered, items) for numbered, items in counts.values()]


def _numbered(numbering: etree._Element | None, num_id: str, level: str) -> bool:
    if numbering is None:
        return False
    abstract = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val",
                               namespaces=NS)
    formats = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract[0]}']"
                              f"/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val",
                              namespaces=NS) if abstract else []
    return bool(formats) and formats[0] != "bullet"


# ---------------------------------------------------------------- compare

def compare(pdf: Shape, docx: Shape) -> list[str]:
    """Human-readable differences (empty when the two agree)."""
    problems = []
    for f in fields(Shape):
        a, b = getattr(pdf, f.name), getattr(docx, f.name)
        if f.name == "lists":
            a, b = sorted(a), sorted(b)
        if f.name == "image_sizes" and len(a) == len(b) and all(
                abs(x - y) <= 1 for p, q in zip(a, b) for x, y in zip(p, q)):
            continue  # whole points, each file rounded on its own
        if a != b:
            problems.append(f"{f.name}: PDF has {_show(a)}, DOCX has {_show(b)}")
    return problems


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:297] + "..."


def verify_pair(pdf_path: Path, docx_path: Path) -> list[str]:
    """Every disagreement: first the words, block by block in reading order (see
    :mod:`briefgen.readback`), the list labels, the contents entries
    (:mod:`briefgen.verify_contents`), the in-text citations, then the shapes (headings, notes, lists, tables …), then the
    citations' note texts and cross-reference numbers."""
    from .citations.verify import citation_differences, compare_citations
    from .readback import (_mcid_texts, docx_blocks, docx_labels, label_differences,
                           pdf_read, text_differences)
    from .verify_contents import contents_differences, docx_entries

    texts = _mcid_texts(pdf_path)
    pdf_text, contents = pdf_read(pdf_path, texts)
    docx_text = docx_blocks(docx_path)
    problems = text_differences(pdf_text, docx_text)
    problems += label_differences(pdf_text, docx_labels(docx_path))
    problems += contents_differences(contents, docx_entries(docx_path))
    problems += citation_differences(pdf_text, docx_text)
    problems += compare(pdf_shape(pdf_path, texts), docx_shape(docx_path))
    return problems + compare_citations(pdf_path, docx_path)
