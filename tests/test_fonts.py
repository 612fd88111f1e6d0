"""Fonts: found by family name, substituted with one warning, shipped, cached,
fallback by script, CFF faces embedded as TrueType; `briefgen init` and `fonts`.

Every PDF is read back with pikepdf (embedded fonts) and pypdfium2 (text)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from briefgen import fonts

MULTI = """---
title: "Many Scripts"
date: 2026-01-15
language: en
audiences: [{template}]
---

## Names

Latin: Beijing and Tokyo. Greek: Αθήνα. Cyrillic: Москва.

Arabic: مرحبا بالعالم

Hebrew: שלום עולם

Chinese: 北京欢迎你

Japanese: 東京へようこそ

Korean: 서울에 오신 것을 환영합니다

Devanagari: नमस्ते दुनिया

Thai: สวัสดีชาวโลก
"""


def run(*args: str, cwd: Path | None = None, env: dict | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600, env={**os.environ, **(env or {})})


def embedded(pdf: Path) -> dict[str, pikepdf.Dictionary]:
    """BaseFont (without subset tag) → font dictionary, over every page."""
    out = {}
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                out[str(font.BaseFont).split("+")[-1]] = font
                descriptor = font.get("/FontDescriptor", {})
                assert "/FontFile2" in descriptor, f"{font.BaseFont} is not embedded as TrueType"
    return out


def page_text(pdf: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(pdf))
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def house(tmp_path: Path, body: str, heading: str | None = None) -> Path:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "house.yaml").write_text(
        f'name: house\ndescription: d\nextends: default\nfonts:\n  body: "{body}"\n'
        f'  heading: "{heading or body}"\n', encoding="utf-8")
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: House\naudiences: [house]\n---\n\n## One\n\nSome text.\n",
                     encoding="utf-8")
    return brief


def test_a_missing_family_builds_with_one_warning(tmp_path: Path) -> None:
    brief = house(tmp_path, "Nonexistent Serif", "Nonexistent Grotesk")
    result = run("build", str(brief), "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "not installed" in line]
    assert len(warnings) == 1, result.stderr
    assert "Nonexistent Serif (using Liberation Serif)" in warnings[0]
    assert "Nonexistent Grotesk (using Liberation Sans)" in warnings[0]
    names = embedded(tmp_path / "out" / "b-house.pdf")
    assert "LiberationSerif" in names and "LiberationSans-Bold" in names
    assert "Some text." in page_text(tmp_path / "out" / "b-house.pdf")


def test_an_installed_family_briefgen_never_heard_of_is_embedded(tmp_path: Path) -> None:
    if fonts.library().family("Noto Serif") is None:
        pytest.skip("Noto Serif is not installed (Debian package fonts-noto-core)")
    brief = house(tmp_path, "Noto Serif")
    result = run("build", str(brief), "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0 and "not installed" not in result.stderr, result.stderr
    assert {"NotoSerif-Regular", "NotoSerif-Bold"} <= set(embedded(tmp_path / "out" / "b-house.pdf"))


def test_project_fonts_folder_wins(tmp_path: Path) -> None:
    """A font file in the project's fonts/ is found by its family name."""
    (tmp_path / "fonts").mkdir()
    shutil.copy(fonts.SHIPPED_DIR / "liberation" / "LiberationMono-Regular.ttf",
                tmp_path / "fonts")
    brief = house(tmp_path, "Liberation Mono")
    result = run("fonts", "liberation mono", cwd=tmp_path)
    assert str(tmp_path / "fonts") in result.stdout
    assert run("build", str(brief), "-o", "out", "-q", cwd=tmp_path).returncode == 0
    assert "LiberationMono" in embedded(tmp_path / "out" / "b-house.pdf")


def test_a_machine_without_fonts_builds_every_template(tmp_path: Path, monkeypatch) -> None:
    """Only the shipped fonts: every template builds, warning about what it lacks."""
    from briefgen.build import Options, build
    from briefgen.diagnostics import Reporter

    monkeypatch.setattr(fonts, "system_folders", lambda: [])
    monkeypatch.delenv("BRIEFGEN_FONT_PATH", raising=False)
    fonts.library.cache_clear()
    try:
        lib = fonts.library()
        assert set(lib.names()) == {"Liberation Serif", "Liberation Sans", "Liberation Mono"}
        brief = tmp_path / "b.md"
        brief.write_text("---\ntitle: T\naudiences: [default, exam, executive, legal, public]\n"
                         "---\n\n## One\n\nText, Αθήνα, Москва, `code`.\n", encoding="utf-8")
        reporter = Reporter()
        build([brief], Options(output=tmp_path / "out"), reporter)
        assert not reporter.errors, reporter.errors
        assert len(list((tmp_path / "out").glob("*.pdf"))) == 5
    finally:
        fonts.library.cache_clear()


def test_fallback_by_script_and_cff_faces(tmp_path: Path) -> None:
    lib = fonts.library()
    needed = {"Noto Serif CJK SC": "fonts-noto-cjk", "Noto Sans Arabic": "fonts-noto-core"}
    for family, package in needed.items():
        if lib.family(family) is None:
            pytest.skip(f"{family} is not installed (Debian package {package})")
    (tmp_path / "b.md").write_text(MULTI.format(template="default"), encoding="utf-8")
    result = run("build", "b.md", "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "glyph" not in result.stderr, result.stderr
    pdf = tmp_path / "out" / "b-default.pdf"
    names = set(embedded(pdf))
    assert any(n.startswith("NotoSerifCJK") for n in names), names  # a CFF face, as TrueType
    text = page_text(pdf)
    for line in ("Greek: Αθήνα", "Cyrillic: Москва", "北京欢迎你", "東京へようこそ",
                 "서울에 오신 것을 환영합니다", "สวัสดีชาวโลก"):
        assert line in text
    docx = (tmp_path / "out" / "b-default.docx").read_bytes()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode()
    assert 'w:eastAsia="NanumMyeongjo"' in xml or 'w:eastAsia="Noto Serif CJK' in xml
    assert 'w:cs="Noto Serif Thai"' in xml or 'w:cs="Noto Sans Thai"' in xml


def test_fallback_faces_are_read_only_when_needed() -> None:
    """A brief without Korean never registers (reads) a Korean face."""
    from briefgen.pdf.fonts import FontSet

    fs = FontSet("Liberation Serif", "Liberation Sans", "Liberation Mono", ("NanumMyeongjo",))
    fs.runs("Plain English.", fs.body, False, False, [])
    assert set(fs._faces) == {"Liberation Serif"}


def test_the_index_cache_answers_without_opening_fonts(monkeypatch, tmp_path: Path) -> None:
    def fresh_process() -> None:  # what a new process starts with: nothing in memory
        fonts.folder_faces.cache_clear()
        fonts._index.cache_clear()
        fonts.coverage.cache_clear()

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    folders = (fonts.SHIPPED_DIR,)
    fresh_process()
    first = fonts.Library(folders)
    assert (tmp_path / "cache").is_dir()
    fresh_process()
    import fontTools.ttLib

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("a font file was opened although the cache knows it")

    monkeypatch.setattr(fontTools.ttLib, "TTFont", refuse)
    second = fonts.Library(folders)
    assert second.names() == first.names()
    face = second.family("Liberation Serif").regular
    assert ord("Ж") in fonts.fontscan.coverage(face)
    monkeypatch.undo()
    fresh_process()


def test_init_writes_a_project_that_builds(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    project = tmp_path / "p"
    assert run("init", str(project)).returncode == 0
    for name in ("sources/example.md", "templates/house.yaml", "Makefile", ".gitignore",
                 "README.md"):
        assert (project / name).is_file()
    assert (project / "handouts").is_dir()
    made = subprocess.run(["make"], cwd=project, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    assert {p.name for p in (project / "output").glob("*.pdf")} == {
        "example-house.pdf", "example-executive.pdf"}
    again = run("init", str(project))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_unknown_template_names_where_it_looked(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\n---\n\nText.\n", encoding="utf-8")
    result = run("build", str(brief), "--template", "nosuch", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "looked in: templates" in result.stderr and "default, exam" in result.stderr


def _multi(tmp_path: Path) -> tuple[Path, Path]:
    lib = fonts.library()
    for family, package in {"Noto Serif CJK SC": "fonts-noto-cjk",
                            "Noto Sans Devanagari": "fonts-noto-core"}.items():
        if lib.family(family) is None:
            pytest.skip(f"{family} is not installed (Debian package {package})")
    (tmp_path / "b.md").write_text(MULTI.format(template="default"), encoding="utf-8")
    assert run("build", "b.md", "-o", "out", "-q", cwd=tmp_path).returncode == 0
    return tmp_path / "out" / "b-default.pdf", tmp_path / "out" / "b-default.docx"


def test_shaped_scripts_join_and_keep_their_logical_text(tmp_path: Path) -> None:
    """Arabic letters are drawn in their joined (initial/medial/final) forms, and each
    shaped paragraph carries its text in logical order as /ActualText: on its marked
    content for left-to-right scripts, on its structure element for right-to-left ones
    (whose glyphs readers put back in order themselves, see tests/test_rtl.py)."""
    import re
    import unicodedata

    from pypdf import PdfReader

    pdf, _docx = _multi(tmp_path)
    glyph_text = PdfReader(pdf).pages[0].extract_text()
    forms = {unicodedata.name(c, "x x").split()[-2] for c in glyph_text
             if 0xFE70 <= ord(c) <= 0xFEFF}
    assert {"INITIAL", "FINAL"} <= forms, forms
    with pikepdf.open(pdf) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
        actual = [bytes(op.operands[1]["/ActualText"]).decode("utf-16")
                  for op in ops if str(op.operator) == "BDC"
                  and isinstance(op.operands[1], pikepdf.Dictionary)
                  and "/ActualText" in op.operands[1]]
    source = [line for line in MULTI.splitlines() if re.match(r"(Devanagari|Thai):", line)]
    assert actual == source
    import pdfplumber

    def elements(items: list) -> list:
        return [e for item in items for e in [item, *elements(item.get("children", []))]]

    with pdfplumber.open(pdf) as doc:
        logical = [e.get("actual_text") for e in elements(doc.structure_tree)]
    assert [line for line in MULTI.splitlines() if re.match(r"(Arabic|Hebrew):", line)] \
        == [t for t in logical if t and t.startswith(("Arabic", "Hebrew"))]
    pdfium = pytest.importorskip("pypdfium2")
    text = pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    assert "Devanagari: नमस्ते दुनिया" in text and "Thai: สวัสดีชาวโลก" in text


def test_right_to_left_paragraphs_in_both_formats(tmp_path: Path) -> None:
    import zipfile

    if fonts.library().fallback(ord("ا"), "serif") is None:
        pytest.skip("no installed font has Arabic (Debian package fonts-noto-core)")
    words = " ".join(["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة"] * 12)
    (tmp_path / "ar.md").write_text(f"---\ntitle: موجز\nlanguage: ar\n---\n\n## مقدمة\n\n{words}\n",
                                    encoding="utf-8")
    result = run("build", "ar.md", "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "ar-default.docx") as package:
        xml = package.read("word/document.xml").decode()
    body = xml[xml.index("واحد اثنان") - 600:xml.index("واحد اثنان")]
    assert "<w:bidi/>" in body and "<w:rtl/>" in body
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(str(tmp_path / "out" / "ar-default.pdf"))[0]
    textpage = page.get_textpage()
    width = page.get_width()
    # every line of the paragraph ends at the right margin, as right-to-left text does
    rights = [textpage.get_charbox(i)[2] for i in range(textpage.count_chars())
              if "\u0600" <= textpage.get_text_range(i, 1) <= "\u06ff"]
    assert rights and max(rights) > width * 0.8


def test_chinese_breaks_between_characters(tmp_path: Path) -> None:
    if fonts.library().fallback(ord("中"), "serif") is None:
        pytest.skip("no installed font has Chinese (Debian package fonts-noto-cjk)")
    text = "中华人民共和国" * 30
    (tmp_path / "zh.md").write_text(f"---\ntitle: T\nlanguage: zh\n---\n\n{text}\n",
                                    encoding="utf-8")
    assert run("build", "zh.md", "-o", "out", "-q", "-f", "pdf", cwd=tmp_path).returncode == 0
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(str(tmp_path / "out" / "zh-default.pdf"))[0]
    lines = [line for line in page.get_textpage().get_text_range().splitlines()
             if "中" in line or "国" in line]
    assert len(lines) >= 3  # one "word" of 210 characters, broken over several lines
    assert "".join(line.strip() for line in lines) == text


def font_files_opened(brief: Path, out: Path) -> list[Path]:
    """The font files a whole ``briefgen build BRIEF -t legal -f pdf`` process opened."""
    script = ("import sys\n"
              "opened = []\n"
              "def hook(event, args):\n"
              "    if event == 'open' and isinstance(args[0], str) and args[0].lower().endswith("
              "('.ttf', '.otf', '.ttc')):\n"
              "        opened.append(args[0])\n"
              "sys.addaudithook(hook)\n"
              "from briefgen.cli import main\n"
              "main(['build', sys.argv[1], '-t', 'legal', '--format', 'pdf', '-o', sys.argv[2],"
              " '-q'])\n"
              "print('\\n'.join(opened))\n")
    result = subprocess.run([sys.executable, "-c", script, str(brief), str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return [Path(p) for p in result.stdout.split()]


def test_a_whole_build_reads_only_the_font_files_its_text_needs(tmp_path: Path) -> None:
    """A whole process building a brief with no code and no Korean opens neither the
    monospace font nor a Korean one (what ``make profile`` lists, here as a test)."""
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Plain\ndate: 2026-01-15\n---\n\n## Introduction\n\nPlain "
                     "**English** text.\n", encoding="utf-8")
    opened_paths = font_files_opened(brief, tmp_path / "out")
    opened = [p.name.lower() for p in opened_paths]
    assert (tmp_path / "out" / "b-legal.pdf").exists()
    assert opened and not [p for p in opened if "mono" in p or "nanum" in p or "cjk" in p]


def test_a_blank_the_template_font_lacks_reads_no_bold_fallback_face(tmp_path: Path) -> None:
    """Issue 17: the legal template's numbered headings put an em space between number and
    title; where the template's family has no em space, the blank comes from a fallback
    family's regular face (a blank glyph is as wide in any face), so a build never opens a
    bold or italic face of a family the template does not name for a space."""
    from fontTools.ttLib import TTFont

    from briefgen.fonts import library
    from briefgen.template.loader import load_template

    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Plain\ndate: 2026-01-15\n---\n\n## Introduction\n\nPlain "
                     "text.\n\n## Background\n\nMore *plain* text.\n", encoding="utf-8")
    opened_paths = font_files_opened(brief, tmp_path / "out")
    assert (tmp_path / "out" / "b-legal.pdf").exists()
    fonts = load_template("legal").fonts
    own = {Path(face.path).resolve() for name in (fonts.body, fonts.heading)
           for face in library().resolve(name).faces().values()}
    others = {p.resolve() for p in opened_paths} - own
    for path in others:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            assert not font["head"].macStyle & 0b11, f"{path.name}: a bold or italic fallback face"


def test_harfbuzz_reads_what_fonttools_reads(tmp_path: Path) -> None:
    """The font scan reads names and coverage with HarfBuzz (issue 17: a first build with
    hundreds of system fonts); on the shipped fonts it sees exactly the family, style,
    weight, code points and advance widths fontTools reads, and a file that is no font is
    skipped."""
    from fontTools.ttLib import TTFont

    from briefgen import fontfaces

    files = sorted(fonts.SHIPPED_DIR.rglob("*.ttf"))
    assert files
    for path in files:
        [(info, cps)] = fontfaces.read_faces(path)
        with TTFont(path, lazy=True) as font:
            cmap = {cp for cp, g in font.getBestCmap().items() if g != ".notdef"}
            assert cps == sorted(cmap)
            assert info["family"] == font["name"].getDebugName(1)
            assert info["style"] == font["name"].getDebugName(2)
            assert info["weight"] == font["OS/2"].usWeightClass
            assert info["italic"] == bool(font["head"].macStyle & 2)
            widths, missing = fontfaces.advances(str(path), 0)
            scale = 1000 / font["head"].unitsPerEm
            hmtx = font["hmtx"].metrics
            assert widths == {cp: hmtx[g][0] * scale for cp, g in font.getBestCmap().items()}
            assert missing == hmtx[font.getGlyphOrder()[0]][0] * scale
    junk = tmp_path / "fonts" / "junk.ttf"
    junk.parent.mkdir()
    junk.write_bytes(b"\x00\x01\x00\x00 not really a font")
    truncated = tmp_path / "fonts" / "half.ttf"
    truncated.write_bytes(files[0].read_bytes()[:2000])
    assert fontfaces.read_faces(junk) == [] and fontfaces.read_faces(truncated) == []
