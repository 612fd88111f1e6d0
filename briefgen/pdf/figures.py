"""Images: scaled to fit the frame, downsampled when far finer than print
needs, tagged as Figure with /Alt (decorative ones are artifacts).

An image is decoded, downsampled and compressed into its PDF image object once
per process (:class:`EncodedImage`): the briefs and audiences of a batch that
show the same file share that work instead of redoing it for every document.
"""

from __future__ import annotations

import copy
import io
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import Flowable

from .. import model as m
from ..decide import display_size
from .flowables import Anchor, ArtifactFlowable
from .tagging import StructNode, Tagged

MAX_DPI = 220.0
CACHE_SIZE = 64
"""Encoded images kept per process (least recently used dropped first)."""
_ENCODED: OrderedDict[str, object] = OrderedDict()


def fit(px: tuple[int, int], dpi: tuple[float, float] | None, max_w: float,
        max_h: float, display: tuple[float, float] | None = None) -> tuple[float, float]:
    """Display size in points: ``display`` as assemble decided (else the same rule:
    pixels at the image's DPI, 96 dpi when none), shrunk to fit ``max_w`` × ``max_h``."""
    w, h = display or display_size(px, dpi)
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
    w, h = fit(px, b.dpi, ctx.frame_width, ctx.frame_height * 0.85 - caption_room, b.display)
    img = EncodedImage(b, w, h)
    img.hAlign = "CENTER"
    img.spaceBefore = 4
    alt = b.alt or (m.plain_text(b.caption) if b.caption else "") or "Image"
    return figure(ctx, img, parent, b.id, alt, b.caption, b.pos, decorative=b.decorative)


def figure(ctx, visual: Flowable, parent: StructNode, ident: str | None, alt: str,  # noqa: ANN001
           caption: tuple[m.Inline, ...] | None, pos: m.Pos | None,
           decorative: bool = False) -> list[Flowable]:
    """A picture or a chart as a figure: its anchor, a Figure element with ``alt`` holding
    it and its Caption (inside it, where a screen reader looks for it; a decorative one is
    an artifact), moved whole to the next page when it does not fit, the text flowing on
    before it (:class:`.keep.FloatFigure`)."""
    from .keep import FloatFigure

    visual.spaceAfter = 2 if caption else 8
    visual.keepWithNext = 1 if caption else 0
    out: list[Flowable] = []
    key = ctx.links.anchors.get(ident or "")
    if key:
        out.append(Anchor(key))
    owner = parent
    if decorative:
        out.append(ArtifactFlowable(visual, ctx.recorder))
    else:
        owner = parent.add("Figure", Alt=alt)
        out.append(Tagged(visual, owner, ctx.recorder))
    if caption:
        out.append(ctx.para(caption, ctx.styles.caption, owner, pos, tag="Caption"))
    return [FloatFigure(out, ctx.frame_height)]


class EncodedImage(Flowable):
    """A picture ``width`` × ``height`` points, its image object encoded once per process.

    The key names the file's content (path, modification time, size) and the pixel
    width it is downsampled to; the document gets its own copy of the cached object."""

    def __init__(self, b: m.Image, width: float, height: float) -> None:
        super().__init__()
        assert b.path is not None
        stat = Path(b.path).stat()
        self.block, self.drawWidth, self.drawHeight = b, width, height
        self.key = (f"briefgen-image:{b.path}:{stat.st_mtime_ns}:{stat.st_size}:"
                    f"{int(width / 72.0 * MAX_DPI) + 1}")

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        register(self.canv, self.key, lambda: _reader(self.block, self.drawWidth,
                                                      self.drawHeight))
        # found registered under this name, so reportlab never opens "the file" itself
        self.canv.drawImage(self.key, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


def register(canv, key: str, source: Callable[[], io.BytesIO | str]) -> None:  # noqa: ANN001
    """Make the image ``key`` an XObject of ``canv``'s document, under the name that
    ``canv.drawImage(key, mask="auto")`` looks for (as drawImage itself registers one)."""
    from reportlab.lib.utils import ImageReader, _digester
    from reportlab.pdfbase import pdfdoc

    doc = canv._doc
    name = _digester(f"{key}auto".encode("utf-8"))
    reg = doc.getXObjectName(name)
    if doc.idToObject.get(reg):
        return
    encoded = _ENCODED.get(key)
    if encoded is None:
        encoded = _ENCODED[key] = pdfdoc.PDFImageXObject(name, ImageReader(source()),
                                                         mask="auto")
        while len(_ENCODED) > CACHE_SIZE:
            _ENCODED.popitem(last=False)
    _ENCODED.move_to_end(key)
    obj = copy.copy(encoded)
    obj.name = name
    canv._setXObjects(obj)
    doc.Reference(obj, reg)
    doc.addForm(name, obj)
    smask = obj.__dict__.pop("_smask", None)
    if smask is not None:
        mask_reg = doc.getXObjectName(smask.name)
        if doc.idToObject.get(mask_reg):
            obj.smask = pdfdoc.PDFObjectReference(mask_reg)
        else:
            smask = copy.copy(smask)
            canv._setXObjects(smask)
            obj.smask = doc.Reference(smask, mask_reg)
