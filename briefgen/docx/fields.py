"""Fields: PAGE, NUMPAGES and the table of contents (library-pitfalls §4).

A field is a run sequence (begin, instruction, separate, cached result, end).
The TOC is a real ``TOC \\o "1-N" \\h \\z \\u`` field whose cached result is
already filled with one entry per heading (TOC 1…N styles, each a hyperlink to
the heading's bookmark) and its page number in briefgen's own PDF layout of the
same brief, so it is complete before Word updates it and in LibreOffice's PDF
export, which does not update it.  The field is marked dirty, so Word
recomputes the numbers for its own layout when the file is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Heading, plain_text
from . import oxml as ox
from .context import Ctx


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    text: str
    bookmark: str | None
    page: int | None = None


def page_field(props: ox.Element | None = None) -> list[ox.Element]:
    """The current page number."""
    return ox.field("PAGE", [ox.text_run("1", props)], props)


def pages_field(props: ox.Element | None = None) -> list[ox.Element]:
    """The number of pages."""
    return ox.field("NUMPAGES", [ox.text_run("1", props)], props)


def toc_entries(headings: tuple[Heading, ...], ctx: Ctx) -> list[TocEntry]:
    """Entries for the headings the TOC shows (levels up to ``toc.depth``)."""
    depth = max(1, ctx.template.toc.depth)
    out = []
    for heading in headings:
        if heading.level > depth:
            continue
        text = plain_text(heading.children)
        if heading.number:
            text = f"{heading.number} {text}"
        out.append(TocEntry(heading.level, text, ctx.anchors.get(heading.id),
                            ctx.toc_pages.get(heading.id or "")))
    return out


def _entry(entry: TocEntry) -> list[ox.Element]:
    runs = [ox.text_run(entry.text)]
    if entry.page is not None:
        runs.append(ox.text_run(f"\t{entry.page}"))
    return [ox.hyperlink(runs, anchor=entry.bookmark)] if entry.bookmark else runs


def toc(entries: list[TocEntry], ctx: Ctx) -> list[ox.Element]:
    """The TOC title and the field, pre-filled with ``entries``."""
    depth = max(1, ctx.template.toc.depth)
    instruction = f'TOC \\o "1-{depth}" \\h \\z \\u'
    out = []
    if ctx.decisions.contents_title:
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "TOCHeading")),
                                [ox.text_run(ctx.decisions.contents_title)]))
    begin = ox.field_begin(instruction, dirty=True)
    if not entries:
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "TOC1")), [
            *begin, ox.text_run("(This brief has no headings.)"), ox.field_end()]))
        return out
    for n, entry in enumerate(entries):
        content = (begin if n == 0 else []) + _entry(entry)
        if n == len(entries) - 1:
            content.append(ox.field_end())
        style = f"TOC{min(entry.level, max(3, depth))}"
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", style)), content))
    return out
