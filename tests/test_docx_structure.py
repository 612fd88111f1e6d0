"""DOCX writer: footnotes, lists, tables, links, bookmarks, images and styles in the XML."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypandoc
import pytest
from lxml import etree

from briefgen.decide import BULLETS, ORDERED
from briefgen.model import (Callout, Document, Footnote, Heading, Image, Link, ListBlock, Meta,
                            NoteRef, Paragraph, Text)
from briefgen.template.model import Headings, Notes, Opening
from test_docx_helpers import (NS, items, para, parts, png, render, rich_document,
                               template, xml)

W = f"{{{NS['w']}}}"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
BOOKMARK = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


@pytest.fixture()
def rich(tmp_path: Path) -> bytes:
    return render(rich_document(png(tmp_path / "chart.png")))[0]


def _rels(data: bytes, name: str) -> list[etree._Element]:
    return etree.fromstring(parts(data)[name]).findall(f"{{{R_NS}}}Relationship")


# -- footnotes ---------------------------------------------------------------

def test_footnotes_part_has_separators_and_numbered_notes(rich: bytes) -> None:
    notes = xml(rich, "word/footnotes.xml")
    ids = [n.get(f"{W}id") for n in notes.findall(f"{W}footnote")]
    assert ids == ["-1", "0", "1", "2"]
    assert notes.xpath("//w:footnote[@w:id='-1' and @w:type='separator']", namespaces=NS)
    assert notes.xpath("//w:footnote[@w:id='0' and @w:type='continuationSeparator']",
                       namespaces=NS)
    for note in notes.xpath("//w:footnote[@w:id>0]", namespaces=NS):
        assert note.xpath(".//w:footnoteRef", namespaces=NS)
        assert note.xpath("w:p[1]/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["FootnoteText"]
    body = xml(rich, "word/document.xml")
    refs = body.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert refs == ["1", "2"]
    assert any(r.get("Type").endswith("/footnotes") for r in _rels(rich, "word/_rels/document.xml.rels"))


def test_link_inside_note_is_related_from_the_footnotes_part(rich: bytes) -> None:
    rels = {r.get("Id"): r for r in _rels(rich, "word/_rels/footnotes.xml.rels")}
    links = xml(rich, "word/footnotes.xml").xpath("//w:hyperlink", namespaces=NS)
    rid = links[0].get(f"{{{NS['r']}}}id")
    assert rels[rid].get("Target") == "https://stats.example.org/r"
    assert rels[rid].get("TargetMode") == "External"


def test_pandoc_reads_footnotes_as_notes(rich: bytes, tmp_path: Path) -> None:
    path = tmp_path / "n.docx"
    path.write_bytes(rich)
    native = pypandoc.convert_file(str(path), "json")
    assert native.count('"t":"Note"') == 2
    assert "Bureau" in native and "Second" in native


def test_settings_declare_the_separators(rich: bytes) -> None:
    settings = xml(rich, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_repeated_reference_is_a_noteref_field() -> None:
    doc = Document(Meta(title="T"), (Paragraph((Text("a"), NoteRef(1), Text(" b"), NoteRef(1))),),
                   notes=(Footnote(1, "fn-1", (para("Only note."),)),))
    data, _ = render(doc)
    body = xml(data, "word/document.xml")
    assert len(body.xpath("//w:footnoteReference", namespaces=NS)) == 1
    instr = "".join(body.xpath("//w:instrText/text()", namespaces=NS))
    assert "NOTEREF noteref_1" in instr
    assert body.xpath("//w:bookmarkStart[@w:name='noteref_1']", namespaces=NS)


def test_endnotes_placement_links_both_ways(tmp_path: Path) -> None:
    data, _ = render(rich_document(png(tmp_path / "c.png")),
                     template(notes=Notes(placement="endnotes")))
    assert "word/footnotes.xml" not in parts(data)
    body = xml(data, "word/document.xml")
    names = set(body.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    anchors = set(body.xpath("//w:hyperlink/@w:anchor", namespaces=NS))
    assert {"noteref_1", "noteref_2", "fn_1", "fn_2"} <= names
    assert {"noteref_1", "fn_1", "fn_2"} <= anchors
    headings = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='Heading1']//w:t/text()", namespaces=NS)
    assert headings[-1] == "Notes"


# -- lists -------------------------------------------------------------------

def _num_ids(body: etree._Element, text: str) -> list[str]:
    return body.xpath(f"//w:p[.//w:t='{text}']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)


def test_two_lists_restart_at_one(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    numbering = xml(rich, "word/numbering.xml")
    first, second = _num_ids(body, "Step one"), _num_ids(body, "Again one")
    assert first and second and first != second
    assert _num_ids(body, "Step three") == first
    for num_id in first + second:
        start = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride/@w:val",
                                namespaces=NS)
        assert start == ["1"]


def test_list_start_is_honoured() -> None:
    data, _ = render(Document(Meta(title="T"), (ListBlock(True, items("x", "y"), start=4),)))
    body, numbering = xml(data, "word/document.xml"), xml(data, "word/numbering.xml")
    num_id = _num_ids(body, "x")[0]
    assert numbering.xpath(f"w:num[@w:numId='{num_id}']//w:startOverride/@w:val",
                           namespaces=NS) == ["4"]


def test_nesting_uses_ilvl_to_depth_seven(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    for level in range(1, 8):
        ilvl = body.xpath(f"//w:p[.//w:t='level{level}']/w:pPr/w:numPr/w:ilvl/@w:val",
                          namespaces=NS)
        assert ilvl == [str(level - 1)]


def test_abstract_numbering_formats(rich: bytes) -> None:
    numbering = xml(rich, "word/numbering.xml")
    texts = {a.get(f"{W}abstractNumId"): a.xpath("w:lvl/w:lvlText/@w:val", namespaces=NS)
             for a in numbering.findall(f"{W}abstractNum")}
    assert list(BULLETS) == list(texts.values())[-3][:4]  # the markers decide.py chose
    formats = numbering.xpath("w:abstractNum[last()-1]/w:lvl/w:numFmt/@w:val", namespaces=NS)
    assert formats[:3] == list(ORDERED) == ["decimal", "lowerLetter", "lowerRoman"]
    assert len(formats) == 9
    assert list(texts.values())[-1][0] == "R%1"  # the recommendations register


def test_register_items_are_a_real_numbered_list(rich: bytes) -> None:
    """R1, R2 … come from a "R%1" numbering level, so Word renumbers when items are added."""
    body = xml(rich, "word/document.xml")
    p = body.xpath("//w:p[.//w:t='Build a desalination plant']", namespaces=NS)[0]
    num_id = p.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0]
    numbering = xml(rich, "word/numbering.xml")
    abstract = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val",
                               namespaces=NS)[0]
    text = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']"
                           "/w:lvlText/@w:val", namespaces=NS)
    assert text == ["R%1"]


# -- tables, callouts ------------------------------------------------------------

def test_table_header_row_is_repeated_and_fits(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    tables = body.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='BriefTable']", namespaces=NS)
    assert len(tables) == 2
    for tbl in tables:
        assert tbl.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
        assert not tbl.xpath("w:tr[position()>1]/w:trPr/w:tblHeader", namespaces=NS)
        grid = [int(w) for w in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
        assert abs(sum(grid) - round(template().page.text_width * 20)) <= len(grid)
    aligns = tables[0].xpath("w:tr[2]/w:tc/w:p/w:pPr/w:jc/@w:val", namespaces=NS)
    assert aligns == ["left", "right", "center"]
    assert tables[1].xpath("w:tr[1]//w:t/text()", namespaces=NS) == ["Ref", "Recommendation"]


def test_table_style_has_borders(rich: bytes) -> None:
    styles = xml(rich, "word/styles.xml")
    borders = styles.xpath("//w:style[@w:styleId='BriefTable']/w:tblPr/w:tblBorders/*",
                           namespaces=NS)
    assert {etree.QName(b).localname for b in borders} >= {"top", "bottom", "insideH"}


def test_callout_uses_template_colours_and_title(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    look = template().callout("warning")
    fill = body.xpath(f"//w:tc/w:tcPr/w:shd[@w:fill='{look.background[1:].upper()}']",
                      namespaces=NS)
    assert len(fill) == 1
    tc = fill[0].getparent().getparent()
    assert tc.xpath("w:p[1]//w:t/text()", namespaces=NS) == ["Warning"]
    bar = tc.xpath("ancestor::w:tbl[1]/w:tblPr/w:tblBorders/w:left/@w:color", namespaces=NS)
    assert bar == [look.border[1:].upper()]


def test_callout_with_own_title() -> None:
    doc = Document(Meta(title="T"), (Callout("example", "Case study", (para("Body"),)),))
    data, _ = render(doc)
    assert "Case study" in xml(data, "word/document.xml").xpath("//w:tc//w:t/text()",
                                                               namespaces=NS)


# -- links, bookmarks ------------------------------------------------------------

def test_external_links_are_external_relationships(rich: bytes) -> None:
    rels = {r.get("Id"): r for r in _rels(rich, "word/_rels/document.xml.rels")}
    body = xml(rich, "word/document.xml")
    rids = body.xpath("//w:hyperlink/@r:id", namespaces=NS)
    assert rids
    for rid in rids:
        assert rels[rid].get("TargetMode") == "External"
    assert "https://example.org/a?b=1&c=2" in {rels[r].get("Target") for r in rids}
    styles = body.xpath("//w:hyperlink/w:r/w:rPr/w:rStyle/@w:val", namespaces=NS)
    assert set(styles) == {"Hyperlink"}


def test_bookmark_names_are_valid_and_internal_links_resolve(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    names = body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert names and all(BOOKMARK.fullmatch(n) for n in names)
    assert len(set(names)) == len(names)
    ids = body.xpath("//w:bookmarkStart/@w:id", namespaces=NS)
    assert len(set(ids)) == len(ids)
    for anchor in body.xpath("//w:hyperlink/@w:anchor", namespaces=NS):
        assert anchor in names


def test_awkward_ids_get_safe_unique_names() -> None:
    long_id = "a-very-long-heading-identifier-that-goes-on-and-on-forever"
    blocks = (Heading(1, (Text("배경"),), "배경"), Heading(1, (Text("Again"),), "1-intro"),
              Heading(1, (Text("Long"),), long_id), Heading(1, (Text("Dup"),), "a_very-long"),
              Paragraph((Link((Text("to Korean"),), "#배경"), Link((Text("to long"),), f"#{long_id}"))))
    data, reporter = render(Document(Meta(title="T"), blocks))
    body = xml(data, "word/document.xml")
    names = body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert all(BOOKMARK.fullmatch(n) for n in names) and len(set(names)) == len(names)
    anchors = body.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    assert len(anchors) == 2 and set(anchors) <= set(names)
    assert not reporter.warnings


def test_heading_number_and_bookmark(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    h = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='Heading2']", namespaces=NS)[0]
    assert "".join(h.xpath(".//w:t/text()", namespaces=NS)) == "1.1 Current situation"
    assert h.xpath("w:bookmarkStart/@w:name", namespaces=NS) == ["current_situation"]


def test_numbered_paragraph_prefix(rich: bytes) -> None:
    document = docx.Document(__import__("io").BytesIO(rich))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("1.\tRivers supply") for t in texts)
    assert any(t.startswith("2.\tUse H") for t in texts)


# -- images ----------------------------------------------------------------------

def test_image_alt_width_and_caption(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    doc_pr = body.xpath("//wp:docPr", namespaces=NS)[0]
    assert doc_pr.get("descr") == "Reservoir levels 2015-2025"
    extent = body.xpath("//wp:extent/@cx", namespaces=NS)
    assert int(extent[0]) <= round(template().page.text_width * 12700)
    figure = body.xpath("//w:p[.//w:drawing]", namespaces=NS)[0]
    assert figure.xpath("w:pPr/w:keepNext", namespaces=NS)
    caption = figure.getnext()
    assert caption.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Caption"]
    assert "fig_levels" in body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)


def test_decorative_image_is_marked(tmp_path: Path) -> None:
    path = png(tmp_path / "d.png", (40, 40))
    data, _ = render(Document(Meta(title="T"), (Image("d.png", "", path, decorative=True),)))
    doc_pr = xml(data, "word/document.xml").xpath("//wp:docPr", namespaces=NS)[0]
    assert doc_pr.get("descr") == ""
    assert doc_pr.xpath(".//*[local-name()='decorative']/@val") == ["1"]


# -- styles -----------------------------------------------------------------------

STYLE_NAMES = {
    "Normal": "Normal", "Title": "Title", "Subtitle": "Subtitle", "Heading1": "heading 1",
    "Heading6": "heading 6", "ListBullet": "List Bullet", "ListNumber": "List Number",
    "Quote": "Quote", "Caption": "caption", "FootnoteText": "footnote text",
    "FootnoteReference": "footnote reference", "Hyperlink": "Hyperlink", "TOC1": "toc 1",
    "TOC3": "toc 3", "TOCHeading": "TOC Heading",
}


def test_named_styles_exist_with_builtin_names(rich: bytes) -> None:
    styles = xml(rich, "word/styles.xml")
    for sid, name in STYLE_NAMES.items():
        assert styles.xpath(f"//w:style[@w:styleId='{sid}']/w:name/@w:val",
                            namespaces=NS) == [name], sid
    assert styles.xpath("//w:style[@w:styleId='Hyperlink']/@w:type", namespaces=NS) == ["character"]


def test_fonts_have_no_theme_attributes_and_name_every_script(rich: bytes) -> None:
    styles = xml(rich, "word/styles.xml")
    for r_fonts in styles.iter(f"{W}rFonts"):
        assert not any(a.endswith("Theme") or a.endswith("theme") for a in r_fonts.attrib)
    title = styles.xpath("//w:style[@w:styleId='Title']//w:rFonts", namespaces=NS)[0]
    assert {title.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs")} == {"DejaVu Sans"}


def test_headings_title_captions_keep_with_next(rich: bytes) -> None:
    styles = xml(rich, "word/styles.xml")
    for sid in ("Title", "Heading1", "Heading3", "Caption"):
        assert styles.xpath(f"//w:style[@w:styleId='{sid}']/w:pPr/w:keepNext", namespaces=NS), sid


def test_template_drives_style_values() -> None:
    t = template(headings=Headings(sizes=(20.0, 15.0), colour="#112233", uppercase_level1=True,
                                   rule_below_level1=True), justify=True)
    data, _ = render(Document(Meta(title="T"), (para("x"),)), t)
    styles = xml(data, "word/styles.xml")
    h1 = styles.xpath("//w:style[@w:styleId='Heading1']", namespaces=NS)[0]
    assert h1.xpath("w:rPr/w:sz/@w:val", namespaces=NS) == ["40"]
    assert h1.xpath("w:rPr/w:color/@w:val", namespaces=NS) == ["112233"]
    assert h1.xpath("w:rPr/w:caps", namespaces=NS) and h1.xpath("w:pPr/w:pBdr/w:bottom",
                                                                   namespaces=NS)
    assert styles.xpath("//w:style[@w:styleId='Normal']/w:pPr/w:jc/@w:val",
                        namespaces=NS) == ["both"]
    # the PDF's leading (size × line spacing) as the least line height, so both
    # formats set lines the same distance apart
    spacing = styles.xpath("//w:style[@w:styleId='Normal']/w:pPr/w:spacing", namespaces=NS)[0]
    assert spacing.get(f"{{{NS['w']}}}line") == str(round(20 * t.fonts.size * t.fonts.line_spacing))
    assert spacing.get(f"{{{NS['w']}}}lineRule") == "atLeast"


def test_language_is_set(rich: bytes) -> None:
    styles = xml(rich, "word/styles.xml")
    assert styles.xpath("//w:docDefaults//w:lang/@w:val", namespaces=NS) == ["en-US"]  # "en" is US English, as the PDF hyphenation patterns


def test_quote_and_definition_styles(rich: bytes) -> None:
    body = xml(rich, "word/document.xml")
    used = set(body.xpath("//w:pStyle/@w:val", namespaces=NS))
    assert {"Quote", "DefinitionTerm", "Definition", "SourceCode", "BriefRule",
            "ListBullet", "ListNumber", "Caption", "Heading1", "Heading2"} <= used


def test_opening_none_starts_with_body() -> None:
    data, _ = render(Document(Meta(title="T"), (para("First words"),)),
                     template(opening=Opening(style="none")))
    first = xml(data, "word/document.xml").xpath("//w:body/w:p[1]//w:t/text()", namespaces=NS)
    assert first == ["First words"]


# -- column widths -------------------------------------------------------------------

def test_column_widths_fill_the_width_and_keep_short_texts_whole() -> None:
    from briefgen.docx.tables import column_widths

    widths = column_widths([["지역 10", "지역 11"], ["40"], ["long text " * 30]], 450.0)
    assert abs(sum(widths) - 450.0) < 1e-6
    assert widths[0] >= 7 * 5.2  # "지역 10" is 7 wide: not wrapped
    assert widths[2] > widths[0] > widths[1] * 0.5
    narrow = column_widths([["x"], ["y"]], 400.0)
    assert narrow == [200.0, 200.0]
