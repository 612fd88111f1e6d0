"""PDF writer: a stress brief builds without LayoutError and loses nothing."""

from __future__ import annotations

import sys
import re
import tempfile
from pathlib import Path

import page
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import (LONG, T, embedded_fonts, heading, meta, norm, page_texts,  # noqa: E402
                        para, render, template)

from briefgen import model as m  # noqa: E402
from briefgen.template.model import Toc  # noqa: E402

URL = "https://example.org/" + "segment-" * 35 + "end"


def _nested(depth: int) -> m.ListBlock:
    blocks: tuple[m.Block, ...] = (para(f"Depthword{depth} item"),)
    if depth < 7:
        blocks += (_nested(depth + 1),)
    return m.ListBlock(depth % 2 == 0, (m.ListItem(blocks), m.ListItem((para(f"Sibling{depth}"),))))


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, object]:
    from PIL import Image

    img = tmp_path_factory.mktemp("img") / "huge.png"
    Image.new("RGB", (5000, 3500), "#88AACC").save(img)
    rows = tuple((m.TableCell((T(f"Row{i}"),)), m.TableCell((T(LONG[: 40 + i % 90]),)),
                  m.TableCell((T(URL if i == 500 else str(i * 7)),))) for i in range(1000))
    code = "\n".join(f"line {i:03d} = compute(x, y) " + "z" * (i % 150) for i in range(400))
    blocks = (
        heading(1, "Stress", "stress"),
        para("A long link ", m.Link((T(URL),), URL), " in running text."),
        m.Table((None, None, m.Align.RIGHT),
                ((m.TableCell((T("Key"),)), m.TableCell((T("Text"),)),
                  m.TableCell((T("Value"),))),), rows),
        m.Image("huge.png", "A very large image", img, (5000, 3500)),
        m.CodeBlock(code),
        m.Paragraph(tuple([T("Tennotes here")] + [m.NoteRef(n) for n in range(1, 11)])),
        _nested(1),
        m.Table((None,), ((m.TableCell((T("Tall"),)),),),
                ((m.TableCell((T(LONG * 25),)),),)),
    )
    notes = tuple(m.Footnote(n, f"n{n}", (para(f"Stressnote{n} body."),)) for n in range(1, 11))
    doc = m.Document(meta(), blocks, notes=notes)
    return render(doc, template(toc=Toc(enabled=True)))


def test_stress_builds_and_keeps_text(stress) -> None:
    data, _rep = stress
    texts = page_texts(data)
    assert len(texts) > 20
    text = norm(" ".join(texts))
    for word in ("Row0", "Row999", "line 399", "Depthword7", "Sibling7", "Stressnote10"):
        assert word in text, word
    # a URL breaks without an added hyphen, also right after one of its own
    # hyphens, which norm() would take for a hyphenation: compare the raw text
    squeezed = re.sub(r"\s+", "", " ".join(texts))
    assert URL in squeezed
    assert "zzzzzzzzzzzzzzzzzzzzzz" in text


def test_stress_is_valid_pdf_ua(stress) -> None:
    data, _rep = stress
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        report = page.validate_pdf(f.name, profile="ua1")
    assert [x.rule_id for x in report.failures] == []


def test_stress_everything_fits_the_page(stress) -> None:
    import io

    import pdfplumber

    data, _rep = stress
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for pg in pdf.pages:
            for ch in pg.chars:
                assert -1 <= ch["x0"] and ch["x1"] <= pg.width + 1
            for im in pg.images:
                assert im["x1"] <= pg.width and im["bottom"] <= pg.height


def test_all_fonts_embedded(stress) -> None:
    fonts = embedded_fonts(stress[0])
    assert fonts and all(embedded for _, embedded in fonts), fonts
