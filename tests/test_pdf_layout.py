"""PDF writer: template settings (opening, running header/footer, banners,
page size, TOC, word count), determinism."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pdfplumber
import pypdf

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import T, heading, meta, norm, page_texts, para, render, sample_doc, template  # noqa: E402

from briefgen import model as m  # noqa: E402
from conftest import font_notes_dropped  # noqa: E402
from briefgen.template.model import (Classification, Headings, Margins, Opening, Page,  # noqa: E402
                                     Running, Toc)


def test_byte_identical_rebuild() -> None:
    tpl = template(toc=Toc(enabled=True))
    assert render(sample_doc(), tpl)[0] == render(sample_doc(), tpl)[0]
    assert render(sample_doc(), tagged=False)[0] == render(sample_doc(), tagged=False)[0]


def test_cover_page_has_title_logo_and_key_points(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), "#FFFFFF").save(logo)
    tpl = template(opening=Opening(style="cover", logo=logo, band_colour="#1F3A5F"),
                   toc=Toc(enabled=True))
    data, rep = render(sample_doc(), tpl)
    pages = page_texts(data)
    cover = norm(pages[0])
    for text in ("Water Reform Brief", "Options for 2026", "Jane Doe", "Ministry of Tests",
                 "1 March 2025", "Key points", "Keypointword one."):
        assert text in cover
    assert "Page 1 of" not in cover  # no running footer on the cover
    assert "Contents" in norm(pages[1])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pdf.pages[0].images  # the logo
    assert not font_notes_dropped(rep.warnings)


def test_title_block_word_count_and_no_key_points() -> None:
    tpl = template(word_count=True, opening=Opening(style="title-block", key_points=False))
    doc = sample_doc()
    first = norm(page_texts(render(doc, tpl)[0])[0])
    assert f"Word count: {m.word_count(doc.blocks):,}" in first
    assert "Keypointword" not in first


def test_running_header_footer_fields_and_first_page() -> None:
    tpl = template(header=Running(left="{title}", right="{organisation}", on_first_page=False,
                                  rule=True),
                   footer=Running(left="{classification}", centre="{date}",
                                  right="p. {page}/{pages}"))
    doc = m.Document(meta(), tuple(para("Filler " * 400) for _ in range(3)))
    pages = page_texts(render(doc, tpl)[0])
    assert len(pages) >= 2
    assert "Ministry of Tests" not in pages[0].split("\n")[1]
    second = norm(pages[1])
    assert "Water Reform Brief" in second and "Ministry of Tests" in second
    assert f"p. 2/{len(pages)}" in second and "1 March 2025" in second


def test_classification_banner_and_allowed() -> None:
    doc = sample_doc()
    shown = norm(page_texts(render(doc)[0])[1])
    assert shown.count("OFFICIAL") >= 2  # top and bottom
    hidden = page_texts(render(doc, template(classification=Classification(allowed=False)))[0])
    assert "OFFICIAL" not in norm(" ".join(hidden)).upper()
    own = page_texts(render(doc, template(classification=Classification(text="Sensitive")))[0])
    assert norm(own[1]).count("SENSITIVE") >= 2


def test_page_size_orientation_and_margins() -> None:
    tpl = template(page=Page(size="Letter", orientation="landscape",
                             margins=Margins(top=50, bottom=50, left=100, right=100)))
    data = render(sample_doc(), tpl)[0]
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (792.0, 612.0)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words()
        body = [w for w in words if w["top"] > 60 and w["bottom"] < 612 - 60]
        assert min(w["x0"] for w in body) >= 99


def test_uppercase_level1_headings() -> None:
    tpl = template(headings=Headings(uppercase_level1=True, rule_below_level1=True))
    doc = m.Document(meta(), (heading(1, "Findings", "f"), para("Body")))
    assert "FINDINGS" in norm(page_texts(render(doc, tpl)[0])[0])


def test_internal_link_lands_on_heading_page() -> None:
    blocks = [para(m.Link((T("jump"),), "#far"))]
    blocks += [para("Filler " * 300) for _ in range(4)]
    blocks += [heading(1, "Far heading", "far")]
    data = render(m.Document(meta(), tuple(blocks)))[0]
    reader = pypdf.PdfReader(io.BytesIO(data))
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    annot = reader.pages[0]["/Annots"][0].get_object()
    target = index[annot["/Dest"][0].idnum]
    assert "Far heading" in page_texts(data)[target]
    outline = reader.outline[0]
    assert reader.get_destination_page_number(outline) == target


def test_a_huge_paragraph_is_one_element_and_keeps_every_word() -> None:
    """Above LONG_PARAGRAPH characters a paragraph is laid out in pieces (linear time),
    but it stays one P element and loses nothing."""
    import io
    from pathlib import Path

    import pikepdf

    from briefgen import model as m
    from briefgen.diagnostics import Reporter
    from briefgen.pdf import render_pdf
    from briefgen.pdf.story import LONG_PARAGRAPH
    from briefgen.template.model import Template

    words = [f"w{i}" for i in range(LONG_PARAGRAPH // 2)]
    template = Template(name="t", description="", path=Path("t.yaml"))

    def p_count(text: str) -> tuple[int, bytes]:
        doc = m.Document(m.Meta("T"), (m.Paragraph((m.Text(text),)),))
        data = render_pdf(doc, template, Reporter())
        with pikepdf.open(io.BytesIO(data)) as pdf:
            def count(node) -> int:  # noqa: ANN001
                kids = node.get("/K")
                kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
                return sum((1 if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/P" else 0)
                           + (count(k) if isinstance(k, pikepdf.Dictionary) else 0) for k in kids)
            return count(pdf.Root.StructTreeRoot), data

    small, _ = p_count("short text")
    big, data = p_count(" ".join(words))
    assert big == small
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert set(words) <= set(text.split())


def test_no_widows_or_orphans() -> None:
    """A paragraph split at a page break leaves at least two lines on each side."""
    from pathlib import Path

    from briefgen.pdf.flowables import BriefParagraph
    from briefgen.pdf.fonts import FontSet
    from briefgen.pdf.styles import make_styles
    from briefgen.template.model import Template

    template = Template(name="t", description="", path=Path("t.yaml"))
    f = template.fonts
    styles = make_styles(template, FontSet(f.body, f.heading, f.mono, f.fallback), None)
    body = styles.body
    text = " ".join(["word"] * 120)
    width = 300
    para = BriefParagraph(text, body)
    _, height = para.wrap(width, 10_000)
    lines = round(height / body.leading)
    assert lines >= 5
    for room in (1, lines - 1):  # one line left at the foot / one line would go over
        pieces = BriefParagraph(text, body).split(width, room * body.leading + 1)
        if not pieces:
            continue  # moved whole to the next page: no orphan
        counts = [round(p.wrap(width, 10_000)[1] / body.leading) for p in pieces[:2]]
        assert min(counts) >= 2, counts


def test_running_slots_never_overlap() -> None:
    from briefgen.running import slot_boxes as _slot_boxes

    for natural in ([900, 0, 30], [900, 200, 900], [10, 0, 10], [0, 0, 40], [900, 900, 0]):
        boxes = _slot_boxes(natural, 450)
        filled = [(x, x + w) for (x, w), n in zip(boxes, natural) if n]
        for (_, left_end), (right_start, _) in zip(filled, filled[1:]):
            assert left_end <= right_start, (natural, boxes)
        assert all(0 <= x and x + w <= 450.01 for x, w in boxes)


def test_a_long_cover_title_stays_on_the_cover() -> None:
    import io

    import pdfplumber

    from briefgen import model as m
    from briefgen.diagnostics import Reporter
    from briefgen.pdf import render_pdf
    from briefgen.template.loader import load_template

    title = ("The Russia–North Korea Comprehensive Strategic Partnership Treaty and Its "
             "Consequences for the Non-Proliferation Regime, Regional Security in North-East "
             "Asia and the Authority of the UN Security Council")
    subtitle = ("A very long subtitle that goes on to explain in considerable detail what this "
                "brief is about and why the reader should care about it at all")
    doc = m.Document(m.Meta(title, subtitle=subtitle, organisation="Org"),
                     (m.Heading(1, (m.Text("Introduction"),), "introduction"),
                      m.Paragraph((m.Text("Body text."),))))
    template = load_template("public")  # cover with a wordmark and a band
    with pdfplumber.open(io.BytesIO(render_pdf(doc, template, Reporter()))) as pdf:
        cover = " ".join(pdf.pages[0].extract_text().split())
        assert "Authority of the UN Security Council" in cover and "at all" in cover
        words = pdf.pages[0].extract_words()
        band_bottom = pdf.pages[0].height * 0.52
        title_words = [w for w in words if w["text"] in ("Authority", "Council")]
        assert title_words and all(w["bottom"] <= band_bottom for w in title_words)
        assert "Introduction" in pdf.pages[1].extract_text()
