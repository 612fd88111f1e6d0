"""DOCX writer: package, properties, page, running header/footer, opening, TOC, bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from briefgen.model import Document, Heading, Meta, Text
from briefgen.template.model import Classification, Docx, Margins, Opening, Page, Running, Toc
from test_docx_helpers import NS, all_text, para, parts, png, render, rich_document, template, xml

UTC = dt.UTC


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _story_text(data: bytes, prefix: str) -> list[str]:
    return [all_text_of(parts(data)[n]) for n in sorted(parts(data))
            if n.startswith(f"word/{prefix}") and n.endswith(".xml")]


def all_text_of(blob: bytes) -> str:
    from lxml import etree

    return "".join(etree.fromstring(blob).xpath("//w:t/text()", namespaces=NS))


def _instructions(blob: bytes) -> str:
    from lxml import etree

    return "".join(etree.fromstring(blob).xpath("//w:instrText/text()", namespaces=NS))


# -- package ---------------------------------------------------------------------

def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    doc = rich_document(png(tmp_path / "c.png"))
    first, _ = render(doc, template(toc=Toc(enabled=True)))
    second, _ = render(doc, template(toc=Toc(enabled=True)))
    assert first == second


def test_zip_entries_have_fixed_metadata(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos[2:]]
    assert names == sorted(names)
    assert not any("thumbnail" in i.filename for i in infos)
    assert "word/stylesWithEffects.xml" not in {i.filename for i in infos}


def test_core_properties_come_from_the_front_matter(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")))
    props = _open(data).core_properties
    assert props.title == "Water Security Brief"
    assert props.author == "A. Analyst; B. Adviser"
    assert props.last_modified_by == "A. Analyst; B. Adviser"
    assert props.subject == "Options for the 2026 budget"
    assert props.keywords == "water, drought"
    assert props.language == "en-US"  # "en" is US English (briefgen.hyphenation)
    assert props.category == "OFFICIAL-SENSITIVE"
    assert props.created == dt.datetime(2025, 3, 14, tzinfo=UTC)
    assert props.modified == dt.datetime(2025, 3, 14, tzinfo=UTC)


def test_dates_fall_back_to_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document(Meta(title="T"), (para("x"),))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _open(render(doc)[0]).core_properties.created == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _open(render(doc)[0]).core_properties.created == dt.datetime(2000, 1, 1, tzinfo=UTC)


# -- page, header, footer -----------------------------------------------------------

def test_page_size_orientation_and_margins() -> None:
    t = template(page=Page(size="Letter", orientation="landscape",
                           margins=Margins(top=50, bottom=60, left=70, right=80)))
    section = _open(render(Document(Meta(title="T"), (para("x"),)), t)[0]).sections[0]
    assert round(section.page_width.pt) == 792 and round(section.page_height.pt) == 612
    assert section.orientation == 1
    assert [round(m.pt) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [50, 60, 70, 80]


def test_footer_has_page_and_numpages_fields(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")))
    footers = [n for n in parts(data) if n.startswith("word/footer")]
    instructions = "".join(_instructions(parts(data)[n]) for n in footers)
    assert " PAGE " in instructions and " NUMPAGES " in instructions
    assert any("Page 1 of 1" in all_text_of(parts(data)[n]) for n in footers)


def test_running_slots_substitute_fields(tmp_path: Path) -> None:
    t = template(header=Running(left="{title}", centre="{organisation}", right="{date}", rule=True),
                 footer=Running(left="{author}", right="{classification}"))
    data, reporter = render(rich_document(png(tmp_path / "c.png")), t)
    document = _open(data)
    header = document.sections[0].header.paragraphs
    assert [p.text for p in header] == [
        "OFFICIAL-SENSITIVE",
        "Water Security Brief\tMinistry of Environment\t14 March 2025"]
    assert header[0].style.style_id == "BriefBanner"
    assert header[1]._p.xpath("w:pPr/w:pBdr/w:bottom")
    footer = document.sections[0].footer.paragraphs
    # no centre slot: one tab, to a right stop at the text width (the centre stop
    # cleared), so the right slot can never be pushed onto a line of its own
    assert [p.text for p in footer] == ["A. Analyst, B. Adviser\tOFFICIAL-SENSITIVE",
                                        "OFFICIAL-SENSITIVE"]
    stops = footer[0]._p.xpath("w:pPr/w:tabs/w:tab")
    width = round(t.page.text_width * 20)
    assert [(s.get(qn("w:val")), int(s.get(qn("w:pos")))) for s in stops] == [
        ("clear", width // 2), ("right", width)]
    assert not reporter.warnings[1:]


def test_different_first_page(tmp_path: Path) -> None:
    t = template(header=Running(left="{title}", on_first_page=False),
                 opening=Opening(style="cover"))
    section = _open(render(rich_document(png(tmp_path / "c.png")), t)[0]).sections[0]
    assert section.different_first_page_header_footer
    assert [p.text for p in section.first_page_header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    assert "Water Security Brief" in [p.text for p in section.header.paragraphs][-1]


def test_classification_not_allowed_prints_nothing(tmp_path: Path) -> None:
    t = template(classification=Classification(allowed=False))
    data, _ = render(rich_document(png(tmp_path / "c.png")), t)
    assert "OFFICIAL-SENSITIVE" not in all_text(data)
    assert _open(data).core_properties.category == ""


def test_template_classification_text_wins() -> None:
    t = template(classification=Classification(text="PROTECTED"))
    data, _ = render(Document(Meta(title="T", classification="OFFICIAL"), (para("x"),)), t)
    headers = _story_text(data, "header")
    assert any(h.startswith("PROTECTED") for h in headers)
    assert "OFFICIAL" not in all_text(data).replace("PROTECTED", "")


def test_no_banner_without_classification() -> None:
    data, _ = render(Document(Meta(title="T"), (para("x"),)))
    assert not any(n.startswith("word/header") and all_text_of(b)
                   for n, b in parts(data).items())


# -- opening, TOC ---------------------------------------------------------------------

def test_title_block_order(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")), template(word_count=True))
    paragraphs = _open(data).paragraphs
    styles = [(p.style.style_id, p.text) for p in paragraphs[:5]]
    assert styles[0] == ("Title", "Water Security Brief")
    assert styles[1] == ("Subtitle", "Options for the 2026 budget")
    assert styles[2:5] == [("BriefByline", "A. Analyst, B. Adviser"),  # stacked, as the PDF
                           ("BriefByline", "Ministry of Environment"),
                           ("BriefByline", "14 March 2025")]
    styles = [(p.style.style_id, p.text) for p in paragraphs[5:7]]
    assert styles[0] == ("BriefClassification", "OFFICIAL-SENSITIVE")
    assert styles[1][1].startswith("Word count: ")
    assert int(styles[1][1].split(": ")[1]) > 50
    body = xml(data, "word/document.xml")
    panel = body.xpath("//w:tbl[1]//w:t/text()", namespaces=NS)
    assert panel[:3] == ["Key points", "Storage is falling", "Action needed by June"]


def test_cover_page_ends_with_a_page_break(tmp_path: Path) -> None:
    logo = png(tmp_path / "logo.png", (300, 100))
    t = template(opening=Opening(style="cover", logo=logo, band_colour="#1F3A5F"))
    data, _ = render(rich_document(png(tmp_path / "c.png")), t)
    body = xml(data, "word/document.xml")
    children = body.xpath("/w:document/w:body/*", namespaces=NS)
    breaks = [i for i, c in enumerate(children) if c.xpath(".//w:br[@w:type='page']", namespaces=NS)]
    first_heading = next(i for i, c in enumerate(children)
                         if c.xpath("w:pPr/w:pStyle[@w:val='Heading1']", namespaces=NS))
    assert breaks and breaks[0] < first_heading
    cover_text = " ".join("".join(c.xpath(".//w:t/text()", namespaces=NS))
                          for c in children[:breaks[0]])
    for expected in ("Water Security Brief", "Ministry of Environment", "Key points",
                     "Storage is falling", "OFFICIAL-SENSITIVE"):
        assert expected in cover_text
    assert children[0].xpath(".//w:drawing", namespaces=NS)


def test_toc_field_is_prefilled(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")), template(toc=Toc(enabled=True, depth=2)))
    body = xml(data, "word/document.xml")
    instr = _instructions(parts(data)["word/document.xml"])
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr
    entries = body.xpath("//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'TOC') and "
                         "w:pPr/w:pStyle/@w:val != 'TOCHeading']", namespaces=NS)
    texts = ["".join(e.xpath(".//w:t/text()", namespaces=NS)) for e in entries]
    assert texts == ["1 Background", "1.1 Current situation", "2 Options"]
    assert [e.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] for e in entries] == [
        "TOC1", "TOC2", "TOC1"]
    assert entries[0].xpath("w:hyperlink/@w:anchor", namespaces=NS) == ["background"]
    assert entries[-1].xpath("w:r/w:fldChar/@w:fldCharType", namespaces=NS) == ["end"]
    title = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='TOCHeading']//w:t/text()", namespaces=NS)
    assert title == ["Contents"]


def test_toc_without_headings_still_is_a_field() -> None:
    data, _ = render(Document(Meta(title="T"), (para("x"),)), template(toc=Toc(enabled=True)))
    instr = _instructions(parts(data)["word/document.xml"])
    assert "TOC \\o" in instr


# -- reference document ------------------------------------------------------------------

def test_reference_document_styles_and_header_are_kept(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.add_paragraph("Old body text that must disappear")
    reference.styles["Normal"].font.size = Pt(13)
    reference.sections[0].header.paragraphs[0].text = "Reference header"
    ref_path = tmp_path / "ref.docx"
    reference.save(str(ref_path))
    doc = Document(Meta(title="T", classification="OFFICIAL"),
                   (Heading(1, (Text("Only heading"),), "only"), para("New")))
    data, _ = render(doc, template(docx=Docx(reference=ref_path)))
    result = _open(data)
    texts = [p.text for p in result.paragraphs]
    assert "Old body text that must disappear" not in texts
    assert "New" in texts and "Only heading" in texts
    assert result.styles["Normal"].font.size == Pt(13)
    assert [p.text for p in result.sections[0].header.paragraphs] == ["OFFICIAL",
                                                                      "Reference header"]
    styles = xml(data, "word/styles.xml")
    for sid in ("FootnoteText", "Hyperlink", "TOC1", "BriefTable", "SourceCode"):
        assert styles.xpath(f"//w:style[@w:styleId='{sid}']", namespaces=NS), sid
