"""PDF writer: footnotes at the foot of the referencing page, and endnotes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pdfplumber
import pypdf

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import LONG, T, heading, meta, norm, page_texts, para, render, template  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.template.model import Notes  # noqa: E402


def notes_doc(n_paras: int = 30, notes_per_para: int = 1) -> m.Document:
    blocks: list[m.Block] = [heading(1, "Body", "body")]
    notes = []
    number = 0
    for i in range(n_paras):
        refs = []
        for _ in range(notes_per_para):
            number += 1
            refs.append(m.NoteRef(number))
            notes.append(m.Footnote(number, f"n{number}",
                                    (para(f"Notebody{number} explains point {number}."),)))
        blocks.append(m.Paragraph((T(f"Paraword{i} " + LONG[: 150 + 37 * (i % 7)]), *refs,
                                   T(" tail text after the reference."))))
    return m.Document(meta(), tuple(blocks), notes=tuple(notes))


def _links(data: bytes) -> dict[str, tuple[int, int]]:
    """Annotation /Contents → (page it is on, page its /Dest points at), 0-based."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = {}
    for i, page in enumerate(reader.pages):
        for a in page.get("/Annots", []) or []:
            a = a.get_object()
            if "/Dest" in a:
                out[str(a["/Contents"])] = (i, index[a["/Dest"][0].idnum])
    return out


def test_each_note_is_on_the_page_of_its_reference() -> None:
    doc = notes_doc()
    data, _rep = render(doc)
    links = _links(data)
    texts = page_texts(data)
    assert len(texts) > 2
    for note in doc.notes:
        n = note.number
        ref_page, note_page = links[f"Footnote {n}"]
        assert ref_page == note_page, n
        assert links[f"Back to the reference to note {n}"] == (note_page, ref_page)
        assert f"Notebody{n} explains" in norm(texts[note_page])


def test_notes_sit_below_the_text_that_references_them() -> None:
    data, _rep = render(notes_doc(12))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            body = [w["bottom"] for w in words if w["text"].startswith("Paraword")]
            notes = [w["top"] for w in words if w["text"].startswith("Notebody")]
            if body and notes:
                assert min(notes) > max(body)


def test_ten_notes_on_one_page_stack() -> None:
    doc = notes_doc(n_paras=1, notes_per_para=10)
    data, _rep = render(doc)
    first = norm(page_texts(data)[0])
    for n in range(1, 11):
        assert f"Notebody{n} explains" in first


def test_endnotes_placement() -> None:
    doc = notes_doc(4)
    data, _rep = render(doc, template(notes=Notes(placement="endnotes", endnotes_title="Notes")))
    texts = page_texts(data)
    last = norm(texts[-1])
    assert "Notes" in last
    for n in range(1, 5):
        assert f"Notebody{n} explains" in last
    links = _links(data)
    assert links["Footnote 1"][1] == len(texts) - 1
    assert links["Back to the reference to note 1"] == (len(texts) - 1, 0)


def test_notes_from_lists_tables_and_callouts() -> None:
    filler = tuple(para(LONG) for _ in range(3))
    blocks = filler + (
        m.ListBlock(False, (m.ListItem((para("Listref", m.NoteRef(1)),)),)),
        *filler,
        m.Table((None,), ((m.TableCell((T("Head"),)),),),
                ((m.TableCell((T("Cellref"), m.NoteRef(2))),),)),
        *filler,
        m.Callout("note", None, (para("Calloutref", m.NoteRef(3)),)),
    )
    notes = tuple(m.Footnote(n, f"n{n}", (para(f"Notebody{n} explains point {n}."),))
                  for n in (1, 2, 3))
    data, _rep = render(m.Document(meta(), blocks, notes=notes))
    links = _links(data)
    texts = page_texts(data)
    for n in (1, 2, 3):
        ref_page, note_page = links[f"Footnote {n}"]
        assert ref_page == note_page
        assert f"Notebody{n} explains" in norm(texts[note_page])


def test_one_paragraph_with_hundreds_of_notes() -> None:
    inl: list[m.Inline] = []
    for i in range(1, 301):
        inl += [T(f"Claim {i}."), m.NoteRef(i), T(" ")]
    notes = tuple(m.Footnote(i, f"n{i}", (para(f"Source {i}."),)) for i in range(1, 301))
    data, _rep = render(m.Document(meta(), (m.Paragraph(tuple(inl)),), notes=notes))
    texts = page_texts(data)
    assert len(texts) > 3
    text = norm(" ".join(texts))
    assert all(f"Source {i}." in text for i in range(1, 301))
    links = _links(data)
    on_page = sum(links[f"Footnote {n}"][0] == links[f"Footnote {n}"][1] for n in range(1, 301))
    assert on_page == 300
