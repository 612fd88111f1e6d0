"""Issue 12: the PDF and the DOCX say the same words, and the PDF's text is true.

Both files are read back as a user's software reads them (``briefgen.readback``:
the PDF's tagged text through pdfplumber and pikepdf, the DOCX's XML), for every
shipped brief and template and for ``fixtures/parity/parity.md`` (Cyrillic,
Korean, notes, links, hard breaks, a table with a caption, nested lists, a
figure without DPI) with a span marked ``lang=ru`` built into its model.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from conftest import require_glyphs
from lxml import etree

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.citations.authorities import paginated
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.readback import _MARKER, docx_blocks, pdf_blocks
from briefgen.template.loader import available, load_template
from briefgen.verify import verify_pair
from briefgen.walk import blocks_of, map_inlines
from test_roundtrip import IDS, JOBS

PARITY = Path(__file__).parent / "fixtures" / "parity" / "parity.md"
TEMPLATES = available()
RUSSIAN = "Договор о всеобъемлющем стратегическом партнёрстве"
KOREAN = "포괄적 전략적 동반자 관계에 관한 조약"
CAPTION = "Table 1: Treaties between Moscow and Pyongyang"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _mark_russian(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
    if not isinstance(node, m.Text) or RUSSIAN not in node.text:
        return node
    before, after = node.text.split(RUSSIAN, 1)
    return (m.Text(before), m.Span((m.Text(RUSSIAN),), lang="ru"), m.Text(after))


def _caption(block: m.Block) -> m.Block:
    return replace(block, caption=(m.Text(CAPTION),)) if isinstance(block, m.Table) else block


def parity_document(template: str) -> m.Document:
    """The fixture as read, with the ``lang=ru`` span and table caption the new reader
    will produce, assembled for ``template``."""
    brief = read_brief(PARITY, template, tuple(TEMPLATES), Reporter())
    doc = brief.document
    doc = replace(doc, blocks=tuple(_caption(b) for b in map_inlines(doc.blocks, _mark_russian)))
    return assemble(doc, load_template(template))


@pytest.fixture(scope="module")
def parity(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[m.Document, Path, Path]]:
    out = tmp_path_factory.mktemp("parity")
    built = {}
    for name in TEMPLATES:
        doc = parity_document(name)
        template, reporter = load_template(name), Reporter()
        pdf, docx = out / f"parity-{name}.pdf", out / f"parity-{name}.docx"
        pdf.write_bytes(render_pdf(doc, template, reporter))
        docx.write_bytes(render_docx(doc, template, reporter))
        assert not reporter.errors
        built[name] = (doc, pdf, docx)
    return built


def shipped(built, source: Path, template: str) -> tuple[m.Document, Path, Path]:  # noqa: ANN001
    out, _ = built
    t = load_template(template)
    doc = assemble(read_brief(source, template, tuple(TEMPLATES), Reporter()).document, t)
    doc = paginated(doc, t)  # as build does: the table of authorities' pages are words too
    stem = out / f"{source.stem}-{template}"
    return doc, stem.with_suffix(".pdf"), stem.with_suffix(".docx")


def pdf_words(path: Path) -> Counter[str]:
    """The PDF's tagged words; list markers (which Word numbers itself) left out."""
    return Counter(w for b in pdf_blocks(path)
                   if not (b.kind == "Lbl" and _MARKER.match(b.text)) for w in b.words)


def docx_words(path: Path) -> Counter[str]:
    return Counter(w for b in docx_blocks(path) for w in b.words)


def vocabulary(doc: m.Document) -> set[str]:
    """Every word the brief says or the template's decisions add (numbers, dates,
    labels, titles): the only words the PDF may show."""
    texts: list[str] = [doc.meta.title, doc.meta.subtitle or ""]
    everything = [*blocks_of(doc.blocks), *blocks_of(doc.key_points),
                  *(b for n in doc.notes for b in blocks_of(n.blocks))]
    for block in everything:
        texts.append(m.block_text(block))
        texts += [m.plain_text(c, notes=True) for c in _inline_groups(block)]
        texts += [getattr(block, "number", None) or "", getattr(block, "title", None) or ""]
        if isinstance(block, m.ListBlock):
            texts += [item.label or "" for item in block.items]
        if isinstance(block, m.RecommendationTable):
            texts += [*block.header, *(label for label, _ in block.rows)]
    d = doc.decisions
    texts += [*d.byline, d.classification or "", d.word_count or "",
              *(d.note_label(n.number) for n in doc.notes)]
    return {w for t in texts for w in t.split()}


def _inline_groups(block: m.Block) -> list[tuple[m.Inline, ...]]:
    if isinstance(block, (m.Heading, m.Paragraph)):
        return [block.children]
    if isinstance(block, m.Table):
        return [c.children for row in block.header + block.rows for c in row] + \
            ([block.caption] if block.caption else [])
    if isinstance(block, (m.Image, m.Chart)) and block.caption:  # a chart's "Figure B.1: …"
        return [block.caption]
    if isinstance(block, m.RecommendationTable):
        return [text for _label, text in block.rows]
    return []


def _template_words(name: str) -> set[str]:
    """Titles the template itself prints (contents, notes, key points, callouts)."""
    t = load_template(name)
    texts = [t.toc.title, t.notes.endnotes_title,
             *(c.title or "" for c in t.callouts.values())]
    return {w for text in texts for w in text.split()}


def _check_words(doc: m.Document, pdf: Path, docx: Path, template: str) -> None:
    mine, theirs = pdf_words(pdf), docx_words(docx)
    assert mine - theirs == Counter() and theirs - mine == Counter()
    allowed = vocabulary(doc) | _template_words(template)
    assert sorted(set(mine) - allowed) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_parity_brief_same_words(parity, template: str) -> None:  # noqa: ANN001
    doc, pdf, docx = parity[template]
    require_glyphs(_text_of(doc))  # the Korean line needs a Hangul font to be drawn at all
    _check_words(doc, pdf, docx, template)
    assert verify_pair(pdf, docx) == []


def _text_of(doc: m.Document) -> str:
    return " ".join(m.block_text(b) for b in doc.blocks)


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_shipped_same_words(built, source: Path, template: str) -> None:  # noqa: ANN001
    require_glyphs(source.read_text(encoding="utf-8"))
    doc, pdf, docx = shipped(built, source, template)
    _check_words(doc, pdf, docx, template)


@pytest.mark.parametrize("template", TEMPLATES)
def test_text_layer_reads_as_written(parity, template: str) -> None:  # noqa: ANN001
    """Whole words at line ends (no layout hyphen), a space at every line end between
    words (after a note mark, a hard break, a fallback-font run), headings in their case."""
    doc, pdf, _docx = parity[template]
    words = pdf_words(pdf)
    for word in ("internationalisation,", "institutionalisation", "counterproliferation",
                 "intergovernmental", "extraordinarily", "characteristically",
                 "uncharacteristic", "mark2", "address:", "Street", "Canberra"):
        assert words[word] == 1, word
    assert not [w for w in words if re.search(r"\w-\w", w) and w not in vocabulary(doc)]
    assert words["партнёрстве»,"] == 1 and words["«Договор"] == 1
    headings = [b.text for b in pdf_blocks(pdf) if b.kind.startswith("H")]
    assert any(h.endswith("Introduction") for h in headings)


def _elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                if kid.get("/S") == "/" + role:
                    found.append(kid)
                stack.append(kid)
    return found


def _element_text(path: Path, pdf: pikepdf.Pdf, elem: pikepdf.Dictionary) -> str:
    from briefgen.readback import _actual_texts, _mcid_texts, _PdfWalker, clean

    texts = {**_mcid_texts(path), **_actual_texts(pdf)}
    return clean(_PdfWalker(pdf, texts).text(elem))


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_link_holds_its_text(parity, template: str) -> None:  # noqa: ANN001
    """Each Link element has an OBJR (the annotation) and marked content (its text), and
    the annotation's /Contents is that text; each note Reference holds its mark."""
    _doc, path, _docx = parity[template]
    with pikepdf.open(path) as pdf:
        links = _elements(pdf, "Link")
        assert len(links) >= 4
        for link in links:
            kids = list(link.K) if isinstance(link.K, pikepdf.Array) else [link.K]
            annots = [k.Obj for k in kids if isinstance(k, pikepdf.Dictionary)
                      and k.get("/Type") == "/OBJR"]
            text = " ".join(_element_text(path, pdf, link).split())
            assert annots and text, (template, text)
            for annot in annots:
                contents = " ".join(str(annot.Contents).split())
                assert contents in (text, f"Footnote {text}",
                                    f"Back to the reference to note {text.rstrip('.')}") \
                    or _toc_entry(contents, text), (contents, text)
        texts = [" ".join(_element_text(path, pdf, link).split()) for link in links]
        assert "the register" in texts and "Security Council committee" in texts
        marks = [_element_text(path, pdf, ref) for ref in _elements(pdf, "Reference")]
        assert marks and all(marks)
        assert {"1", "2"} <= set(marks)  # the note references hold their marks


def _toc_entry(contents: str, text: str) -> bool:
    """A contents line reads "3 MEASURES 2" (capitals drawn, page number after): its
    /Contents is the entry in its real case, "3 Measures"."""
    return text.lower().startswith(contents.lower()) and text[len(contents):].strip().isdigit()


@pytest.mark.parametrize("template", TEMPLATES)
def test_languages_marked_never_wrong(parity, template: str) -> None:  # noqa: ANN001
    """The marked Russian span says ru in both files; the unmarked Korean says none
    (PDF ``/Lang (und)``, DOCX ``x-none``), never the brief's English."""
    _doc, path, docx = parity[template]
    require_glyphs(_text_of(_doc))
    with pikepdf.open(path) as pdf:
        spans = {" ".join(_element_text(path, pdf, s).split()): str(s.get("/Lang"))
                 for s in _elements(pdf, "Span")}
    assert spans[RUSSIAN] == "ru"
    korean = [lang for text, lang in spans.items() if KOREAN.split()[0] in text]
    assert korean and set(korean) == {"und"}
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    langs: dict[str, set[str]] = {}
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        lang = run.find(f"{W}rPr/{W}lang")
        langs.setdefault(text.strip(), set()).add(lang.get(f"{W}val") if lang is not None else "")
    assert langs[RUSSIAN] == {"ru"}
    assert all(v == {"x-none"} for k, v in langs.items() if KOREAN.split()[0] in k)


@pytest.mark.parametrize("template", TEMPLATES)
def test_decided_once(parity, template: str) -> None:  # noqa: ANN001
    """Caption above its table in both files, the figure at 96 dpi in both (the file
    records none), list numbering that names the real markers."""
    doc, path, docx = parity[template]
    if template == "executive":  # it leaves the background section out
        assert not [b for b in blocks_of(doc.blocks) if isinstance(b, (m.Table, m.Image))]
        return
    order = [b.text for b in pdf_blocks(path) if b.text in (CAPTION, "Instrument")]
    assert order == [CAPTION, "Instrument"]
    paragraphs = [b.text for b in docx_blocks(docx)]
    assert paragraphs.index(CAPTION) < paragraphs.index("Instrument")
    image = next(b for b in blocks_of(doc.blocks) if isinstance(b, m.Image))
    assert image.display == (360.0, 180.0)  # 480 × 240 px at 96 dpi
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    figure = next(d for d in body.iter(f"{wp}docPr") if d.get("descr") == image.alt)
    extent = figure.getparent().find(f"{wp}extent")
    assert int(extent.get("cx")) == 360 * 12700 and int(extent.get("cy")) == 180 * 12700
    with pikepdf.open(path) as pdf:
        numbering = [str(a.ListNumbering) for lst in _elements(pdf, "L")
                     for a in ([lst.A] if isinstance(lst.get("/A"), pikepdf.Dictionary) else [])
                     if "/ListNumbering" in a]
    assert "/LowerAlpha" in numbering and "/Decimal" in numbering


@pytest.mark.parametrize("template", TEMPLATES)
def test_parity_brief_is_pdf_ua1(parity, template: str) -> None:  # noqa: ANN001
    """Link text, Spans with /Lang, Figure BBoxes and soft hyphens keep PDF/UA-1 clean."""
    import page

    _doc, path, _docx = parity[template]
    assert [f.rule_id for f in page.validate_pdf(str(path), profile="ua1").failures] == []


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t != "executive"])
def test_table_columns_decided_once(parity, template: str) -> None:  # noqa: ANN001
    """Both files give each column the share assemble decided: the DOCX grid, and the
    PDF's distance from the first column's text to the third's."""
    import pdfplumber

    doc, path, docx = parity[template]
    table = next(b for b in blocks_of(doc.blocks) if isinstance(b, m.Table))
    width = load_template(template).page.text_width
    assert table.widths and sum(table.widths) == pytest.approx(1.0)
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    grid = next(g for g in body.iter(f"{W}tblGrid") if len(g) == 3)
    cols = [int(c.get(f"{W}w")) / 20 for c in grid]
    assert cols == pytest.approx([s * width for s in table.widths], abs=1)
    with pdfplumber.open(path) as pdf:
        words = {w["text"]: w["x0"] for p in pdf.pages for w in p.extract_words()}
    assert words["Signatories"] - words["Instrument"] == pytest.approx(cols[0] + cols[1], abs=1.5)
