"""Each template's settings take effect alike in the PDF and the DOCX, and the two agree.

Read back as a user's software would: pikepdf/pypdf for the PDF, the DOCX's XML.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from briefgen.assemble import assemble
from briefgen.fonts import face_path
from briefgen.reader import read_brief
from briefgen.diagnostics import Reporter
from briefgen.template.loader import available, load_template
from briefgen.verify import verify_pair
from test_roundtrip import IDS, JOBS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS = 20


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def parts_text(path: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in z.namelist() if n.startswith(prefix)]


def pdf_pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def paths(built: tuple[Path, Reporter], source: Path, template: str) -> tuple[Path, Path]:
    out, _ = built
    stem = out / f"{source.stem}-{template}"
    return stem.with_suffix(".pdf"), stem.with_suffix(".docx")


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_pdf_and_docx_agree(built, source: Path, template: str) -> None:  # noqa: ANN001
    from conftest import require_glyphs

    require_glyphs(source.read_text(encoding="utf-8"))  # a brief quoting Korean needs a font
    pdf, docx = paths(built, source, template)
    assert verify_pair(pdf, docx) == []


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_page_size_and_margins(built, source: Path, template: str) -> None:  # noqa: ANN001
    t = load_template(template)
    pdf, docx = paths(built, source, template)
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            box = [float(v) for v in page.mediabox]
            width, height = box[2] - box[0], box[3] - box[1]
            if width > height and t.page.width < t.page.height:
                width, height = height, width  # a `::: landscape` page: the same page, turned
            assert width == pytest.approx(t.page.width, abs=0.5)
            assert height == pytest.approx(t.page.height, abs=0.5)
    sect = part(docx, "word/document.xml").find(f".//{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert int(size.get(f"{W}w")) == pytest.approx(t.page.width * TWIPS, abs=2)
    assert int(size.get(f"{W}h")) == pytest.approx(t.page.height * TWIPS, abs=2)
    for side in ("left", "right"):
        assert int(margins.get(f"{W}{side}")) == pytest.approx(
            getattr(t.page.margins, side) * TWIPS, abs=2)


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_fonts(built, source: Path, template: str) -> None:  # noqa: ANN001
    t = load_template(template)
    pdf, docx = paths(built, source, template)
    names = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                names.add(str(font.BaseFont).split("+")[-1])
                assert "/FontFile2" in font.get("/FontDescriptor", {}) or \
                    "/DescendantFonts" in font, "every font embedded"
    from reportlab.pdfbase.ttfonts import TTFontFile

    def ps_name(family: str, face: str) -> str:
        return TTFontFile(str(face_path(family, face))).name.decode() \
            if isinstance(TTFontFile(str(face_path(family, face))).name, bytes) \
            else TTFontFile(str(face_path(family, face))).name

    assert ps_name(t.fonts.body, "regular") in names
    assert ps_name(t.fonts.heading, "bold") in names
    styles = part(docx, "word/styles.xml")

    def font_of(style_id: str) -> str:
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        return style.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii")

    assert font_of("Normal") == t.fonts.body
    assert font_of("Heading1") == t.fonts.heading


def _expected_footer(t, page: int, pages: int) -> list[str]:  # noqa: ANN001
    slots = [t.footer.left, t.footer.centre, t.footer.right]
    return [s.replace("{page}", str(page)).replace("{pages}", str(pages))
            for s in slots if "{page}" in s]


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_page_numbers_in_footer(built, source: Path, template: str) -> None:  # noqa: ANN001
    t = load_template(template)
    pdf, docx = paths(built, source, template)
    pages = pdf_pages(pdf)
    first = 1 if (t.footer.on_first_page and t.opening.style != "cover") else 2
    for number in range(first, len(pages) + 1):
        for wanted in _expected_footer(t, number, len(pages)):
            assert wanted in pages[number - 1], (number, wanted)
    footers = "".join(parts_text(docx, "word/footer"))
    if any("{page}" in s for s in (t.footer.left, t.footer.centre, t.footer.right)):
        assert re.search(r"<w:instrText[^>]*> ?PAGE ?</w:instrText>", footers)
    if any("{pages}" in s for s in (t.footer.left, t.footer.centre, t.footer.right)):
        assert re.search(r"<w:instrText[^>]*> ?NUMPAGES ?</w:instrText>", footers)


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_classification_on_every_page(built, source: Path, template: str) -> None:  # noqa: ANN001
    t = load_template(template)
    brief = read_brief(source, template, tuple(available()), Reporter()).document
    marking = t.classification.text or brief.meta.classification
    pdf, docx = paths(built, source, template)
    pages = pdf_pages(pdf)
    header_footer = "".join(parts_text(docx, "word/header") + parts_text(docx, "word/footer"))
    if marking and t.classification.banner and t.classification.allowed:
        assert all(p.count(marking) >= 2 for p in pages), "banner top and bottom of every page"
        assert header_footer.count(marking) >= 2
    elif not t.classification.allowed and brief.meta.classification:
        assert not any(brief.meta.classification in p for p in pages)
        assert brief.meta.classification not in header_footer
        assert brief.meta.classification not in "".join(parts_text(docx, "word/document"))


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_opening(built, source: Path, template: str) -> None:  # noqa: ANN001
    t = load_template(template)
    brief = read_brief(source, template, tuple(available()), Reporter()).document
    pdf, docx = paths(built, source, template)
    first_page = " ".join(pdf_pages(pdf)[0].split())
    title_words = " ".join(brief.meta.title.split())
    assert title_words in first_page
    body = part(docx, "word/document.xml")
    paragraphs = list(body.iter(f"{W}p"))
    first_heading = next(i for i, p in enumerate(paragraphs)
                         if p.find(f"{W}pPr/{W}pStyle") is not None
                         and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1")
    breaks_before = [p for p in paragraphs[:first_heading]
                     if p.find(f".//{W}br[@{W}type='page']") is not None
                     or p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    if t.opening.style == "cover":
        assert "Introduction" not in first_page and breaks_before
    if t.word_count:  # the one text assemble decided, in both files
        decided = assemble(brief, t).decisions.word_count
        assert decided and re.fullmatch(r"Word count: \d{1,3}(,\d{3})*", decided)
        assert decided in first_page
        assert decided in etree.tostring(body, encoding="unicode", method="text")


def test_legal_toc_has_page_numbers(built) -> None:  # noqa: ANN001
    pdf, docx = paths(built, Path("pact-legal-analysis.md"), "legal")
    pages = pdf_pages(pdf)
    first = next(n for n, p in enumerate(pages) if "Contents" in p)
    toc_lines = "\n".join(pages[first:first + 2]).splitlines()  # it may run onto a second page
    for heading in ("1 INTRODUCTION", "8 CONCLUSION"):
        line = next(line for line in toc_lines
                    if heading in " ".join(line.split()))  # an em space follows the number
        number = int(re.search(r"[ .]*(\d+)\s*$", line).group(1))
        assert heading.split(" ", 1)[1] in pages[number - 1]
    xml = "".join(parts_text(docx, "word/document"))
    assert re.search(r'TOC \\o "1-2"', xml)
    toc_entries = re.findall(r'w:pStyle w:val="TOC[12]"', xml)
    assert len(toc_entries) >= 10


def test_verify_reports_a_disagreement(built) -> None:  # noqa: ANN001
    """Parity would be empty praise if verify could not tell two briefs apart."""
    out, _ = built
    problems = verify_pair(out / "pact-legal-analysis-default.pdf",
                           out / "pact-exam-answer-default.docx")
    fields = {p.split(":")[0] for p in problems}
    assert {"headings", "notes", "lists", "tables", "images", "paragraphs", "links"} <= fields
