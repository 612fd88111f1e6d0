"""PDF writer: every word, escaping, fonts, links, outline, metadata (read back)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pypdf
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import (T, embedded_fonts, heading, meta, norm, page_texts, para,  # noqa: E402
                        poppler, render,
                        sample_doc, template)

from briefgen import model as m  # noqa: E402
from briefgen.template.model import Toc  # noqa: E402
from conftest import require_glyphs  # noqa: E402


@pytest.fixture(scope="module")
def built() -> tuple[bytes, object]:
    return render(sample_doc(), template(toc=Toc(enabled=True)))


def test_every_word_is_present(built) -> None:
    data, _rep = built
    text = norm(" ".join(page_texts(data)))
    doc = sample_doc()
    words = set()
    for b in doc.blocks:
        words.update(m.block_text(b).split())
    for note in doc.notes:
        for b in note.blocks:
            words.update(m.block_text(b).split())
    # sub/superscripts sit on their own baseline for pdfplumber: the tag tree
    # text (content order) has them in place
    struct = norm(poppler("pdfinfo", data, "-struct-text"))
    missing = [w for w in sorted(words) if w not in text and w not in struct]
    assert not missing


def test_markup_characters_survive(built) -> None:
    text = norm(" ".join(page_texts(built[0])))
    assert "AT&T said x<y" in text
    assert "\"double\" 'single'" in text
    assert "AT&T;" not in text


def test_cyrillic_korean_and_bold_fallback(built) -> None:
    require_glyphs("한국어")
    text = norm(" ".join(page_texts(built[0])))
    assert "Русский текст и 한국어 문장 입니다" in text
    assert "굵은글씨" in text
    fonts = embedded_fonts(built[0])
    names = {name for name, _ in fonts}
    assert "NanumGothicBold" in names  # bold kept in the fallback family
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name in names)


def test_remote_image_shows_alt_text(built) -> None:
    assert "[Remote chart alt]" in norm(" ".join(page_texts(built[0])))


def test_metadata(built) -> None:
    reader = pypdf.PdfReader(io.BytesIO(built[0]))
    info = reader.metadata
    assert info.title == "Water Reform Brief"
    assert info.author == "Jane Doe"
    assert info.subject == "Options for 2026"
    assert info["/Keywords"] == "water, reform"
    assert info["/Creator"] == "briefgen"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_outline_entries(built) -> None:
    reader = pypdf.PdfReader(io.BytesIO(built[0]))
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles == ["1 Summary", "2 Conclusion", "Notes"] or titles[:2] == ["1 Summary", "2 Conclusion"]
    nested = [o for o in outline if isinstance(o, list)]
    assert nested and nested[0][0].title == "1.1 Background"


def _annotations(data: bytes) -> list[dict]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        for a in page.get("/Annots", []) or []:
            out.append(a.get_object())
    return out


def test_links_external_and_internal(built) -> None:
    annots = _annotations(built[0])
    uris = [a["/A"]["/URI"] for a in annots if "/A" in a]
    assert "https://example.org/a?b=1&c=2" in uris
    internal = [a for a in annots if "/Dest" in a]
    assert len(internal) >= 3  # internal link, note refs, TOC entries
    assert all("/Contents" in a for a in annots)


def test_page_x_of_y_and_toc_page_numbers(built) -> None:
    pages = page_texts(built[0])
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {n}" in text
    first = norm(pages[0])
    assert "Contents" in first
    import re
    assert re.search(r"1 Summary[ .]*1\b", first)
    assert re.search(r"2 Conclusion[ .]*\d", first)


def test_dangling_anchor_is_reported_and_plain() -> None:
    doc = m.Document(meta(), (heading(1, "A", "a"),
                              para(m.Link((T("Danglingtext"),), "#nowhere"))))
    data, rep = render(doc)
    assert any("#nowhere" in d.message for d in rep.warnings)
    assert "Danglingtext" in norm(" ".join(page_texts(data)))
    assert not _annotations(data)


def test_missing_glyph_is_reported_with_position() -> None:
    doc = m.Document(meta(), (m.Paragraph((T("emoji \U0001F9B0 here"),), pos=m.Pos(7, 3)),))
    _data, rep = render(doc)
    assert any("U+1F9B0" in d.message and d.line == 7 for d in rep.warnings)


def test_unknown_language_warns_once_and_builds() -> None:
    doc = m.Document(meta(language="tlh"), (para(sample_doc().blocks[1].children[0].text),))
    data, rep = render(doc)
    assert sum("hyphenation" in d.message for d in rep.warnings) == 1
    assert data.startswith(b"%PDF")


def test_heading_jump_does_not_crash() -> None:
    doc = m.Document(meta(), (heading(1, "Top", "top"), heading(3, "Deep", "deep"),
                              para("Body")))
    data, _rep = render(doc)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.outline[0].title == "Top"


def test_template_can_turn_tagging_off() -> None:
    from briefgen.template.model import Pdf

    data, _rep = render(sample_doc(), template(pdf=Pdf(tagged=False)))
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:  # what pdfinfo's "Tagged: no" reads
        assert "/StructTreeRoot" not in pdf.Root
        assert not bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False))


def test_escaping_fuzz() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab <>&\"';=/#x") + ["&amp;", "<b>", "</i>", "<br/>"])

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(alphabet, min_size=1, max_size=20).map("".join))
    def check(text: str) -> None:
        doc = m.Document(meta(), (para("Start ", m.Strong((T(text),)), " ", m.Code(text),
                                       " End"),))
        got = norm(" ".join(page_texts(render(doc)[0])))
        want = norm(text).strip()
        assert want in got.replace("  ", " ")

    check()


def test_too_many_columns_is_reported_and_kept() -> None:
    n = 200
    header = (tuple(m.TableCell((T(f"h{i}"),)) for i in range(n)),)
    rows = (tuple(m.TableCell((T(f"v{i}"),)) for i in range(n)),)
    doc = m.Document(meta(), (m.Table((None,) * n, header, rows, pos=m.Pos(3)),))
    data, rep = render(doc)
    assert any("200 columns" in d.message and d.line == 3 for d in rep.warnings)
    text = norm(" ".join(page_texts(data)))
    assert "h0: v0" in text and "h199: v199" in text
