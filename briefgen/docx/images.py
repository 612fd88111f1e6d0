"""Figures: pictures through python-docx, sized to fit, with alt text.

The picture is added with python-docx (``get_or_add_image`` and
``CT_Inline.new_pic_inline``, what ``add_picture`` does) so the image part and
relationship are made the usual way; the width is clamped to the space
available and the height to most of the text height (library-pitfalls §5).
A remote image (``path`` ``None``) is never fetched: its alt text is shown in
brackets, in italics.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.shape import CT_Inline
from docx.shared import Emu

from ..model import Image
from . import oxml as ox
from .context import Ctx, State
from .inlines import RunFmt, render_inlines

EMU_PER_POINT = 12700
MAX_HEIGHT_SHARE = 0.8


def picture_run(path: Path, ctx: Ctx, state: State, *, alt: str, decorative: bool,
                max_width: float, display: tuple[float, float] | None = None) -> ox.Element:
    """A run holding the picture at ``path``, shown at ``display`` points (as assemble
    decided; else python-docx's size), at most ``max_width`` points wide."""
    rid, image = ctx.part.get_or_add_image(str(path))
    width, height = int(image.width), int(image.height)
    if display is not None:  # python-docx assumes 72 dpi where the file records none
        width, height = int(display[0] * EMU_PER_POINT), int(display[1] * EMU_PER_POINT)
    limit_w = int(max_width * EMU_PER_POINT)
    limit_h = int(ctx.template.page.text_height * MAX_HEIGHT_SHARE * EMU_PER_POINT)
    scale = min(1.0, limit_w / width if width else 1.0, limit_h / height if height else 1.0)
    cx, cy = Emu(int(width * scale)), Emu(int(height * scale))
    shape_id = state.shape_id()
    inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
    ox.mark_picture(inline, shape_id, alt, decorative)
    return ox.drawing_run(inline)


def _placeholder(block: Image) -> list[ox.Element]:
    shown = block.alt or block.src
    return [ox.text_run(f"[{shown}]", RunFmt(italic=True).props())] if shown else []


def figure(block: Image, ctx: Ctx, state: State) -> list[ox.Element]:
    """The picture paragraph (kept with its caption) and the caption."""
    content: list[ox.Element]
    if block.path is None:
        content = _placeholder(block)
    else:
        try:
            content = [picture_run(block.path, ctx, state, alt=block.alt,
                                   decorative=block.decorative, max_width=ctx.width - ctx.indent,
                                   display=block.display)]
        except Exception as exc:  # noqa: BLE001 - any unreadable image: keep its alt text
            ctx.warn(f"image {block.src} could not be added ({exc}); its alt text is shown")
            content = _placeholder(block)
    name = ctx.anchors.get(block.id) if block.id else None
    if name and content:
        content = ox.bookmark(state.bookmark_id(), name, content)
    caption = render_inlines(block.caption, ctx, state) if block.caption else []
    out: list[ox.Element] = []
    if content:
        indent = ox.ind(left=ctx.indent) if ctx.indent else None
        keep = ox.el("w:keepNext") if caption else ox.flag("w:keepNext", False)
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "BriefFigure"), keep, indent), content))
    if caption:
        out.append(ox.paragraph(ox.ppr(ox.val("w:pStyle", "Caption"),
                                       ox.val("w:jc", "center")), caption))
    return out
