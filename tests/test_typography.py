"""Typography a publications officer signs off (issue 13), measured on the finished
files of every example brief and template: hyphenation, headings and page breaks,
the DOCX contents and page count, running lines, stamps, covers, strikethrough and
justified spacing.  Everything here reads PDF/DOCX files back."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from docx import Document as open_docx
from lxml import etree

from briefgen import model as m
from briefgen.diagnostics import Reporter
from briefgen.template.loader import load_template
from typeset_read import breaks, full_lines, pdf_lines, stranded

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {p.stem: p for p in (ROOT / "sources").glob("*.md")}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING = re.compile(r"^#{1,6} +(.*?)(?:\s*\{.*\})?\s*$")


def _outputs(out: Path, ext: str) -> list[tuple[Path, str, str]]:
    """(file, brief stem, template name) of every built output with ``ext``."""
    found = []
    for path in sorted(out.glob(f"*.{ext}")):
        stem, template = path.stem.rsplit("-", 1)
        found.append((path, stem, template))
    assert found
    return found


def _lines(path: Path, template: str):  # noqa: ANN202
    t = load_template(template)
    return t, pdf_lines(path, t.page.margins.top, t.page.margins.bottom)


def test_hyphenation_is_rare_and_follows_the_rules(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, stem, template in _outputs(out, "pdf"):
        t, lines = _lines(path, template)
        found = breaks(lines, SOURCES[stem].read_text(encoding="utf-8"))
        full = full_lines(lines, t.page.text_width, t.page.margins.left)
        assert len(found) <= 0.05 * full, (path.name, len(found), full, found)
        for b in found:
            assert not b.head[0].isupper(), (path.name, b)  # never a name or acronym
            assert len(b.head) >= 2 and len(b.tail) >= 3, (path.name, b)
            assert not b.across_pages, (path.name, b)
        rows = sorted(b.line for b in found)
        for a, b, c in zip(rows, rows[1:], rows[2:]):
            assert not (b == a + 1 and c == b + 1), (path.name, "three in a row", rows)


def test_no_heading_is_stranded_at_a_page_foot(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, stem, template in _outputs(out, "pdf"):
        _t, lines = _lines(path, template)
        text = SOURCES[stem].read_text(encoding="utf-8")
        headings = [mt.group(1) for line in text.splitlines() if (mt := HEADING.match(line))]
        for heading in headings:
            assert not stranded(lines, heading), (path.name, heading)


def test_a_heading_keeps_two_lines_even_when_the_page_is_nearly_full() -> None:
    from briefgen.pdf import render_pdf

    template = load_template("default")
    long = "Filler words for the page that go on and on. " * 12
    for lead in range(0, 40, 2):  # the heading lands at every height near a page foot
        blocks = [m.Paragraph((m.Text(f"Line {i} {long}"),)) for i in range(2)]
        blocks += [m.Paragraph((m.Text(f"Short line {k}."),)) for k in range(lead)]
        items = tuple(m.ListItem((m.Paragraph((m.Text(f"Item {i} {long[:200]}"),)),))
                      for i in range(4))
        blocks += [m.Heading(2, (m.Text("Stranded Heading Check"),), "h"),
                   m.Paragraph((m.Text("We recommend the following."),)),  # one line, then a list
                   m.ListBlock(True, items)]
        data = render_pdf(m.Document(m.Meta("T"), tuple(blocks)), template, Reporter())
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                words = page.extract_words()
                mark = [w for w in words if w["text"] == "Stranded"]
                if not mark:
                    continue
                below = {round(w["top"]) for w in words if w["top"] > mark[0]["bottom"] + 2
                         and w["bottom"] < page.height - template.page.margins.bottom}
                assert len(below) >= 2, (lead, len(below))


def test_docx_hyphenates_like_the_pdf(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, _stem, _template in _outputs(out, "docx"):
        with zipfile.ZipFile(path) as z:
            settings = etree.fromstring(z.read("word/settings.xml"))
            styles = etree.fromstring(z.read("word/styles.xml"))
        assert settings.find(f"{W}autoHyphenation") is not None, path.name
        assert settings.find(f"{W}consecutiveHyphenLimit").get(f"{W}val") == "2"
        assert settings.find(f"{W}doNotHyphenateCaps") is not None
        assert settings.find(f"{W}compat/{W}doNotExpandShiftReturn") is not None
        by_id = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}
        for sid in ("Heading1", "Heading2", "Title", "Caption", "BriefTableText", "Footer"):
            assert by_id[sid].find(f"{W}pPr/{W}suppressAutoHyphens") is not None, sid
        lang = styles.find(f"{W}docDefaults//{W}lang").get(f"{W}val")
        assert lang == "en-US"  # "en" means US patterns in both formats


def _pdf_heading_pages(path: Path) -> dict[str, int]:
    reader = pypdf.PdfReader(str(path))
    pages: dict[str, int] = {}

    def walk(items) -> None:  # noqa: ANN001
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return pages


def test_docx_contents_shows_the_pdf_page_numbers(built) -> None:  # noqa: ANN001
    out, _ = built
    checked = 0
    for path, _stem, template in _outputs(out, "docx"):
        if not load_template(template).toc.enabled:
            continue
        outline = _pdf_heading_pages(path.with_suffix(".pdf"))
        entries = [p for p in open_docx(str(path)).paragraphs if p.style.style_id.startswith("TOC")
                   and p.style.style_id != "TOCHeading"]
        assert entries
        for entry in entries:
            mt = re.fullmatch(r"(.+)\t(\d+)", entry.text)
            assert mt, entry.text
            assert outline[mt.group(1)] == int(mt.group(2)), (entry.text, outline)
            checked += 1
    assert checked


def _libreoffice_pdf(path: Path, tmp: Path, soffice: str) -> Path:
    profile = (tmp / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp), str(path)], check=True, capture_output=True,
                   timeout=300)
    return tmp / f"{path.stem}.pdf"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_docx_as_libreoffice_lays_it_out(built, tmp_path: Path) -> None:  # noqa: ANN001
    """Page count within one of our PDF's, and no heading stranded at a page foot."""
    out, _ = built
    soffice = shutil.which("soffice")
    assert soffice
    for path, stem, template in _outputs(out, "docx"):
        laid_out = _libreoffice_pdf(path, tmp_path, soffice)
        docx_pages = len(pypdf.PdfReader(str(laid_out)).pages)
        pdf_pages = len(pypdf.PdfReader(str(path.with_suffix(".pdf"))).pages)
        assert abs(docx_pages - pdf_pages) <= 1, (path.name, docx_pages, pdf_pages)
        _t, lines = _lines(laid_out, template)
        text = SOURCES[stem].read_text(encoding="utf-8")
        for line in text.splitlines():
            if mt := HEADING.match(line):
                assert not stranded(lines, mt.group(1)), (path.name, mt.group(1))


LONG_TITLE = ("The Russia–North Korea Treaty on Comprehensive Strategic Partnership and What It "
              "Means for the Sanctions Regime")


def _long_title_doc() -> m.Document:
    body = tuple(m.Paragraph((m.Text("Text of the brief. " * 60),)) for _ in range(6))
    return m.Document(m.Meta(LONG_TITLE, organisation="Directorate for International Law"), body)


@pytest.mark.parametrize("short", [None, "Treaty and Sanctions"])
def test_running_lines_fit_one_line(short: str | None) -> None:
    from briefgen.docx import render_docx
    from briefgen.pdf import render_pdf

    template = dataclasses.replace(load_template("default"), short_title=short)
    data = render_pdf(_long_title_doc(), template, Reporter())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[1]
        top = [w for w in page.extract_words() if w["bottom"] < template.page.margins.top]
        rows = {round(w["bottom"]) for w in top if w["text"] != "OFFICIAL"}
        header = " ".join(w["text"] for w in sorted(top, key=lambda w: w["x0"]))
    assert len(rows) == 1, header  # one line, not wrapped
    expected = short if short else "\u2026"
    assert expected in header
    docx_data = render_docx(_long_title_doc(), template, Reporter())
    header_text = "\n".join(p.text for p in open_docx(io.BytesIO(docx_data)).sections[0].header.paragraphs)
    assert expected in header_text and LONG_TITLE not in header_text


def test_template_short_title_is_validated(tmp_path: Path) -> None:
    from briefgen.diagnostics import BriefError

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ndescription: d\nshort_title: [1, 2]\n", encoding="utf-8")
    with pytest.raises(BriefError, match=r"short_title"):
        load_template("bad", (tmp_path,))
    good = tmp_path / "good.yaml"
    good.write_text("name: good\ndescription: d\nshort_title: Defence Pact\n", encoding="utf-8")
    assert load_template("good", (tmp_path,)).short_title == "Defence Pact"


def test_public_cover_has_a_wordmark_not_a_vendor_logo(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, _stem, template in _outputs(out, "pdf"):
        if template != "public":
            continue
        with pdfplumber.open(path) as pdf:
            cover = pdf.pages[0]
            assert not cover.images, path.name
            text = cover.extract_text()
        assert "briefgen" not in text.lower()
        meta_org = re.search(r"^organisation: *(.+)$", SOURCES[path.stem.rsplit("-", 1)[0]]
                             .read_text(encoding="utf-8"), re.M)
        assert meta_org and text.count(meta_org.group(1).strip().strip('"')) >= 2  # wordmark + byline
        with zipfile.ZipFile(path.with_suffix(".docx")) as z:
            body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        cover_drawings = 0
        for block in body:
            cover_drawings += len(block.findall(f".//{W}drawing"))
            if block.findall(f".//{W}br[@{W}type='page']"):
                break  # the end of the cover
        assert cover_drawings == 0, path.name


def test_stamp_is_readable_and_in_the_metadata(tmp_path: Path) -> None:
    import pikepdf

    from briefgen.build import TemplateCache
    from briefgen.handout import make_handouts
    from briefgen.template.loader import default_dirs
    import datetime as dt

    spec = tmp_path / "list.yaml"
    spec.write_text(f"brief: {SOURCES['pact-legal-analysis']}\ntemplate: executive\n"
                    "recipients:\n  - {name: Minister Ana Ferreira, organisation: Ministry}\n",
                    encoding="utf-8")
    written = make_handouts(spec, tmp_path / "out", TemplateCache(default_dirs()), Reporter(),
                            dt.date(2026, 11, 25))
    copy = next(p for p in written if p.suffix == ".pdf")
    stamp = "Prepared for Minister Ana Ferreira, Ministry · Copy 1 of 1 · 2026-11-25"
    with pikepdf.open(copy) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("dc:rights") == stamp
        assert stamp in str(pdf.docinfo.get("/Keywords"))
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler (pdftoppm) is not installed: stamp contrast not measured")
    _assert_stamp_contrast(copy, tmp_path)


def _assert_stamp_contrast(copy: Path, tmp_path: Path) -> None:
    from PIL import Image

    with pdfplumber.open(copy) as pdf:
        page = pdf.pages[0]  # the cover, where the stamp crosses the navy band
        chars = [c for c in page.chars if c["x0"] < 30]
        assert chars
        box = (min(c["x0"] for c in chars), min(c["top"] for c in chars),
               max(c["x1"] for c in chars), max(c["bottom"] for c in chars))
        scale = 150 / 72
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(copy),
                    str(tmp_path / "cover")], check=True)
    image = Image.open(next(tmp_path.glob("cover*.png"))).convert("L")
    region = image.crop(tuple(int(v * scale) for v in box))
    histogram = region.histogram()
    dark, light = _percentile(histogram, 0.01), _percentile(histogram, 0.5)
    lum = [((v / 255) ** 2.2) for v in (dark, light)]
    ratio = (lum[1] + 0.05) / (lum[0] + 0.05)
    assert ratio >= 7, (dark, light, ratio)  # text on its backing box, over the band too


def _percentile(histogram: list[int], share: float) -> int:
    total, seen = sum(histogram), 0
    for value, count in enumerate(histogram):
        seen += count
        if seen >= share * total:
            return value
    return 255


def test_strikethrough_ends_with_the_word() -> None:
    from briefgen.pdf import render_pdf

    struck = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    doc = m.Document(m.Meta("T"), (m.Paragraph((m.Text("word " * 12), m.Strike((m.Text(struck),)),
                                                 m.Text(" after and more."))),))
    for name in ("default", "legal"):  # ragged and justified
        data = render_pdf(doc, load_template(name), Reporter())
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page = pdf.pages[0]
            words = [w for w in page.extract_words() if w["text"] in struck.split()]
            rules = [r for r in page.lines + page.rects if abs(r["top"] - r["bottom"]) < 2
                     and any(abs(r["bottom"] - w["bottom"]) < 8 for w in words)]
            assert rules
            for rule in rules:
                row = [w for w in words if abs(w["bottom"] - rule["bottom"]) < 8]
                assert abs(rule["x1"] - max(w["x1"] for w in row)) < 0.5, (name, rule["x1"])


def test_justified_lines_have_no_huge_gaps(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, _stem, template in _outputs(out, "pdf"):
        if not load_template(template).justify:
            continue
        with pdfplumber.open(path) as pdf:
            sizes = Counter(round(c["size"], 1) for p in pdf.pages for c in p.chars)
            body = sizes.most_common(1)[0][0]
            for number, page in enumerate(pdf.pages, 1):
                rows: dict[int, list[dict]] = defaultdict(list)
                for w in page.extract_words(extra_attrs=["size"]):
                    if round(w["size"], 1) == body:
                        rows[round(w["bottom"])].append(w)
                # the em space after a heading's number ("Annex A\u2003VESSELS", in the
                # contents list too) is a fixed separator, not a stretched word space
                em = [(c["x0"], round(c["bottom"])) for c in page.chars if c["text"] == "\u2003"]
                for ws in rows.values():
                    ws.sort(key=lambda w: w["x0"])
                    for i, (a, b) in enumerate(zip(ws, ws[1:])):
                        if i == 0 and len(a["text"]) <= 4 and not a["text"].isalpha():
                            continue  # a paragraph number and its text
                        if any(a["x1"] - 0.5 <= x <= b["x0"] and abs(y - a["bottom"]) < 2
                               for x, y in em):
                            continue
                        if not (re.search(r"\w", a["text"]) and re.search(r"[^\W\d]", b["text"])):
                            continue
                        # a smaller mark between them (a note's superscript number) ends
                        # the gap before it
                        marks = [c["x1"] for c in page.chars if c["text"].strip()
                                 and a["x1"] - 0.5 <= c["x0"] < b["x0"]
                                 and c["top"] < a["bottom"] and c["bottom"] > a["top"]]
                        gap = (b["x0"] - max([a["x1"], *marks])) / a["size"]
                        assert gap <= 0.75, (path.name, number, a["text"], b["text"], gap)


def test_a_figure_that_does_not_fit_lets_the_text_flow_before_it(tmp_path: Path) -> None:
    from PIL import Image

    from briefgen.pdf import render_pdf

    picture = tmp_path / "chart.png"
    Image.new("RGB", (1200, 900), "#88AACC").save(picture)
    long = "Filler words for the page that go on and on. " * 12
    blocks: list[m.Block] = [m.Paragraph((m.Text(f"Before{i} {long}"),)) for i in range(4)]
    blocks.append(m.Image("chart.png", "A chart", path=picture,
                          caption=(m.Text("Figure caption here"),)))
    blocks += [m.Paragraph((m.Text(f"After{i} {long}"),)) for i in range(3)]
    template = load_template("default")
    data = render_pdf(m.Document(m.Meta("T"), tuple(blocks)), template, Reporter())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        text1, text2 = first.extract_text(), second.extract_text()
        assert not first.images and second.images  # the figure went to the next page …
        assert "After0" in text1 and "Figure caption here" in text2  # … and the text filled in
        foot = first.height - template.page.margins.bottom
        lowest = max(w["bottom"] for w in first.extract_words() if w["bottom"] < foot)
        assert foot - lowest < 3 * template.fonts.size * template.fonts.line_spacing  # no hole
        words = " ".join(p.extract_text() for p in pdf.pages)
        assert all(f"After{i}" in words for i in range(3))  # nothing lost


def test_en_means_us_patterns_and_en_gb_british() -> None:
    from briefgen.hyphenation import Hyphenator, patterns

    assert patterns("en") == "en_US" and patterns("en-US") == "en_US"
    assert patterns("en-GB") == "en_GB"
    assert patterns("xx-unknown") is None
    us, gb = Hyphenator("en_US"), Hyphenator("en_GB")
    us.start(frozenset())
    gb.start(frozenset())
    assert ("mili", "tary") in list(us("military"))  # Liang's: mil-i-tary
    assert ("milit", "ary") in list(gb("military"))  # British: mil-it-ary
    assert list(us("Vladimir")) == [] and list(us("NATO")) == []  # never a capitalised word
    assert all(len(h) >= 2 and len(t) >= 3 for h, t in us("dissolution"))


def test_no_last_page_of_a_few_lines_that_fit_the_page_before(built) -> None:  # noqa: ANN001
    out, _ = built
    for path, _stem, template in _outputs(out, "pdf"):
        t, lines = _lines(path, template)
        last = max(line.page for line in lines)
        tail = [line for line in lines if line.page == last]
        if len(tail) >= 5 or last == 1:
            continue
        before = [line for line in lines if line.page == last - 1]
        free = (t.page.height - t.page.margins.bottom) - max(line.bottom for line in before)
        needed = max(line.bottom for line in tail) - min(line.top for line in tail)
        assert needed > free, (path.name, len(tail), needed, free)


def test_a_table_keeps_its_header_and_two_rows_on_each_page() -> None:
    from briefgen.pdf import render_pdf

    template = load_template("default")
    cell = "Cell text that wraps onto a second line in a narrow column of this table. "
    rows = tuple((m.TableCell((m.Text(f"Row{i}"),)), m.TableCell((m.Text(cell * 2),)))
                 for i in range(14))
    header = ((m.TableCell((m.Text("Key"),)), m.TableCell((m.Text("Text"),))),)
    for lead in range(0, 44, 3):
        blocks = [m.Paragraph((m.Text(f"Short line {k}."),)) for k in range(lead)]
        blocks.append(m.Table((None, None), header, rows))
        data = render_pdf(m.Document(m.Meta("T"), tuple(blocks)), template, Reporter())
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            per_page = [sum(1 for w in p.extract_words() if re.fullmatch(r"Row\d+", w["text"]))
                        for p in pdf.pages]
        shown = [n for n in per_page if n]
        assert sum(shown) == len(rows)
        assert all(n >= 2 for n in shown), (lead, per_page)


def test_hyphenation_patterns_come_from_the_cache_and_break_alike(monkeypatch,
                                                                  tmp_path: Path) -> None:
    """Issue 17: pyphen's patterns are parsed once and kept in the cache folder; a later
    process breaks words exactly as a freshly parsed dictionary does, and a damaged cache
    file is parsed again rather than trusted."""
    import pyphen

    from briefgen.hyphenation import Hyphenator

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    path = pyphen.LANGUAGES["en_US"]
    words = ("international", "implementation", "proliferation", "commitment")

    def fresh() -> list[list[tuple[str, str]]]:  # a new process: pyphen's memo empty
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        hyphenator = Hyphenator("en_US")
        return [list(hyphenator._dic.iterate(w)) for w in words]

    parsed = fresh()
    cached = list((tmp_path / "hyphenation-v1").glob("*.pickle"))
    assert len(cached) == 1
    def refuse(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise AssertionError("the patterns were parsed again although the cache has them")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", refuse)
    assert fresh() == parsed and parsed[0]
    monkeypatch.undo()
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    cached[0].write_bytes(b"not a pickle")
    assert fresh() == parsed
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)


def test_paragraph_numbers_are_set_alike(built) -> None:  # noqa: ANN001
    """Issue 13: the legal template's paragraph numbers are bold in both files and hang
    by the same decided width (``decide.number_gap``), so they never read as a list's."""
    from briefgen.decide import number_gap

    out, _ = built
    template = load_template("legal")
    docx = out / "pact-legal-analysis-legal.docx"
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    numbered = []
    for p in body.iter(f"{W}p"):
        runs = p.findall(f"{W}r")
        first = "".join(t.text or "" for t in runs[0].iter(f"{W}t")) if runs else ""
        if re.fullmatch(r"\d+\.", first) and p.find(f"{W}pPr/{W}ind") is not None:
            numbered.append((first, p, runs[0]))
    assert len(numbered) >= 10
    size = template.fonts.size
    for number, p, run in numbered:
        assert run.find(f"{W}rPr/{W}b") is not None, number
        hanging = int(p.find(f"{W}pPr/{W}ind").get(f"{W}hanging"))
        assert hanging == round(number_gap(number, size) * 20), number
    with pdfplumber.open(out / "pact-legal-analysis-legal.pdf") as pdf:
        left = template.page.margins.left
        checked = 0
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname"])
            for i, word in enumerate(words[:-1]):
                nxt = words[i + 1]
                if re.fullmatch(r"\d+\.", word["text"]) and abs(word["x0"] - left) < 1 \
                        and abs(nxt["top"] - word["top"]) < 1:
                    assert "Bold" in word["fontname"], word
                    gap = number_gap(word["text"], size)
                    assert abs(nxt["x0"] - left - gap) < 0.6, (word["text"], nxt["x0"] - left)
                    checked += 1
        assert checked >= 10


def test_contents_entries_are_in_capitals_where_the_headings_are(built) -> None:  # noqa: ANN001
    """The legal template draws level-1 headings in capitals and the PDF's contents lists
    them so; the DOCX's contents style shows them in capitals too (other templates not)."""
    out, _ = built
    for template, caps in (("legal", True), ("default", False)):
        with zipfile.ZipFile(out / f"pact-legal-analysis-{template}.docx") as package:
            styles = etree.fromstring(package.read("word/styles.xml"))
        toc1 = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "TOC1")
        assert (toc1.find(f"{W}rPr/{W}caps") is not None) is caps, template
    with pdfplumber.open(out / "pact-legal-analysis-legal.pdf") as pdf:
        first = pdf.pages[0].extract_text()
    assert "1 INTRODUCTION" in " ".join(first.split())
