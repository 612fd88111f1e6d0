"""Resolving a brief's images: local, inside the brief's folder, real, not a bomb.

Remote images are never fetched: the writers show their alt text instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .. import model as m
from ..diagnostics import BriefError, Reporter
from .convert import ImageRequest

MAX_PIXELS = 60_000_000
"""Larger images are refused (a 30,000 × 30,000 PNG is a decompression bomb)."""
FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}


def position(body: str, needle: str) -> tuple[int, int]:
    """Line and column of the first ``needle`` in ``body`` (1, 1 when absent)."""
    index = body.find(needle)
    if index < 0:
        return 1, 1
    line = body.count("\n", 0, index) + 1
    return line, index - (body.rfind("\n", 0, index) + 1) + 1


class ImageResolver:
    """Turns :class:`ImageRequest` into :class:`briefgen.model.Image` for one brief."""

    def __init__(self, brief: Path, body: str, reporter: Reporter, allow_outside: bool) -> None:
        self.brief = brief
        self.folder = brief.resolve().parent
        self.body = body
        self.reporter = reporter
        self.allow_outside = allow_outside
        self.files: list[Path] = []
        """Every local image file read (the brief's build inputs)."""

    def __call__(self, request: ImageRequest) -> m.Image:
        line, col = self._where(request.src)
        pos = m.Pos(line, col)
        decorative = "decorative" in request.classes
        if not request.alt and not decorative:
            raise BriefError(self.brief, line, col, f"image '{request.src}' has no alt text "
                             "(describe it in ![...], or mark it {.decorative})")
        caption = (m.Text(request.title),) if request.title else None
        scheme = urlparse(request.src).scheme
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+$", scheme or "") and len(scheme) > 1:
            self.reporter.warn(self.brief, line, col, f"remote image '{request.src[:80]}' is never "
                               "fetched; its alt text is shown instead")
            return m.Image(request.src, request.alt, None, caption=caption,
                           decorative=decorative, id=request.id, pos=pos)
        path = self._local(request.src, line, col)
        size, dpi = self._inspect(path, request.src, line, col)
        self.files.append(path)
        return m.Image(request.src, request.alt, path, size, dpi, caption, decorative,
                       request.id, pos)

    def _where(self, src: str) -> tuple[int, int]:
        """The place of ``![…](src`` in the body: the ``!`` (1, 1 when not found)."""
        index = self.body.find(f"]({src}") if src else -1
        if index < 0:
            return position(self.body, "![")
        start = self.body.rfind("![", 0, index)
        return position(self.body[: start + 2], "![") if start >= 0 else position(self.body, src)

    def _local(self, src: str, line: int, col: int) -> Path:
        raw = Path(unquote(src))
        path = (raw if raw.is_absolute() else self.folder / raw).resolve()
        if not self.allow_outside and (raw.is_absolute() or not path.is_relative_to(self.folder)):
            raise BriefError(self.brief, line, col, f"image '{src}' is outside the brief's folder "
                             "(use --allow-outside to permit it)")
        if not path.is_file():
            raise BriefError(self.brief, line, col, f"image not found: {src}")
        return path

    def _inspect(self, path: Path, src: str, line: int, col: int
                 ) -> tuple[tuple[int, int], tuple[float, float] | None]:
        limit = PILImage.MAX_IMAGE_PIXELS
        PILImage.MAX_IMAGE_PIXELS = None  # only the header is read; the size is checked below
        try:
            with PILImage.open(path) as img:
                size, fmt = img.size, img.format
                dpi = img.info.get("dpi")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise BriefError(self.brief, line, col, f"not an image file: {src}") from None
        finally:
            PILImage.MAX_IMAGE_PIXELS = limit
        if fmt not in FORMATS:
            raise BriefError(self.brief, line, col, f"image format {fmt} is not supported: {src} "
                             f"(use PNG or JPEG)")
        if size[0] * size[1] > MAX_PIXELS:
            raise BriefError(self.brief, line, col, f"image {src} is too large "
                             f"({size[0]} × {size[1]} pixels; at most {MAX_PIXELS:,} pixels)")
        if dpi and (not all(isinstance(d, (int, float)) and d > 1 for d in dpi)):
            dpi = None
        return size, (float(dpi[0]), float(dpi[1])) if dpi else None
