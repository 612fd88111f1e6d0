"""The apparatus around citations, read back from the built PDF and DOCX: dates of the
sources (no "n.d." for a dated work), page numbers of the lists of figures and tables
and of the table of authorities (dot leaders to flush-right pages, in both formats),
references to unnumbered sections, and charts numbered as figures."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree
from pypdf import PdfReader

from briefgen.build import Options, build
from briefgen.cli import main
from briefgen.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STEM = "pact-legal-analysis"
LEADERS = re.compile(r"(?: ?\.){3,}")


def _pdf_lines(path: Path) -> list[list[str]]:
    """Each page's text lines (pdfplumber), spaces squeezed."""
    with pdfplumber.open(path) as pdf:
        return [[" ".join(line.split()) for line in (page.extract_text() or "").splitlines()]
                for page in pdf.pages]


def _docx(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _shown(element: etree._Element) -> str:
    """What Word shows (``w:t`` text, a tab as a space; no field instructions)."""
    return " ".join("".join(t.text or "" if t.tag == f"{W}t" else " "
                            for t in element.iter(f"{W}t", f"{W}tab")).split())


def _instructions(element: etree._Element) -> list[str]:
    return ["".join(i.text or "") for i in element.iter(f"{W}instrText")]


# 1. Dates: a dated source never prints "n.d.", an undated one as its style says.

@pytest.mark.parametrize("template", ["default", "executive", "public", "legal"])
def test_no_dated_source_prints_no_date(built: tuple[Path, object], template: str) -> None:
    entries = yaml.safe_load((ROOT / "sources" / "pact-references.yaml").read_text("utf-8"))
    assert all("issued" in e for e in entries), [e["id"] for e in entries if "issued" not in e]
    pdf = " ".join(line for page in _pdf_lines(built[0] / f"{STEM}-{template}.pdf")
                   for line in page)
    docx = _shown(_docx(built[0] / f"{STEM}-{template}.docx"))
    for text in (pdf, docx):
        assert "n.d." not in text
        if template == "legal":  # OSCOLA: a resolution with its date and document symbol
            assert "UNSC Res 1718 (14 October 2006) UN Doc S/RES/1718" in text
            assert "S/RES/1718 2006" not in text  # no statute-style year after it
        else:  # Chicago author-date: the year of adoption
            assert "(UNSC Res 1718 2006; UNSC Res 1874 2009)" in text


def test_an_undated_source_prints_what_its_style_says(tmp_path: Path) -> None:
    (tmp_path / "refs.yaml").write_text(
        "- id: memo\n  type: report\n  title: Undated Memorandum on Sanctions\n"
        "  author: [{family: Doe, given: Jane}]\n"
        "- id: npt\n  type: treaty\n  title: Treaty on the Non-Proliferation of Nuclear "
        "Weapons\n  issued: 1968-07-01\n", encoding="utf-8")
    brief = tmp_path / "brief.md"
    brief.write_text("---\ntitle: Dates\nbibliography: refs.yaml\n---\n\n# Intro\n\n"
                     "An undated memo [@memo, 4] and a dated treaty [@npt].\n", encoding="utf-8")
    result = build([brief], Options(output=tmp_path / "out", templates=("default",)), Reporter())
    assert not result.failed
    pdf = " ".join(l for p in _pdf_lines(tmp_path / "out" / "brief-default.pdf") for l in p)
    docx = _shown(_docx(tmp_path / "out" / "brief-default.docx"))
    for text in (pdf, docx):  # Chicago author-date: "n.d." for the undated work only
        assert "(Doe, n.d., 4)" in text and "(Treaty on the Non-Proliferation of Nuclear " \
            "Weapons 1968)" in text
        assert "Doe, J. n.d. Undated Memorandum on Sanctions." in text


# 2 and 3. Lists of figures and tables; the table of authorities.

def _section(lines: list[str], start: str, end: str) -> list[str]:
    at = lines.index(start)
    return lines[at + 1: lines.index(end, at)]


def _entries(lines: list[str]) -> list[tuple[str, str]]:
    """(entry, what follows its leaders), joining an entry's wrapped lines."""
    out, entry = [], ""
    for line in lines:
        entry = f"{entry} {line}".strip()
        found = LEADERS.search(entry)
        if found:
            out.append((entry[: found.start()].strip(), entry[found.end():].strip()))
            entry = ""
    return out


def _page_of(pages: list[list[str]], text: str, skip: int) -> int:
    """The page (1-based) other than ``skip`` whose text has ``text``."""
    return next(n for n, lines in enumerate(pages, start=1)
                if n != skip and text in " ".join(lines))


def _right_edges(path: Path, page: int, texts: list[str]) -> set[float]:
    """The right edges of the last word of each line ending with one of ``texts``."""
    edges = set()
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[page - 1].extract_words()
    for text in texts:
        last = text.split()[-1]
        edges |= {round(w["x1"]) for w in words if w["text"] == last}
    return edges


def test_pdf_lists_of_figures_and_tables_show_pages_after_leaders(
        built: tuple[Path, object]) -> None:
    path = built[0] / f"{STEM}-legal.pdf"
    pages = _pdf_lines(path)
    at = next(n for n, lines in enumerate(pages, start=1) if "LIST OF FIGURES" in lines)
    figures = _entries(_section(pages[at - 1], "LIST OF FIGURES", "LIST OF TABLES"))
    tables = _entries(_section(pages[at - 1], "LIST OF TABLES", "1 INTRODUCTION"))
    assert [e for e, _ in figures] == ["Figure 1: Security Council resolutions imposing or "
                                       "tightening sanctions on the DPRK, 2006–2017"]
    assert [e for e, _ in tables] == ["Table 1: The treaty’s provisions of greatest concern "
                                      "and the legal questions they raise"]
    for entry, page in figures + tables:
        assert page == str(_page_of(pages, entry[:40], at)), entry
    contents = [line for line in pages[0] if LEADERS.search(line)]  # the contents' numbers
    edges = _right_edges(path, at, [p for _, p in figures + tables])
    assert edges and edges <= _right_edges(path, 1, contents)  # flush right, as they are


def test_docx_lists_are_word_table_of_figures_fields(built: tuple[Path, object]) -> None:
    root = _docx(built[0] / f"{STEM}-legal.docx")
    pdf_pages = _pdf_lines(built[0] / f"{STEM}-legal.pdf")
    for sequence, label, start in (("Figure", "fig_resolutions", "Figure 1: Security Council"),
                                   ("Table", "tbl_provisions", "Table 1: The treaty’s")):
        begin = next(p for p in root.iter(f"{W}p")
                     if f' TOC \\h \\z \\c "{sequence}" ' in _instructions(p))
        fld = begin.find(f"{W}r/{W}fldChar")
        assert fld.get(f"{W}fldCharType") == "begin" and fld.get(f"{W}dirty") == "true"
        assert f" PAGEREF {label} \\h " in _instructions(begin)
        page = _page_of(pdf_pages, start, skip=2)  # the page the PDF shows, pre-filled
        assert _shown(begin).startswith(start) and _shown(begin).endswith(f" {page}")
        assert _shown(begin).count(" ") > 3 and begin.find(f".//{W}r/{W}tab") is not None
        tab = begin.find(f"{W}pPr/{W}tabs/{W}tab")
        assert tab.get(f"{W}val") == "right" and tab.get(f"{W}leader") == "dot"
        ends = [f for f in begin.iter(f"{W}fldChar") if f.get(f"{W}fldCharType") == "end"]
        assert len(ends) == 2  # the PAGEREF's and the list's own (its only entry)


def test_table_of_authorities_pages_follow_dot_leaders(built: tuple[Path, object]) -> None:
    path = built[0] / f"{STEM}-legal.pdf"
    pages = _pdf_lines(path)
    at = next(n for n, lines in enumerate(pages, start=1) if "TABLE OF AUTHORITIES" in lines)
    lines = [line for line in _section(pages[at - 1], "TABLE OF AUTHORITIES", "LIST OF FIGURES")
             if line not in ("Treaties and conventions", "UN resolutions and other instruments",
                             "Cases", "Other")]
    assert "\u2003" not in " ".join(lines)
    entries = _entries(lines)
    assert len(entries) == 9
    assert all(re.fullmatch(r"pp? \d+(?:, \d+)*|passim", p) for _, p in entries), entries
    contents = [line for line in pages[0] if LEADERS.search(line)]
    edges = _right_edges(path, at, [p for _, p in entries])
    assert edges and edges <= _right_edges(path, 1, contents)
    root = _docx(built[0] / f"{STEM}-legal.docx")
    dotted = []  # the body's paragraphs with a dotted right tab (the contents' have a style)
    for paragraph in root.iter(f"{W}p"):
        tab = paragraph.find(f"{W}pPr/{W}tabs/{W}tab")
        if tab is not None and tab.get(f"{W}leader") == "dot" and \
                paragraph.find(f"{W}pPr/{W}pStyle") is None:
            assert tab.get(f"{W}val") == "right"
            dotted.append(paragraph)
    assert [_shown(p) for p in dotted[:9]] == [f"{e} {p}" for e, p in entries]
    for paragraph, (_, pages) in zip(dotted, entries):  # the pages come after a tab
        runs = list(paragraph.iter(f"{W}r"))
        at = next(i for i, r in enumerate(runs) if r.find(f"{W}tab") is not None)
        assert "".join(t.text for r in runs[at:] for t in r.iter(f"{W}t")) == pages
    toa = [i for i in _instructions(root) if i.startswith(" TOA ")]
    assert len(toa) == 4 and all("\\e" not in i for i in toa)  # Word's dotted tab, no \e


# 4. A reference to an unnumbered section: its title, in both formats.

def _pdf_links(path: Path) -> dict[str, int]:
    """Link text → the page (0-based) its destination is on."""
    reader = PdfReader(path)
    found: dict[str, int] = {}
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                if annot.get("/Subtype") != "/Link" or annot.get("/Dest") is None:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                plumber = pdf.pages[index]
                chars = [c for c in plumber.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and
                         plumber.height - y1 <= (c["top"] + c["bottom"]) / 2 <= plumber.height - y0]
                text = "".join(c["text"] for c in chars).strip("(). ")
                found[text] = reader.get_destination_page_number(
                    reader._build_destination("", annot["/Dest"]))  # noqa: SLF001
    return found


@pytest.mark.parametrize("template", ["default", "public"])
def test_reference_to_an_unnumbered_section_shows_its_title(built: tuple[Path, object],
                                                             template: str) -> None:
    title = "UN Security Council Sanctions"
    pdf_path = built[0] / f"{STEM}-{template}.pdf"
    pdf = " ".join(line for page in _pdf_lines(pdf_path) for line in page)
    assert f"as {title} shows" in pdf and "Section ‘" not in pdf
    heading_page = _pdf_links(pdf_path)[title]
    assert title in " ".join(_pdf_lines(pdf_path)[heading_page])
    root = _docx(built[0] / f"{STEM}-{template}.docx")
    assert f"as {title} shows" in _shown(root) and "Section ‘" not in _shown(root)
    paragraph = next(p for p in root.iter(f"{W}p") if f"as {title} shows" in _shown(p))
    assert " REF sec_sanctions \\h " in _instructions(paragraph)  # Word's heading-text ref
    heading = next(b for b in root.iter(f"{W}bookmarkStart")
                   if b.get(f"{W}name") == "sec_sanctions").getparent()
    assert _shown(heading) == title


# 5. Charts with a caption and a label are figures.

def test_a_labelled_chart_is_a_numbered_figure_in_both_formats(
        built: tuple[Path, object]) -> None:
    stem = "dprk-shipping-watch-default"
    caption = "Figure 1: Port calls and transfers by quarter"
    pdf_path = built[0] / f"{stem}.pdf"
    pdf = " ".join(line for page in _pdf_lines(pdf_path) for line in page)
    assert caption in pdf and "rose faster (Figure 1)" in pdf
    target = _pdf_links(pdf_path)["Figure 1"]
    assert caption in " ".join(_pdf_lines(pdf_path)[target])
    root = _docx(built[0] / f"{stem}.docx")
    paragraphs = list(root.iter(f"{W}p"))
    label = next(p for p in paragraphs if _shown(p).startswith(caption))
    assert _instructions(label) == [" SEQ Figure \\* ARABIC "]
    assert any(b.get(f"{W}name") == "_Ref_fig_calls" for b in label.iter(f"{W}bookmarkStart"))
    ref = next(p for p in paragraphs if "rose faster (Figure 1)" in _shown(p))
    assert " REF _Ref_fig_calls \\h " in _instructions(ref)


def test_charts_and_images_share_one_figure_sequence_and_list(tmp_path: Path) -> None:
    source = ROOT / "sources"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "calls.csv").write_text(
        (source / "data" / "port-calls.csv").read_text("utf-8"), encoding="utf-8")
    image = "images/unsc-dprk-sanctions-resolutions.png"
    (tmp_path / "images").mkdir()
    (tmp_path / image).write_bytes((source / image).read_bytes())
    brief = tmp_path / "brief.md"
    brief.write_text(
        "---\ntitle: Charts and images\ndate: 2024-05-01\n---\n\n# Intro\n\nSee @fig-calls and @fig-votes.\n\n"
        f"![Votes by year]({image} \"Resolutions by year\"){{#fig-votes}}\n\n"
        '```{.chart source="data/calls.csv" type="bar" x="Quarter" y="Port calls" '
        'caption="Port calls by quarter" #fig-calls}\n```\n', encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "listed.yaml").write_text("extends: default\ncrossrefs:\n  list_of_figures: true"
                                        "\n  figures_title: Figures\n", encoding="utf-8")
    result = build([brief], Options(output=tmp_path / "out", templates=("listed",),
                                    template_dirs=(folder, ROOT / "templates")), Reporter())
    assert not result.failed
    assert main(["check", str(brief)]) == 0  # check knows a chart's label too
    pages = _pdf_lines(tmp_path / "out" / "brief-listed.pdf")
    text = " ".join(line for page in pages for line in page)
    assert "See Figure 2 and Figure 1." in text
    assert "Figure 1: Resolutions by year" in text and "Figure 2: Port calls by quarter" in text
    listed = _entries(_section([l for p in pages for l in p], "Figures", "Intro"))
    assert [e for e, _ in listed] == ["Figure 1: Resolutions by year",
                                      "Figure 2: Port calls by quarter"]
    root = _docx(tmp_path / "out" / "brief-listed.docx")
    seq = [i for i in _instructions(root) if i.startswith(" SEQ ")]
    assert seq == [" SEQ Figure \\* ARABIC "] * 2
    assert [i for i in _instructions(root) if i.startswith(" PAGEREF ")] == [
        " PAGEREF fig_votes \\h ", " PAGEREF fig_calls \\h "]


def test_lists_show_the_annexes_numbered_floats_too(built: tuple[Path, object]) -> None:
    """An annex numbers its captioned floats without a label ("Figure B.1"): the list of
    figures shows them, with their pages, in both formats."""
    pdf_path = built[0] / "dprk-shipping-watch-legal.pdf"
    pages = _pdf_lines(pdf_path)
    at = next(n for n, lines in enumerate(pages, start=1) if "LIST OF FIGURES" in lines)
    figures = _entries(_section(pages[at - 1], "LIST OF FIGURES", "LIST OF TABLES"))
    assert [e.split(":")[0] for e, _ in figures] == ["Figure 1", "Figure B.1"]
    for entry, page in figures:
        assert page == str(_page_of(pages, entry[:30], at)), entry
    root = _docx(built[0] / "dprk-shipping-watch-legal.docx")
    refs = [i.split()[1] for i in _instructions(root) if i.startswith(" PAGEREF ")]
    marks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    assert len(refs) == 4 and set(refs) <= marks  # two figures, two tables, each a target
