"""Links in the tagged PDF (issues 12 and 15), read back as a reader's software does.

Each Link structure element holds its own text (marked content, or /ActualText in a
heading the style draws in capitals) and its own annotation (OBJR, /StructParent,
/Contents = its text); no marked-content fragment or element is empty; and each
annotation's /Rect covers exactly the words drawn for the link, as pdfplumber finds
them, on justified and ragged lines, one rectangle per line for a link that breaks.
"""

from __future__ import annotations

import io
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import LONG, T, meta, para, render  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.template.loader import load_template  # noqa: E402

URL = "https://example.org/council"
OTHER = "https://example.org/other"
WIDE = ("of the ministry of foreign affairs and of the committee that the council set up "
        "for the review of its sanctions")  # a link text long enough to break


def _link(text: str, target: str = URL) -> m.Link:
    return m.Link((T(text),), target)


def _doc() -> m.Document:
    heading = m.Heading(1, (T("Rules of the "), _link("Security Council"), T(" in force")),
                        id="rules")
    body = (
        heading,
        para("See ", _link("alpha"), " and ", _link("beta"), " today."),
        para(_link("Opening", OTHER), " words between two links at the ends ",
             _link("closing", OTHER)),
        para(LONG[:200], _link(WIDE), " ", LONG[:300], _link("middle link"), " ",
             LONG[:260], _link("another one", OTHER), " ", LONG),
    )
    return m.Document(meta(), body)


def _template(justify: bool):  # noqa: ANN202
    legal = load_template("legal")
    return replace(legal, justify=justify)


@pytest.fixture(scope="module", params=[True, False], ids=["justified", "ragged"])
def made(request) -> bytes:  # noqa: ANN001
    return render(_doc(), _template(request.param))[0]


# ------------------------------------------------------------------ reading back


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop(0)
        found.append(node)
        stack[:0] = [k for k in _kids(node) if _is_elem(k)]
    return found


def _kids(node) -> list:  # noqa: ANN001
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_elem(kid) -> bool:  # noqa: ANN001
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR")


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {p.objgen: i for i, p in enumerate(pdf.pages)}


def _marked(data: bytes) -> dict[tuple[int, int], dict]:
    """(page, MCID) → {"chars": drawn characters, "actual": /ActualText or None}."""
    out: dict[tuple[int, int], dict] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for index, pg in enumerate(pdf.pages):
            for operands, operator in pikepdf.parse_content_stream(pg, "BDC"):
                props = operands[1] if len(operands) > 1 else None
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    actual = str(props.ActualText) if "/ActualText" in props else None
                    out[(index, int(props.MCID))] = {"chars": "", "actual": actual}
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for index, pg in enumerate(plumber.pages):
            for char in pg.chars:
                if char.get("mcid") is not None:
                    out[(index, char["mcid"])]["chars"] += char["text"]
    return out


def _text(pdf: pikepdf.Pdf, elem, marked, pages) -> str:  # noqa: ANN001
    """An element's text as a screen reader gets it: its /ActualText if it has one,
    else its marked content's (each /ActualText or drawn characters) and its children's,
    in order."""
    if "/ActualText" in elem:
        return str(elem.ActualText)
    return "".join(_texts_in_order(pdf, elem, marked, pages))


def _texts_in_order(pdf, elem, marked, pages) -> list[str]:  # noqa: ANN001
    out = []
    for kid in _kids(elem):
        if _is_elem(kid):
            out.append(_text(pdf, kid, marked, pages))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            continue
        else:
            if isinstance(kid, pikepdf.Dictionary):
                pg = kid.Pg if "/Pg" in kid else elem.Pg
                key = (pages[pg.objgen], int(kid.MCID))
            else:
                key = (pages[elem.Pg.objgen], int(kid))
            item = marked[key]
            out.append(item["actual"] if item["actual"] is not None else item["chars"])
    return out


def _annots(elem) -> list:  # noqa: ANN001
    return [k.Obj for k in _kids(elem)
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]


def _links(data: bytes) -> list[tuple[str, list[tuple[str, list[float], int]]]]:
    """Each Link element: its text and its annotations' (/Contents, /Rect, page)."""
    marked = _marked(data)
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = _page_index(pdf)
        on_page = {a.objgen: i for i, pg in enumerate(pdf.pages) for a in pg.get("/Annots", [])}
        for elem in _elements(pdf):
            if elem.get("/S") != "/Link":
                continue
            annots = [(str(a.Contents), [float(v) for v in a.Rect], on_page[a.objgen])
                      for a in _annots(elem)]
            out.append((" ".join(_text(pdf, elem, marked, pages).split()), annots))
    return out


# ------------------------------------------------------------------ tests


def test_every_link_element_holds_its_own_text(made: bytes) -> None:
    """Issue 12: a Link in a heading drawn in capitals holds its text (in real case),
    like every other Link; the heading still reads in real case."""
    texts = [text for text, _annots in _links(made)]
    assert "Security Council" in texts
    assert all(texts), texts
    marked = _marked(made)
    with pikepdf.open(io.BytesIO(made)) as pdf:
        pages = _page_index(pdf)
        heading = next(e for e in _elements(pdf) if str(e.get("/S")) in ("/H1", "/H2")
                       and "Council" in _text(pdf, e, marked, pages))
        assert " ".join(_text(pdf, heading, marked, pages).split()) == \
            "Rules of the Security Council in force"


def test_links_to_one_target_keep_their_own_annotations(made: bytes) -> None:
    """Issue 12: two links to the same target on one line each own one annotation
    (OBJR, /StructParent), whose /Contents is that link's own text."""
    links = dict(_links(made))
    for text in ("alpha", "beta"):
        assert [contents for contents, _rect, _pg in links[text]] == [text]
    assert links["alpha"][0][1] != links["beta"][0][1]
    with pikepdf.open(io.BytesIO(made)) as pdf:
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums
        owner = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
        for pg in pdf.pages:
            for annot in pg.get("/Annots", []):
                elem = owner[int(annot.StructParent)]
                assert elem.S == "/Link"
                assert any(k.Obj.objgen == annot.objgen for k in _kids(elem)
                           if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")


def test_no_empty_tagged_fragment(made: bytes) -> None:
    """Issue 12: a link at the very start or end of a paragraph leaves no empty marked
    content and no empty structure element."""
    empty = [key for key, item in _marked(made).items()
             if not item["chars"] and not item["actual"]]
    assert empty == []
    with pikepdf.open(io.BytesIO(made)) as pdf:
        assert [str(e.S) for e in _elements(pdf) if not _kids(e)] == []


def _chars_in(chars: list[dict], rect: list[float], height: float) -> list[dict]:
    x0, y0, x1, y1 = rect
    top, bottom = height - y1, height - y0
    return [c for c in chars if c["text"].strip()
            and x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def _uri_rects(data: bytes) -> list[tuple[int, list[float]]]:
    """(page, /Rect) of every URI link annotation, in page order (pypdf)."""
    out = []
    for index, pg in enumerate(PdfReader(io.BytesIO(data)).pages):
        for ref in pg.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link" and "/URI" in annot.get("/A", {}):
                out.append((index, [float(v) for v in annot["/Rect"]]))
    return out


def test_link_rectangles_cover_exactly_the_drawn_words(made: bytes) -> None:
    """Issue 15: each link annotation's /Rect spans exactly the characters drawn for its
    link on its line (pdfplumber's boxes, within a quarter point) and their height, in
    justified and ragged lines alike; a link broken across lines has one rectangle per
    line."""
    _assert_rects_cover_links(made, LINKS, "SECURITYCOUNCIL")


def test_link_rectangles_without_tags() -> None:
    """The rectangles are placed right in an untagged PDF too (``--no-tags``)."""
    _assert_rects_cover_links(render(_doc(), _template(True), tagged=False)[0], LINKS,
                              "SECURITYCOUNCIL")


def test_a_link_across_a_page_is_one_element() -> None:
    """A link whose words run on to the next page is one Link element: it holds all its
    words (the space at the page break too) and its annotations on both pages, each
    rectangle over its words."""
    texts = [f"{WIDE} number {i}" for i in range(40)]
    for lead in range(150, 230, 8):  # where the page breaks depends on the fonts installed:
        parts: list = []             # lengthen the text between links until one crosses
        for i, text in enumerate(texts):
            parts += [LONG[:lead], _link(text, f"{URL}/{i % 3}"), " "]
        made = render(m.Document(meta(), (para(*parts),)), _template(True))[0]
        links = _links(made)
        if any(len({pg for _c, _r, pg in annots}) > 1 for _t, annots in links):
            break
    else:
        pytest.fail("no lead length put a link across a page")
    assert [text for text, _annots in links] == texts
    assert all({c for c, _r, _pg in annots} == {text} for text, annots in links)
    _assert_rects_cover_links(made, texts, None)


LINKS = ["alpha", "beta", "Opening", "closing", WIDE, "middle link", "another one"]


def _assert_rects_cover_links(made: bytes, links: list[str], heading: str | None) -> None:
    drawn = []
    with pdfplumber.open(io.BytesIO(made)) as reader:
        for index, rect in _uri_rects(made):
            pg = reader.pages[index]
            inside = _chars_in(pg.chars, rect, float(pg.height))
            assert inside, rect
            assert abs(min(c["x0"] for c in inside) - rect[0]) < 0.25, (inside[0], rect)
            assert abs(max(c["x1"] for c in inside) - rect[2]) < 0.25, (inside[-1], rect)
            assert len({round(c["top"]) for c in inside}) == 1  # one line per rectangle
            top, bottom = float(pg.height) - rect[3], float(pg.height) - rect[1]
            assert top <= min(c["top"] for c in inside) + 0.01, (inside[0], rect)
            assert bottom >= max(c["bottom"] for c in inside) - 0.01, (inside[0], rect)
            drawn.append("".join(c["text"] for c in inside))
    if heading is not None:
        assert drawn.pop(0) == heading
    assert "".join(drawn).replace("\u00ad", "").replace("-", "") == \
        "".join("".join(links).split())
    assert len(drawn) > len(links)  # the long link breaks: a rectangle on each line


def _in_toc(elem) -> bool:  # noqa: ANN001 - a contents line's link spans the whole line
    while elem is not None and "/S" in elem:
        if elem.S == "/TOCI":
            return True
        elem = elem.get("/P")
    return False


def test_shipped_briefs_link_rectangles(built) -> None:  # noqa: ANN001
    """In every shipped brief and template (the legal one justifies its lines), each
    link annotation outside the contents spans exactly the characters under it and
    their height: note marks, cross-references and web links alike."""
    out, _reporter = built
    checked: dict[str, int] = {}
    for path in sorted(out.glob("*.pdf")):
        with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumber:
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            owner = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for pg, ppg in zip(pdf.pages, plumber.pages):
                for annot in pg.get("/Annots", []):
                    if _in_toc(owner[int(annot.StructParent)]):
                        continue
                    rect = [float(v) for v in annot.Rect]
                    inside = _chars_in(ppg.chars, rect, float(ppg.height))
                    top, bottom = float(ppg.height) - rect[3], float(ppg.height) - rect[1]
                    where = (path.name, str(annot.Contents))
                    assert inside, where
                    assert abs(min(c["x0"] for c in inside) - rect[0]) < 0.25, where
                    assert abs(max(c["x1"] for c in inside) - rect[2]) < 0.25, where
                    assert top <= min(c["top"] for c in inside) + 0.01, where
                    assert bottom >= max(c["bottom"] for c in inside) - 0.01, where
                    checked[path.name] = checked.get(path.name, 0) + 1
    assert checked.get("pact-legal-analysis-legal.pdf", 0) >= 10, checked


def test_links_keep_pdf_ua1_clean(made: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(made)
        f.flush()
        report = page.validate_pdf(f.name, profile="ua1")
    assert [f.rule_id for f in report.failures] == []
