"""``briefgen verify`` names where each disagreeing block came from (issue 12).

Each test builds a shipped brief's DOCX as it is and its PDF with one block's
words changed, and asserts verify's message names that block's real source
line: the line of the Markdown construct (a heading, a paragraph, a list item,
a table row, a footnote, a figure), the row of a CSV file, the line of an
included part, the recommendation a register row lists, or, for a block the
template made with no line of its own, what it is ("title page", "contents",
"bibliography" …).  Never "line ?".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import require_glyphs

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.readback import pdf_read
from briefgen.template.loader import available, load_template
from briefgen.verify import verify_pair
from briefgen.walk import map_inlines
from test_parity import parity_document

SOURCES = Path(__file__).resolve().parent.parent / "sources"
LEGAL = SOURCES / "pact-legal-analysis.md"
WATCH = SOURCES / "dprk-shipping-watch.md"
EXAM = SOURCES / "pact-exam-answer.md"
Change = Callable[[m.Document], m.Document]
_BUILT: dict[tuple[Path, str], tuple[m.Document, bytes]] = {}


def _document(source: Path, template: str) -> tuple[m.Document, bytes]:
    """The assembled document and its DOCX, built once per (brief, template)."""
    if (source, template) not in _BUILT:
        t = load_template(template)
        doc = assemble(read_brief(source, template, tuple(available()), Reporter()).document, t)
        pages: dict[str, int] = {}  # as build makes it: the PDF layout's pages in the DOCX
        render_pdf(doc, t, Reporter(), tagged=False, heading_pages=pages)
        _BUILT[(source, template)] = doc, render_docx(doc, t, Reporter(), toc_pages=pages)
    return _BUILT[(source, template)]


def _messages(tmp_path: Path, source: Path, template: str, change: Change) -> list[str]:
    doc, docx = _document(source, template)
    pdf_path, docx_path = tmp_path / "x.pdf", tmp_path / "x.docx"
    docx_path.write_bytes(docx)
    pdf_path.write_bytes(render_pdf(change(doc), load_template(template), Reporter()))
    found = [p for p in verify_pair(pdf_path, docx_path) if p.startswith("text:")]
    assert found, "the changed words were not reported"
    assert not any("line ?" in p for p in found), found
    return found


def _line_of(source: Path, phrase: str, after: str | None = None) -> int:
    """The first line of ``source`` holding ``phrase`` (after the line holding ``after``)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and phrase in line) + 1


def _word(old: str, new: str = "Zzyzx") -> Change:
    """Every ``old`` in the body, the notes and the key points becomes ``new``."""
    def swap(node: m.Inline) -> m.Inline:
        return m.Text(node.text.replace(old, new)) if isinstance(node, m.Text) else node

    def change(doc: m.Document) -> m.Document:
        return replace(doc, blocks=map_inlines(doc.blocks, swap),
                       key_points=map_inlines(doc.key_points, swap),
                       notes=tuple(replace(n, blocks=map_inlines(n.blocks, swap))
                                   for n in doc.notes))
    return change


def _made(what: str) -> Change:
    """The first top-level paragraph the template made as ``what`` gets a word more."""
    def change(doc: m.Document) -> m.Document:
        blocks = list(doc.blocks)
        at = next(i for i, b in enumerate(blocks) if isinstance(b, m.Paragraph)
                  and b.pos is not None and b.pos.made == what)
        blocks[at] = replace(blocks[at], children=(m.Text("Zzyzx "), *blocks[at].children))
        return replace(doc, blocks=tuple(blocks))
    return change


def _decided(**changes: object) -> Change:
    return lambda doc: replace(doc, decisions=replace(doc.decisions, **changes))


def _says(found: list[str], place: str) -> bool:
    return any(p.startswith(f"text: {place} (") for p in found)


WRITTEN = [  # (brief, template, word changed, phrase on the expected line, after)
    pytest.param(LEGAL, "legal", "Historical", "## Historical Context", None, id="heading"),
    pytest.param(LEGAL, "legal", "indispensable", "indispensable patron", None, id="paragraph"),
    pytest.param(LEGAL, "legal", "Intelligence sharing", "| Intelligence sharing", None,
                 id="table-row"),
    pytest.param(LEGAL, "legal", "provisions of greatest concern", ": The treaty’s provisions",
                 None, id="table-caption"),
    pytest.param(LEGAL, "legal", "imposing or tightening sanctions on the DPRK",
                 "![Bar chart", None, id="figure-caption"),
    pytest.param(LEGAL, "legal", "draft resolution", "[^panel]:", None, id="footnote"),
    pytest.param(LEGAL, "legal", "arms-for-technology", "arms-for-technology", "## Key points",
                 id="key-point"),
    pytest.param(EXAM, "public", "Hwasong-18 uses", "[^hwasong]:", None, id="endnote"),
    pytest.param(EXAM, "public", "Pool intelligence", "Pool intelligence", None,
                 id="list-item"),
]


@pytest.mark.parametrize(("source", "template", "word", "phrase", "after"), WRITTEN)
def test_a_written_block_is_named_by_its_line(tmp_path: Path, source: Path, template: str,
                                              word: str, phrase: str, after: str | None
                                              ) -> None:
    found = _messages(tmp_path, source, template, _word(word))
    line = _line_of(source, phrase, after)
    assert _says(found, f"line {line}"), (line, found)


def test_a_data_row_is_named_by_its_file_and_row(tmp_path: Path) -> None:
    found = _messages(tmp_path, WATCH, "legal", _word("Blue Harmony"))
    assert _says(found, "data/designations.csv line 3"), found


def test_an_included_part_is_named_by_its_file_and_line(tmp_path: Path) -> None:
    found = _messages(tmp_path, WATCH, "legal", _word("open sources"))
    line = _line_of(SOURCES / "parts" / "caveat.md", "open sources")
    assert _says(found, f"parts/caveat.md line {line}"), found


def test_a_register_row_is_named_by_its_recommendation(tmp_path: Path) -> None:
    def change(doc: m.Document) -> m.Document:
        def register(b: m.Block) -> m.Block:
            if not isinstance(b, m.RecommendationTable):
                return b
            rows = list(b.rows)
            rows[1] = (rows[1][0], (m.Text("Zzyzx"),))
            return replace(b, rows=tuple(rows))
        return replace(doc, blocks=tuple(register(b) for b in doc.blocks))

    require_glyphs(LEGAL.read_text(encoding="utf-8"))  # only the register may differ
    found = _messages(tmp_path, LEGAL, "legal", change)
    line = _line_of(LEGAL, "2. **Coordinate national sanctions.**")
    assert _says(found, f"line {line}"), (line, found)
    assert all("TD" in p for p in found)  # the register's cell, not the list item


@pytest.mark.parametrize(("source", "template", "change", "place"), [
    pytest.param(LEGAL, "legal", _made("bibliography"), "bibliography", id="bibliography"),
    pytest.param(LEGAL, "legal", _made("table of authorities"), "table of authorities",
                 id="authorities"),
    pytest.param(WATCH, "legal", _word("First draft"), "document history", id="history"),
    pytest.param(WATCH, "legal", _word("gross tonnage"), "abbreviations", id="abbreviations"),
    pytest.param(EXAM, "public", _word("partnership treaty turned"), "key points", id="front-matter-points"),
    pytest.param(LEGAL, "legal", _decided(byline=("Somebody Else",)), "title page",
                 id="title-page"),
    pytest.param(LEGAL, "legal", _decided(contents_title="Inhalt"), "contents",
                 id="contents-title"),
    pytest.param(EXAM, "public", _decided(notes_title="Endnotes"), "notes",
                 id="notes-heading"),
])
def test_a_made_block_is_named_by_what_it_is(tmp_path: Path, source: Path, template: str,
                                             change: Change, place: str) -> None:
    assert _says(_messages(tmp_path, source, template, change), place)


def test_every_block_of_every_shipped_pdf_says_where_it_came_from(built) -> None:  # noqa: ANN001
    out, _ = built
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        blocks, contents = pdf_read(pdf)
        unplaced = [b for b in blocks + contents if b.place == "line ?"]
        assert not unplaced, (pdf.name, unplaced[:3])


@pytest.mark.parametrize("template", available())
def test_every_block_of_the_parity_brief_says_where_it_came_from(tmp_path: Path,
                                                                 template: str) -> None:
    pdf = tmp_path / "parity.pdf"
    pdf.write_bytes(render_pdf(parity_document(template), load_template(template), Reporter()))
    blocks, contents = pdf_read(pdf)
    assert blocks
    assert not [b for b in blocks + contents if b.place == "line ?"]
