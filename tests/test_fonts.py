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
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    folders = (fonts.SHIPPED_DIR,)
    first = fonts.Library(folders)
    assert (tmp_path / "cache").is_dir()
    import fontTools.ttLib

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("a font file was opened although the cache knows it")

    monkeypatch.setattr(fontTools.ttLib, "TTFont", refuse)
    second = fonts.Library(folders)
    assert second.names() == first.names()
    face = second.family("Liberation Serif").regular
    assert ord("Ж") in fonts.fontscan.coverage(face)


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
