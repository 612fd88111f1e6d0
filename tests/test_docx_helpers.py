"""Shared builders for the DOCX writer tests: hand-made Documents and read-back helpers.

Other ``test_docx_*`` modules import from here (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image as PILImage

from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.model import (Align, BlockQuote, Callout, Code, CodeBlock, Definition,
                            DefinitionList, Document, Emphasis, Footnote, Heading, Image,
                            LineBreak, Link, ListBlock, ListItem, Meta, NoteRef, Paragraph,
                            RecommendationTable, Rule, Strike, Strong, Subscript, Superscript,
                            Table, TableCell, Text)
from briefgen.template.model import Template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def template(**changes: object) -> Template:
    return Template(name="t", description="", path=Path("t.yaml"), **changes)  # type: ignore[arg-type]


def para(*parts: object, number: str | None = None) -> Paragraph:
    return Paragraph(tuple(Text(p) if isinstance(p, str) else p for p in parts), number=number)


def items(*texts: str) -> tuple[ListItem, ...]:
    return tuple(ListItem((para(t),)) for t in texts)


def cell(text: str) -> TableCell:
    return TableCell((Text(text),))


def png(path: Path, size: tuple[int, int] = (1200, 600), colour: str = "#3D6A9E") -> Path:
    PILImage.new("RGB", size, colour).save(path, dpi=(96, 96))
    return path


def nested_list(depth: int) -> ListBlock:
    """A list nested ``depth`` levels deep (one item per level)."""
    block = ListBlock(ordered=True, items=(ListItem((para(f"level{depth}"),)),))
    for level in range(depth - 1, 0, -1):
        block = ListBlock(ordered=level % 2 == 0,
                          items=(ListItem((para(f"level{level}"), block)),))
    return block


def rich_document(image_path: Path | None = None, language: str = "en") -> Document:
    """A brief that uses every block and inline type."""
    meta = Meta(title="Water Security Brief", subtitle="Options for the 2026 budget",
                authors=("A. Analyst", "B. Adviser"), organisation="Ministry of Environment",
                date=dt.date(2025, 3, 14), classification="OFFICIAL-SENSITIVE",
                language=language, keywords=("water", "drought"))
    figure: Image
    if image_path is not None:
        figure = Image("chart.png", "Reservoir levels 2015-2025", image_path, (1200, 600),
                       (96.0, 96.0), caption=(Text("Figure 1: Reservoir levels"),), id="fig-levels")
    else:
        figure = Image("https://example.org/chart.png", "Remote chart of levels", None)
    blocks = (
        Heading(1, (Text("Background"),), "background", number="1"),
        para("Rivers supply ", Strong((Text("most"),)), " of our water; ",
             Emphasis((Text("droughts"),)), " are ", Strike((Text("rare"),)), " common.",
             NoteRef(1), number="1."),
        para("Use H", Subscript((Text("2"),)), "O and m", Superscript((Text("3"),)),
             " with ", Code("flow_rate()"), "; AT&T <tag> & more.", LineBreak(),
             "See ", Link((Text("the agency site"),), "https://example.org/a?b=1&c=2"),
             " and ", Link((Text("the options"),), "#options"), ".", NoteRef(2), number="2."),
        Heading(2, (Text("Current situation"),), "current-situation", number="1.1"),
        ListBlock(False, items("First bullet point", "Second bullet point")),
        para("Between the lists."),
        ListBlock(True, items("Step one", "Step two", "Step three")),
        para("Another paragraph."),
        ListBlock(True, items("Again one", "Again two")),
        nested_list(7),
        Table((Align.LEFT, Align.RIGHT, Align.CENTER),
              ((cell("Region"), cell("Storage (%)"), cell("Trend")),),
              ((cell("North"), cell("62"), cell("down")), (cell("South"), cell("48"), cell("down")),
               (cell("East"), cell("71"), cell("stable"))),
              caption=(Text("Table 1: Storage by region"),)),
        BlockQuote((para("Water is the driving force of all nature."),)),
        CodeBlock("def flow(x):\n    return x * 2  # doubled\n\tindented"),
        figure,
        Rule(),
        DefinitionList((Definition((Text("Aquifer"),), ((para("Underground water store."),),)),)),
        Callout("warning", None, (para("Storage may fall below 40% by August."),)),
        Heading(1, (Text("Options"),), "options", number="2"),
        ListBlock(True, (ListItem((para("Build a desalination plant"),), label="R1"),
                         ListItem((para("Expand water recycling"),), label="R2"))),
        RecommendationTable((("R1", (Text("Build a desalination plant"),)),
                             ("R2", (Text("Expand water recycling"),)))),
        para("Броня и вода. 물 안보 정책.", Link((Text("broken"),), "#nowhere")),
    )
    notes = (Footnote(1, "fn-1", (para("Bureau of Statistics, ",
                                       Link((Text("report"),), "https://stats.example.org/r")),)),
             Footnote(2, "fn-2", (para("Second note text."),)))
    key_points = (ListBlock(False, items("Storage is falling", "Action needed by June")),)
    return Document(meta=meta, blocks=blocks, notes=notes, key_points=key_points)


def render(doc: Document, tmpl: Template | None = None) -> tuple[bytes, Reporter]:
    reporter = Reporter()
    return render_docx(doc, tmpl or template(), reporter), reporter


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


def all_text(data: bytes) -> str:
    """Every ``w:t`` of the document, footnotes, headers and footers."""
    out = []
    for name, blob in sorted(parts(data).items()):
        if name.startswith("word/") and name.endswith(".xml"):
            out.append("".join(etree.fromstring(blob).xpath("//w:t/text()", namespaces=NS)))
    return "\n".join(out)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_rich_document_renders(tmp_path: Path) -> None:
    data, reporter = render(rich_document(png(tmp_path / "c.png")))
    assert data[:2] == b"PK"
    assert "word/document.xml" in parts(data)
