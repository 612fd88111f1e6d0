"""The pikepdf pass that makes reportlab's output a tagged PDF (PDF/UA-1).

From the :class:`~briefgen.pdf.tagging.Recorder` it writes the
StructTreeRoot (Document > elements, MCRs and OBJRs), the ParentTree, each
page's /StructParents and /Tabs /S, each link annotation's /StructParent and
/Contents, /MarkInfo, and an XMP packet with dc:title and pdfuaid:part=1.
It also repairs reportlab's TrueType ToUnicode maps (unused codes mapped to
``<0000>``; characters beyond U+FFFF written as five hex digits).  Saving
uses ``deterministic_id`` and no timestamps, so output stays byte-identical.
"""

from __future__ import annotations

import html
import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .. import model as m
from ..template.model import Template
from ..sourcemarks import LINE_PROPERTY, MADE_PROPERTY, PATH_PROPERTY
from .tagging import Recorder, StructNode


def _esc(text: str) -> str:
    """``text`` as XML element content (the XMP packet)."""
    return html.escape(text, quote=False)

_ATTR_OWNER = {"Scope": "Table", "ListNumbering": "List"}


_INLINE = frozenset({"Link", "Reference", "Span"})


def _first(node: StructNode) -> int:
    """When the first content of ``node`` or its descendants was drawn."""
    return min([*node.order, *(_first(c) for c in node.children if _live(c))],
               default=1 << 62)


def _live(node: StructNode) -> bool:
    return bool(node.content) or any(_live(c) for c in node.children)


def _source_properties(attrs: dict[str, str]) -> list[Dictionary]:
    """UserProperties naming a block's source line and file, or what made it."""
    props = []
    if "_line" in attrs:
        props.append(Dictionary(N=String(LINE_PROPERTY), V=int(attrs["_line"])))
    if "_path" in attrs:
        props.append(Dictionary(N=String(PATH_PROPERTY), V=String(attrs["_path"])))
    if "_made" in attrs:
        props.append(Dictionary(N=String(MADE_PROPERTY), V=String(attrs["_made"])))
    return props


class _Writer:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.pages = list(pdf.pages)
        self.by_page: dict[int, dict[int, pikepdf.Object]] = {}
        self.annot_parents: list[pikepdf.Object] = []

    def elem(self, node: StructNode, parent: pikepdf.Object) -> pikepdf.Object:
        d = Dictionary(Type=Name.StructElem, S=Name("/" + node.tag), P=parent)
        owners: dict[str, Dictionary] = {}
        for key, value in node.attrs.items():
            if key.startswith("_"):
                continue
            if key in _ATTR_OWNER:
                owner = owners.setdefault(key, Dictionary(O=Name("/" + _ATTR_OWNER[key])))
                owner[Name("/" + key)] = Name("/" + value)
            elif key == "Contents":
                d.Alt = String(value)
            else:
                d[Name("/" + key)] = String(value)
        if "_bbox" in node.attrs:  # a Figure's place on its page (PDF/UA: Layout BBox)
            owners["_bbox"] = Dictionary(O=Name.Layout, Placement=Name.Block, BBox=Array(
                [float(v) for v in node.attrs["_bbox"].split()]))
        props = _source_properties(node.attrs)
        if props:  # where the block was written, for ``briefgen verify``
            owners["_line"] = Dictionary(O=Name.UserProperties, P=Array(props))
        if owners:
            d.A = Array(list(owners.values())) if len(owners) > 1 else next(iter(owners.values()))
        elem = self.pdf.make_indirect(d)
        kids = self._kids(node, elem)
        first = next((p for kind, p, _i in node.content), None)
        if first is not None:
            elem.Pg = self.pages[first].obj
        elem.K = Array(kids)
        return elem

    def _kids(self, node: StructNode, elem: pikepdf.Object) -> list:
        """Content and child elements; inline children (Link, Reference) among the
        content in the order they were drawn, block children after it."""
        own = self._content(node, elem)
        placed = list(zip(node.order, range(len(own)), own)) if len(node.order) == len(own) \
            else [(0, i, k) for i, k in enumerate(own)]
        after: list = []
        for child in (c for c in node.children if _live(c)):
            if child.tag in _INLINE and len(node.order) == len(own):
                placed.append((_first(child), len(placed), self.elem(child, elem)))
            else:
                after.append(self.elem(child, elem))
        return [kid for _o, _i, kid in sorted(placed, key=lambda t: (t[0], t[1]))] + after

    def _content(self, node: StructNode, elem: pikepdf.Object) -> list:
        kids: list = []
        for kind, page, index in node.content:
            pg = self.pages[page].obj
            if kind == "mcid":
                kids.append(Dictionary(Type=Name.MCR, Pg=pg, MCID=index))
                self.by_page.setdefault(page, {})[index] = elem
                continue
            annot = pg.Annots[index]
            annot.StructParent = len(self.pages) + len(self.annot_parents)
            annot.Contents = String(node.attrs.get("Contents", "Link"))
            self.annot_parents.append(elem)
            kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pg))
        return kids

    def parent_tree(self) -> pikepdf.Object:
        nums: list = []
        for page, mcids in sorted(self.by_page.items()):
            nums.append(page)
            nums.append(self.pdf.make_indirect(Array([mcids[i] for i in range(len(mcids))])))
        for i, elem in enumerate(self.annot_parents):
            nums.extend([len(self.pages) + i, elem])
        return self.pdf.make_indirect(Dictionary(Nums=Array(nums)))


def _xmp(doc: m.Document) -> bytes:
    meta = doc.meta
    creators = "".join(f"<rdf:li>{_esc(a)}</rdf:li>" for a in meta.authors)
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_esc(meta.title)}</rdf:li>'
        "</rdf:Alt></dc:title>",
        f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>" if creators else "",
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_esc(meta.subtitle)}'
        "</rdf:li></rdf:Alt></dc:description>" if meta.subtitle else "",
        f"<dc:language><rdf:Bag><rdf:li>{_esc(meta.language)}</rdf:li></rdf:Bag></dc:language>",
        f"<pdf:Keywords>{_esc(', '.join(meta.keywords))}</pdf:Keywords>" if meta.keywords else "",
        "<xmp:CreatorTool>briefgen</xmp:CreatorTool>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        '<?xpacket end="w"?>',
    ]
    return "\n".join(p for p in parts if p).encode("utf-8")


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,6})>")


def _utf16(cp: int) -> str:
    if cp <= 0xFFFF:
        return f"{cp:04X}"
    cp -= 0x10000
    return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"


def fix_tounicode(data: bytes) -> bytes:
    """Drop ``<XX> <0000>`` entries and write astral characters as UTF-16 pairs."""
    entries = [(code, int(val, 16)) for code, val in _BFCHAR.findall(data)]
    keep = [(code.decode(), _utf16(v)) for code, v in entries if v != 0]
    head, _sep, _rest = data.partition(b"beginbfchar")
    head = head[: head.rfind(b"\n") + 1] if b"\n" in head else head
    tail = data[data.find(b"endbfchar"):]
    body = "".join(f"<{c}> <{v}>\n" for c, v in keep)
    return head + f"{len(keep)} beginbfchar\n{body}".encode() + tail


def fix_fonts(pdf: pikepdf.Pdf) -> None:
    """Fix the ToUnicode maps of the fonts on every page (reportlab maps unused codes to
    U+0000, which PDF/UA validators reject)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _name, font in fonts.items():
            tu = font.get("/ToUnicode")
            if tu is None or tu.objgen in seen:
                continue
            seen.add(tu.objgen)
            data = tu.read_bytes()
            if b"beginbfchar" in data:
                tu.write(fix_tounicode(data))


def finish(data: bytes, recorder: Recorder, doc: m.Document, template: Template) -> bytes:
    """Add the structure tree and metadata to reportlab's PDF ``data``."""
    pdf = pikepdf.open(io.BytesIO(data))
    fix_fonts(pdf)
    w = _Writer(pdf)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = w.elem(recorder.root, root)
    root.K = document
    root.ParentTree = w.parent_tree()
    root.ParentTreeNextKey = len(w.pages) + len(w.annot_parents)
    for i, page in enumerate(w.pages):
        page.obj.Tabs = Name.S
        if i in w.by_page:
            page.obj.StructParents = i
    cat = pdf.Root
    cat.StructTreeRoot = root
    cat.MarkInfo = Dictionary(Marked=True)
    cat.Lang = String(doc.meta.language)
    vp = cat.get("/ViewerPreferences") or Dictionary()
    vp.DisplayDocTitle = True
    cat.ViewerPreferences = vp
    meta = pikepdf.Stream(pdf, _xmp(doc))
    meta.Type, meta.Subtype = Name.Metadata, Name.XML
    cat.Metadata = pdf.make_indirect(meta)
    out = io.BytesIO()
    # reportlab already compressed its streams; recompressing costs time for nothing
    pdf.save(out, deterministic_id=True, min_version="1.7", compress_streams=False)
    return out.getvalue()
