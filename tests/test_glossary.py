"""Abbreviations and the glossary (issue 16): first use expanded and the glossary section as
each template says, read back from both outputs; /E on every use in the tagged PDF; the
check's warnings and the reader's errors at their exact places."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import page
import pikepdf
import pytest
from docx import Document as Docx
from pypdf import PdfReader

from briefgen.build import Options, build
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief

BRIEF = """---
title: Glossary
date: 2024-01-01
---

*[DPRK]: Democratic People's Republic of Korea
*[NPT]: Treaty on the Non-Proliferation of Nuclear Weapons

## The DPRK and the treaty

The DPRK left the NPT in 2003. Since then the DPRK has tested six times.

## Annex {.annex}

The NPT review.
"""
DPRK = "Democratic People\u2019s Republic of Korea"
NPT = "Treaty on the Non-Proliferation of Nuclear Weapons"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("glossary")
    (folder / "brief.md").write_text(BRIEF, encoding="utf-8")
    reporter = Reporter()
    result = build([folder / "brief.md"], Options(
        output=folder / "out", templates=("default", "executive", "legal")), reporter)
    assert not result.failed, [str(d) for d in reporter.found]
    assert [w for w in reporter.warnings if "abbreviation" in w.message] == []
    return folder / "out"


def _pdf(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def _docx(path: Path) -> list[str]:
    return [p.text for p in Docx(io.BytesIO(path.read_bytes())).paragraphs]


@pytest.mark.parametrize(("template", "expanded", "listed"), [
    ("default", False, True), ("executive", True, False), ("legal", True, True)])
def test_template_decides(outputs: Path, template: str, expanded: bool, listed: bool) -> None:
    pdf = _pdf(outputs / f"brief-{template}.pdf")
    paragraphs = _docx(outputs / f"brief-{template}.docx")
    docx = " ".join(paragraphs)
    first = f"The {DPRK} (DPRK) left the {NPT} (NPT) in 2003. Since then the DPRK has"
    for text in (pdf, docx):
        assert (first in text) is expanded
        assert text.count(f"{DPRK} (DPRK)") == (1 if expanded else 0)
        assert ("The DPRK left the NPT in 2003." in text) is not expanded
    assert ("Abbreviations" in [p.strip() for p in paragraphs] or
            any(p.endswith("Abbreviations") for p in paragraphs)) is listed
    if listed:
        at = paragraphs.index(DPRK)
        assert paragraphs[at - 1: at + 3] == ["DPRK", DPRK, "NPT", NPT]  # alphabetical
        assert pdf.index("DPRK " + DPRK) < pdf.index("NPT " + NPT) < pdf.rindex("Annex A")
        assert paragraphs.index(NPT) < max(i for i, p in enumerate(paragraphs)
                                           if p.startswith("Annex A"))


def _expansions(path: Path) -> list[str]:
    found = []
    with pikepdf.open(path) as pdf:
        for pg in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(pg):
                if str(operator) == "BDC" and str(operands[0]) == "/Span" and \
                        "/E" in operands[1]:
                    found.append(str(operands[1].E))
    return found


def test_every_use_carries_its_expansion_in_the_tagged_pdf(outputs: Path) -> None:
    path = outputs / "brief-default.pdf"
    # heading, two in the first paragraph, one after, the annex's use; glossary terms are plain
    assert _expansions(path) == [DPRK, DPRK, NPT, DPRK, NPT]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(path.read_bytes())
        f.flush()
        assert [x.message for x in page.validate_pdf(f.name, profile="ua1").failures] == []


def _found(folder: Path, text: str) -> list[str]:
    path = folder / "b.md"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter()
    read_brief(path, "default", ("default",), reporter, strict=False)
    return [str(d).replace(f"{folder}/", "") for d in reporter.found]


def test_check_warns_about_unused_and_undefined(tmp_path: Path) -> None:
    assert _found(tmp_path, "---\ntitle: T\n---\n\n*[IAEA]: International Atomic Energy "
                  "Agency\n*[NPT]: Non-Proliferation Treaty\n\nThe NPT and the\nUN "
                  "(chapter IV), and the UN again. `CODE` and Q3 and EU-wide.\n") == [
        "b.md:5:1: warning: abbreviation 'IAEA' is defined but never used",
        "b.md:9:1: warning: 'UN' looks like an abbreviation but is never defined: add a line "
        "*[UN]: what it stands for",
    ]


def test_no_warnings_without_definitions(tmp_path: Path) -> None:
    assert _found(tmp_path, "---\ntitle: T\n---\n\nThe UN and the NPT.\n") == []


def test_definition_errors(tmp_path: Path) -> None:
    assert _found(tmp_path, "---\ntitle: T\n---\n\n*[UN]:\n*[NPT]: One\n*[NPT]: Two\n\n"
                  "The NPT.\n\n```\n*[X]: in code stays\n```\n") == [
        "b.md:5:1: error: abbreviation 'UN' has no expansion: write *[UN]: what it stands for",
        "b.md:7:1: error: abbreviation 'NPT' is defined twice, differently (first on line 6)",
    ]
