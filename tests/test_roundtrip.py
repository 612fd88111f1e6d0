"""Every example brief, every audience: the outputs carry every word, read back independently.

The truth is the assembled model (what the template says the audience reads);
the PDF is read with pypdf, the DOCX with python-docx and with pandoc.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pypandoc
import pytest
from pypdf import PdfReader

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief
from briefgen.template.loader import available, load_template
from briefgen.walk import blocks_of, inlines_of

from conftest import SOURCES, require_glyphs

_WORD = re.compile(r"\w+")


def jobs() -> Iterator[tuple[Path, str]]:
    from briefgen.build import Options, plan

    planned, _ = plan(SOURCES, Options(), Reporter())
    for job in planned:
        yield job.source, job.template


JOBS = list(jobs())
IDS = [f"{s.stem}-{t}" for s, t in JOBS]


def model_for(source: Path, template: str) -> m.Document:
    brief = read_brief(source, template, tuple(available()), Reporter())
    return assemble(brief.document, load_template(template))


def model_words(doc: m.Document) -> set[str]:
    texts = [doc.meta.title]
    for block in list(blocks_of(doc.blocks + doc.key_points)) + [
            b for n in doc.notes for b in blocks_of(n.blocks)]:
        if isinstance(block, m.CodeBlock):
            texts.append(block.text)
        if isinstance(block, m.Image) and block.path is None:
            texts.append(block.alt)
    for block in doc.blocks + doc.key_points + tuple(b for n in doc.notes for b in n.blocks):
        texts += [i.text for i in inlines_of(block) if isinstance(i, (m.Text, m.Code))]
    return normalise(" ".join(texts))


def normalise(text: str) -> set[str]:
    """Lower-case words (a style may draw capitals).  A word the layout broke at a line
    end ends its line in a soft hyphen and is read whole ("impli\u00ad/cations"); a real
    hyphen there stays one ("flight-/tested"): one reading, not two."""
    text = re.sub(r"\u00ad\s*\n\s*", "", text)
    text = re.sub(r"([-\u2010\u2011])\s*\n\s*", r"\1", text)
    return {w.lower() for w in _WORD.findall(text.replace("-", " "))}


def split_words(text: str) -> tuple[set[str], set[str]]:
    """Word halves the layout broke at a line end (soft hyphen), and words that start a
    line: a word broken across a page break has a running footer and header between
    its halves in the page text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ends = {m.group(1).lower() for line in lines if (m := re.search(r"(\w+)\u00ad$", line))}
    starts = {m.group(1).lower() for line in lines if (m := re.match(r"(\w+)", line))}
    return ends, starts


def missing_words(want: set[str], text: str) -> set[str]:
    got = normalise(text)
    ends, starts = split_words(text)
    return {w for w in want - got
            if not any(w.startswith(e) and w[len(e):] in starts for e in ends)}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" in z.namelist():
            parts.append(re.sub(r"<[^>]+>", " ", z.read("word/footnotes.xml").decode()))
    return "\n".join(parts)


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_every_word_in_the_pdf(built: tuple[Path, Reporter], source: Path, template: str) -> None:
    out, _ = built
    require_glyphs(source.read_text(encoding="utf-8"))
    want = model_words(model_for(source, template))
    assert missing_words(want, pdf_text(out / f"{source.stem}-{template}.pdf")) == set()


@pytest.mark.parametrize(("source", "template"), JOBS, ids=IDS)
def test_every_word_in_the_docx(built: tuple[Path, Reporter], source: Path, template: str) -> None:
    out, _ = built
    want = model_words(model_for(source, template))
    path = out / f"{source.stem}-{template}.docx"
    assert want - normalise(docx_text(path)) == set()
    assert want - normalise(pypandoc.convert_file(str(path), "plain", format="docx")) == set()


def test_special_characters_survive(built: tuple[Path, Reporter]) -> None:
    out, _ = built
    require_glyphs("포괄적")
    pdf = pdf_text(out / "pact-legal-analysis-default.pdf")
    text = docx_text(out / "pact-legal-analysis-default.docx")
    for needle in ("&", "<", ">", "Договор", "포괄적"):
        assert needle in pdf, needle
        assert needle in text, needle
