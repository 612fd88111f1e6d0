"""Status and history (issue 16): "DRAFT" on every PDF page as a watermark artifact and in
every DOCX header; the document-history table where each template puts it, read back from
both outputs; every bad `history:` entry at its place."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import page
import pikepdf
import pytest
from docx import Document as Docx
from pypdf import PdfReader

from conftest import build_brief

from briefgen.build import Options, build
from briefgen.diagnostics import BriefError, Reporter
from briefgen.reader import read_brief

BRIEF = """---
title: Status
date: 2024-01-01
status: draft
history:
  - {version: "0.1", date: 2024-09-01, author: "A. Analyst", change: "First draft"}
  - version: "0.2"
    date: 2024-09-20
    change: "Legal review"
---

## Intro

Text.

::: landscape
Wide.
:::

## More

More text.

## Sources {.annex}

Listed.
"""
ROWS = [["Version", "Date", "Author", "Change"],
        ["0.1", "1 September 2024", "A. Analyst", "First draft"],
        ["0.2", "20 September 2024", "", "Legal review"]]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("status")
    return build_brief(folder, BRIEF, ("default", "executive", "legal", "public"))


@pytest.mark.parametrize("template", ["default", "executive"])
def test_draft_on_every_pdf_page_as_an_artifact(outputs: Path, template: str) -> None:
    path = outputs / f"brief-{template}.pdf"
    pages = PdfReader(path).pages
    assert len(pages) >= 3
    assert all("DRAFT" in p.extract_text() for p in pages)
    with pikepdf.open(path) as pdf:
        for pg in pdf.pages:
            ops = pikepdf.parse_content_stream(pg)
            marks = [i for i, (operands, op) in enumerate(ops) if str(op) == "BDC"
                     and str(operands[0]) == "/Artifact"
                     and str(operands[1].get("/Subtype")) == "/Watermark"]
            assert len(marks) == 1
            after = [bytes(o[0]) for o, op in ops[marks[0]:] if str(op) == "Tj"]
            assert after and after[0]  # the watermark's text is inside the artifact
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(path.read_bytes())
        f.flush()
        assert [x.message for x in page.validate_pdf(f.name, profile="ua1").failures] == []


@pytest.mark.parametrize("template", ["default", "executive"])
def test_draft_in_every_docx_header(outputs: Path, template: str) -> None:
    data = (outputs / f"brief-{template}.docx").read_bytes()
    docx = Docx(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        headers = {n: z.read(n).decode() for n in z.namelist()
                   if re.fullmatch(r"word/header\d+\.xml", n)}
    assert headers and all('string="DRAFT"' in x and "rotation:315" in x
                           for x in headers.values())
    sections = list(docx.sections)
    for number, section in enumerate(sections):  # every page shows a header holding it
        shown = [section.header] + ([section.first_page_header]
                                    if section.different_first_page_header_footer else [])
        for header in shown:
            owner, index = header, number
            while owner.is_linked_to_previous and index > 0:
                index -= 1
                owner = sections[index].header
            assert not owner.is_linked_to_previous
            assert 'string="DRAFT"' in owner.part.element.xml


def _pdf_rows(text: str) -> bool:
    flat = " ".join(text.split())
    return all(" ".join(c for c in row if c) in flat for row in ROWS)


def test_history_table_in_both_outputs(outputs: Path) -> None:
    """default and executive put it after the body, before the annexes; legal first."""
    expected = {"default": ["Intro", "More", "Document history", "Annex A Sources"],
                "executive": ["Intro", "More", "Document history", "Annex A Sources"],
                "legal": ["1 Document history", "2 Intro", "3 More", "Annex A Sources"]}
    for template, headings in expected.items():
        text = " ".join(" ".join(p.extract_text().split())
                        for p in PdfReader(outputs / f"brief-{template}.pdf").pages)
        assert _pdf_rows(text), template
        rows = text.index("0.1 1 September 2024 A. Analyst First draft")
        assert (rows < text.index("Text.")) is (template == "legal")
        assert rows < text.rindex("Listed.")
        docx = Docx(io.BytesIO((outputs / f"brief-{template}.docx").read_bytes()))
        assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"] == headings
        table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Version")
        assert [[c.text for c in r.cells] for r in table.rows] == ROWS
    public = " ".join(p.extract_text() for p in PdfReader(outputs / "brief-public.pdf").pages)
    assert "Document history" not in public and "A. Analyst" not in public  # placement: none


def _error(folder: Path, history: str) -> str:
    path = folder / "b.md"
    path.write_text(f"---\ntitle: T\nhistory:\n{history}---\n\nText.\n", encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        read_brief(path, "default", ("default",), Reporter())
    return str(caught.value).replace(f"{folder}/", "")


@pytest.mark.parametrize(("history", "message"), [
    ("  - {version: 1, chnage: x}\n",
     "b.md:4:18: error: unknown 'history' field 'chnage' (did you mean 'change'?) (version, "
     "date, author, change)"),
    ("  - {version: 1}\n", "b.md:4:5: error: a 'history' entry needs 'change'"),
    ("  - {version: 1, date: soon, change: x}\n",
     "b.md:4:24: error: 'date' must be an ISO date such as 2024-10-01, not 'soon'"),
    ("  version: 1\n", "b.md:4:3: error: 'history' must be a list of versions (- version: …, "
                       "date: …, author: …, change: …)"),
    ("  - just text\n", "b.md:4:5: error: each 'history' entry must be a mapping: version, "
                        "date, author, change"),
])
def test_bad_history(tmp_path: Path, history: str, message: str) -> None:
    assert _error(tmp_path, history) == message


def test_history_dates_are_written_in_the_briefs_language(tmp_path: Path) -> None:
    """The history table writes its dates as the title page does, in the brief's language,
    in both files (it used the machine's locale's English month names)."""
    brief = tmp_path / "ru.md"
    brief.write_text(BRIEF.replace("date: 2024-01-01\n", "date: 2024-01-01\nlanguage: ru\n"),
                     encoding="utf-8")
    result = build([brief], Options(output=tmp_path / "out", templates=("default",),
                                    workers=1), Reporter())
    assert not result.failed
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(tmp_path / "out" / "ru-default.pdf").pages)
    assert "1 сентября 2024\u00a0г." in text or "1 сентября 2024 г." in text
    assert "September" not in text
    docx = Docx(io.BytesIO((tmp_path / "out" / "ru-default.docx").read_bytes()))
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Version")
    assert table.rows[1].cells[1].text == "1 сентября 2024\u00a0г."
