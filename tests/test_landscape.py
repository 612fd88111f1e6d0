"""Landscape pages (issue 16): `::: landscape` content on turned pages in the PDF and in its
own landscape section of the DOCX, with the running header, footer, page numbers and
classification banner standing right on those pages."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from conftest import build_brief

from briefgen.template.loader import load_template

COLUMNS = ",".join(f"Column {i}" for i in range(1, 9))
BRIEF = f"""---
title: Landscape
classification: OFFICIAL-SENSITIVE
---

## Before

Portrait text before.

A second paragraph of the section.

A section of three paragraphs stays on its portrait page (a heading with a short lead-in goes with the landscape page: test_docx_look.py).

::: landscape
```{{.table source="wide.csv" caption="Wide table"}}
```
:::

## After

Portrait text after.
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landscape")
    rows = "\n".join(",".join(str(r * 10 + c) for c in range(8)) for r in range(1, 4))
    (folder / "wide.csv").write_text(f"{COLUMNS}\n{rows}\n", encoding="utf-8")
    return build_brief(folder, BRIEF, ("default", "executive"))


@pytest.mark.parametrize("template", ["default", "executive"])
def test_pdf_landscape_pages(outputs: Path, template: str) -> None:
    path = outputs / f"brief-{template}.pdf"
    reader = PdfReader(path)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    turned = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert len(turned) == 1 and 0 < turned[0] < len(sizes) - 1, sizes
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "Wide table" in texts[turned[0]] and "Column 8" in texts[turned[0]]
    assert "Portrait text before." not in texts[turned[0]]
    assert "Portrait text after." in texts[turned[0] + 1]
    page = load_template(template).page
    with pdfplumber.open(path) as pdf:
        wide = pdf.pages[turned[0]]
        words = wide.extract_words()
        footer = [w for w in words if w["top"] > wide.height - page.margins.bottom]
        shown = [w["text"] for w in footer]  # "Page 3 of 4" or "3 / 4", as the template says
        assert str(turned[0] + 1) in shown and str(len(sizes)) in shown, shown
        assert abs(max(w["x1"] for w in footer) - (wide.width - page.margins.right)) < 1
        column8 = next(w for w in words if w["text"] == "8")  # "Column 8" header cell
        assert column8["x1"] <= wide.width - page.margins.right + 1
    if template == "default":  # the template with a classification banner
        assert texts[turned[0]].count("OFFICIAL-SENSITIVE") == 2  # top and bottom


@pytest.mark.parametrize("template", ["default", "executive"])
def test_docx_landscape_section(outputs: Path, template: str) -> None:
    data = (outputs / f"brief-{template}.docx").read_bytes()
    docx = Docx(io.BytesIO(data))
    sections = list(docx.sections)
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                 WD_ORIENT.PORTRAIT]
    first, wide, last = sections
    assert (wide.page_width, wide.page_height) == (first.page_height, first.page_width)
    assert (wide.left_margin, wide.top_margin) == (first.left_margin, first.top_margin)
    assert not wide.header.is_linked_to_previous and not wide.footer.is_linked_to_previous
    assert wide.header.part is not first.header.part
    assert last.header.part is first.header.part  # back to the body's own running parts
    assert last.footer.part is first.footer.part
    text_width = wide.page_width - wide.left_margin - wide.right_margin
    for story in (wide.header, wide.footer):
        stops = [(t.alignment, t.position) for p in story.paragraphs
                 for t in p.paragraph_format.tab_stops]
        assert any(a == 2 and abs(pos - text_width) < 13000 for a, pos in stops), stops
    table = next(t for t in docx.tables if t.rows[0].cells[-1].text == "Column 8")
    assert len(table.rows) == 4
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert xml.count('w:orient="landscape"') == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_docx_landscape_page_as_word_processors_lay_it_out(outputs: Path, tmp_path: Path
                                                           ) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(outputs / "brief-default.docx")], check=True, capture_output=True,
                   timeout=180)
    reader = PdfReader(tmp_path / "brief-default.pdf")
    turned = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert len(turned) == 1
    text = " ".join(reader.pages[turned[0]].extract_text().split())
    assert "Wide table" in text and text.count("OFFICIAL-SENSITIVE") == 2
    assert f"Page {turned[0] + 1} of {len(reader.pages)}" in text
