"""Images: scaled to fit the frame, downsampled when far finer than print
needs, tagged as Figure with /Alt (decorative ones are artifacts)."""

from __future__ import annotations

import io

from reportlab.platypus import Flowable
from reportlab.platypus import Image as RLImage

from .. import model as m
from .flowables import Anchor, ArtifactFlowable
from .tagging import StructNode, Tagged

MAX_DPI = 220.0


def fit(px: tuple[int, int], dpi: tuple[float, float] | None, max_w: float,
        max_h: float) -> tuple[float, float]:
    """Display size in points: the image's own size (from its DPI, else 96
    dpi), shrunk to fit ``max_w`` × ``max_h``."""
    xdpi, ydpi = dpi if dpi and dpi[0] > 0 and dpi[1] > 0 else (96.0, 96.0)
    w, h = px[0] * 72.0 / xdpi, px[1] * 72.0 / ydpi
    scale = min(1.0, max_w / w, max_h / h)
    return w * scale, h * scale


def _reader(b: m.Image, w: float, h: float) -> io.BytesIO | str:
    """The file, or a downsampled copy when it has far more pixels than needed."""
    from PIL import Image as PILImage

    assert b.path is not None
    with PILImage.open(b.path) as im:
        px_w, px_h = im.size
        want_w = int(w / 72.0 * MAX_DPI) + 1
        if px_w <= want_w * 1.5:
            return str(b.path)
        want_h = max(1, round(px_h * want_w / px_w))
        if im.mode not in ("RGB", "RGBA", "L", "LA"):
            im = im.convert("RGBA" if "transparency" in im.info else "RGB")
        small = im.resize((want_w, want_h), PILImage.LANCZOS)
        buf = io.BytesIO()
        small.save(buf, format="PNG", optimize=False)
    buf.seek(0)
    return buf


def image_block(ctx, b: m.Image, parent: StructNode) -> list[Flowable]:
    """The flowables of an image block (figure and caption)."""
    if b.path is None:
        text = b.alt or b.src
        return [ctx.para((m.Emphasis((m.Text(f"[{text}]"),)),), ctx.styles.body_left,
                         parent, b.pos)]
    px = b.pixel_size
    if px is None:
        from PIL import Image as PILImage

        with PILImage.open(b.path) as im:
            px = im.size
    caption_room = 40.0 if b.caption else 0.0
    w, h = fit(px, b.dpi, ctx.frame_width, ctx.frame_height * 0.85 - caption_room)
    img = RLImage(_reader(b, w, h), width=w, height=h)
    img.hAlign = "CENTER"
    img.spaceBefore, img.spaceAfter = 4, 2 if b.caption else 8
    if b.caption:
        img.keepWithNext = 1
    out: list[Flowable] = []
    key = ctx.links.anchors.get(b.id or "")
    if key:
        out.append(Anchor(key))
    if b.decorative:
        out.append(ArtifactFlowable(img, ctx.recorder))
    else:
        alt = b.alt or (m.plain_text(b.caption) if b.caption else "") or "Image"
        node = parent.add("Figure", Alt=alt)
        fig = Tagged(img, node, ctx.recorder)
        out.append(fig)
    if b.caption:
        out.append(ctx.para(b.caption, ctx.styles.caption, parent, b.pos, tag="Caption"))
    from .keep import FloatFigure

    return [FloatFigure(out, ctx.frame_height)]
