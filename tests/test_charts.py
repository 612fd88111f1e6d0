"""Charts from CSV (issue 16): a vector Figure with the data in its /Alt in the tagged PDF,
a native Word chart with the same alt text, data, patterns and markers in the DOCX, and
every bad chart block or data cell reported at its place."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pytest
from docx import Document as Docx
from docx.enum.shape import WD_INLINE_SHAPE

from conftest import project_brief

from briefgen.build import Options, build
from briefgen.chartstyle import contrast, scale, series_styles
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief
from briefgen.template.model import Colours

CSV = "Quarter,Exports,Imports\nQ3 2023,1200,800\nQ4 2023,\"1,450\",950.5\nQ1 2024,1300,-20\n"
ALT = ("Bar chart of Exports and Imports by Quarter: Q3 2023 Exports 1,200, Imports 800; "
       "Q4 2023 Exports 1,450, Imports 950.5; Q1 2024 Exports 1,300, Imports \u221220.")


def brief(folder: Path, block: str) -> Path:
    return project_brief(folder, "Charts", block)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources" / "data").mkdir(parents=True)
    (tmp_path / "sources" / "data" / "trade.csv").write_text(CSV, encoding="utf-8")
    return tmp_path


def built(project: Path, block: str) -> tuple[bytes, bytes]:
    reporter = Reporter()
    result = build([brief(project, block)], Options(output=project / "out", depfiles=True),
                   reporter)
    assert not result.failed, [str(d) for d in reporter.found]
    out = project / "out"
    return (out / "brief-default.pdf").read_bytes(), (out / "brief-default.docx").read_bytes()


def test_bar_chart_in_both_outputs(project: Path) -> None:
    pdf, docx = built(project, '```{.chart source="data/trade.csv" type="bar" x="Quarter" '
                      'y="Exports,Imports" caption="Trade by quarter" #fig-trade}\n```')
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        kids = list(doc.Root.StructTreeRoot.K.K)
        figures = [k for k in kids if k.S == "/Figure"]
        assert [str(k.Alt) for k in figures] == [ALT]
        # its Caption inside the Figure, as an image's (issue 12)
        assert [k.S for k in figures[0].K if isinstance(k, pikepdf.Dictionary)
                and "/S" in k] == ["/Caption"]
        assert not doc.pages[0].get_images()  # drawn as vectors, not a picture
        fonts = doc.pages[0].Resources.Font
        for name in fonts.keys():  # the chart's text is in the template's embedded fonts
            assert "/FontFile2" in fonts[name].FontDescriptor, str(fonts[name].BaseFont)
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        first = plumber.pages[0]
        bars = [r for r in first.rects if r["non_stroking_color"] is not None and r["height"] > 1]
        assert len(bars) >= 6 + 2  # six bars and two legend swatches
        text = first.extract_text()
        for label in ("Q3 2023", "Q4 2023", "Q1 2024", "Exports", "Imports", "1,500",
                      "Trade by quarter"):
            assert label in text, label
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        assert [x.message for x in page.validate_pdf(f.name, profile="ua1").failures] == []
    word = Docx(io.BytesIO(docx))
    assert [s.type for s in word.inline_shapes] == [WD_INLINE_SHAPE.CHART]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
        assert len(names) == 1
        chart = z.read(names[0]).decode()
        types = z.read("[Content_Types].xml").decode()
        document = z.read("word/document.xml").decode()
    assert "drawingml.chart+xml" in types
    assert f'descr="{ALT}"' in document
    assert '<c:grouping val="clustered"/>' in chart
    assert re.findall(r'<c:tx>.*?<c:pt idx="0"><c:v>([^<]*)</c:v>', chart) == ["Exports",
                                                                                 "Imports"]
    assert re.findall(r"<c:v>([^<]*)</c:v>", chart)[1:4] == ["Q3 2023", "Q4 2023", "Q1 2024"]
    assert "<c:v>1450.0</c:v>" in chart and "<c:v>-20.0</c:v>" in chart
    assert chart.count("<a:pattFill") == 1  # the second series is hatched, not only coloured
    assert re.findall(r"<c:f>([^<]*)</c:f>", chart) == [
        "Sheet1!$B$1", "Sheet1!$A$2:$A$4", "Sheet1!$B$2:$B$4",
        "Sheet1!$C$1", "Sheet1!$A$2:$A$4", "Sheet1!$C$2:$C$4"]
    assert _workbook_rows(docx) == [["Quarter", "Exports", "Imports"],
                                    ["Q3 2023", "1200.0", "800.0"],
                                    ["Q4 2023", "1450.0", "950.5"],
                                    ["Q1 2024", "1300.0", "-20.0"]]
    assert "Figure 1: Trade by quarter" in [p.text for p in word.paragraphs]  # a figure


def _workbook_rows(docx: bytes) -> list[list[str]]:
    """The cells of the workbook embedded behind the (only) chart, as "Edit Data" shows them."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        rels = next(z.read(n).decode() for n in z.namelist()
                    if re.fullmatch(r"word/charts/_rels/chart\d+\.xml\.rels", n))
        target = re.search(r'relationships/package" Target="\.\./([^"]+)"', rels).group(1)
        xlsx = z.read(f"word/{target}")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        assert 'name="Sheet1"' in book.read("xl/workbook.xml").decode()
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    return [["".join(c.itertext()) for c in row.findall("s:c", ns)]
            for row in sheet.findall(".//s:row", ns)]


def test_line_chart_markers_and_given_alt(project: Path) -> None:
    pdf, docx = built(project, '```{.chart source="data/trade.csv" type="line" x="Quarter" '
                      'y="Imports,Exports" alt="Imports and exports, 2023 to 2024"}\n```')
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        kids = list(doc.Root.StructTreeRoot.K.K)
        assert [str(k.Alt) for k in kids if k.S == "/Figure"] == [
            "Imports and exports, 2023 to 2024"]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        chart = next(z.read(n).decode() for n in z.namelist()
                     if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert "<c:lineChart>" in chart
    assert re.findall(r'<c:symbol val="(\w+)"/>', chart) == ["circle", "square"]
    assert re.findall(r'<a:prstDash val="(\w+)"/>', chart) == ["solid", "dash"]


def test_stacked_bar_scale_covers_the_stacks(project: Path) -> None:
    _, docx = built(project, '```{.chart source="data/trade.csv" type="stacked-bar" '
                    'x="Quarter" y="Exports,Imports"}\n```')
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        chart = next(z.read(n).decode() for n in z.namelist()
                     if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert '<c:grouping val="stacked"/>' in chart and '<c:overlap val="100"/>' in chart
    top = float(re.search(r'<c:max val="([\d.]+)"/>', chart).group(1))
    assert top >= 1450 + 950.5


def test_series_colours_pass_contrast_and_differ_by_more_than_colour() -> None:
    styles = series_styles(Colours(primary="#A8C8F0", accent="#FFD966"), 5)
    assert all(contrast(s.colour, "#FFFFFF") >= 3.0 for s in styles)
    assert len({s.pattern for s in styles}) == 5 and len({s.marker for s in styles}) == 5
    assert scale(-20, 1450) == (-500.0, 1500.0, 500.0)


@pytest.mark.parametrize(("block", "message"), [
    ('```{.chart source="data/trade.csv" type="pie" x="Quarter" y="Exports"}\n```',
     "sources/brief.md:9:1: error: unknown chart type 'pie' (bar, line or stacked-bar)"),
    ('```{.chart source="data/trade.csv" x="Quarter"}\n```',
     'sources/brief.md:9:1: error: a {.chart} block needs y="…"'),
    ('```{.chart source="data/trade.csv" x="Quarter" y="Export"}\n```',
     "sources/brief.md:9:1: error: column 'Export' is not in sources/data/trade.csv (did you "
     "mean 'Exports'?) (its columns: Quarter, Exports, Imports)"),
    ('```{.chart source="data/trade.csv" x="Exports" y="Quarter"}\n```',
     "sources/data/trade.csv:2:1: error: row 2: 'Q3 2023' in column 'Quarter' is not a number"),
    ('```{.chart source="data/trade.csv" x="Quarter" y="Exports" colour="red"}\n```',
     "sources/brief.md:9:1: error: unknown chart attribute 'colour' (a chart takes source, type, "
     "x, y, caption and alt)"),
])
def test_bad_chart(project: Path, block: str, message: str) -> None:
    reporter = Reporter()
    read_brief(brief(project, block), "default", ("default",), reporter, strict=False)
    assert [str(d) for d in reporter.errors] == [message]
