"""Abbreviations in the tagged PDF: each use is a ``/Span`` marked-content sequence with ``/E``.

ISO 32000-1 §14.9.5 lets a ``Span`` marked-content sequence carry the
expansion of an abbreviation in its property list, so a screen reader says
"Democratic People's Republic of Korea" where the page shows "DPRK".
reportlab's Paragraph cannot emit operators mid-line, but it calls an
``<onDraw>`` callback at the callback's place in the line while it builds the
line's text object; the callbacks here append ``BDC``/``EMC`` to that text
object, so the marked content nests inside the paragraph's own (marked-content
operators are allowed inside ``BT``…``ET``).  An abbreviation is one word, so
its open and close never fall on different lines or pages.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

OPEN, CLOSE = "briefgenAbbrOpen", "briefgenAbbrClose"


def wrap(inner: str, expansion: str) -> str:
    """Paragraph markup: ``inner`` inside the callbacks that mark it with ``/E``."""
    return (f"<onDraw name={quoteattr(OPEN)} label={quoteattr(expansion)}/>{inner}"
            f'<onDraw name="{CLOSE}" label=""/>')


def _pdf_text(text: str) -> str:
    """``text`` as a PDF text string (UTF-16BE with BOM, hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _open(canv, kind: str, label: str | None) -> None:  # noqa: ANN001 - reportlab callback
    info = getattr(canv, "_curr_tx_info", None)
    if info is not None:
        info["tx"]._code.append(f"/Span <</E {_pdf_text(label or '')}>> BDC")


def _close(canv, kind: str, label: str | None) -> None:  # noqa: ANN001
    info = getattr(canv, "_curr_tx_info", None)
    if info is not None:
        info["tx"]._code.append("EMC")


def register(canv) -> None:  # noqa: ANN001 - a reportlab Canvas
    """Make the callbacks known to ``canv``."""
    canv.setNamedCB(OPEN, _open)
    canv.setNamedCB(CLOSE, _close)
