"""PDF writer on the real example briefs, through the reader and assemble,
for every template: PDF/UA-1 clean, every word kept, notes on their pages."""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

import pypdf
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import norm, page_texts, poppler  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.diagnostics import Reporter  # noqa: E402
from briefgen.pdf import render_pdf  # noqa: E402

from briefgen import assemble, reader  # noqa: E402
from briefgen.readback import pdf_blocks  # noqa: E402
from briefgen.template import loader  # noqa: E402
from briefgen.walk import blocks_of  # noqa: E402
from test_parity import _inline_groups  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.md"))
TEMPLATES = sorted(p.stem for p in (ROOT / "templates").glob("*.yaml"))
CASES = [(s, t) for s in SOURCES for t in TEMPLATES]


def _build(source: Path, name: str) -> tuple[m.Document, bytes]:
    template = loader.load_template(name)
    rep = Reporter()
    brief = reader.read_brief(source, name, tuple(TEMPLATES), rep)
    doc = assemble.assemble(brief.document, template)
    return doc, render_pdf(doc, template, rep)


@pytest.mark.parametrize(("source", "name"), CASES, ids=lambda x: getattr(x, "stem", x))
def test_real_brief(source: Path, name: str) -> None:
    import page

    doc, data = _build(source, name)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        failures = page.validate_pdf(f.name, profile="ua1").failures
    assert [x.rule_id for x in failures] == []
    rows = poppler("pdffonts", data).splitlines()[2:]
    assert all(r.split()[-5] == "yes" for r in rows)
    # every word of the brief is a word of the tagged text, exactly as written: in its
    # case, whole across line ends, a note mark where the brief has one
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        tagged = {w for b in pdf_blocks(Path(f.name)) for w in b.words}
    everything = [*blocks_of(doc.blocks), *blocks_of(doc.key_points),
                  *(b for n in doc.notes for b in blocks_of(n.blocks))]
    words = {w for b in everything for group in _inline_groups(b)
             for w in m.plain_text(group, notes=True).split()}
    assert sorted(words - tagged) == []
    assert data == _build(source, name)[1]


def test_real_footnotes_sit_on_their_page() -> None:
    cases = [(s, t) for s, t in CASES if loader.load_template(t).notes.placement == "footnotes"]
    checked = 0
    for source, name in cases:
        doc, data = _build(source, name)
        reader_ = pypdf.PdfReader(io.BytesIO(data))
        index = {p.indirect_reference.idnum: i for i, p in enumerate(reader_.pages)}
        for i, pg in enumerate(reader_.pages):
            for a in pg.get("/Annots", []) or []:
                a = a.get_object()
                if str(a.get("/Contents", "")).startswith("Footnote ") and "/Dest" in a:
                    assert index[a["/Dest"][0].idnum] == i
                    checked += 1
    assert checked  # the shipped briefs do use page-foot notes
