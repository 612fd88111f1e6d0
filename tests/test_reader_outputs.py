"""What an author's editor previews is what the brief prints: list shapes read back from
both outputs, and diagnostics at the exact place, from ``check`` and from ``build``.

The list shapes are the ones Python-Markdown used to mis-read: six bullets each with an
indented "For example:" paragraph (the exam model answer), lists nested with two spaces, a
list right after a paragraph line.  The DOCX is read back by pandoc, the PDF through its
structure tree (L / LI / LBody) with pikepdf.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypandoc
import pytest
from conftest import without_font_notes

ROOT = Path(__file__).resolve().parents[1]

POINTS = ["Enhanced military capabilities", "Increased arms trade", "Regional destabilisation",
          "Global security threats", "Sanctions and international law", "Allied policies"]

LISTS_BRIEF = "---\ntitle: Lists\ndate: 2026-01-15\n---\n\n## Implications\n\n" + "".join(
    f"- **{point}:** the pact changes this.\n\n  For example: a case about {point.lower()}.\n\n"
    for point in POINTS) + (
    "## Nesting\n\n- alpha\n  - beta\n  - gamma\n- delta\n\n"
    "## Right after a line\n\nThe measures are listed directly:\n- first measure\n- second measure\n")

EXPECTED = [("L", [[] for _ in POINTS]), ("L", [[("L", [[], []])], []]), ("L", [[], []])]
"""Three lists: six flat items; two items, the first holding a two-item list; two items."""


def _build(tmp_path: Path, text: str, *command: str) -> subprocess.CompletedProcess[str]:
    brief = tmp_path / "brief.md"
    brief.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "briefgen", *command, str(brief), "-t", "default",
                           *(["--output", str(tmp_path / "out")] if command[0] == "build" else [])],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("lists")
    result = _build(tmp, LISTS_BRIEF, "build")
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def _pdf_lists(element: pikepdf.Dictionary) -> list:
    """The lists under ``element`` in the structure tree, each as ("L", [nested lists per LI])."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    out: list = []
    for kid in kids:
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        if kid.S == "/L":
            items = [k for k in (list(kid.K) if isinstance(kid.K, pikepdf.Array) else [kid.K])
                     if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/LI"]
            out.append(("L", [_pdf_lists(item) for item in items]))
        else:
            out.extend(_pdf_lists(kid))
    return out


def test_pdf_structure_tree_has_the_lists_commonmark_reads(built: Path) -> None:
    with pikepdf.open(io.BytesIO((built / "brief-default.pdf").read_bytes())) as pdf:
        assert _pdf_lists(pdf.Root.StructTreeRoot) == EXPECTED


def _pandoc_lists(blocks: list[dict]) -> list:
    out: list = []
    for block in blocks:
        if block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            out.append(("L", [_pandoc_lists(item) for item in items]))
    return out


def _inline_text(inlines: list[dict]) -> str:
    out = []
    for inline in inlines:
        if inline["t"] == "Str":
            out.append(inline["c"])
        elif inline["t"] in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif inline["t"] in ("Strong", "Emph", "Strikeout", "Superscript", "Subscript"):
            out.append(_inline_text(inline["c"]))
        elif inline["t"] in ("Link", "Span"):
            out.append(_inline_text(inline["c"][1]))
    return "".join(out)


def _words(blocks: list[dict]) -> str:
    return " ".join(_inline_text(b["c"]) for b in blocks if b["t"] in ("Para", "Plain"))


def _section(blocks: list[dict], title: str) -> list[dict]:
    """The blocks after the heading ``title`` up to the next heading."""
    start = next(i for i, b in enumerate(blocks) if b["t"] == "Header" and _words(
        [{"t": "Para", "c": b["c"][2]}]) == title) + 1
    end = next((i for i in range(start, len(blocks)) if blocks[i]["t"] == "Header"), len(blocks))
    return blocks[start:end]


def test_pandoc_reads_the_same_lists_from_the_docx(built: Path) -> None:
    """pandoc reads nesting and the list after a line as CommonMark does.  A list item's
    second paragraph has no DOCX form pandoc reads back (Word shows it indented under its
    item; pandoc's own DOCX loses it the same way), so for the six points pandoc must find
    each point and then its example, in order; the XML test below checks the indentation."""
    native = json.loads(pypandoc.convert_file(str(built / "brief-default.docx"), "json"))
    blocks = native["blocks"]
    assert _pandoc_lists(_section(blocks, "Nesting")) == [EXPECTED[1]]
    assert _pandoc_lists(_section(blocks, "Right after a line")) == [EXPECTED[2]]
    texts = []
    for block in _section(blocks, "Implications"):
        if block["t"] == "BulletList":
            texts += ["• " + _words(item) for item in block["c"]]
        else:
            texts.append(_words(block["c"] if block["t"] == "BlockQuote" else [block]))
    assert texts == [t for p in POINTS for t in (
        f"• {p}: the pact changes this.", f"For example: a case about {p.lower()}.")]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_keeps_the_six_points_one_list_with_their_examples_inside(built: Path) -> None:
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(built / "brief-default.docx") as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    paragraphs = [(p, "".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p")]
    first = next(i for i, (_, text) in enumerate(paragraphs) if text.startswith(POINTS[0]))
    points = paragraphs[first: first + 2 * len(POINTS)]
    num_ids = {p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p, _ in points[::2]}
    assert len(num_ids) == 1  # one list, not six
    num = numbering.find(f"{W}num[@{W}numId='{num_ids.pop()}']")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId="
                              f"'{num.find(f'{W}abstractNumId').get(f'{W}val')}']")
    text_indent = abstract.find(f"{W}lvl[@{W}ilvl='0']/{W}pPr/{W}ind").get(f"{W}left")
    for (item, item_text), (example, example_text) in zip(points[::2], points[1::2]):
        assert example_text.startswith("For example") and item_text.split(":")[0] in POINTS
        assert example.find(f"{W}pPr/{W}numPr") is None  # no bullet of its own
        assert example.find(f"{W}pPr/{W}ind").get(f"{W}left") == text_indent


FAULTS_BRIEF = """---
title: Faults
date: 2026-01-15
---

## Introduction

- outer item
  - inner item with <span>markup</span>

| Name | Source |
|------|--------|
| Pact | cited[^nowhere] |

> A quotation with ![a remote chart](https://example.org/c.png) inside.

A sentence with a note.[^n]

[^n]: The note's body has <i>tags</i> in it.
"""


def test_faults_inside_containers_are_placed_exactly(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    lines = FAULTS_BRIEF.split("\n")

    def at(needle: str) -> str:
        number = next(i for i, line in enumerate(lines) if needle in line)
        return f"{path}:{number + 1}:{lines[number].index(needle) + 1}"

    expected = [
        f"{at('<span>')}: warning: raw HTML '<span>' is shown as text, not interpreted",
        f"{at('[^nowhere]')}: warning: footnote [^nowhere] has no definition; shown as written",
        f"{at('![a remote')}: warning: remote image 'https://example.org/c.png' is never "
        "fetched; its alt text is shown instead",
        f"{at('<i>')}: warning: raw HTML '<i>' is shown as text, not interpreted",
    ]
    assert [e.split(": warning")[0].split(":", 1)[1] for e in expected] == [
        "9:21", "13:15", "15:20", "19:27"]  # the places, spelled out once
    check = _build(tmp_path, FAULTS_BRIEF, "check")
    assert check.stderr.splitlines() == expected
    build = _build(tmp_path, FAULTS_BRIEF, "build")
    assert build.returncode == 0
    assert sorted(without_font_notes(build.stderr).splitlines()) == sorted(expected)


def test_a_warning_about_the_language_names_its_line(tmp_path: Path) -> None:
    """Writers' warnings name the real place too: here the front matter's ``language:``."""
    result = _build(tmp_path, "---\ntitle: T\ndate: 2026-01-15\nlanguage: ko\n---\n\nText.\n",
                    "build")
    path = tmp_path / "brief.md"
    assert f"{path}:4:11: warning: no hyphenation patterns for language 'ko'; the PDF is not " \
           "hyphenated" in result.stderr.splitlines()
