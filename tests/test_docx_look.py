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


def _closing_doc(lead: int, kind: str) -> m.Document:
    """A brief ending in endnotes (``notes``) or in a short last section (``section``)."""
    doc = _notes_doc(lead)
    if kind == "notes":
        return doc
    closing = (m.Heading(1, (m.Text("Closing Section"),), "closing"),
               _para("First closing line."), _para("Second closing line, a bit longer."))
    return m.Document(doc.meta, (*doc.blocks[:-1], _para("The end of it."), *closing))


@pytest.mark.parametrize(("kind", "name", "title"), [
    ("notes", "public", "Notes and sources"),  # endnotes: the closing "Notes and sources"
    ("section", "default", "Closing Section")])
def test_no_last_page_of_a_few_lines_of_trailing_notes(tmp_path: Path, kind: str, name: str,
                                                       title: str) -> None:
    template = load_template(name)
    top, bottom = template.page.margins.top, template.page.margins.bottom
    foot = template.page.height - bottom
    for lead in range(6, 50):  # the closing section lands at every height of two page feet
        path = tmp_path / f"{lead}.pdf"
        doc = assemble(_closing_doc(lead, kind), template)
        path.write_bytes(render_pdf(doc, template, Reporter()))
        lines = [line for line in pdf_lines(path, top, bottom)
                 if not re.fullmatch(r"[\d ]+", line.text)]  # not the superscripts' own row
        assert "Second " in lines[-1].text and "a bit longer." in lines[-1].text
        last = max(line.page for line in lines)
        tail = [line for line in lines if line.page == last]
        if len(tail) >= 5:  # as test_typography's guard on the example briefs
            continue
        before = [line for line in lines if line.page == last - 1]
        free = foot - max(line.bottom for line in before)
        needed = max(line.bottom for line in tail) - min(line.top for line in tail)
        assert needed > free, (lead, [line.text for line in tail], needed, free)
        assert not tail[0].text.startswith(title), (lead, "the section alone")


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


def _items(prefix: str, n: int, sub: m.Block | None = None) -> tuple[m.ListItem, ...]:
    return tuple(m.ListItem((_para(f"{prefix}{i} item text"), *((sub,) if sub and not i else ())))
                 for i in range(n))


def _lists_doc() -> m.Document:
    def nested(ordered: bool) -> m.ListBlock:
        third = m.ListBlock(ordered, _items("Cthree", 2))
        second = m.ListBlock(ordered, _items("Btwo", 2, third))
        return m.ListBlock(ordered, _items("Aone", 2, second))
    deep = m.ListBlock(False, _items("Cdeep", 1, m.ListBlock(False, _items("Dfour", 1))))
    deep = m.ListBlock(False, _items("Adeep", 1, m.ListBlock(False, _items("Bdeep", 1, deep))))
    many = m.ListBlock(True, _items("Many", 12))
    return m.Document(m.Meta("T"), (nested(False), nested(True), many, deep))


ITEM = r"(Aone|Btwo|Cthree|Many|Adeep|Bdeep|Cdeep|Dfour)\d+"


def _drawn_markers(pdf_bytes: bytes, left: float) -> list[tuple[str, float, float, str, str]]:
    """(marker, its right edge, the text's left edge, marker font, item word) of every
    list item, in reading order, from the PDF's characters."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname"])
            for word in words:
                if not re.fullmatch(ITEM, word["text"]):
                    continue
                marker = max((w for w in words if abs(w["bottom"] - word["bottom"]) < 1
                              and w["x1"] < word["x0"]), key=lambda w: w["x1"])
                font = marker["fontname"].split("+")[-1]
                out.append((marker["text"], marker["x1"] - left, word["x0"] - left, font,
                            word["text"]))
    return out


def _number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[value - 1]
    if fmt == "lowerRoman":
        return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][value - 1]
    return str(value)


def _numbered_markers(docx_bytes: bytes) -> list[tuple[str, float, float, str | None, str]]:
    """The same, as Word draws them from numbering.xml and each item's indent."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.findall(f"{W}abstractNum")}
    nums = {n.get(f"{W}numId"): n for n in numbering.findall(f"{W}num")}
    counts: dict[tuple[str, str], int] = {}
    out = []
    for p in body.iter(f"{W}p"):
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{W}numId").get(f"{W}val")
        ilvl = num_pr.find(f"{W}ilvl").get(f"{W}val")
        num = nums[num_id]
        levels = abstract[num.find(f"{W}abstractNumId").get(f"{W}val")]
        lvl = levels.find(f"{W}lvl[@{W}ilvl='{ilvl}']")
        start = num.find(f"{W}lvlOverride/{W}startOverride")
        counts[(num_id, ilvl)] = counts.get((num_id, ilvl), int(start.get(f"{W}val")) - 1) + 1
        fmt, text = lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val")
        if fmt != "bullet":
            text = text.replace(f"%{int(ilvl) + 1}", _number(counts[(num_id, ilvl)], fmt))
        assert lvl.find(f"{W}lvlJc").get(f"{W}val") == "right"  # flush right, as in the PDF
        assert lvl.find(f"{W}rPr/{W}color") is None  # the item's own colour, as in the PDF
        fonts = lvl.find(f"{W}rPr/{W}rFonts")
        ind = p.find(f"{W}pPr/{W}ind")
        indent, hanging = int(ind.get(f"{W}left")) / 20, int(ind.get(f"{W}hanging")) / 20
        font = None if fonts is None else fonts.get(f"{W}ascii")
        out.append((text, indent - hanging, indent, font, "".join(p.itertext()).split()[0]))
    return out


def test_docx_list_markers_are_the_ones_the_pdf_draws() -> None:
    template = load_template("default")
    doc = assemble(_lists_doc(), template)
    drawn = _drawn_markers(render_pdf(doc, template, Reporter()), template.page.margins.left)
    numbered = _numbered_markers(render_docx(doc, template, Reporter()))
    assert len(drawn) == len(numbered) == 28
    body = template.fonts.body.replace(" ", "")
    for (text, end, start, font, word), (d_text, d_end, d_start, d_font, d_word) in zip(
            drawn, numbered):
        assert (text, word) == (d_text, d_word)
        assert abs(start - d_start) < 0.1, (word, start, d_start)  # the text's indent
        assert abs(end - d_end) < 0.6, (word, end, d_end)  # where the marker ends
        assert font.replace(" ", "").startswith(body)  # the body font, in both
        assert d_font is None or d_font.replace(" ", "") == body


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_list_markers_as_libreoffice_lays_out_the_docx(tmp_path: Path) -> None:
    template = load_template("default")
    doc = assemble(_lists_doc(), template)
    drawn = _drawn_markers(render_pdf(doc, template, Reporter()), template.page.margins.left)
    (tmp_path / "lists.docx").write_bytes(render_docx(doc, template, Reporter()))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "lists.docx")],
                   check=True, capture_output=True, timeout=240)
    laid = _drawn_markers((tmp_path / "lists.pdf").read_bytes(), template.page.margins.left)
    assert [(d[0], d[4]) for d in drawn] == [(d[0], d[4]) for d in laid]
    for ours, theirs in zip(drawn, laid):
        assert abs(ours[1] - theirs[1]) < 0.6 and abs(ours[2] - theirs[2]) < 0.6, (ours, theirs)


def _colour_boxes(page, colour: str) -> list[tuple[float, float, float, float]]:  # noqa: ANN001
    """(x0, x1, top, bottom) of the filled rectangles and thick lines in ``colour``."""
    out = []
    for r in page.rects:
        if r.get("fill") and _hex(r["non_stroking_color"]) == colour:
            out.append((r["x0"], r["x1"], r["top"], r["bottom"]))
    for line in page.lines:
        if _hex(line["stroking_color"]) == colour and line["top"] == line["bottom"]:
            half = line["linewidth"] / 2
            out.append((line["x0"], line["x1"], line["top"] - half, line["top"] + half))
    return out


def _band(page, template) -> tuple[tuple[float, ...], tuple[float, ...]]:  # noqa: ANN001
    """The cover band's and its accent strip's extent (x0, x1, top, bottom)."""
    def extent(colour: str) -> tuple[float, ...]:
        boxes = [b for b in _colour_boxes(page, colour.upper()) if b[1] - b[0] > 300]
        assert boxes, colour
        return (min(b[0] for b in boxes), max(b[1] for b in boxes),
                min(b[2] for b in boxes), max(b[3] for b in boxes))
    return extent(template.opening.band_colour), extent(template.colours.accent)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_the_cover_band_is_full_width_in_both_files(tmp_path: Path) -> None:
    template = load_template("public")  # the template with a cover band
    doc = assemble(m.Document(m.Meta("A Title", organisation="An Office"),
                              (_para("Some text."),)), template)
    (tmp_path / "cover.docx").write_bytes(render_docx(doc, template, Reporter()))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "cover.docx")],
                   check=True, capture_output=True, timeout=240)
    with pdfplumber.open(io.BytesIO(render_pdf(doc, template, Reporter()))) as pdf:
        width = pdf.pages[0].width
        ours = _band(pdf.pages[0], template)
    with pdfplumber.open(tmp_path / "cover.pdf") as pdf:
        theirs = _band(pdf.pages[0], template)
    for box in (*ours, *theirs):
        assert box[0] < 0.5 and box[1] > width - 0.5  # edge to edge
    assert ours[0][2] < 0.5 and theirs[0][2] < 0.5  # from the page's top
    for mine, lo in zip(ours, theirs):
        assert abs(mine[2] - lo[2]) < 1 and abs(mine[3] - lo[3]) < 1, (ours, theirs)


def test_the_docx_cover_band_has_the_pdf_band_geometry() -> None:
    template = load_template("public")
    page = template.page
    doc = assemble(m.Document(m.Meta("A Title", organisation="An Office"),
                              (_para("Some text."),)), template)
    with pdfplumber.open(io.BytesIO(render_pdf(doc, template, Reporter()))) as pdf:
        band, accent = _band(pdf.pages[0], template)
    with zipfile.ZipFile(io.BytesIO(render_docx(doc, template, Reporter()))) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    table = body.find(f"{W}tbl")
    where = table.find(f"{W}tblPr/{W}tblpPr")
    assert int(where.get(f"{W}tblpX")) == -round(page.margins.left * 20)  # the page's edge
    assert int(where.get(f"{W}tblpY")) == -round(page.margins.top * 20)  # and top
    assert int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == round(page.width * 20)
    rows = [int(h.get(f"{W}val")) / 20 for h in table.iter(f"{W}trHeight")]
    assert abs(sum(rows) - band[3]) < 0.5  # the band's height; the strip below it …
    strip = table.findall(f"{W}tr")[-1].find(f"{W}tc/{W}tcPr/{W}tcBorders/{W}bottom")
    assert int(strip.get(f"{W}sz")) / 8 == pytest.approx(accent[3] - accent[2])  # … as thick
    assert "#" + strip.get(f"{W}color").upper() == template.colours.accent.upper()


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_landscape_running_lines_stand_right_in_libreoffice(tmp_path: Path) -> None:
    template = load_template("public")  # footer: organisation left, page number right
    doc = assemble(_landscape_doc(3), template)
    data = render_docx(doc, template, Reporter())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(header|footer)\d+\.xml", name):
                for p in etree.fromstring(z.read(name)).iter(f"{W}p"):
                    assert len(p.findall(f"{W}pPr/{W}tabs")) <= 1, name  # one set of stops
    (tmp_path / "wide.docx").write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "wide.docx")],
                   check=True, capture_output=True, timeout=240)
    with pdfplumber.open(tmp_path / "wide.pdf") as pdf:
        wide = [page for page in pdf.pages if page.width > page.height]
        assert wide
        for page in wide:
            words = page.extract_words()
            foot = [w for w in words if w["top"] > page.height - template.page.margins.bottom]
            number = [w for w in foot if re.fullmatch(r"\d+", w["text"])]
            right = page.width - template.page.margins.right
            assert number and abs(max(w["x1"] for w in number) - right) < 2, (page.width, foot)


def test_trailing_notes_never_strand_the_heading_before_them(tmp_path: Path) -> None:
    template = load_template("public")
    top, bottom = template.page.margins.top, template.page.margins.bottom
    for lead in range(6, 24):
        doc = _notes_doc(lead)
        last = m.Paragraph((m.Text("Closing words " * 30), m.NoteRef(1), m.NoteRef(2)))
        blocks = (*doc.blocks[:-1], m.Heading(1, (m.Text("Closing Section"),), "closing"), last)
        doc = assemble(m.Document(doc.meta, blocks, notes=doc.notes), template)
        path = tmp_path / f"{lead}.pdf"
        path.write_bytes(render_pdf(doc, template, Reporter()))
        lines = pdf_lines(path, top, bottom)
        at = next(i for i, line in enumerate(lines) if line.text == "Closing Section")
        follower = lines[at + 1]
        assert follower.page == lines[at].page, (lead, "heading left at the page foot")


def _labelled_doc() -> m.Document:
    register = m.ListBlock(True, tuple(m.ListItem((_para(f"Regone{i} item text"),), label=f"R{i}")
                                       for i in range(1, 4)))
    labelled = m.ListBlock(False, tuple(m.ListItem((_para(f"Labone{i} item text"),), label=label)
                                        for i, label in enumerate(["A-1", "Annex B-22"])))
    return m.Document(m.Meta("T"), (register, _para("Between."), labelled))


def _label_rows(pdf_bytes: bytes, left: float) -> list[tuple[str, float, float]]:
    """(label, its right edge, the text's left edge) of each labelled item."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for word in words:
                if re.fullmatch(r"(Regone|Labone)\d+", word["text"]):
                    label = [w for w in words if abs(w["bottom"] - word["bottom"]) < 1
                             and w["x1"] < word["x0"]]
                    out.append((" ".join(w["text"] for w in label), label[-1]["x1"] - left,
                                word["x0"] - left))
    return out


def test_docx_labels_and_register_numbers_stand_where_the_pdf_draws_them(tmp_path: Path
                                                                        ) -> None:
    template = load_template("default")
    doc = assemble(_labelled_doc(), template)
    drawn = _label_rows(render_pdf(doc, template, Reporter()), template.page.margins.left)
    assert [d[0] for d in drawn] == ["R1", "R2", "R3", "A-1", "Annex B-22"]
    data = render_docx(doc, template, Reporter())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    items = [p for p in body.iter(f"{W}p")
             if re.search(r"(Regone|Labone)\d", "".join(p.itertext()))]
    for p, (_label, end, start) in zip(items, drawn):
        ind = p.find(f"{W}pPr/{W}ind")
        assert abs(int(ind.get(f"{W}left")) / 20 - start) < 0.1  # the text's indent
        if p.find(f"{W}pPr/{W}numPr") is None:  # a label of its own, on a right tab
            stop = p.find(f"{W}pPr/{W}tabs/{W}tab[@{W}val='right']")
            assert abs(int(stop.get(f"{W}pos")) / 20 - end) < 0.6
            assert p.find(f".//{W}b") is None  # regular, as in the PDF
        else:  # the register's "R%1" numbers, flush right at the hanging indent
            assert abs((int(ind.get(f"{W}left")) - int(ind.get(f"{W}hanging"))) / 20 - end) < 0.6
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the laid-out DOCX is not compared")
    (tmp_path / "labels.docx").write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "labels.docx")],
                   check=True, capture_output=True, timeout=240)
    laid = _label_rows((tmp_path / "labels.pdf").read_bytes(), template.page.margins.left)
    assert [d[0] for d in laid] == [d[0] for d in drawn]
    for ours, theirs in zip(drawn, laid):
        assert abs(ours[1] - theirs[1]) < 0.6 and abs(ours[2] - theirs[2]) < 0.6, (ours, theirs)


def test_a_closing_section_that_runs_over_leaves_enough_lines(tmp_path: Path) -> None:
    """A closing section too long for the page it starts on (a reference list) never
    leaves a last page of fewer than 5 lines: the page breaks earlier in the section,
    wherever the section lands (it left two references alone on the legal brief's
    last page in the default template)."""
    template = load_template("default")
    top, bottom = template.page.margins.top, template.page.margins.bottom
    entries = tuple(_para(f"Reference entry {k}, a work cited in the brief.") for k in range(9))
    for lead in range(20, 64, 3):  # the section's end lands at every height of a page foot
        blocks = [_para(f"Line {i} {LONG}") for i in range(2)]
        blocks += [_para(f"Short line {k}.") for k in range(lead)]
        blocks += [m.Heading(1, (m.Text("References"),), "refs"), *entries]
        doc = assemble(m.Document(m.Meta("T"), tuple(blocks)), template)
        path = tmp_path / f"{lead}.pdf"
        path.write_bytes(render_pdf(doc, template, Reporter()))
        lines = pdf_lines(path, top, bottom)
        assert lines[-1].text.startswith("Reference entry 8"), lead
        last = max(line.page for line in lines)
        tail = [line.text for line in lines if line.page == last]
        assert len(tail) >= 5, (lead, tail)
        assert "References" not in tail[-1], lead


def test_the_text_before_a_landscape_page_leaves_enough_lines(tmp_path: Path) -> None:
    """A section that runs over just before a landscape page (the page breaks there)
    leaves at least 5 lines on the portrait page it runs onto, as a closing section does
    (the DPRK watch's legal version held one abbreviation alone on page 4)."""
    template = load_template("default")
    top, bottom = template.page.margins.top, template.page.margins.bottom
    header = ((m.TableCell((m.Text("Key"),)), m.TableCell((m.Text("Text"),))),)
    rows = tuple((m.TableCell((m.Text(f"Row{i}"),)), m.TableCell((m.Text("Cell"),)))
                 for i in range(3))
    entries = tuple(_para(f"Term {k}: what the brief means by it.") for k in range(9))
    for lead in range(20, 64, 3):  # the section's end lands at every height of a page foot
        blocks = [_para(f"Line {i} {LONG}") for i in range(2)]
        blocks += [_para(f"Short line {k}.") for k in range(lead)]
        blocks += [m.Heading(1, (m.Text("Terms"),), "terms"), *entries,
                   m.Landscape((m.Table((None, None), header, rows),))]
        doc = assemble(m.Document(m.Meta("T"), tuple(blocks)), template)
        path = tmp_path / f"{lead}.pdf"
        path.write_bytes(render_pdf(doc, template, Reporter()))
        lines = [line for line in pdf_lines(path, top, bottom) if not line.landscape]
        assert lines[-1].text.startswith("Term 8"), lead
        last = max(line.page for line in lines)
        tail = [line.text for line in lines if line.page == last]
        assert len(tail) >= 5, (lead, tail)
