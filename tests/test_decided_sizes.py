"""Sizes decided once by assemble and shown alike by both writers (issue 12).

The recommendations register's label column and the cover logo used to be
sized by each writer on its own (font metrics in the PDF, a character count in
the DOCX; the logo at the template's width in the PDF but at python-docx's size
in the DOCX).  ``decide`` now sizes them on the model; both outputs are read
back as a user's software sees them: the DOCX's ``w:gridCol`` and ``wp:extent``,
the PDF's drawn words and image through pdfplumber.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.template.loader import available, load_template

ROOT = Path(__file__).resolve().parent.parent
LEGAL = ROOT / "sources" / "pact-legal-analysis.md"
LOGO = ROOT / "templates" / "assets" / "briefgen-logo.png"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
EMU_PER_POINT = 12700


def _build(tmp_path: Path, template, source: Path = LEGAL) -> tuple[m.Document, Path, Path]:  # noqa: ANN001
    doc = read_brief(source, "legal", tuple(available()), Reporter()).document
    doc = assemble(doc, template)
    pdf, docx = tmp_path / "x.pdf", tmp_path / "x.docx"
    pdf.write_bytes(render_pdf(doc, template, Reporter()))
    docx.write_bytes(render_docx(doc, template, Reporter()))
    return doc, pdf, docx


def _register(doc: m.Document) -> m.RecommendationTable:
    return next(b for b in doc.blocks if isinstance(b, m.RecommendationTable))


def _docx_register_columns(docx: Path) -> list[float]:
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    for table in body.iter(f"{W}tbl"):
        head = "".join(table.find(f"{W}tr").itertext())
        if head == "RefRecommendation":
            return [int(g.get(f"{W}w")) / 20 for g in table.iter(f"{W}gridCol")]
    raise AssertionError("no register in the DOCX")


def _pdf_label_column(pdf: Path) -> float:
    """The label column's width as drawn: from the left of "Ref" to the left of
    "Recommendation" in the register's header (both cells are padded alike)."""
    with pdfplumber.open(pdf) as opened:
        for page in opened.pages:
            words = page.extract_words()
            for word, after in zip(words, words[1:]):
                if word["text"] == "Ref" and after["text"] == "Recommendation":
                    return after["x0"] - word["x0"]
    raise AssertionError("no register header in the PDF")


@pytest.mark.parametrize("labels", [None, ("R1", "R2", "R1000")])
def test_register_label_column_is_the_same_in_both(tmp_path: Path, labels) -> None:  # noqa: ANN001
    template = load_template("legal")
    doc, pdf, docx = _build(tmp_path, template)
    register = _register(doc)
    if labels:  # a longer label widens the column in both files alike
        rows = tuple((label, text) for label, (_l, text) in zip(labels, register.rows))
        changed = replace(register, rows=rows, widths=None)
        doc = assemble(replace(doc, blocks=tuple(
            changed if b is register else b for b in doc.blocks)), template)
        pdf.write_bytes(render_pdf(doc, template, Reporter()))
        docx.write_bytes(render_docx(doc, template, Reporter()))
        register = _register(doc)
    assert register.widths is not None and abs(sum(register.widths) - 1) < 1e-9
    decided = register.widths[0] * template.page.text_width
    docx_cols = _docx_register_columns(docx)
    assert abs(docx_cols[0] - decided) < 0.1
    assert abs(sum(docx_cols) - template.page.text_width) < 0.5
    assert abs(_pdf_label_column(pdf) - decided) < 0.5
    if labels:
        assert decided > 40  # "R1000" needs more than the shipped "R1"–"R6"


def _docx_logo(docx: Path) -> tuple[float, float]:
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    extent = next(body.iter(f"{WP}extent"))  # the cover's logo comes first
    return int(extent.get("cx")) / EMU_PER_POINT, int(extent.get("cy")) / EMU_PER_POINT


def _pdf_logo(pdf: Path) -> tuple[float, float]:
    with pdfplumber.open(pdf) as opened:
        image = opened.pages[0].images[0]
        return image["width"], image["height"]


@pytest.mark.parametrize("width", [90.0, 150.0, 2000.0])
def test_cover_logo_is_the_same_size_in_both(tmp_path: Path, width: float) -> None:
    base = load_template("legal")
    template = replace(base, opening=replace(base.opening, style="cover", logo=LOGO,
                                             logo_width=width))
    doc, pdf, docx = _build(tmp_path, template)
    size = doc.decisions.logo
    assert size is not None
    assert size[0] == pytest.approx(min(width, template.page.text_width))
    for shown in (_docx_logo(docx), _pdf_logo(pdf)):
        assert shown == pytest.approx(size, abs=0.05)


def test_no_logo_without_a_readable_file(tmp_path: Path) -> None:
    base = load_template("legal")
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not a picture")
    template = replace(base, opening=replace(base.opening, style="cover", logo=broken))
    doc, pdf, docx = _build(tmp_path, template)
    assert doc.decisions.logo is None
    with pdfplumber.open(pdf) as opened:
        assert not opened.pages[0].images
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    assert not list(body.iter(f"{ADEC}decorative"))  # the logo is the only decorative picture
