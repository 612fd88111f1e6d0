"""DOCX writer: every word, character and inline survives (python-docx, XML, pandoc)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pypandoc
import pytest

from briefgen.model import (Code, CodeBlock, Document, Image, Link, Meta, Paragraph, Text,
                            block_text, plain_text)
from briefgen.template.model import Notes, Opening, Toc
from test_docx_helpers import (NS, all_text, para, png, render, rich_document, template, words,
                               xml)


@pytest.fixture()
def rich(tmp_path: Path) -> tuple[Document, bytes, Path]:
    doc = rich_document(png(tmp_path / "chart.png"))
    data, _ = render(doc)
    path = tmp_path / "rich.docx"
    path.write_bytes(data)
    return doc, data, path


def _model_words(doc: Document) -> list[str]:
    texts = [block_text(b) for b in doc.blocks + doc.key_points]
    texts += [block_text(b) for n in doc.notes for b in n.blocks]
    texts += [plain_text(c) for b in doc.blocks if hasattr(b, "caption") and b.caption
              for c in [b.caption]]
    texts += [label + " " + plain_text(t) for b in doc.blocks if hasattr(b, "rows")
              and b.__class__.__name__ == "RecommendationTable" for label, t in b.rows]
    meta = doc.meta
    texts += [meta.title, meta.subtitle or "", *meta.authors, meta.organisation or ""]
    return words(" ".join(texts))


def test_every_word_of_the_model_is_in_the_docx(rich: tuple[Document, bytes, Path]) -> None:
    doc, data, _ = rich
    text = all_text(data)
    missing = [w for w in _model_words(doc) if w not in text]
    assert missing == []


def test_every_word_reaches_pandoc(rich: tuple[Document, bytes, Path]) -> None:
    doc, _, path = rich
    markdown = pypandoc.convert_file(str(path), "markdown",
                                     extra_args=["--wrap=none", "--standalone"])
    text = markdown.replace("~", "").replace("^", "").replace("\\", "")
    missing = [w for w in _model_words(doc) if w not in text]
    assert missing == []


def test_markup_characters_survive(rich: tuple[Document, bytes, Path]) -> None:
    _, data, path = rich
    assert "AT&T <tag> & more." in all_text(data)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert any("AT&T <tag> & more." in p for p in paragraphs)


def test_cyrillic_and_korean_survive(rich: tuple[Document, bytes, Path]) -> None:
    _, data, path = rich
    assert "Броня и вода. 물 안보 정책." in all_text(data)
    plain = pypandoc.convert_file(str(path), "plain", extra_args=["--wrap=none"])
    assert "Броня и вода. 물 안보 정책." in plain


def test_korean_brief_gets_hangul_east_asia_font_and_language(tmp_path: Path) -> None:
    doc = Document(Meta(title="물 안보 브리핑", language="ko"), (para("물 안보 정책을 검토한다."),))
    data, _ = render(doc)
    styles = xml(data, "word/styles.xml")
    normal_fonts = styles.xpath("//w:style[@w:styleId='Normal']/w:rPr/w:rFonts", namespaces=NS)[0]
    assert normal_fonts.get(f"{{{NS['w']}}}eastAsia") == "NanumGothic"
    assert normal_fonts.get(f"{{{NS['w']}}}ascii") == "DejaVu Serif"
    lang = styles.xpath("//w:docDefaults//w:lang", namespaces=NS)[0]
    assert lang.get(f"{{{NS['w']}}}val") == "ko-KR"
    assert lang.get(f"{{{NS['w']}}}eastAsia") == "ko-KR"
    assert "물 안보 정책을 검토한다." in all_text(data)


def test_inline_formatting_reads_back_in_pandoc(rich: tuple[Document, bytes, Path]) -> None:
    _, _, path = rich
    markdown = pypandoc.convert_file(str(path), "markdown", extra_args=["--wrap=none"])
    for expected in ("**most**", "*droughts*", "~~rare~~", "H~2~O", "m^3^", "`flow_rate()`",
                     "[the agency site](https://example.org/a?b=1&c=2)",
                     "[the options](#options)"):
        assert expected in markdown


def test_code_block_keeps_spaces_and_line_breaks(rich: tuple[Document, bytes, Path]) -> None:
    _, data, path = rich
    body = xml(data, "word/document.xml")
    code = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='SourceCode']", namespaces=NS)
    assert len(code) == 1
    assert len(code[0].xpath(".//w:br", namespaces=NS)) == 2
    assert "    return x * 2  # doubled" in code[0].xpath(".//w:t/text()", namespaces=NS)
    assert code[0].xpath(".//w:tab", namespaces=NS)
    native = json.loads(pypandoc.convert_file(str(path), "json"))
    code_blocks = [b for b in native["blocks"] if b["t"] == "CodeBlock"]
    assert code_blocks and "    return x * 2  # doubled" in code_blocks[0]["c"][1]


def test_inline_code_uses_the_mono_font() -> None:
    data, _ = render(Document(Meta(title="T"), (Paragraph((Code("x < y && z"),)),)))
    runs = xml(data, "word/document.xml").xpath(
        "//w:r[w:rPr/w:rStyle/@w:val='VerbatimChar']", namespaces=NS)
    assert ["x < y && z"] == ["".join(r.xpath(".//w:t/text()", namespaces=NS)) for r in runs]
    styles = xml(data, "word/styles.xml")
    fonts = styles.xpath("//w:style[@w:styleId='VerbatimChar']//w:rFonts", namespaces=NS)[0]
    assert fonts.get(f"{{{NS['w']}}}ascii") == "DejaVu Sans Mono"


def test_unknown_anchor_is_warned_and_kept_as_text() -> None:
    doc = Document(Meta(title="T"), (Paragraph((Text("See "), Link((Text("nowhere"),), "#nope"))),))
    data, reporter = render(doc)
    assert [d.message for d in reporter.warnings] == [  # briefgen.anchors' one message
        "link target '#nope' is not a heading, figure or recommendation id; shown as plain text"]
    body = xml(data, "word/document.xml")
    assert not body.xpath("//w:hyperlink", namespaces=NS)
    assert "See nowhere" in all_text(data)


def test_remote_image_shows_alt_text_in_brackets() -> None:
    doc = Document(Meta(title="T"), (Image("https://x.org/a.png", "A remote chart", None),))
    data, reporter = render(doc)
    body = xml(data, "word/document.xml")
    runs = body.xpath("//w:r[w:t='[A remote chart]']", namespaces=NS)
    assert runs and runs[0].xpath("w:rPr/w:i", namespaces=NS)
    assert not body.xpath("//w:drawing", namespaces=NS)


def test_unreadable_image_warns_and_keeps_alt(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    doc = Document(Meta(title="T"), (Image("broken.png", "Broken figure", broken),))
    data, reporter = render(doc)
    assert "[Broken figure]" in all_text(data)
    assert any("broken.png" in d.message for d in reporter.warnings)


def test_no_empty_paragraphs_from_empty_blocks() -> None:
    doc = Document(Meta(title="T"), (Paragraph(()), CodeBlock(""), para("Kept")))
    data, _ = render(doc, template(opening=Opening(style="none")))
    body = xml(data, "word/document.xml")
    paragraphs = body.xpath("/w:document/w:body/w:p", namespaces=NS)
    assert ["Kept"] == ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in paragraphs]


def test_control_characters_are_dropped_defensively() -> None:
    doc = Document(Meta(title="T"), (para("bad\x0bchar\x00s"),))
    data, reporter = render(doc, template(opening=Opening(style="none")))
    assert "badchars" in all_text(data)
    assert reporter.warnings


def test_endnotes_keep_every_note_word(tmp_path: Path) -> None:
    doc = rich_document(png(tmp_path / "c.png"))
    data, _ = render(doc, template(notes=Notes(placement="endnotes"), toc=Toc(enabled=True)))
    text = all_text(data)
    assert "Bureau of Statistics" in text and "Second note text." in text


def test_characters_the_body_font_lacks_get_the_fallback_family() -> None:
    """Caladea has no Cyrillic: those runs name the first fallback that has it, as the PDF
    writer does; so do Hangul runs (every script attribute names the family, w:eastAsia
    included); ASCII keeps the style's fonts."""
    from briefgen.docx.inlines import font_runs
    from briefgen.fonts import library
    from briefgen.template.model import Fonts, Template

    for family, package in (("Caladea", "fonts-crosextra-caladea"), ("NanumGothic", "fonts-nanum")):
        if library().family(family) is None:
            pytest.skip(f"{family} is not installed (Debian package {package}): which runs need "
                        "a fallback depends on the fonts' coverage")

    template = Template(name="t", description="", path=Path("t.yaml"),
                        fonts=Fonts(body="Caladea", fallback=("Liberation Serif", "NanumGothic")))
    assert font_runs("Plain text", template) == [("Plain text", None)]
    assert font_runs("Treaty «Договор о партнёрстве» 조약", template) == [
        ("Treaty «", None), ("Договор о партнёрстве", "Liberation Serif"), ("» ", None),
        ("조약", "NanumGothic")]
