"""The status watermark in the DOCX: Word's own kind, a WordArt shape in every header.

Word puts a watermark ("Design → Watermark") as a VML text-path shape
(``v:shapetype`` 136, "PowerPlusWaterMarkObject") in a run of the header, set
behind the text and centred on the page's margins, rotated 315°.  Because it
lives in the headers, it shows on every page; :func:`add_watermark` therefore
adds it to every header part the document has (the first page's, and those of
landscape sections), after the running parts exist.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from . import oxml as ox

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:o="urn:schemas-microsoft-com:office:office" '
       'xmlns:w10="urn:schemas-microsoft-com:office:word"')
_FORMULAS = ("sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
             "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
             "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5")


def _run(text: str, font: str, colour: str, opacity: float, width: float, index: int
         ) -> ox.Element:
    formulas = "".join(f'<v:f eqn="{f}"/>' for f in _FORMULAS)
    height = width / max(len(text), 1) * 1.6
    style = (f"position:absolute;margin-left:0;margin-top:0;width:{width:.1f}pt;"
             f"height:{height:.1f}pt;rotation:315;z-index:-251654144;"
             "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
             "mso-position-vertical:center;mso-position-vertical-relative:margin")
    return parse_xml(
        f'<w:r {_NS}><w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        f'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>{formulas}</v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" '
        'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
        'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
        f'</v:shapetype><v:shape id="PowerPlusWaterMarkObject{index}" '
        f'o:spid="_x0000_s{2049 + index}" type="#_x0000_t136" style="{style}" '
        f'o:allowincell="f" fillcolor="{colour}" stroked="f">'
        f'<v:fill opacity="{opacity:.2f}"/>'
        f'<v:textpath style={quoteattr(f"font-family:&quot;{font}&quot;;font-size:1pt")} '
        f'string={quoteattr(ox.xml_safe(text))}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>')


def add_watermark(document: DocxDocument, text: str, font: str, colour: str, opacity: float,
                  width: float) -> int:
    """Put the watermark in every header part; how many parts got it."""
    parts = [rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.HEADER]
    seen: list[object] = []
    for index, part in enumerate(sorted(parts, key=lambda p: str(p.partname)), start=1):
        if part in seen:
            continue
        seen.append(part)
        header = part.element
        paragraph = header.find(qn("w:p"))
        if paragraph is None:
            paragraph = ox.paragraph(ox.ppr(ox.val("w:pStyle", "Header")))
            header.append(paragraph)
        paragraph.append(_run(text, font, colour, opacity, width, index))
    return len(seen)
