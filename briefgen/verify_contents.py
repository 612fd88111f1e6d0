"""What ``briefgen verify`` compares of the contents list: each entry's text and number,
and its page where the DOCX shows one.

- PDF: the ``TOCI`` elements of the ``TOC`` in the structure tree, read by
  :func:`briefgen.readback.pdf_read` ("4.1 UN Security Council Sanctions 4": the
  entry's number and text as a screen reader reads them, then its page);
- DOCX: the paragraphs in the ``TOC1``–``TOC9`` styles, the prefilled result of
  Word's TOC field (the entry's text, a tab, its page; no page when the DOCX was
  made without the PDF's layout, and then only the texts are compared).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from .readback import TextBlock, clean

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE = re.compile(r"^TOC[1-9]$")
_PAGE = re.compile(r"^(.*?)\s+(\d+|[ivxlcdm]+)$")
SHOWN = 5
"""At most this many differing entries are reported one by one."""


def pdf_entries(entries: list[TextBlock]) -> list[tuple[str, str | None]]:
    """(text, page) of each PDF entry: its last word is the page it points to."""
    out = []
    for entry in entries:
        match = _PAGE.match(entry.text)
        out.append((match.group(1), match.group(2)) if match else (entry.text, None))
    return out


def docx_entries(path: Path) -> list[tuple[str, str | None]]:
    """(text, page) of each entry of the DOCX's contents field, in order."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    out = []
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or not _STYLE.match(style.get(f"{W}val", "")):
            continue
        parts = [""]
        for node in paragraph.iter(f"{W}t", f"{W}tab"):
            if node.tag == f"{W}tab":
                parts.append("")
            else:
                parts[-1] += node.text or ""
        text = clean(" ".join(parts[:-1]) if len(parts) > 1 else parts[0])
        page = clean(parts[-1]) if len(parts) > 1 else None
        out.append((text, page or None))
    return out


def contents_differences(pdf: list[TextBlock], docx: list[tuple[str, str | None]]
                         ) -> list[str]:
    """One message per contents entry whose text (number included) or page differs,
    naming the entry and the place of the heading it lists, and one when one file lists
    more entries than the other."""
    mine = pdf_entries(pdf)
    problems = []
    for index, ((text, page), (other, other_page)) in enumerate(zip(mine, docx), start=1):
        heading = pdf[index - 1]
        listed = f"the {heading.made} heading" if heading.made else f"heading at {heading.place}"
        where = f"contents: entry {index} ({listed})"
        if text != other:
            problems.append(f"{where}: PDF has {text!r} where DOCX has {other!r}")
        elif other_page is not None and page != other_page:
            problems.append(f"{where} {text!r}: page {page} in the PDF, "
                            f"{other_page} in the DOCX")
    if len(problems) > SHOWN:
        problems = problems[:SHOWN] + [f"contents: {len(problems) - SHOWN} more entries differ"]
    if len(mine) != len(docx):
        longer, name = (mine, "PDF") if len(mine) > len(docx) else (docx, "DOCX")
        first = longer[min(len(mine), len(docx))][0]
        problems.append(f"contents: PDF has {len(mine)} entries, DOCX has {len(docx)} "
                        f"(the {name}'s first extra one {first!r})")
    return problems
