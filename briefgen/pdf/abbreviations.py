"""Abbreviations in the tagged PDF: each use is marked content ``/Span`` with ``/E``.

ISO 32000-1 §14.9.5 lets a ``Span`` marked-content sequence carry the
expansion of an abbreviation in its property list, so a screen reader says
"Democratic People's Republic of Korea" where the page shows "DPRK".
reportlab's Paragraph cannot emit operators mid-line, but it calls an
``<onDraw>`` callback at the callback's place in the line while it builds the
line's text object.  At the abbreviation the callbacks close the paragraph's
marked content, open ``/Span <</MCID n /E (…)>>`` for the abbreviation (an
MCID of the same structure element, so the reading order stays that of the
text) and reopen the paragraph's marked content after it.  Nothing is nested,
so every tool that reads marked content in order (poppler, screen readers)
sees the whole paragraph.  An abbreviation is one word, so its open and close
never fall on different lines or pages.  Untagged PDFs get no marks.
"""

from __future__ import annotations

import html

from .tagging import Recorder

OPEN, CLOSE = "briefgenAbbrOpen", "briefgenAbbrClose"


def wrap(inner: str, expansion: str) -> str:
    """Paragraph markup: ``inner`` between the callbacks that mark it with ``/E``."""
    return (f'<onDraw name="{OPEN}" label="{html.escape(expansion)}"/>{inner}'
            f'<onDraw name="{CLOSE}" label=""/>')


def _pdf_text(text: str) -> str:
    """``text`` as a PDF text string (UTF-16BE with BOM, hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def register(canv, recorder: Recorder) -> None:  # noqa: ANN001 - a reportlab Canvas
    """Make the callbacks known to ``canv``."""
    state: dict[str, object] = {}

    def open_(canv, kind: str, label: str | None) -> None:  # noqa: ANN001
        empty = recorder.next_mark().empty_after
        info = getattr(canv, "_curr_tx_info", None)
        node = recorder.current
        if info is None or node is None or not recorder.enabled:
            return
        emit = info["tx"]._code.append
        recorder.end(canv, emit)
        recorder.begin(canv, node, emit, tag="Span", props=f" /E {_pdf_text(label or '')}",
                       defer=empty)
        state["node"] = node

    def close(canv, kind: str, label: str | None) -> None:  # noqa: ANN001
        empty = recorder.next_mark().empty_after
        info = getattr(canv, "_curr_tx_info", None)
        node = state.pop("node", None)
        if info is None or node is None:
            return
        emit = info["tx"]._code.append
        recorder.end(canv, emit)
        # the label: the real text after it in a heading drawn in capitals (upper_markup)
        recorder.begin(canv, node, emit, label or None, defer=empty)

    canv.setNamedCB(OPEN, open_)
    canv.setNamedCB(CLOSE, close)
