"""The page: size, orientation, margins, running header and footer, banner.

Each running line has three slots (left, centre, right) laid out with the
centre and right tab stops of the Header/Footer styles.  Slot text may hold
``{title}``, ``{date}``, ``{classification}``, ``{organisation}``,
``{author}`` (substituted) and ``{page}``/``{pages}`` (PAGE/NUMPAGES fields).
The classification banner sits at the top of the header and the bottom of the
footer of every page.  ``on_first_page`` false gives the first page its own
header/footer holding only the banner.
"""

from __future__ import annotations

import functools
import re

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu

from ..running import fit_slots
from ..template.model import Running
from . import fields
from . import oxml as ox
from .context import Ctx

_FIELD = re.compile(r"\{(\w+)\}")
EMU_PER_POINT = 12700


def _pt(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_POINT)))


def setup_page(section: Section, ctx: Ctx) -> None:
    page = ctx.template.page
    section.orientation = (WD_ORIENT.LANDSCAPE if page.orientation == "landscape"
                           else WD_ORIENT.PORTRAIT)
    section.page_width, section.page_height = _pt(page.width), _pt(page.height)
    m = page.margins
    section.top_margin, section.bottom_margin = _pt(m.top), _pt(m.bottom)
    section.left_margin, section.right_margin = _pt(m.left), _pt(m.right)
    section.header_distance = _pt(min(36.0, m.top * 0.45))
    section.footer_distance = _pt(min(36.0, m.bottom * 0.45))
    section.gutter = Emu(0)


def _slot(text: str, values: dict[str, str], ctx: Ctx) -> list[ox.Element]:
    out: list[ox.Element] = []
    pos = 0
    for match in _FIELD.finditer(text):
        out.extend(_literal(text[pos:match.start()]))
        name = match.group(1)
        if name == "page":
            out.extend(fields.page_field())
        elif name == "pages":
            out.extend(fields.pages_field())
        elif name in values:
            out.extend(_literal(values[name]))
        else:
            ctx.warn(f"unknown field {{{name}}} in the running header/footer kept as text")
            out.extend(_literal(match.group(0)))
        pos = match.end()
    out.extend(_literal(text[pos:]))
    return out


def _literal(text: str) -> list[ox.Element]:
    return [ox.text_run(text)] if text else []


RUNNING_SIZE = 8.0
"""Points: the running header and footer text (as in the PDF)."""


@functools.lru_cache(maxsize=8)
def _advances(path: str, index: int) -> tuple[dict[int, float], float]:
    """Advance widths in 1/1000 em by code point, and the first glyph's (for a character
    the face lacks), as reportlab's face reads them for the PDF."""
    from ..fontfaces import advances

    return advances(path, index)


def _measure(ctx: Ctx):  # noqa: ANN202 - a text -> points function
    """Text width in the running style's font, as the PDF measures it (read with HarfBuzz,
    so a DOCX build does not load the PDF writer)."""
    from ..fonts import library

    face = library().resolve(ctx.template.fonts.heading).faces()["regular"]
    widths, missing = _advances(face.path, face.index)
    return lambda text: sum(widths.get(ord(c), missing) for c in text) * RUNNING_SIZE / 1000


def _running_line(running: Running, style: str, values: dict[str, str],
                  ctx: Ctx) -> ox.Element | None:
    """One paragraph: left slot, a tab, centre slot, a tab, right slot, each
    shortened to fit its box (briefgen.running), with tab stops computed
    from the text width so the line never wraps."""
    if not (running.left or running.centre or running.right or running.rule):
        return None
    width = ctx.template.page.text_width
    texts, _boxes = fit_slots((running.left, running.centre, running.right), values, width,
                              _measure(ctx), ctx.template.short_title)
    left, centre, right = texts
    content = _slot(left, values, ctx)
    if centre:
        stops = ox.tabs([("center", width / 2), ("right", width)])
        content += [ox.special_run(ox.el("w:tab")), *_slot(centre, values, ctx)]
    else:  # one tab, straight to the right edge, wherever the left slot ends
        stops = ox.tabs([("clear", width / 2), ("right", width)])
    if right:
        content += [ox.special_run(ox.el("w:tab")), *_slot(right, values, ctx)]
    rule = None
    if running.rule:
        side = "bottom" if style == "Header" else "top"
        rule = ox.borders("w:pBdr", [ox.border_side(side, ctx.template.colours.rule, 0.5, 4)])
    return ox.paragraph(ox.ppr(ox.val("w:pStyle", style), rule, stops), content)


def _banner(text: str | None, style: str) -> ox.Element | None:
    if not text:
        return None
    return ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefBanner"),
                               ox.spacing(after=4) if style == "Header" else ox.spacing(before=4)),
                        [ox.text_run(text)])


def _fill(story, blocks: list[ox.Element]) -> None:  # noqa: ANN001 - _Header/_Footer
    story.is_linked_to_previous = False
    element = story._element  # noqa: SLF001 - python-docx has no API to replace content
    for child in list(element):
        element.remove(child)
    for block in blocks:
        element.append(block)


def _has_content(story) -> bool:  # noqa: ANN001
    """Whether a header/footer shows something (text or a picture)."""
    if story.is_linked_to_previous:
        return False
    element = story._element  # noqa: SLF001
    return any(t.text and t.text.strip() for t in element.iter(qn("w:t"))) or any(
        True for _ in element.iter(qn("w:drawing"), qn("w:pict")))


def _add_banner(story, banner: ox.Element | None, top: bool) -> None:  # noqa: ANN001
    """Put the banner into a kept (reference document) header or footer."""
    if banner is None:
        return
    element = story._element  # noqa: SLF001
    if top:
        element.insert(0, banner)
    else:
        element.append(banner)


def _story(story, running: Running | None, style: str, values: dict[str, str],  # noqa: ANN001
           banner: str | None, ctx: Ctx, keep_existing: bool) -> None:
    """Fill one header or footer: banner on the outer side, slots inside.
    ``running`` ``None``: the banner only.  A reference document's own
    header/footer text is kept (the banner is still added)."""
    top = style == "Header"
    if keep_existing and _has_content(story):
        _add_banner(story, _banner(banner, style), top)
        return
    line = _running_line(running, style, values, ctx) if running else None
    bar = _banner(banner, style)
    blocks = [b for b in ((bar, line) if top else (line, bar)) if b is not None]
    if blocks:
        _fill(story, blocks)
    elif story.is_linked_to_previous is False or running is None:
        _fill(story, [ox.paragraph(ox.ppr(ox.val("w:pStyle", style)))])


def running_parts(section: Section, ctx: Ctx, values: dict[str, str], banner: str | None,
                  *, keep_existing: bool) -> None:
    """Write header and footer (and the first-page pair when asked)."""
    t = ctx.template
    first_differs = not t.header.on_first_page or not t.footer.on_first_page
    if first_differs:
        section.different_first_page_header_footer = True
    for story, first, running, style in (
            (section.header, section.first_page_header, t.header, "Header"),
            (section.footer, section.first_page_footer, t.footer, "Footer")):
        _story(story, running, style, values, banner, ctx, keep_existing)
        if first_differs:
            _story(first, running if running.on_first_page else None, style, values, banner,
                   ctx, keep_existing)
