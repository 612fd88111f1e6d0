"""``briefgen verify`` compares the contents list: each entry's number and text, and its
page where the DOCX shows one (issue 12).

The legal analysis is built in the legal template as ``build`` builds it (the DOCX's
contents shows the PDF layout's pages); then one entry of the DOCX's prefilled TOC
field is broken on purpose, in the file itself, and verify must name it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import require_glyphs

from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.readback import pdf_read
from briefgen.template.loader import available, load_template
from briefgen.verify import verify_pair
from briefgen.verify_contents import docx_entries, pdf_entries

LEGAL = Path(__file__).resolve().parent.parent / "sources" / "pact-legal-analysis.md"
ENTRY = "4.1 UN Security Council Sanctions"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("contents")
    template = load_template("legal")
    doc = assemble(read_brief(LEGAL, "legal", tuple(available()), Reporter()).document, template)
    pages: dict[str, int] = {}
    pdf, docx = out / "x.pdf", out / "x.docx"
    pdf.write_bytes(render_pdf(doc, template, Reporter(), heading_pages=pages))
    docx.write_bytes(render_docx(doc, template, Reporter(), toc_pages=pages))
    return pdf, docx


def _edited(docx: Path, tmp_path: Path, change) -> Path:  # noqa: ANN001 - str -> str
    """A copy of ``docx`` whose document.xml went through ``change``."""
    copy = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx) as old, zipfile.ZipFile(copy, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the change found nothing to change"
                data = changed.encode("utf-8")
            new.writestr(item, data)
    return copy


def _toc_entry(xml: str, text: str, new_text: str) -> str:
    """``xml`` with the contents entry reading ``text`` reading ``new_text`` (the heading
    itself keeps its words)."""
    pattern = re.compile(r'(<w:pStyle w:val="TOC\d"/>.*?<w:t[^>]*>)' + re.escape(text) + "<")
    return pattern.sub(lambda mt: mt.group(1) + new_text + "<", xml, count=1)


def _line_of(text: str) -> int:
    lines = LEGAL.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if line.startswith(text)) + 1


def test_both_files_list_the_same_entries_with_the_same_pages(built) -> None:  # noqa: ANN001
    require_glyphs(LEGAL.read_text(encoding="utf-8"))  # its Korean title, or verify sees '?'
    pdf, docx = built
    mine, theirs = pdf_entries(pdf_read(pdf)[1]), docx_entries(docx)
    assert len(mine) >= 15 and mine == theirs
    assert (ENTRY, mine[[t for t, _ in mine].index(ENTRY)][1]) in theirs
    assert all(page and page.isdigit() for _, page in theirs)
    assert verify_pair(pdf, docx) == []


def test_an_entry_numbered_differently(built, tmp_path: Path) -> None:  # noqa: ANN001
    require_glyphs(LEGAL.read_text(encoding="utf-8"))  # only the contents may differ
    pdf, docx = built
    broken = _edited(docx, tmp_path, lambda xml: _toc_entry(
        xml, ENTRY, "4.2 UN Security Council Sanctions"))
    found = verify_pair(pdf, broken)
    line = _line_of("### UN Security Council Sanctions")
    number = [t for t, _ in pdf_entries(pdf_read(pdf)[1])].index(ENTRY) + 1
    assert any(p.startswith(f"contents: entry {number} (heading at line {line}): PDF has "
                            f"{ENTRY!r}")
               and "DOCX has '4.2 UN Security Council Sanctions'" in p for p in found), found
    assert not [p for p in found if not p.startswith("contents:")], found  # only the TOC


def test_an_entry_worded_differently(built, tmp_path: Path) -> None:  # noqa: ANN001
    pdf, docx = built
    broken = _edited(docx, tmp_path, lambda xml: _toc_entry(
        xml, "2 Historical Context", "2 HISTORICAL CONTEXT"))
    assert any("DOCX has '2 HISTORICAL CONTEXT'" in p for p in verify_pair(pdf, broken))


def test_a_made_entry_is_named_for_what_it_lists(built, tmp_path: Path) -> None:  # noqa: ANN001
    pdf, docx = built
    broken = _edited(docx, tmp_path, lambda xml: _toc_entry(xml, "Bibliography", "References"))
    assert any(p.startswith("contents: entry ") and "(the bibliography heading)" in p
               and "DOCX has 'References'" in p for p in verify_pair(pdf, broken))


def test_an_entry_on_another_page(built, tmp_path: Path) -> None:  # noqa: ANN001
    pdf, docx = built
    page = dict(docx_entries(docx))["8 Conclusion"]

    def move(xml: str) -> str:
        at = xml.index(">8 Conclusion<")
        tail = xml[at:].replace(f"<w:tab/><w:t xml:space=\"preserve\">{page}<",
                                f"<w:tab/><w:t xml:space=\"preserve\">{int(page) + 3}<", 1)
        return xml[:at] + tail

    found = verify_pair(pdf, _edited(docx, tmp_path, move))
    assert any(f"(heading at line {_line_of('## Conclusion')}) '8 Conclusion': page {page} in "
               f"the PDF, {int(page) + 3} in the DOCX" in p for p in found), found


def test_an_entry_missing(built, tmp_path: Path) -> None:  # noqa: ANN001
    pdf, docx = built

    def drop(xml: str) -> str:
        return re.sub(r'<w:p><w:pPr><w:pStyle w:val="TOC1"/>(?:(?!</w:p>).)*?'
                      r'>8 Conclusion<.*?</w:p>', "", xml, count=1, flags=re.S)

    count = len(docx_entries(docx))
    found = verify_pair(pdf, _edited(docx, tmp_path, drop))
    assert any(f"contents: PDF has {count} entries, DOCX has {count - 1}" in p
               for p in found), found


