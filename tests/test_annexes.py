"""Annexes (issue 16): "Annex A", "Table A.1", "Figure A.1", annex paragraph and heading
numbers, and the contents list, read back from both outputs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from conftest import build_brief

from briefgen import model as m
from briefgen.annexes import annex_letter, number_annexes

BRIEF = """---
title: Annexes
---

## Findings

Body paragraph.

```{.table source="data/t.csv" caption="Body table"}
```

## Sanctions measures {.annex}

First annex paragraph.

```{.table source="data/t.csv" caption="Containers in the annex"}
```

```{.chart source="data/t.csv" x="Quarter" y="TEU" caption="TEU by quarter"}
```

### Sub part

Second annex paragraph.

## Data notes

Notes paragraph.

```{.table source="data/t.csv" caption="Second annex table"}
```
"""


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("annex")
    (folder / "data").mkdir()
    (folder / "data" / "t.csv").write_text("Quarter,TEU\nQ1,10\nQ2,12\n", encoding="utf-8")
    return build_brief(folder, BRIEF, ("default", "legal"))


@pytest.mark.parametrize("template", ["default", "legal"])
def test_annex_numbers_in_both_outputs(outputs: Path, template: str) -> None:
    pdf = _text(outputs / f"brief-{template}.pdf")
    docx = Docx(io.BytesIO((outputs / f"brief-{template}.docx").read_bytes()))
    paragraphs = [p.text for p in docx.paragraphs]
    for text in ("Table A.1: Containers in the annex", "Figure A.1: TEU by quarter",
                 "Table B.1: Second annex table"):
        assert text in pdf, text
        assert text in paragraphs, text
    assert "Body table" in paragraphs and "Table 1" not in " ".join(paragraphs)
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"
                and not p.text.startswith("List of")]  # the legal template lists the floats
    assert headings[1:] == ["Annex A Sanctions measures", "Annex B Data notes"]
    assert "Annex B Data notes" in paragraphs
    assert "Annex A" in pdf and "Annex B" in pdf


def test_contents_list_shows_annexes(outputs: Path) -> None:
    first = " ".join(PdfReader(outputs / "brief-legal.pdf").pages[0].extract_text().split())
    contents = first[first.index("Contents"):]
    assert contents.index("Annex A") < contents.index("A.1 Sub part") < contents.index("Annex B")
    with open(outputs / "brief-legal.docx", "rb") as f:
        docx = Docx(f)
    toc = [p.text for p in docx.paragraphs if p.style.name.startswith("toc")]
    assert any(t.startswith("Annex A") for t in toc) and any(t.startswith("A.1") for t in toc)


def test_legal_paragraph_numbers_restart_in_each_annex(outputs: Path) -> None:
    pdf = _text(outputs / "brief-legal.pdf")
    assert "A.1 First annex paragraph." in pdf
    assert "A.2 Second annex paragraph." in pdf
    assert "B.1 Notes paragraph." in pdf


def test_number_annexes_unit() -> None:
    blocks = (m.Heading(1, (m.Text("Body"),), "body", number="1"),
              m.Paragraph((m.Text("p"),), number="1"),
              m.Heading(1, (m.Text("X"),), "x", number="2", classes=("annex",)),
              m.Paragraph((m.Text("q"),), number="2"),
              m.Heading(2, (m.Text("Y"),), "y", number="2.1"),
              m.Heading(1, (m.Text("Z"),), "z", number="3"))
    out = number_annexes(blocks, headings=True, paragraphs=True)
    assert [getattr(b, "number", None) for b in out] == ["1", "1", "Annex A", "A.1", "A.1",
                                                         "Annex B"]
    plain = number_annexes(blocks, headings=False, paragraphs=False)
    assert [getattr(b, "number", None) for b in plain] == ["1", "1", "Annex A", "2", None,
                                                           "Annex B"]
    assert [annex_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
