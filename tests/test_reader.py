"""The reader: front matter and Markdown become the typed model, nothing lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image as PILImage

from briefgen import model as m
from briefgen.diagnostics import BriefError, Reporter
from briefgen.assemble import for_audience
from briefgen.reader import read_brief
from briefgen.walk import blocks_of, inlines_of

AUDIENCES = ("default", "exam", "executive", "legal", "public")


def read(tmp_path: Path, body: str, front: str = "title: Brief", audience: str = "default",
         reporter: Reporter | None = None) -> m.Document:
    path = tmp_path / "brief.md"
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return read_brief(path, audience, AUDIENCES, reporter or Reporter()).document


def texts(doc: m.Document) -> str:
    return " ".join(m.plain_text((i,)) for b in doc.blocks for i in inlines_of(b)
                    if isinstance(i, (m.Text, m.Code)))


def test_front_matter_fields(tmp_path: Path) -> None:
    doc = read(tmp_path, "Body.", "title: T\nsubtitle: S\nauthor: [A, B]\norganisation: O\n"
               "date: 2026-11-20\nclassification: OFFICIAL\nlanguage: ko\naudiences: [exam]\n"
               "keywords: [x, y]\nsummary: [one, two]")
    assert doc.meta == m.Meta("T", "S", ("A", "B"), "O", dt.date(2026, 11, 20), "OFFICIAL", "ko",
                              ("exam",), ("x", "y"), ("one", "two"), language_pos=m.Pos(8, 11))


def test_special_characters_are_verbatim(tmp_path: Path) -> None:
    doc = read(tmp_path, 'AT&T said x<y and a > b, "quoted" & \'single\'.\n')
    (para,) = doc.blocks
    assert m.plain_text(para.children) == "AT&T said x<y and a > b, “quoted” & ‘single’."


def test_raw_html_stays_literal_and_warns(tmp_path: Path) -> None:
    reporter = Reporter()
    doc = read(tmp_path, "Some <b>bold</b> and <script>alert(1)</script>.\n", reporter=reporter)
    assert "<b>bold</b>" in texts(doc) and "<script>alert(1)</script>" in texts(doc)
    assert [d.line for d in reporter.warnings] == [5]


def test_inline_kinds(tmp_path: Path) -> None:
    doc = read(tmp_path, "**b** *e* `c<d` ~~s~~ H~2~O x^2^ [l](https://a.b/?x=1&y=2) <https://c.d>"
               "  \nnext\n")
    kinds = {type(i).__name__ for i in inlines_of(doc.blocks[0])}
    assert kinds >= {"Strong", "Emphasis", "Code", "Strike", "Subscript", "Superscript", "Link",
                     "LineBreak", "Text"}
    links = [i.target for i in inlines_of(doc.blocks[0]) if isinstance(i, m.Link)]
    assert links == ["https://a.b/?x=1&y=2", "https://c.d"]


def test_lists_nest_and_keep_their_start(tmp_path: Path) -> None:
    doc = read(tmp_path, "1. a\n2. b\n    - c\n        1. d\n\nPara.\n\n3. e\n4. f\n")
    first, _, second = doc.blocks
    assert isinstance(first, m.ListBlock) and first.ordered and first.start == 1
    nested = first.items[1].blocks[1]
    assert isinstance(nested, m.ListBlock) and not nested.ordered
    assert isinstance(nested.items[0].blocks[1], m.ListBlock)
    assert isinstance(second, m.ListBlock) and second.start == 3


def test_table_alignment_and_header(tmp_path: Path) -> None:
    doc = read(tmp_path, "| A | B | C |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| x & y |\n")
    (table,) = doc.blocks
    assert table.aligns == (m.Align.LEFT, m.Align.CENTER, m.Align.RIGHT)
    assert len(table.header) == 1 and len(table.rows) == 2
    assert all(len(row) == 3 for row in table.rows)


def test_footnotes_numbered_in_reference_order(tmp_path: Path) -> None:
    doc = read(tmp_path, "A[^z] and B[^a] and A again[^z].\n\n[^a]: Second.\n[^z]: First.\n")
    refs = [i.number for i in inlines_of(doc.blocks[0]) if isinstance(i, m.NoteRef)]
    assert refs == [1, 2, 1]
    assert [m.plain_text(n.blocks[0].children) for n in doc.notes] == ["First.", "Second."]


def test_footnote_problems_warn(tmp_path: Path) -> None:
    reporter = Reporter()
    doc = read(tmp_path, "A[^missing].\n\n[^unused]: Never used.\n", reporter=reporter)
    assert "[^missing]" in texts(doc)
    messages = sorted(d.message for d in reporter.warnings)
    assert messages == ["footnote [^missing] has no definition; shown as written",
                        "footnote [^unused] is defined but never referenced; it is left out"]
    assert [d.line for d in reporter.warnings] == [5, 7]


def test_code_blocks_keep_their_text(tmp_path: Path) -> None:
    doc = read(tmp_path, "```python\nif a < b & c:\n    print('<x>')\n```\n")
    assert doc.blocks == (m.CodeBlock("if a < b & c:\n    print('<x>')", "python", m.Pos(5, 1)),)


def test_callout_and_definition_list(tmp_path: Path) -> None:
    doc = read(tmp_path, '!!! example "For instance"\n    Inside.\n\nNPT\n:   The treaty.\n')
    callout, dl = doc.blocks
    assert callout.kind == "example" and callout.title == "For instance"
    assert m.plain_text(dl.items[0].term) == "NPT"


def test_headings_levels_ids_roles_and_lines(tmp_path: Path) -> None:
    reporter = Reporter()
    doc = read(tmp_path, "## Introduction\n\nx\n\n#### Deep\n\n## 한국어 제목\n\n"
               "## Looking ahead {role=measures}\n", reporter=reporter)
    hs = doc.headings()
    assert [h.level for h in hs] == [1, 2, 1, 1]
    assert hs[2].id == "한국어-제목"
    assert hs[3].role == m.Role.MEASURES and m.plain_text(hs[3].children) == "Looking ahead"
    assert [h.pos.line for h in hs] == [5, 9, 11, 13]
    assert any("heading level jumps" in d.message for d in reporter.warnings)


def test_audience_blocks_are_divs_that_assemble_resolves(tmp_path: Path) -> None:
    body = "::: only executive\nExec.\n:::\n\n::: except executive\nOthers.\n:::\n"
    doc = read(tmp_path, body, audience="executive")
    only, others = doc.blocks
    assert only == m.Div((m.Paragraph((m.Text("Exec."),), pos=m.Pos(6, 1)),), only=("executive",),
                         pos=m.Pos(5, 1))
    assert others.exclude == ("executive",) and others.pos == m.Pos(9, 1)
    assert texts(for_audience(doc)) == "Exec."
    assert texts(for_audience(read(tmp_path, body, audience="legal"))) == "Others."


def test_control_characters_removed_with_a_warning(tmp_path: Path) -> None:
    reporter = Reporter()
    doc = read(tmp_path, "Nul\x00here and tab\x0bbreak.\n", reporter=reporter)
    assert texts(doc) == "Nulhere and tab break."
    assert any(isinstance(i, m.LineBreak) for i in inlines_of(doc.blocks[0]))
    assert reporter.warnings[0].line == 5


def test_images(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    PILImage.new("RGB", (30, 10)).save(tmp_path / "img" / "c.png", dpi=(150, 150))
    reporter = Reporter()
    doc = read(tmp_path, '![A chart](img/c.png "Figure 1")\n\n![Far](https://x.org/a.png)\n\n'
               "![](img/c.png){.decorative}\n", reporter=reporter)
    local, remote, decorative = doc.blocks
    assert local.path == (tmp_path / "img" / "c.png").resolve() and local.pixel_size == (30, 10)
    assert local.dpi == pytest.approx((150, 150), abs=0.1)
    assert m.plain_text(local.caption) == "Figure 1"
    assert remote.path is None and "never fetched" in reporter.warnings[0].message
    assert decorative.decorative and decorative.alt == ""


def test_bomb_image_is_refused(tmp_path: Path) -> None:
    # A PNG header claiming 30,000 × 30,000 pixels.
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
    (tmp_path / "bomb.png").write_bytes(png + chunk(b"IEND", b""))
    with pytest.raises(BriefError, match="too large"):
        read(tmp_path, "![Bomb](bomb.png)\n")


def test_every_block_kind_is_walked(tmp_path: Path) -> None:
    doc = read(tmp_path, "> quote\n\n---\n\n- a\n")
    assert [type(b).__name__ for b in blocks_of(doc.blocks)] == [
        "BlockQuote", "Paragraph", "Rule", "ListBlock", "Paragraph"]


def test_spans_carry_their_language(tmp_path: Path) -> None:
    doc = read(tmp_path, "The [Договор]{lang=ru} and [조약]{lang=ko .term} and [plain]{}.\n")
    spans = [i for i in inlines_of(doc.blocks[0]) if isinstance(i, m.Span)]
    assert spans == [m.Span((m.Text("Договор"),), "ru"), m.Span((m.Text("조약"),), "ko", ("term",))]
    assert m.plain_text(doc.blocks[0].children) == "The Договор and 조약 and plain."


def test_callouts_from_admonitions_and_fenced_divs(tmp_path: Path) -> None:
    doc = read(tmp_path, '!!! warning\n    Careful.\n\n::: {.callout-note title="Scope"}\n'
               "Only public sources.\n:::\n")
    admonition, div = doc.blocks
    assert (admonition.kind, admonition.title) == ("warning", None)  # the template titles it
    assert (div.kind, div.title, div.pos) == ("note", "Scope", m.Pos(8, 1))
    assert texts(doc) == "Careful. Only public sources."


def test_divs_nest_with_equal_fences(tmp_path: Path) -> None:
    doc = read(tmp_path, "::: except exam\nOuter.\n\n::: only legal\nInner.\n:::\n\nAfter.\n:::\n")
    (outer,) = doc.blocks
    assert outer.exclude == ("exam",) and isinstance(outer.blocks[1], m.Div)
    assert outer.blocks[1].only == ("legal",)
    assert texts(for_audience(replace(doc, audience="legal"))) == "Outer. Inner. After."
    assert texts(for_audience(replace(doc, audience="default"))) == "Outer. After."


def test_unclosed_and_unknown_audience_blocks_are_errors(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match=r":5:1: error: audience block is not closed"):
        read(tmp_path, "::: only exam\nText.\n")
    reporter = Reporter()
    path = tmp_path / "brief.md"
    path.write_text("---\ntitle: T\n---\n\n::: only exma\nText.\n:::\n\n![](x.png)\n")
    read_brief(path, "default", AUDIENCES, reporter, strict=False)
    assert [str(d).split(": ", 1)[0].rsplit(":", 2)[1:] for d in reporter.errors] == [
        ["5", "10"], ["9", "1"], ["9", "1"]]  # every error, none hides another
    assert "did you mean 'exam'" in reporter.errors[0].message


def test_typography_keeps_legal_references(tmp_path: Path) -> None:
    doc = read(tmp_path, 'Article 2(c) and (r) -- "not" (tm) --- x... `a -- b`\n')
    assert m.plain_text(doc.blocks[0].children) == "Article 2(c) and (r) – “not” (tm) — x… a -- b"


def test_every_place_is_named(tmp_path: Path) -> None:
    doc = read(tmp_path, "- one\n  - two[^a]\n\n| A | B |\n|---|---|\n| x | [y](#z) |\n\n"
               "> quoted\n\n[^a]: Note.\n")
    outer, table, quote = doc.blocks
    inner = outer.items[0].blocks[1]
    assert [outer.items[0].pos, inner.items[0].pos] == [m.Pos(5, 1), m.Pos(6, 3)]
    assert [c.pos for c in table.rows[0]] == [m.Pos(10, 3), m.Pos(10, 7)]
    link = next(i for i in inlines_of(table) if isinstance(i, m.Link))
    assert link.pos == m.Pos(10, 7)
    assert quote.blocks[0].pos == m.Pos(12, 3)
    assert doc.notes[0].pos == m.Pos(14, 1)


def test_deep_nesting_never_loses_text(tmp_path: Path) -> None:
    reporter = Reporter()
    doc = read(tmp_path, ">" * 30 + " deep\n", reporter=reporter)
    assert texts(doc) == "deep" and "block quote nested deeper" in reporter.warnings[0].message
    with pytest.raises(BriefError, match="nested more than 100 deep"):
        read(tmp_path, "\n".join("  " * d + "- x" for d in range(120)) + "\n")
