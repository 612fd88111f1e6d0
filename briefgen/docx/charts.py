"""Charts in the DOCX: native Word charts (a DrawingML chart part), so a reader can restyle them.

Each chart is its own part ``/word/charts/chartN.xml`` related to the story
part, shown by an inline ``wp:inline`` whose ``docPr/@descr`` is the alt text.
The data lives in an embedded workbook (``briefgen.docx.workbook``) that the
series' ``c:f`` formulas name, with a cache of every value in the chart itself:
Word and LibreOffice draw it from the cache, and Word's "Edit Data" opens the
workbook, as for a chart made in Word.  Colours,
bar patterns (``a:pattFill`` presets), line markers and dashes are the ones
``briefgen.chartstyle`` gives the PDF; text is in the template's heading font.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from ..chartstyle import GRID, SeriesStyle, scale, series_styles, stacked
from ..model import Chart
from . import oxml as ox
from .context import Ctx, State
from .inlines import render_inlines
from .workbook import SHEET, column, workbook

EMU_PER_POINT = 12700
_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_PATTERNS = {"diagonal": "wdUpDiag", "horizontal": "horz", "cross": "smGrid", "vertical": "vert"}
_DASHES = {(): "solid", (6.0, 3.0): "dash", (1.5, 2.0): "sysDot", (8.0, 3.0, 2.0, 3.0): "dashDot"}
_MARKERS = {"circle": "circle", "square": "square", "triangle": "triangle", "diamond": "diamond",
            "x": "x"}


def chart(block: Chart, ctx: Ctx, state: State) -> list[ox.Element]:
    """The chart paragraph (kept with its caption) and the caption."""
    shape_id = state.shape_id()
    styles = series_styles(ctx.template.colours, len(block.series))
    package = ctx.part.package
    part = Part(PackURI(f"/word/charts/chart{shape_id}.xml"), CT.DML_CHART, b"", package)
    data = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{shape_id}.xlsx"),
                CT.SML_SHEET, workbook(block), package)
    data_rid = part.relate_to(data, RT.PACKAGE)
    part._blob = chart_xml(block, styles, ctx.template.fonts.heading, ctx.template.colours.text,
                           data_rid).encode("utf-8")  # the rId is known once related
    rid = ctx.part.relate_to(part, RT.CHART)
    width = ctx.width - ctx.indent
    height = min(width * 0.55, ctx.template.page.text_height * 0.5)
    content = [ox.drawing_run(_inline(shape_id, rid, block.alt, width, height))]
    name = ctx.anchors.get(block.id) if block.id else None
    if name:
        content = ox.bookmark(state.bookmark_id(), name, content)
    caption = render_inlines(block.caption, ctx, state) if block.caption else []
    keep = ox.el("w:keepNext") if caption else ox.flag("w:keepNext", False)
    indent = ox.ind(left=ctx.indent) if ctx.indent else None
    out = [ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefFigure"), keep, indent), content)]
    if caption:
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "Caption"),
                                       ox.val("w:jc", "center")), caption))
    return out


def _inline(shape_id: int, rid: str, alt: str, width: float, height: float) -> ox.Element:
    cx, cy = int(width * EMU_PER_POINT), int(height * EMU_PER_POINT)
    return parse_xml(
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'{_NS}><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}" descr={quoteattr(ox.xml_safe(alt))}/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>')


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#")}"/></a:solidFill>'


def _series(block: Chart, index: int, style: SeriesStyle) -> str:
    series = block.series[index]
    cats = "".join(f'<c:pt idx="{i}"><c:v>{escape(ox.xml_safe(c))}</c:v></c:pt>'
                   for i, c in enumerate(block.categories))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(series.values))
    count = len(block.categories)
    col, last = column(index + 1), count + 1
    if block.kind == "line":
        look = (f'<c:spPr><a:ln w="22860" cap="rnd">{_fill(style.colour)}'
                f'<a:prstDash val="{_DASHES.get(style.dash, "solid")}"/><a:round/></a:ln></c:spPr>'
                f'<c:marker><c:symbol val="{_MARKERS[style.marker]}"/><c:size val="6"/>'
                f'<c:spPr>{_fill(style.colour)}<a:ln>{_fill(style.colour)}</a:ln></c:spPr>'
                '</c:marker>')
    elif style.pattern == "solid":
        look = f'<c:spPr>{_fill(style.colour)}</c:spPr><c:invertIfNegative val="0"/>'
    else:
        look = (f'<c:spPr><a:pattFill prst="{_PATTERNS[style.pattern]}"><a:fgClr><a:srgbClr '
                f'val="FFFFFF"/></a:fgClr><a:bgClr><a:srgbClr val="{style.colour.lstrip("#")}"/>'
                '</a:bgClr></a:pattFill></c:spPr><c:invertIfNegative val="0"/>')
    tail = '<c:smooth val="0"/>' if block.kind == "line" else ""
    name = escape(ox.xml_safe(series.name))
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f'<c:tx><c:strRef><c:f>{SHEET}!${col}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>{look}'
            f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${last}</c:f><c:strCache>'
            f'<c:ptCount val="{count}"/>{cats}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>{SHEET}!${col}$2:${col}${last}</c:f><c:numCache>'
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{vals}</c:numCache>'
            f'</c:numRef></c:val>{tail}</c:ser>')


def _axes(block: Chart, text: str) -> str:
    values = [s.values for s in block.series]
    low, high = stacked(values) if block.kind == "stacked-bar" else (
        min(min(v) for v in values), max(max(v) for v in values))
    lo, hi, step = scale(low, high)
    line = f'<c:spPr><a:ln w="9525">{_fill(text)}</a:ln></c:spPr>'
    return ('<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" '
            'sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="low"/>{line}<c:crossAx val="2"/><c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
            '<c:noMultiLvlLbl val="0"/></c:catAx>'
            '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/>'
            f'<c:max val="{hi!r}"/><c:min val="{lo!r}"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="l"/><c:majorGridlines><c:spPr><a:ln w="6350">'
            f'{_fill(GRID)}</a:ln></c:spPr></c:majorGridlines>'
            '<c:numFmt formatCode="#,##0.##" sourceLinked="0"/><c:majorTickMark val="none"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            '<c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:crossAx val="1"/>'
            '<c:crosses val="autoZero"/><c:crossBetween val="between"/>'
            f'<c:majorUnit val="{step!r}"/></c:valAx>')


def chart_xml(block: Chart, styles: tuple[SeriesStyle, ...], font: str, text: str,
              data_rid: str) -> str:
    """The chart part's XML."""
    series = "".join(_series(block, i, style) for i, style in enumerate(styles))
    if block.kind == "line":
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}'
                '<c:marker val="1"/><c:axId val="1"/><c:axId val="2"/></c:lineChart>')
    else:
        grouping = "stacked" if block.kind == "stacked-bar" else "clustered"
        overlap = '<c:overlap val="100"/>' if grouping == "stacked" else ""
        plot = (f'<c:barChart><c:barDir val="col"/><c:grouping val="{grouping}"/>'
                f'<c:varyColors val="0"/>{series}<c:gapWidth val="60"/>{overlap}'
                '<c:axId val="1"/><c:axId val="2"/></c:barChart>')
    legend = ('<c:legend><c:legendPos val="t"/><c:overlay val="0"/></c:legend>'
              if len(block.series) > 1 else "")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace {_NS}><c:roundedCorners val="0"/><c:chart>'
            f'<c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>{plot}{_axes(block, text)}'
            f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
            '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800">{_fill(text)}'
            f'<a:latin typeface={quoteattr(font)}/><a:cs typeface={quoteattr(font)}/></a:defRPr>'
            '</a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
            f'<c:externalData r:id="{data_rid}"><c:autoUpdate val="0"/></c:externalData>'
            '</c:chartSpace>')
