"""PDF writer: PDF/UA-1 tagging (page-validation), structure tree, tagged=False."""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

import page
import pikepdf
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import LONG, T, heading, meta, para, poppler, render, sample_doc, template  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.template.model import Opening, Toc  # noqa: E402


def _failures(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        report = page.validate_pdf(f.name, profile="ua1")
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.fixture(scope="module")
def tagged() -> bytes:
    return render(sample_doc(), template(toc=Toc(enabled=True)))[0]


@pytest.mark.parametrize("opening", ["title-block", "cover", "none"])
def test_pdf_ua1_has_no_failures(opening: str) -> None:
    tpl = template(toc=Toc(enabled=True), opening=Opening(style=opening, band_colour="#1F3A5F"))
    data, _rep = render(sample_doc(), tpl)
    assert _failures(data) == []


def test_pdfinfo_says_tagged(tagged: bytes) -> None:
    assert re.search(r"^Tagged:\s+yes", poppler("pdfinfo", tagged), re.M)


def test_untagged_build() -> None:
    data, _rep = render(sample_doc(), tagged=False)
    assert re.search(r"^Tagged:\s+no", poppler("pdfinfo", data), re.M)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        content = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    assert b"BDC" not in content
    assert _failures(data)  # the validator notices


def _struct(data: bytes) -> str:
    return poppler("pdfinfo", data, "-struct")


def test_tag_tree_shapes(tagged: bytes) -> None:
    tree = _struct(tagged)
    for tag in ("Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "TR",
                "TH", "TD", "Caption", "BlockQuote", "Note", "Reference", "Link", "TOC",
                "TOCI", "Code"):
        assert re.search(rf"^\s*{tag}\b", tree, re.M), tag
    assert "/Scope /Column" in tree


def test_heading_levels_never_skip() -> None:
    doc = m.Document(meta(), (heading(1, "Top", "top"), heading(4, "Deep", "deep"),
                              heading(2, "Mid", "mid")))
    tree = _struct(render(doc, template(opening=Opening(style="none")))[0])
    tags = re.findall(r"^\s*(H\d)\b", tree, re.M)
    assert tags == ["H1", "H2", "H2"]


def test_figure_alt_text(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "chart.png"
    Image.new("RGB", (400, 300), "#336699").save(path)
    doc = m.Document(meta(), (m.Image("chart.png", "Bar chart of spend", path, (400, 300),
                                      caption=(T("Figure 1: Spend"),)),))
    data = render(doc)[0]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kids = list(pdf.Root.StructTreeRoot.K.K)
        figures = [k for k in kids if k.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["Bar chart of spend"]
        # the Caption sits inside its Figure, and the Figure has a BBox on its page
        assert [k.S for k in figures[0].K if isinstance(k, pikepdf.Dictionary)
                and "/S" in k] == ["/Caption"]
        assert len(figures[0].A.BBox) == 4
    assert _failures(data) == []


def test_split_paragraph_is_one_element() -> None:
    doc = m.Document(meta(), (para(LONG * 14, "Endword"),))
    data = render(doc, template(opening=Opening(style="none")))[0]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
        document = pdf.Root.StructTreeRoot.K
        paras = [k for k in document.K if k.S == "/P"]
        assert len(paras) == 1
        pages = {int(mcr.Pg.objgen[0]) for mcr in paras[0].K}
        assert len(pages) == len(pdf.pages)


def test_words_are_separated_at_line_ends() -> None:
    doc = m.Document(meta(), (para(LONG),))
    text = poppler("pdfinfo", render(doc, template(opening=Opening(style="none")))[0],
                   "-struct-text")
    body = max(re.findall(r'"([^"]*)"', text), key=len)
    source = set(LONG.split())
    tokens = [t.replace("-", "") if t not in source else t for t in body.split()]
    assert len(tokens) >= len(LONG.split())
    assert [t for t in tokens if t not in source] == []  # no "benefitacross"


def test_links_are_tagged_with_objr(tagged: bytes) -> None:
    with pikepdf.open(io.BytesIO(tagged)) as pdf:
        for pg in pdf.pages:
            for annot in pg.get("/Annots", []):
                assert "/StructParent" in annot
                assert "/Contents" in annot
        assert pdf.pages[0].Tabs == "/S"


def test_only_no_tags_gives_an_untagged_pdf(tmp_path) -> None:  # noqa: ANN001
    """The command line builds tagged PDFs unless --no-tags is given; pdfinfo agrees."""
    import subprocess
    import sys

    import shutil

    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Tags\n---\n\n## One\n\nText.\n", encoding="utf-8")
    for extra, expected in (([], "yes"), (["--no-tags"], "no")):
        out = tmp_path / f"out{len(extra)}"
        subprocess.run([sys.executable, "-m", "briefgen", "build", str(brief), "-o", str(out),
                        "-f", "pdf", "-q", *extra], check=True, timeout=120)
        info = subprocess.run(["pdfinfo", str(out / "b-default.pdf")], capture_output=True,
                              text=True, check=True).stdout
        assert f"Tagged:          {expected}" in info
