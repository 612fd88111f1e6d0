"""Right-to-left text in both formats, read back as readers do.

One brief mixes Latin, Arabic and Hebrew in body text, a list, a table cell, a
footnote and a heading, built with the ``legal`` template (justified text,
numbered paragraphs, a contents list).  The PDF is read with pdfplumber
(glyph positions, the structure tree's /ActualText), pypdf and poppler's
pdftotext (text in reading order); the DOCX as XML and through LibreOffice.
A ``.ttc`` collection's second face is shaped and embedded as itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from briefgen import fonts

BRIEF = """---
title: "Mixed Scripts"
date: 2026-01-15
language: en
audiences: [legal]
---

## Overview

Latin text before. مرحبا بالعالم and שלום עולם in a Latin paragraph.

## عنوان عربي

هذه فقرة عربية طويلة تحتوي على كلمات كثيرة لكي تمتد على أكثر من سطر واحد في الصفحة وتختبر الضبط من الجهتين عند الحاجة إلى ذلك في القالب القانوني الذي يضبط النص. وهذه جملة أخرى طويلة بعض الشيء لكي يستمر النص.[^1]

זוהי פסקה בעברית שמכילה מילים רבות כדי שתתפרש על פני יותר משורה אחת בעמוד ותבדוק יישור לשני הצדדים כאשר התבנית מיישרת את הטקסט.

- البند الأول في القائمة
- הפריט השני ברשימה
- Third item in Latin

| Name | Value |
|------|-------|
| القاهرة | עיר |
| Paris | ville |

[^1]: حاشية باللغة العربية.
"""

ARABIC_PARA = "هذه فقرة عربية طويلة تحتوي على كلمات كثيرة"
PROBES = {
    "Latin paragraph": "Latin text before. مرحبا بالعالم and שלום עולם in a Latin paragraph.",
    "heading": "عنوان عربي",
    "Arabic paragraph": "هذه فقرة عربية طويلة تحتوي على كلمات كثيرة لكي تمتد على أكثر من سطر "
                        "واحد في الصفحة وتختبر الضبط من الجهتين عند الحاجة إلى ذلك في القالب "
                        "القانوني الذي يضبط النص. وهذه جملة أخرى طويلة بعض الشيء لكي يستمر النص",
    "Hebrew paragraph": "זוהי פסקה בעברית שמכילה מילים רבות כדי שתתפרש על פני יותר משורה אחת "
                        "בעמוד ותבדוק יישור לשני הצדדים כאשר התבנית מיישרת את הטקסט.",
    "list item (Arabic)": "البند الأول في القائمة",
    "list item (Hebrew)": "הפריט השני ברשימה",
    "table cell": "القاهرة",
    "footnote": "حاشية باللغة العربية.",
}


def _letters(text: str) -> str:
    """The letters of ``text`` in order, after NFKC (joined Arabic forms are
    compatibility characters of the plain letters).  Spaces, punctuation and
    digits are left out: where a reader puts the space after a right-to-left run,
    a sentence's final full stop or a note mark drawn at the left end of a
    right-to-left line is its own guess (pypdf puts them first), not the order
    of the text."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalpha())


def _in_order(probe: str, text: str) -> bool:
    """Whether the letters of ``probe`` occur in ``text`` in the same order."""
    return _letters(probe) in _letters(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    lib = fonts.library()
    for char, package in (("ا", "fonts-noto-core"), ("ש", "fonts-noto-core")):
        if lib.fallback(ord(char), "serif") is None:
            pytest.skip(f"no installed font has {unicodedata.name(char).split()[0].title()} "
                        f"(Debian package {package})")
    folder = tmp_path_factory.mktemp("rtl")
    (folder / "mix.md").write_text(BRIEF, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", "mix.md", "-o", "out",
                             "-q"], cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "out" / "mix-legal.pdf", folder / "out" / "mix-legal.docx"


def _lines(pdf: Path) -> dict[float, list[dict]]:
    """Characters of page 1 by line, top to bottom (baselines within 4 pt are one
    line: a note mark sits a little higher)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        chars = sorted(doc.pages[0].chars, key=lambda c: -c["matrix"][5])  # by baseline
    lines: dict[float, list[dict]] = defaultdict(list)
    key = None
    for char in chars:
        if key is None or key - char["matrix"][5] > 4:
            key = char["matrix"][5]
        lines[-key].append(char)
    return lines


def _visual(chars: list[dict]) -> str:
    """A line's text as a reader of the page sees it, right to left."""
    return unicodedata.normalize("NFKC", "".join(
        c["text"] for c in sorted(chars, key=lambda c: -c["x0"])))


def test_rtl_paragraph_is_justified_and_reads_right_to_left(built) -> None:
    pdf, _docx = built
    lines = _lines(pdf)
    keys = sorted(lines)
    first = next(k for k in keys if "هذه فقرة عربية" in _visual(lines[k]))
    last = next(k for k in keys if "لكي يستمر النص" in _visual(lines[k]))
    body = [k for k in keys if first <= k <= last
            and any(unicodedata.bidirectional(c["text"]) == "AL" for c in lines[k])]
    assert len(body) >= 3, [_visual(lines[k]) for k in body]
    # its first word is at the right end of its first line
    assert _visual(lines[first]).lstrip("0123456789. ").startswith("هذه فقرة عربية")
    letters = {k: [c for c in lines[k] if c["text"].strip() and not c["text"].isdigit()
                   and c["text"] != "."] for k in body}
    lefts = [min(c["x0"] for c in letters[k]) for k in body]
    rights = [max(c["x1"] for c in letters[k]) for k in body]
    assert max(rights) - min(rights) < 1.5, rights  # every line ends at the right margin
    assert max(lefts[:-1]) - min(lefts[:-1]) < 1.5, lefts  # justified: full lines both sides
    assert lefts[-1] > lefts[0] + 20, lefts  # the last line keeps to the right


def test_rtl_list_markers_and_numbers_are_on_the_right(built) -> None:
    """A right-to-left list item has its bullet, a right-to-left numbered paragraph its
    number, at the right of its text; a Latin item keeps its bullet on the left."""
    pdf, _docx = built
    checked = set()
    for chars in _lines(pdf).values():
        letters = [c for c in chars if unicodedata.bidirectional(c["text"]) in ("R", "AL", "L")
                   and not c["text"].isdigit()]
        rtl = [c for c in letters if unicodedata.bidirectional(c["text"]) in ("R", "AL")]
        text = _visual(chars)
        if "•" in text:
            bullet = min(c["x0"] for c in chars if c["text"] == "•")
            if rtl:
                assert bullet > max(c["x1"] for c in letters), text
                checked.add("rtl item")
            else:
                assert bullet < min(c["x0"] for c in letters), text
                checked.add("latin item")
        elif rtl and re.search(r"^[23]\.", text.lstrip()) is None and (
                "هذه فقرة" in text or "זוהי" in text[::-1] or "זוהי" in text):
            digits = [c for c in chars if c["text"] in "23"]
            assert digits and min(c["x0"] for c in digits) > max(c["x1"] for c in rtl), text
            checked.add("number")
    assert checked == {"rtl item", "latin item", "number"}, checked


def test_extracted_text_is_in_logical_order(built) -> None:
    """pypdf and poppler put the visual glyphs back in reading order; pdfplumber reads
    the logical text from the structure tree (/ActualText).  No private-use code (a
    ligature's glyph) reaches the text."""
    import pdfplumber
    from pypdf import PdfReader

    pdf, _docx = built
    texts = {"pypdf": "\n".join(p.extract_text() for p in PdfReader(pdf).pages)}
    with pdfplumber.open(pdf) as doc:
        def walk(items: list) -> list[str]:
            return [t for e in items for t in [e.get("actual_text") or "",
                                               *walk(e.get("children", []))]]
        texts["pdfplumber structure tree"] = "\n".join(walk(doc.structure_tree))
    if shutil.which("pdftotext"):
        texts["pdftotext"] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                            text=True, check=True).stdout
    for reader, text in texts.items():
        probes = dict(PROBES)
        if reader == "pdftotext":
            # poppler picks one direction per page: on this page, mostly Arabic and Hebrew,
            # it reads the segments of the Latin paragraph's line right to left
            probes.pop("Latin paragraph")
        missing = [name for name, probe in probes.items() if not _in_order(probe, text)]
        assert not missing, f"{reader}: {missing}"
        assert not re.search("[\ue000-\uf8ff\ufffd]", text), reader
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; pypdf and pdfplumber checked")


def test_contents_entry_of_an_rtl_heading_is_shaped(built) -> None:
    """The contents list shows the heading joined and in order, as the heading is."""
    pdf, _docx = built
    lines = _lines(pdf)
    toc = [chars for chars in lines.values() if ". . . ." in _visual(chars)
           and any("\ufe70" <= c["text"] <= "\ufeff" for c in chars)]
    assert toc, "no contents entry shows joined Arabic letters"
    assert "عنوان عربي" in _visual(toc[0])


def test_docx_rtl_paragraphs_lists_and_notes(built) -> None:
    _pdf, docx = built
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode()
        notes = package.read("word/footnotes.xml").decode()
        styles = package.read("word/styles.xml").decode()

    def props(xml: str, text: str) -> str:
        at = xml.index(text)
        start = xml.rindex("<w:p>", 0, at) if "<w:p>" in xml[:at] else xml.rindex("<w:p ", 0, at)
        return xml[start:at]

    assert "<w:bidi/>" in props(body, "هذه فقرة")
    assert "<w:bidi/>" in props(body, "זוהי פסקה")
    item = props(body, "البند الأول")
    assert "<w:bidi/>" in item and "<w:numPr>" in item  # numbered (bulleted) right to left
    assert "<w:bidi/>" not in props(body, "Third item in Latin")
    assert "<w:bidi/>" in props(notes, "حاشية باللغة")
    assert "<w:bidi/>" in props(body, "القاهرة")
    # justified as the template says: the body style is justified, no paragraph overrides it
    assert 'w:jc w:val="both"' in styles
    assert "<w:jc " not in props(body, "هذه فقرة")


def test_docx_through_libreoffice_puts_rtl_markers_on_the_right(built, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _pdf, docx = built
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], capture_output=True, timeout=300, check=True)
    lines = _lines(tmp_path / "mix-legal.pdf")
    item = next(chars for chars in lines.values() if "ﺍﻟﺒﻨﺪ" in _visual(chars)
                or "البند" in _visual(chars))
    bullet = [c for c in item if c["text"] == "•"]
    words = [c for c in item if unicodedata.bidirectional(c["text"]) in ("R", "AL")]
    assert bullet and min(c["x0"] for c in bullet) > max(c["x1"] for c in words)


def test_a_collection_face_is_shaped_and_embedded_as_itself(tmp_path: Path) -> None:
    """A family at face 1 of a .ttc is shaped with face 1, not face 0 (Liberation Sans,
    which has no Hangul: reportlab 5.1 shaped with it and drew .notdef glyphs), in a
    paragraph that HarfBuzz shapes (Korean with a Hebrew word); its Korean and
    Japanese come out whole, embedded from that face."""
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib import TTFont as FTFont
    from pypdf import PdfReader

    from briefgen.pdf.cff import truetype_subset

    lib = fonts.library()
    jp = lib.family("Noto Sans CJK JP")
    if jp is None or lib.fallback(ord("ש"), "sans") is None:
        pytest.skip("Noto Sans CJK JP / a Hebrew font is not installed "
                    "(Debian packages fonts-noto-cjk, fonts-noto-core)")
    korean, japanese = "서울에 오신 것을 환영합니다", "東京へようこそ"
    chars = frozenset(map(ord, korean + japanese)) | frozenset(range(0x20, 0x7F))
    zero = FTFont(fonts.SHIPPED_DIR / "liberation" / "LiberationSans-Regular.ttf")
    one = FTFont(truetype_subset(jp.regular, chars))
    for face, family in ((zero, "Briefgen Zero"), (one, "Briefgen One")):
        for record in face["name"].names:
            if record.nameID in (1, 16):
                record.string = family
            elif record.nameID == 4:
                record.string = f"{family} Regular"
            elif record.nameID == 6:
                record.string = family.replace(" ", "") + "-Regular"
    (tmp_path / "fonts").mkdir()
    collection = TTCollection()
    collection.fonts = [zero, one]
    collection.save(tmp_path / "fonts" / "pair.ttc")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "house.yaml").write_text(
        'name: house\ndescription: d\nextends: default\nfonts:\n  body: "Briefgen One"\n'
        '  heading: "Briefgen One"\n', encoding="utf-8")
    (tmp_path / "b.md").write_text(
        f"---\ntitle: T\ndate: 2026-01-15\nlanguage: ko\naudiences: [house]\n---\n\n"
        f"{korean} שלום\n\n{japanese}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", "b.md", "-o", "out",
                             "-q", "-f", "pdf"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "b-house.pdf"
    text = PdfReader(pdf).pages[0].extract_text()
    assert korean in text and japanese in text, text
    assert "\ufffd" not in text and "\uffff" not in text
    import pikepdf

    with pikepdf.open(pdf) as doc:
        names = {str(f.BaseFont).split("+")[-1] for page in doc.pages
                 for f in (page.Resources.get("/Font") or {}).values()}
    assert any(name.startswith("BriefgenOne") for name in names), names


def test_hebrew_inside_a_chinese_paragraph_reads_right_to_left(tmp_path: Path) -> None:
    """A paragraph broken as CJK is not shaped; its Hebrew words are still drawn right
    to left (the first word at the right) and read back in order."""
    from pypdf import PdfReader

    lib = fonts.library()
    if lib.fallback(ord("中"), "serif") is None or lib.fallback(ord("ש"), "serif") is None:
        pytest.skip("no installed font has Chinese / Hebrew "
                    "(Debian packages fonts-noto-cjk, fonts-noto-core)")
    (tmp_path / "c.md").write_text("---\ntitle: T\nlanguage: zh\n---\n\n北京欢迎你 שלום עולם 北京\n",
                                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", "c.md", "-o", "out", "-q",
                             "-f", "pdf"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "c-default.pdf"
    line = next(chars for chars in _lines(pdf).values() if any(c["text"] == "ש" for c in chars))
    hebrew = [c for c in line if unicodedata.bidirectional(c["text"]) == "R"]
    assert "".join(c["text"] for c in sorted(hebrew, key=lambda c: -c["x0"])) == "שלוםעולם"
    assert _in_order("北京欢迎你 שלום עולם 北京", PdfReader(pdf).pages[0].extract_text())
