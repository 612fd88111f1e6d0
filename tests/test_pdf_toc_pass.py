"""The PDF's table of contents: right page numbers from ONE layout pass.

The entries' layout never depends on their numbers, so the numbers are written when
the pages are saved; the test reads them back with pdfplumber and counts the passes.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import heading, meta, para, render, template  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.pdf.layout import BriefDoc  # noqa: E402
from briefgen.template.model import Toc  # noqa: E402

FILLER = ("Measured sentences fill the page so that headings land on different pages of "
          "the brief, which is what a table of contents has to get right. ") * 6


def long_doc(sections: int = 9) -> m.Document:
    blocks: list = []
    for n in range(1, sections + 1):
        blocks.append(heading(1, f"Sectionword{n}", f"s{n}"))
        blocks += [para(FILLER) for _ in range(n % 3 + 2)]
    return m.Document(meta(), tuple(blocks))


def test_toc_numbers_are_the_real_pages_after_one_pass(monkeypatch) -> None:  # noqa: ANN001
    passes = []
    original = BriefDoc.beforeDocument
    monkeypatch.setattr(BriefDoc, "beforeDocument",
                        lambda self: (passes.append(1), original(self))[1])
    data, _ = render(long_doc(), template(toc=Toc(enabled=True)))
    assert len(passes) == 1
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    toc = {int(n): int(p) for n, p in re.findall(r"Sectionword(\d+)[ .]*?(\d+)\s*$",
                                                 texts[0], re.M)}
    assert sorted(toc) == list(range(1, 10))
    for n, page in toc.items():
        where = [i for i, text in enumerate(texts, start=1)
                 if re.search(rf"^Sectionword{n}\s*$", text, re.M)]
        assert where[:1] == [page], (n, page, where)
    assert len(set(toc.values())) > 3  # the headings really are spread over pages
