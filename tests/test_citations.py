"""Citations, cross-references and bibliographies, read back from the built PDF and DOCX.

The example ``sources/pact-legal-analysis.md`` cites resolutions, treaties, a case, a
book and a report (``sources/pact-references.yaml``); the legal template formats
them with OSCOLA as footnotes, the others with Chicago author-date in the text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STEM = "pact-legal-analysis"
WORKS = {  # every work of sources/pact-references.yaml, as its bibliography entry begins
    "un-charter": "Charter of the United Nations",
    "npt": "Treaty on the Non-Proliferation of Nuclear Weapons",
    "unsc-1718": "UNSC Res 1718",
    "unsc-1874": "UNSC Res 1874",
    "unsc-2270": "UNSC Res 2270",
    "unsc-2397": "UNSC Res 2397",
    "nicaragua": "Military and Paramilitary Activities in and against Nicaragua",
    "joyner2011": "Interpreting the Nuclear Non-Proliferation Treaty",
    "poe-2024": "Final Report of the Panel of Experts",
}
OSCOLA_NOTES = {  # note number → its exact text (OSCOLA, the legal template)
    1: "Charter of the United Nations (26 June 1945), 1 UNTS XVI art 51.",
    2: "Military and Paramilitary Activities in and against Nicaragua (Nicaragua v United "
       "States of America) (Merits) [1986] ICJ Rep 14 [199].",
    6: "Charter of the United Nations (n 1).",
    10: "Interpreting the Nuclear Non-Proliferation Treaty (Oxford University Press 2011).",
    11: "Treaty on the Non-Proliferation of Nuclear Weapons (1 July 1968), 729 UNTS 161 art I.",
    12: "Ibid III(2).",
    14: "Treaty on the Non-Proliferation of Nuclear Weapons (n 11) art IX(3); see Joyner (n 10).",
    15: "Treaty on the Non-Proliferation of Nuclear Weapons (n 11).",
}


def _docx_notes(path: Path) -> dict[int, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    notes = [n for n in root.findall(f"{W}footnote") if n.get(f"{W}type") is None]
    return {int(n.get(f"{W}id")): _shown(n) for n in notes}


def _shown(element: etree._Element) -> str:
    """What Word shows of ``element``: its ``w:t`` text (not field instructions), a tab as
    a space."""
    return " ".join("".join(t.text or "" if t.tag == f"{W}t" else " "
                            for t in element.iter(f"{W}t", f"{W}tab")).split())


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _pdf_notes(path: Path) -> dict[int, str]:
    """Footnote texts of the PDF, read from its tagged structure (the ``Note`` elements,
    as a screen reader meets them): a page-foot note is labelled "N" since the parity
    work (Word draws its footnote mark without a full stop), and the legal template's
    numbered paragraphs ("1. ") make "N. " lines of the page text ambiguous."""
    from briefgen.citations.verify import pdf_notes

    return {n: " ".join(t.split()) for n, t in pdf_notes(path).items()}


@pytest.fixture(scope="module")
def legal(built: tuple[Path, object]) -> tuple[Path, Path]:
    out, _ = built
    return out / f"{STEM}-legal.pdf", out / f"{STEM}-legal.docx"


def test_oscola_notes_in_docx_footnotes(legal: tuple[Path, Path]) -> None:
    notes = _docx_notes(legal[1])
    assert len(notes) == 18
    for number, text in OSCOLA_NOTES.items():
        assert notes[number] == text, number


def test_oscola_notes_in_pdf_footnotes(legal: tuple[Path, Path]) -> None:
    notes = _pdf_notes(legal[0])
    for number, text in OSCOLA_NOTES.items():
        assert notes[number] == text, number


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_ibid_and_back_references_exactly_where_positions_put_them(
        legal: tuple[Path, Path], fmt: str) -> None:
    notes = _pdf_notes(legal[0]) if fmt == "pdf" else _docx_notes(legal[1])
    ibid = {n for n, t in notes.items() if re.search(r"\bibid\b", t, re.I)}
    back = {n: re.findall(r"\(n (\d+)\)", t) for n, t in notes.items() if "(n " in t}
    assert ibid == {12}  # note 11 cites the NPT alone; 12 cites it again
    assert back == {6: ["1"], 14: ["11", "10"], 15: ["11"]}  # each points at the full note
    # note 9 (the author's own) stands between 8 and 10: no ibid across it
    assert "Ibid" not in notes[10]


def test_citation_inside_an_authors_note_is_merged_into_it(legal: tuple[Path, Path]) -> None:
    notes = _docx_notes(legal[1])
    assert notes[7].endswith("established by resolution 1874 (2009) (UNSC Res 1874 para 26).")


def test_citation_marks_follow_the_punctuation(legal: tuple[Path, Path]) -> None:
    text = " ".join(_pdf_text(legal[0]).split())
    assert "collective self-defence.1 That right" in text
    assert "safeguards.12,13 Because" in text


@pytest.mark.parametrize("template", ["default", "public", "legal"])
def test_bibliography_lists_every_cited_work_once(built: tuple[Path, object],
                                                  template: str) -> None:
    document = _docx_paragraphs(built[0] / f"{STEM}-{template}.docx")
    title = "Bibliography" if template == "legal" else "References"
    start = len(document) - 1 - document[::-1].index(title)  # the heading, not its TOC line
    entries = document[start + 1:]
    if "Notes and sources" in entries:  # endnotes follow the references (public)
        entries = entries[: entries.index("Notes and sources")]
    assert len(entries) == len(WORKS)
    for work in WORKS.values():
        assert sum(e.lower().count(work.lower()) > 0 for e in entries) == 1, work


def test_executive_version_has_no_bibliography(built: tuple[Path, object]) -> None:
    paragraphs = _docx_paragraphs(built[0] / f"{STEM}-executive.docx")
    assert "References" not in paragraphs
    text = " ".join(paragraphs)
    assert "(UNSC Res 1718 2006; UNSC Res 1874 2009)" in text  # citations stay in the text


def test_author_date_citations_in_the_text(built: tuple[Path, object]) -> None:
    text = " ".join(_pdf_text(built[0] / f"{STEM}-public.pdf").split())
    assert "Joyner (2011) examines" in text
    assert "(Nicaragua 1986, ¶ 199)" not in text  # narrative: the case is named in the text
    assert "held in Nicaragua (1986, ¶ 199)" in text
    assert "(UN Charter 1945, art. 51)" in text


def _docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [_shown(p) for p in root.iter(f"{W}p") if _shown(p)]


CROSSREFS = {"Table 1": ("tbl_provisions", "Table 1: The treaty’s provisions"),
             "Figure 1": ("fig_resolutions", "Figure 1: Security Council resolutions"),
             "Section 4.1": ("sec_sanctions", "4.1 UN Security Council Sanctions")}


def test_crossrefs_link_to_their_targets_in_docx(legal: tuple[Path, Path]) -> None:
    """Sections: a hyperlink to the heading's bookmark.  Tables and figures as Word makes
    them: a REF field (cached "Table 1") to a hidden bookmark around the caption's label,
    whose number is a SEQ field."""
    with zipfile.ZipFile(legal[1]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    links = {_shown(h): h.get(f"{W}anchor") for h in root.iter(f"{W}hyperlink")}
    assert links["Section 4.1"] == "sec_sanctions"
    paragraphs = list(root.iter(f"{W}p"))
    for text, (bookmark, target) in CROSSREFS.items():
        if text.startswith("Section"):
            start = next(b for b in root.iter(f"{W}bookmarkStart")
                         if b.get(f"{W}name") == bookmark)
            assert _shown(start.getparent()).startswith(target)
            continue
        sequence = text.split()[0]
        refs = [p for p in paragraphs if f" REF _Ref_{bookmark} \\h " in
                "".join(i.text or "" for i in p.iter(f"{W}instrText"))]
        assert refs and all(text in _shown(p) for p in refs), text
        caption = next(p for p in paragraphs if any(b.get(f"{W}name") == f"_Ref_{bookmark}"
                                                     for b in p.iter(f"{W}bookmarkStart")))
        assert _shown(caption).startswith(target)
        instructions = [i.text for i in caption.iter(f"{W}instrText")]
        assert instructions == [f" SEQ {sequence} \\* ARABIC "]


def test_crossrefs_link_to_their_targets_in_pdf(legal: tuple[Path, Path]) -> None:
    reader = PdfReader(legal[0])
    found: dict[str, str] = {}
    with pdfplumber.open(legal[0]) as pdf:
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                dest = annot.get("/Dest")
                if annot.get("/Subtype") != "/Link" or dest is None:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                plumber = pdf.pages[index]
                text = _text_in(plumber, x0, plumber.height - y1, x1, plumber.height - y0)
                # (endswith: in a justified line the PDF writer's link rectangle lags the
                # stretched text by a few points; the link still covers its words)
                text = next((k for k in CROSSREFS if text.endswith(k)), text)
                if text in CROSSREFS:
                    target = reader.get_destination_page_number(
                        reader._build_destination("", dest))  # noqa: SLF001
                    found[text] = " ".join((reader.pages[target].extract_text() or "").split())
    assert set(found) == set(CROSSREFS)
    for text, (_, target) in CROSSREFS.items():
        assert target in found[text], text


def _text_in(page: pdfplumber.page.Page, x0: float, top: float, x1: float, bottom: float
             ) -> str:
    """The characters whose centre lies in the box (a link's rectangle)."""
    chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
             and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    return "".join(c["text"] for c in chars).strip("(). ")


@pytest.mark.parametrize("template", ["default", "public", "legal"])  # executive: sections omitted
def test_crossref_words_in_every_version(built: tuple[Path, object], template: str) -> None:
    text = " ".join(_pdf_text(built[0] / f"{STEM}-{template}.pdf").split())
    assert "Table 1 sets out" in text and "Table 1: " in text
    assert "(Figure 1)" in text and "Figure 1: " in text
    section = "Section 4.1" if template == "legal" else "UN Security Council Sanctions"
    assert f"as {section} shows" in text


@pytest.mark.parametrize("template", ["default", "executive", "public", "legal"])
def test_verify_finds_notes_and_crossrefs_alike(built: tuple[Path, object],
                                                template: str) -> None:
    from briefgen.verify import verify_pair

    from conftest import ROOT, require_glyphs

    require_glyphs((ROOT / "sources" / f"{STEM}.md").read_text(encoding="utf-8"))  # Korean
    out = built[0]
    assert verify_pair(out / f"{STEM}-{template}.pdf", out / f"{STEM}-{template}.docx") == []


def test_verify_reports_a_note_or_crossref_that_differs(legal: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    from briefgen.citations.verify import compare_citations

    changed = tmp_path / "changed.docx"
    with zipfile.ZipFile(legal[1]) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/footnotes.xml":
                data = data.replace(b"Ibid III(2).", b"Ibid III(3).")
            if item.filename == "word/document.xml":
                data = data.replace("Table 1</w:t>".encode(), "Table 2</w:t>".encode(), 1)
            target.writestr(item, data)
    problems = compare_citations(legal[0], changed)
    assert problems[0] == "note 12: the PDF has no note 12 reading 'Ibid III(3).'"
    assert problems[1].startswith("cross-references: PDF has {'Figure 1': 3, 'Section 4.1': 1, "
                                  "'Table 1': 3}")  # text, caption, list of figures


def test_lists_of_figures_and_tables_link_to_them(tmp_path: Path) -> None:
    from briefgen.build import Options, build
    from briefgen.diagnostics import Reporter

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "listed.yaml").write_text(
        "extends: legal\ncrossrefs:\n  list_of_figures: true\n  list_of_tables: true\n"
        "  figures_title: List of figures\n  tables_title: List of tables\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    result = build([root / "sources" / f"{STEM}.md"],
                   Options(output=out, templates=("listed",),
                           template_dirs=(folder, root / "templates")), Reporter())
    assert not result.failed
    paragraphs = _docx_paragraphs(out / f"{STEM}-listed.docx")
    start = paragraphs.index("List of figures")
    assert paragraphs[start + 1].startswith("Figure 1: Security Council resolutions")
    assert paragraphs[start + 2] == "List of tables"
    assert paragraphs[start + 3].startswith("Table 1: The treaty’s provisions")
    with zipfile.ZipFile(out / f"{STEM}-listed.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert 'w:anchor="fig_resolutions"' in xml and 'w:anchor="tbl_provisions"' in xml
    text = " ".join(_pdf_text(out / f"{STEM}-listed.pdf").split())
    assert "LIST OF FIGURES Figure 1: Security Council resolutions" in text
    assert "LIST OF TABLES Table 1: The treaty’s provisions" in text


AUTHORITIES = {  # group → (entry beginning, what a note citing it says)
    "Treaties and conventions": [("Charter of the United Nations", "Charter of the United Nations"),
                                 ("Treaty on the Non-Proliferation of Nuclear Weapons",
                                  "Treaty on the Non-Proliferation")],
    "UN resolutions and other instruments": [("UNSC Res 1718", "UNSC Res 1718"),
                                             ("UNSC Res 1874", "UNSC Res 1874"),
                                             ("UNSC Res 2270", "UNSC Res 2270"),
                                             ("UNSC Res 2397", "UNSC Res 2397")],
    "Cases": [("Military and Paramilitary Activities", "Nicaragua")],
    "Other": [("Joyner DH", "Interpreting the Nuclear"),
              ("UNSC, ‘Final Report of the Panel of Experts", "Panel of Experts Submitted")],
}


def _pdf_toa(pdf: Path) -> dict[str, list[tuple[str, str]]]:
    """The PDF's table of authorities: group → (entry, pages) in order."""
    lines = [" ".join(line.split()) for line in _pdf_text(pdf).splitlines()]
    start = lines.index("TABLE OF AUTHORITIES")  # the heading (the TOC line has its page)
    groups: dict[str, list[tuple[str, str]]] = {}
    current = None
    entry = ""
    for line in lines[start + 1:]:
        if line in AUTHORITIES:
            current = line
            groups[current] = []
            continue
        if line.startswith("1 INTRODUCTION"):
            break
        if current is None or not line:
            continue
        if entry.endswith("-"):  # a line broken after a hyphen
            entry = entry[:-1] + line if line[:1].islower() else entry + line
        else:
            entry = f"{entry} {line}".strip() if entry else line
        entry = re.sub(r"(?:\s*\. ?){3,}", " ", entry).strip()  # the dot leaders
        found = re.search(r"(?:^|\s)(?:(pp?) ([\d, ]+)|passim)$", entry)
        if found:
            groups[current].append((entry[: found.start()].strip(), found.group(0).strip()))
            entry = ""
    return groups


def test_table_of_authorities_lists_every_authority_with_its_pages(
        legal: tuple[Path, Path]) -> None:
    notes = _docx_notes(legal[1])
    note_pages: dict[int, int] = {}  # a page-foot note's line begins "N " and its text
    for number, page in enumerate(PdfReader(legal[0]).pages, start=1):
        for line in (page.extract_text() or "").splitlines():
            for note, text in notes.items():
                if " ".join(line.split()).startswith(f"{note} {text[:20]}"):
                    note_pages.setdefault(note, number)
    assert set(note_pages) == set(notes)
    toa = _pdf_toa(legal[0])
    assert list(toa) == list(AUTHORITIES)
    for group, works in AUTHORITIES.items():
        assert len(toa[group]) == len(works), group
        for (entry, pages), (start, cited_as) in zip(toa[group], works):
            assert entry.startswith(start)
            expected = sorted({note_pages[n] for n, text in notes.items() if cited_as in text})
            word = "p" if len(expected) == 1 else "pp"
            assert pages == f"{word} {', '.join(map(str, expected))}", entry


def test_table_of_authorities_in_docx_is_word_fields(legal: tuple[Path, Path]) -> None:
    """A TOA field per group, pre-filled with the PDF's entries and pages and marked to
    update; a TA field for every authority of every citation, naming its entry."""
    with zipfile.ZipFile(legal[1]) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    toa = [i for i in body.iter(f"{W}instrText") if i.text.strip().startswith("TOA")]
    assert [i.text for i in toa] == [f' TOA \\c "{c}" \\p ' for c in (8, 9, 1, 3)]
    for instruction in toa:  # each field's begin is marked dirty
        begin = instruction.getparent().getprevious().find(f"{W}fldChar")
        assert begin.get(f"{W}fldCharType") == "begin" and begin.get(f"{W}dirty") == "true"
    paragraphs = _docx_paragraphs(legal[1])
    start = paragraphs.index("Table of authorities")  # the heading (its TOC line has the page)
    shown = [p for p in paragraphs[start + 1: paragraphs.index("List of figures", start)]
             if p not in AUTHORITIES]
    pdf_toa = _pdf_toa(legal[0])
    assert shown == [f"{entry} {pages}" for group in pdf_toa.values() for entry, pages in group]
    ta = [i.text for i in notes.iter(f"{W}instrText") if i.text.strip().startswith("TA ")]
    source = (Path(__file__).resolve().parents[1] / "sources" / f"{STEM}.md").read_text()
    assert len(ta) == len(re.findall(r"@(?:" + "|".join(WORKS) + r")\b", source))
    categories = dict(zip(AUTHORITIES, (8, 9, 1, 3)))
    named = {(entry, categories[group]) for group, rows in pdf_toa.items() for entry, _ in rows}
    assert {(re.search(r'\\l "(.*)" \\c', t).group(1),
             int(re.search(r"\\c (\d+)", t).group(1))) for t in ta} == named
