"""Resolving a brief's images: local, inside the brief's folder, real, not a bomb.

Remote images are never fetched: the writers show their alt text instead.
A bad image is reported as an error at its place and the reading goes on (so
``check`` sees every problem at once); the image then has no file, and the
build stops before writing anything because the brief has errors.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import model as m
from ..diagnostics import BriefError, Reporter
from .inlines import ImageRef

MAX_PIXELS = 60_000_000
"""Larger images are refused (a 30,000 × 30,000 PNG is a decompression bomb)."""
FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}


class ImageResolver:
    """Turns :class:`ImageRequest` into :class:`briefgen.model.Image` for one brief."""

    def __init__(self, brief: Path, reporter: Reporter, allow_outside: bool) -> None:
        self.brief = brief
        self.folder = brief.resolve().parent
        self.reporter = reporter
        self.allow_outside = allow_outside
        self.files: list[Path] = []
        """Every local image file read (the brief's build inputs)."""

    def __call__(self, ref: ImageRef) -> m.Image:
        pos = ref.pos or m.Pos(1, 1)
        file = pos.path or self.brief  # an image in an included part is relative to the part
        decorative = "decorative" in ref.classes
        caption = (m.Text(ref.title),) if ref.title else None
        remote = m.Image(ref.src, ref.alt, None, caption=caption, decorative=decorative,
                         id=ref.id, pos=pos)
        if not ref.alt and not decorative:
            self.reporter.error(file, pos.line, pos.col, f"image '{ref.src}' has no alt "
                                "text (describe it in ![...], or mark it {.decorative})")
        scheme = urlparse(ref.src).scheme
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+$", scheme or "") and len(scheme) > 1:
            self.reporter.warn(file, pos.line, pos.col, f"remote image '{ref.src[:80]}' is "
                               "never fetched; its alt text is shown instead")
            return remote
        try:
            path = self._local(ref.src, file, pos.line, pos.col)
            size, dpi = self._inspect(path, ref.src, file, pos.line, pos.col)
        except BriefError as exc:
            self.reporter.add(exc.diagnostic)
            return remote
        self.files.append(path)
        return m.Image(ref.src, ref.alt, path, size, dpi, caption, decorative, ref.id, pos)

    def _local(self, src: str, file: Path, line: int, col: int) -> Path:
        raw = Path(unquote(src))
        path = (raw if raw.is_absolute() else file.resolve().parent / raw).resolve()
        if not self.allow_outside and (raw.is_absolute() or not path.is_relative_to(self.folder)):
            raise BriefError(file, line, col, f"image '{src}' is outside the brief's folder "
                             "(use --allow-outside to permit it)")
        if not path.is_file():
            raise BriefError(file, line, col, f"image not found: {src}")
        return path

    def _inspect(self, path: Path, src: str, file: Path, line: int, col: int
                 ) -> tuple[tuple[int, int], tuple[float, float] | None]:
        from PIL import Image as PILImage  # only a brief with an image pays for Pillow
        from PIL import UnidentifiedImageError

        limit = PILImage.MAX_IMAGE_PIXELS
        PILImage.MAX_IMAGE_PIXELS = None  # only the header is read; the size is checked below
        try:
            with PILImage.open(path) as img:
                size, fmt = img.size, img.format
                dpi = img.info.get("dpi")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise BriefError(file, line, col, f"not an image file: {src}") from None
        finally:
            PILImage.MAX_IMAGE_PIXELS = limit
        if fmt not in FORMATS:
            raise BriefError(file, line, col, f"image format {fmt} is not supported: {src} "
                             f"(use PNG or JPEG)")
        if size[0] * size[1] > MAX_PIXELS:
            raise BriefError(file, line, col, f"image {src} is too large "
                             f"({size[0]} × {size[1]} pixels; at most {MAX_PIXELS:,} pixels)")
        if dpi and (not all(isinstance(d, (int, float)) and d > 1 for d in dpi)):
            dpi = None
        return size, (float(dpi[0]), float(dpi[1])) if dpi else None
