"""``briefgen verify`` compares the in-text citations of an author-date style one by one,
in reading order (issue 15).

The legal analysis in the default template (Chicago author-date) is built; its DOCX
as it is, its PDF with one citation written differently, and verify must name that
citation, quoting both readings, at its source line.  One test per kind of citation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.template.loader import available, load_template
from briefgen.verify import verify_pair
from briefgen.walk import map_inlines

LEGAL = Path(__file__).resolve().parent.parent / "sources" / "pact-legal-analysis.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[m.Document, Path]:
    template = load_template("default")
    assert "author-date" in template.citations.style
    doc = assemble(read_brief(LEGAL, "default", tuple(available()), Reporter()).document,
                   template)
    docx = tmp_path_factory.mktemp("cites") / "x.docx"
    docx.write_bytes(render_docx(doc, template, Reporter()))
    return doc, docx


def _verify_with(built, tmp_path: Path, old: str, new: str) -> list[str]:  # noqa: ANN001
    """verify's citation messages for the PDF in which ``old`` (in one text) reads ``new``."""
    doc, docx = built
    seen = []

    def swap(node: m.Inline) -> m.Inline:
        if isinstance(node, m.Text) and old in node.text and not seen:
            seen.append(node)
            return m.Text(node.text.replace(old, new, 1))
        return node

    changed = replace(doc, blocks=map_inlines(doc.blocks, swap))
    assert seen, f"{old!r} is not in the brief's text"
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(render_pdf(changed, load_template("default"), Reporter()))
    return [p for p in verify_pair(pdf, docx) if p.startswith("citation:")]


def _line(phrase: str) -> int:
    lines = LEGAL.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if phrase in line) + 1


@pytest.mark.parametrize(("old", "new", "pdf_reads", "docx_reads", "source"), [
    pytest.param("(UN Charter 1945, art. 51)", "(UN Charter 1945)", "(UN Charter 1945)",
                 "(UN Charter 1945, art. 51)", "[@un-charter, art 51]", id="locator"),
    pytest.param(" (1986, ¶ 199)", " (1986, ¶ 200)", "Nicaragua (1986, ¶ 200)",
                 "Nicaragua (1986, ¶ 199)", "held in @nicaragua", id="narrative-locator"),
    pytest.param("Joyner (2011)", "Joyner (2012)", "Joyner (2012)", "Joyner (2011)",
                 "@joyner2011 examines", id="narrative"),
    pytest.param("; UNSC Res 1874 2009, ¶¶ 9–10)", ")", "(UNSC Res 1718 2006, ¶ 8)",
                 "(UNSC Res 1718 2006, ¶ 8; UNSC Res 1874 2009, ¶¶ 9–10)",
                 "@unsc-1874, paras 9-10", id="several-sources"),
    pytest.param("; see Joyner 2011)", "; Joyner 2011)", "(NPT 1968, art. IX(3); Joyner 2011)",
                 "(NPT 1968, art. IX(3); see Joyner 2011)", "see @joyner2011]", id="prefix"),
    pytest.param("(UNSC Res 1718 2006; UNSC Res 1874 2009)",
                 "(UNSC Res 1718, n.d.; UNSC Res 1874 2009)",
                 "(UNSC Res 1718, n.d.; UNSC Res 1874 2009)",
                 "(UNSC Res 1718 2006; UNSC Res 1874 2009)", "**Examine proceedings",
                 id="no-date"),
])
def test_a_citation_read_differently_is_named(built, tmp_path: Path, old: str, new: str,  # noqa: ANN001
                                              pdf_reads: str, docx_reads: str, source: str
                                              ) -> None:
    found = _verify_with(built, tmp_path, old, new)
    assert found == [f"citation: line {_line(source)}: PDF has {pdf_reads!r} where DOCX "
                     f"has {docx_reads!r}"], found


def test_a_citation_missing_from_one_file(built, tmp_path: Path) -> None:  # noqa: ANN001
    found = _verify_with(built, tmp_path, " (UNSC 2024)", "")
    assert found == [f"citation: line {_line('[@poe-2024]')}: PDF has 'nothing' where DOCX "
                     "has '(UNSC 2024)'"], found
