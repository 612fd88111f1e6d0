"""CSV tables (issue 16): cells read back from both outputs, numbers right-aligned and
formatted, every bad data file named with its row, every bad block at its place."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import project_brief

from briefgen.build import Options, build
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief

AUDIENCES = ("default",)
CSV = "Quarter,Containers,Share\nQ3 2023,1200,12.5%\nQ4 2023,\"1,450\",14%\nQ1 2024,-30,3%\n"


def brief(folder: Path, block: str) -> Path:
    return project_brief(folder, "Data", block)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources" / "data").mkdir(parents=True)
    (tmp_path / "sources" / "data" / "ship.csv").write_bytes(b"\xef\xbb\xbf" + CSV.encode())
    return tmp_path


def errors(block: str, folder: Path) -> list[str]:
    reporter = Reporter()
    read_brief(brief(folder, block), "default", AUDIENCES, reporter, strict=False)
    return [str(d) for d in reporter.errors]


@pytest.mark.parametrize("bom", [True, False])
def test_csv_table_in_both_outputs(project: Path, bom: bool) -> None:
    if not bom:
        (project / "sources" / "data" / "ship.csv").write_text(CSV, encoding="utf-8")
    source = brief(project, '```{.table source="data/ship.csv" caption="Containers by quarter" '
                   '#tbl-ship format="Containers:,.0f"}\n```')
    reporter = Reporter()
    result = build([source], Options(output=project / "out", depfiles=True), reporter)
    assert not result.failed, [str(d) for d in reporter.found]
    expected = [["Quarter", "Containers", "Share"], ["Q3 2023", "1,200", "12.5%"],
                ["Q4 2023", "1,450", "14%"], ["Q1 2024", "\u221230", "3%"]]
    with pdfplumber.open(project / "out" / "brief-default.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        words = page.extract_words()
    for row in expected:
        assert " ".join(row) in text, row
    assert "Table 1: Containers by quarter" in text  # a labelled table is numbered (issue 15)
    # the column heading, in the header row with "Quarter" (the caption, which also says
    # "Containers", stands above the table since issue 12 decided captions' place)
    quarter = next(w for w in words if w["text"] == "Quarter")
    header = next(w for w in words if w["text"] == "Containers"
                  and round(w["top"]) == round(quarter["top"]))
    right_edges = {round(w["x1"]) for w in words if w["text"] in ("1,200", "1,450", "\u221230")}
    right_edges.add(round(header["x1"]))
    assert len(right_edges) == 1  # the numbers stand flush right under their heading
    docx = Docx(io.BytesIO((project / "out" / "brief-default.docx").read_bytes()))
    table = docx.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == expected
    aligns = [c.paragraphs[0].alignment for c in table.rows[1].cells]
    assert aligns[1] == aligns[2] == WD_ALIGN_PARAGRAPH.RIGHT and aligns[0] != aligns[1]
    assert any(p.text == "Table 1: Containers by quarter" for p in docx.paragraphs)
    deps = (project / "out" / ".deps" / "brief-default.d").read_text()
    assert "  sources/data/ship.csv \\" in deps


def test_columns_choose_and_order(project: Path) -> None:
    source = brief(project, '```{.table source="data/ship.csv" columns="Share, Quarter" '
                   'format=".1f"}\n```')
    table = read_brief(source, "default", AUDIENCES, Reporter()).document.blocks[2]
    from briefgen.model import plain_text
    cells = [[plain_text(c.children) for c in row] for row in (*table.header, *table.rows)]
    assert cells == [["Share", "Quarter"], ["12.5%", "Q3 2023"], ["14%", "Q4 2023"],
                     ["3%", "Q1 2024"]]
    assert [a.value if a else None for a in table.aligns] == ["right", None]
    assert table.id is None and table.caption is None


@pytest.mark.parametrize(("csv", "message"), [
    (b"A,B\n1,2\n3\n", "sources/data/x.csv:3:1: error: row 3 has 1 cell(s), the header has 2"),
    (b"A,B\n1,2\n\"caf\xe9\",4\n",
     "sources/data/x.csv:3:5: error: not valid UTF-8: byte 0xe9 at offset 12 "
     "(save the file as UTF-8)"),
    (b"", "sources/data/x.csv:1:1: error: the data file is empty (its first row must name the "
          "columns)"),
    (b"A,B\n\"1,2\n", "sources/data/x.csv:2:1: error: not valid CSV: unexpected end of data"),
])
def test_bad_data_file(project: Path, csv: bytes, message: str) -> None:
    (project / "sources" / "data" / "x.csv").write_bytes(csv)
    assert errors('```{.table source="data/x.csv"}\n```', project) == [message]


@pytest.mark.parametrize(("block", "message"), [
    ('```{.table source="data/none.csv"}\n```', "9:1: error: data file not found: data/none.csv"),
    ('```{.table source="../../x.csv"}\n```',
     "9:1: error: data file '../../x.csv' is outside the project folder {root} "
     "(use --allow-outside to permit it)"),
    ('```{.table source="data/ship.csv" columns="Quater"}\n```',
     "9:1: error: column 'Quater' is not in sources/data/ship.csv (did you mean 'Quarter'?) "
     "(its columns: Quarter, Containers, Share)"),
    ('```{.table source="data/ship.csv" format="Share:x"}\n```',
     "9:1: error: format 'x' for column 'Share' is not a number format (try ',.0f' or '.1f')"),
    ('```{.table source="data/ship.csv" sorce="x"}\n```',
     "9:1: error: unknown table attribute 'sorce' (did you mean 'source'?) (a table takes "
     "source, caption, columns and format)"),
    ('```{.table source="data/ship.csv"}\nQ1,3\n```',
     "9:1: error: a {.table} block takes its rows from its source file; leave the block empty"),
    ('```{.table caption="x"}\n```', '9:1: error: a {.table} block needs source="file.csv"'),
])
def test_bad_table_block(project: Path, block: str, message: str) -> None:
    (project.parent / "x.csv").write_text("A\n1\n", encoding="utf-8")
    expected = "sources/brief.md:" + message.replace("{root}", str(project.resolve()))
    assert errors(block, project) == [expected]
