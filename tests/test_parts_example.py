"""The example brief built from parts and data (issue 16), read back from every template's
PDF and DOCX: the included caveat, the desk from `_variables.yml`, the CSV table, the chart's
alt text, the annexes and the landscape table."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from briefgen.template.loader import load_template
from conftest import ROOT

BRIEF = "dprk-shipping-watch"
TEMPLATES = ("default", "executive", "legal", "public", "exam")
ALT = ("Bar chart of Port calls and Ship-to-ship transfers by Quarter: Q3 2023 Port calls 1,200, "
       "Ship-to-ship transfers 310; Q4 2023 Port calls 1,450, Ship-to-ship transfers 355; "
       "Q1 2024 Port calls 1,310, Ship-to-ship transfers 402; Q2 2024 Port calls 1,705, "
       "Ship-to-ship transfers 468; Q3 2024 Port calls 1,620, Ship-to-ship transfers 515.")


def _pdf_text(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def _docx_text(data: bytes) -> str:
    docx = Docx(io.BytesIO(data))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    return " ".join([p.text for p in docx.paragraphs] + cells)


def test_the_example_uses_every_part() -> None:
    text = (ROOT / "sources" / f"{BRIEF}.md").read_text(encoding="utf-8")
    for syntax in ("{{< include parts/caveat.md >}}", "{{< var desk.name >}}", "{.table source=",
                   "{.chart source=", "{.annex}", "::: landscape", "*[DPRK]: ",
                   "status: draft", "history:"):
        assert syntax in text, syntax


@pytest.mark.parametrize("template", TEMPLATES)
def test_example_in_every_template(built: tuple[Path, object], template: str) -> None:
    out, _ = built
    pdf_path, docx_path = out / f"{BRIEF}-{template}.pdf", out / f"{BRIEF}-{template}.docx"
    pages = _pdf_text(pdf_path)
    pdf = " ".join(pages)
    docx_bytes = docx_path.read_bytes()
    docx = _docx_text(docx_bytes)
    for text in ("This brief draws only on open sources.",  # the included part
                 "Questions go to the East Asia Maritime Desk",  # _variables.yml, in the part
                 "prepared each quarter by the East Asia Maritime Desk for the Directorate for"):
        assert text in pdf, text
    for text in ("This brief draws only on open sources.", "East Asia Maritime Desk"):
        assert text in docx, text
    glossary = load_template(template).glossary
    first_use = "Russia and the Democratic People\u2019s Republic of Korea (DPRK):"
    assert (first_use in pdf) is glossary.expand_first
    assert (first_use in docx) is glossary.expand_first
    listed = "AIS Automatic Identification System" in pdf
    assert listed is glossary.section
    assert all("DRAFT" in p for p in pages)  # the status watermark
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    assert headers and all('string="DRAFT"' in h for h in headers)
    history = "0.2 10 October 2024 Legal Adviser Legal assessment added"
    assert (history in pdf) is (load_template(template).history.placement != "none")
    with pikepdf.open(pdf_path) as doc:
        alts = [str(k.get("/Alt")) for k in doc.Root.StructTreeRoot.K.K if k.S == "/Figure"]
    assert ALT in alts
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert len([n for n in z.namelist() if n.startswith("word/embeddings/")]) == (
            1 if template == "executive" else 2)
        assert f'descr="{ALT}"' in z.read("word/document.xml").decode()
    if template == "executive":  # two pages: the table, legal section and annexes are left out
        assert "Table A.1" not in pdf and "Q4 2023 1,450 355" not in pdf
        assert all(p.mediabox.width < p.mediabox.height for p in PdfReader(pdf_path).pages)
        return
    for text in ("Q4 2023 1,450 355", "Table A.1: Designated vessels (illustrative list)",
                 "Silver Crane Cameroon Container ship 9,700"):
        assert text in pdf, text
    for text in ("Table A.1: Designated vessels (illustrative list)", "Silver Crane", "9,700",
                 "1,450"):
        assert text in docx, text
    reader = PdfReader(pdf_path)
    turned = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert len(turned) == 1 and "Silver Crane" in pages[turned[0]]
    sections = Docx(io.BytesIO(docx_bytes)).sections
    assert [s.orientation for s in sections].count(WD_ORIENT.LANDSCAPE) == 1
