"""The status watermark in the PDF: "DRAFT" across every page, an artifact for assistive tools.

Painted last on each page (with the running parts), rotated along the page's
diagonal, in the template's watermark colour at its opacity, in the heading
face's bold, as large as fits the diagonal.  It is marked
``/Artifact <</Type /Pagination /Subtype /Watermark>>`` so a screen reader
skips it and text extraction in reading order leaves it out of the body.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

MAX_SIZE = 150.0


def paint_watermark(canv, text: str, font: str, colour: str, opacity: float,  # noqa: ANN001
                    tagged: bool) -> None:
    """Paint ``text`` across the current page of ``canv``."""
    width, height = canv._pagesize
    diagonal = math.hypot(width, height)
    size = min(MAX_SIZE, diagonal * 0.6 / max(stringWidth(text, font, 1.0), 1e-6))
    if tagged:
        canv.addLiteral("/Artifact <</Type /Pagination /Subtype /Watermark>> BDC")
    canv.saveState()
    canv.setFillColor(HexColor(colour))
    canv.setFillAlpha(opacity)
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    canv.setFont(font, size)
    canv.drawCentredString(0, -size * 0.35, text)
    canv.restoreState()
    if tagged:
        canv.addLiteral("EMC")
