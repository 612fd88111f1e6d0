"""The PDF and the DOCX of a brief look alike, and page breaks a publications officer
accepts (issue 13): the note separator, list markers, a heading before a landscape
page, trailing notes, the cover band.  Every test reads the finished files back."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx
from lxml import etree

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.template.loader import load_template
from typeset_read import pdf_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG = "Filler words for the page that go on and on. " * 12


def _para(text: str) -> m.Paragraph:
    return m.Paragraph((m.Text(text),))


def _landscape_doc(lead: int) -> m.Document:
    rows = tuple((m.TableCell((m.Text(f"Row{i}"),)), m.TableCell((m.Text("Cell text"),)))
                 for i in range(4))
    header = ((m.TableCell((m.Text("Key"),)), m.TableCell((m.Text("Text"),))),)
    blocks = [_para(f"Line {i} {LONG}") for i in range(2)]
    blocks += [_para(f"Short line {k}.") for k in range(lead)]
    blocks += [m.Heading(1, (m.Text("Turned Heading"),), "turned"),
               _para("The table below is wide."),
               m.Landscape((m.Table((None, None), header, rows),))]
    return m.Document(m.Meta("T"), tuple(blocks))


def test_a_heading_goes_with_its_landscape_page() -> None:
    template = load_template("default")
    for lead in range(0, 40, 3):  # the heading lands at every height, the page foot too
        doc = assemble(_landscape_doc(lead), template)
        data = render_pdf(doc, template, Reporter())
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [p for p in pdf.pages if "Turned" in p.extract_text()]
            assert len(pages) == 1
            page = pages[0]
            assert page.width > page.height, lead  # on the turned page …
            text = page.extract_text()
            assert "Row0" in text and "The table below is wide." in text, lead  # … with its table
        body = open_docx(io.BytesIO(render_docx(doc, template, Reporter()))).element.body
        paragraphs = body.findall(f"{W}p")
        at = next(i for i, p in enumerate(paragraphs) if "Turned Heading" in "".join(p.itertext()))
        ends = [i for i, p in enumerate(paragraphs) if p.find(f"{W}pPr/{W}sectPr") is not None]
        before = [i for i in ends if i < at]
        after = [i for i in ends if i > at]
        assert before and after  # the portrait section ends before the heading …
        size = paragraphs[after[0]].find(f"{W}pPr/{W}sectPr/{W}pgSz")
        assert size.get(f"{W}orient") == "landscape"  # … which opens the landscape one


def _notes_doc(lead: int) -> m.Document:
    blocks = [_para(f"Line {i} {LONG}") for i in range(2)]
    blocks += [_para(f"Short line {k}.") for k in range(lead)]
    blocks.append(m.Paragraph((m.Text("The end of it."), m.NoteRef(1), m.Text(" and"),
                               m.NoteRef(2))))
    notes = (m.Footnote(1, "fn-1", (_para("First note text."),)),
             m.Footnote(2, "fn-2", (_para("Second note text, a bit longer."),)))
    return m.Document(m.Meta("T"), tuple(blocks), notes=notes)


def test_no_last_page_of_a_few_lines_of_trailing_notes(tmp_path: Path) -> None:
    template = load_template("public")  # endnotes: a closing "Notes and sources" section
    top, bottom = template.page.margins.top, template.page.margins.bottom
    foot = template.page.height - bottom
    for lead in range(6, 50):  # the notes land at every height of two page feet
        path = tmp_path / f"{lead}.pdf"
        path.write_bytes(render_pdf(assemble(_notes_doc(lead), template), template, Reporter()))
        lines = [line for line in pdf_lines(path, top, bottom)
                 if not re.fullmatch(r"[\d ]+", line.text)]  # not the superscripts' own row
        assert "Second note text, a bit longer." in " ".join(line.text for line in lines)
        last = max(line.page for line in lines)
        tail = [line for line in lines if line.page == last]
        if len(tail) >= 5:  # as test_typography's guard on the example briefs
            continue
        before = [line for line in lines if line.page == last - 1]
        free = foot - max(line.bottom for line in before)
        needed = max(line.bottom for line in tail) - min(line.top for line in tail)
        assert needed > free, (lead, [line.text for line in tail], needed, free)
        assert not tail[0].text.startswith("Notes and sources"), (lead, "notes alone")


def _hex(colour: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in colour)


@pytest.mark.parametrize("name", ["default", "legal"])
def test_the_footnote_rule_is_the_same_in_both_files(name: str) -> None:
    template = load_template(name)
    blocks = (m.Paragraph((m.Text("Text with a note."), m.NoteRef(1))),)
    notes = (m.Footnote(1, "fn-1", (_para("The note."),)),)
    doc = assemble(m.Document(m.Meta("T"), blocks, notes=notes), template)
    width, share = template.page.text_width, template.notes.separator_share
    weight, colour = template.notes.separator_weight, template.colours.rule.upper()
    with pdfplumber.open(io.BytesIO(render_pdf(doc, template, Reporter()))) as pdf:
        page = pdf.pages[0]
        rules = [line for line in page.lines if line["top"] > page.height / 2
                 and line["x0"] < template.page.margins.left + 1]
    assert len(rules) == 1, rules
    rule = rules[0]
    assert abs((rule["x1"] - rule["x0"]) / width - share) < 0.002
    assert rule["linewidth"] == pytest.approx(weight)
    assert _hex(rule["stroking_color"]) == colour
    with zipfile.ZipFile(io.BytesIO(render_docx(doc, template, Reporter()))) as z:
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
    assert [n.get(f"{W}id") for n in settings.findall(f"{W}footnotePr/{W}footnote")] == ["-1", "0"]
    for kind in ("separator", "continuationSeparator"):
        (note,) = [n for n in footnotes if n.get(f"{W}type") == kind]
        (para,) = note.findall(f"{W}p")
        top = para.find(f"{W}pPr/{W}pBdr/{W}top")
        assert top.get(f"{W}val") == "single"
        assert int(top.get(f"{W}sz")) == round(weight * 8)  # eighths of a point
        assert "#" + top.get(f"{W}color").upper() == colour
        right = int(para.find(f"{W}pPr/{W}ind").get(f"{W}right")) / 20
        assert abs((width - right) / width - share) < 0.002
        mark = para.find(f"{W}r/{W}{kind}/..")  # Word's own line: kept, hidden
        assert mark.find(f"{W}rPr/{W}vanish") is not None
