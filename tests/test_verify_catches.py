"""``briefgen verify`` catches each disagreement issue 12 found, put back on purpose.

Each test builds the parity brief's DOCX as shipped and its PDF with one old
defect restored (a writer printing its own decision, or the text layer as it
was), and asserts verify names the disagreement.  The same pair without the
defect verifies clean (``test_parity.test_parity_brief_same_words``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.template.loader import load_template
from briefgen.verify import verify_pair
from test_parity import parity_document

Change = Callable[[m.Document], m.Document]


def problems(tmp_path: Path, template: str, pdf_change: Change | None = None,
             docx_change: Change | None = None) -> list[str]:
    doc = parity_document(template)
    t = load_template(template)
    pdf, docx = tmp_path / "x.pdf", tmp_path / "x.docx"
    pdf.write_bytes(render_pdf(pdf_change(doc) if pdf_change else doc, t, Reporter()))
    docx.write_bytes(render_docx(docx_change(doc) if docx_change else doc, t, Reporter()))
    return verify_pair(pdf, docx)


def decided(**changes: object) -> Change:
    return lambda doc: replace(doc, decisions=replace(doc.decisions, **changes))


def blocks(change: Callable[[m.Block], m.Block]) -> Change:
    return lambda doc: replace(doc, blocks=tuple(change(b) for b in doc.blocks))


def said(found: list[str], *words: str) -> bool:
    """Some message of ``found`` quotes every one of ``words``."""
    return any(all(w in p for w in words) for p in found)


def test_paragraph_number_without_full_stop(tmp_path: Path) -> None:
    def bare(b: m.Block) -> m.Block:
        return replace(b, number=b.number.rstrip(".")) if isinstance(b, m.Paragraph) \
            and b.number else b

    found = problems(tmp_path, "legal", pdf_change=blocks(bare))
    # named with the paragraph's line in the brief
    assert said(found, "text: line 16", "PDF has '1'", "DOCX has '1.'")


def test_register_header(tmp_path: Path) -> None:
    def no(b: m.Block) -> m.Block:
        return replace(b, header=("No.", "Recommendation")) \
            if isinstance(b, m.RecommendationTable) else b

    assert said(problems(tmp_path, "legal", pdf_change=blocks(no)), "'No.", "'Ref")


def test_word_count_grouping(tmp_path: Path) -> None:
    found = problems(tmp_path, "exam", pdf_change=decided(word_count="Word count: 1,500"),
                     docx_change=decided(word_count="Word count: 1500"))
    assert said(found, "1,500", "1500")


def test_date_in_another_language(tmp_path: Path) -> None:
    found = problems(tmp_path, "default",
                     docx_change=decided(byline=("Parity Desk", "2025년 3월 14일")))
    assert said(found, "March", "2025년")


def test_classification_in_the_pdf_only(tmp_path: Path) -> None:
    found = problems(tmp_path, "public", pdf_change=decided(classification="OFFICIAL"))
    assert said(found, "OFFICIAL", "nothing")


def test_list_marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.decide import list_markers

    def dashes(block: m.ListBlock, depth: int) -> list[str]:  # the PDF's bullets only
        return ["\u2013" if mk == "\u2022" else mk for mk in list_markers(block, depth)]

    monkeypatch.setattr("briefgen.pdf.story.list_markers", dashes)
    assert said(problems(tmp_path, "default"), "list labels", "PDF has '\u2013'",
                "DOCX has '\u2022'")


def test_caption_below_in_one(tmp_path: Path) -> None:
    found = problems(tmp_path, "default", pdf_change=decided(table_caption="below"))
    assert said(found, "text:", "Table 1")


def test_image_at_72_dpi_in_one(tmp_path: Path) -> None:
    def at_72(b: m.Block) -> m.Block:
        return replace(b, display=b.pixel_size) if isinstance(b, m.Image) else b

    assert said(problems(tmp_path, "default", pdf_change=blocks(at_72)), "image_sizes")


def _text_layer(monkeypatch: pytest.MonkeyPatch, *, hyphens: bool, spaces: bool) -> None:
    """Put back the old text layer: layout hyphens as real hyphens and/or no space at
    line ends."""
    from briefgen.pdf import textlayer

    real = textlayer._fixed

    def old(word: str, end: str | None, font: str) -> str | None:
        if end == "added" and not hyphens:
            return None
        if end == "space" and not spaces:
            return None
        return real(word, end, font)

    monkeypatch.setattr(textlayer, "_fixed", old)


def test_line_break_hyphens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _text_layer(monkeypatch, hyphens=False, spaces=True)
    found = problems(tmp_path, "legal")
    assert any("-" in p and "text:" in p for p in found), found


def test_space_lost_at_line_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _text_layer(monkeypatch, hyphens=True, spaces=False)
    assert said(problems(tmp_path, "default"), "text:")


def test_links_and_references_without_text(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("briefgen.pdf.markup.marked", lambda rec, target, text, markup: markup)
    found = problems(tmp_path, "default")
    assert said(found, "textless", "Link") and said(found, "textless", "Reference")


def test_headings_upper_cased_in_the_text(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.pdf.tagging import Recorder

    begin = Recorder.begin

    def without_actual_text(self, canv, node, emit=None, actual=None, **more):  # noqa: ANN001, ANN003, ANN202
        node.attrs.pop("_actual", None)  # a heading's own case; a shaped script's stays
        return begin(self, canv, node, emit, actual, **more)

    monkeypatch.setattr(Recorder, "begin", without_actual_text)
    assert said(problems(tmp_path, "legal"), "INTRODUCTION", "Introduction")
