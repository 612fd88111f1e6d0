"""A heading goes with the landscape page it introduces (issue 13).

A ``::: landscape`` block starts a page of its own in both files.  When the
blocks just before it are a heading and at most :data:`LEAD_BLOCKS` short
paragraphs introducing it, those would be left behind on a portrait page, the
heading stranded at a page foot or alone on a near-empty page.
:func:`lead_into_landscape` moves them into the landscape block, so the turned
page starts with its heading (the DOCX's section break falls before the heading).
"""

from __future__ import annotations

from dataclasses import replace

from . import model as m

LEAD_BLOCKS = 2
"""Paragraphs between a heading and a landscape block that go with the heading."""
LEAD_CHARS = 600
"""A lead-in longer than this (in characters) stays: its heading is not stranded."""


def _lead_start(out: list[m.Block]) -> int | None:
    """Where the heading (and lead-in) that ends ``out`` starts, if it does."""
    i = len(out)
    while i > 0 and isinstance(out[i - 1], m.Paragraph) and len(out) - i < LEAD_BLOCKS:
        i -= 1
    lead = out[i:]
    if sum(len(m.plain_text(p.children)) for p in lead if isinstance(p, m.Paragraph)) > LEAD_CHARS:
        return None
    if i == 0 or not isinstance(out[i - 1], m.Heading):
        return None
    while i > 0 and isinstance(out[i - 1], m.Heading):
        i -= 1
    return i


def lead_into_landscape(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """``blocks`` with each landscape block's heading and lead-in moved into it."""
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Landscape):
            start = _lead_start(out)
            if start is not None:
                block = replace(block, blocks=(*out[start:], *block.blocks))
                del out[start:]
        out.append(block)
    return tuple(out)
