"""The workbook behind a Word chart: the chart's data as a minimal XLSX, so "Edit Data" works.

Word keeps a chart's data in an embedded spreadsheet (``/word/embeddings/…xlsx``,
related to the chart part as a ``package``) and its cells are what the
chart's ``c:f`` formulas name: ``Sheet1!$A$2:$A$5`` for the categories, one
column per series.  The workbook holds only what Excel needs to open it
(workbook, one worksheet, inline strings, numbers); it is zipped with fixed
timestamps so the DOCX stays byte-reproducible.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from ..model import Chart
from . import oxml as ox

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET = "Sheet1"


def column(index: int) -> str:
    """The spreadsheet column letter of 0-based ``index`` (A, B, … Z, AA …)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: str | float) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(ox.xml_safe(value))}</t></is></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def _sheet(chart: Chart) -> str:
    header: list[str | float] = [chart.x_label, *(s.name for s in chart.series)]
    rows = [header] + [[category, *(s.values[i] for s in chart.series)]
                       for i, category in enumerate(chart.categories)]
    body = "".join(
        f'<row r="{r + 1}">' + "".join(_cell(f"{column(c)}{r + 1}", v) for c, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    return f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{body}</sheetData></worksheet>'


def workbook(chart: Chart) -> bytes:
    """The XLSX file holding ``chart``'s data (categories in A, series from B)."""
    parts = {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": _sheet(chart),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
