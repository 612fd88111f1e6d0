"""Table captions as pandoc and Quarto write them: a paragraph ``: Caption {#tbl-x}``.

The caption paragraph stands right after its table (or right before it) and begins
with a colon; ``{#tbl-x}`` at its end labels the table for cross-references
(``@tbl-x``).  :func:`attach_captions` moves such a paragraph onto its table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import model as m

_LABEL = re.compile(r"\s*\{#([\w][\w:.\-]*)\}\s*$")


def caption_of(block: m.Block) -> tuple[tuple[m.Inline, ...], str | None] | None:
    """The caption inlines and label of a ``: Caption {#id}`` paragraph, else ``None``."""
    if not isinstance(block, m.Paragraph) or block.number is not None or not block.children:
        return None
    first = block.children[0]
    if not isinstance(first, m.Text) or not first.text.startswith(":") or \
            first.text.startswith("::"):
        return None
    children = list(block.children)
    children[0] = m.Text(first.text[1:].lstrip())
    label = None
    last = children[-1]
    if isinstance(last, m.Text):
        found = _LABEL.search(last.text)
        if found:
            label = found.group(1)
            children[-1] = m.Text(last.text[: found.start()].rstrip())
    children = [c for c in children if not (isinstance(c, m.Text) and not c.text)]
    return (tuple(children), label) if children else None


def attach_captions(blocks: list[m.Block]) -> list[m.Block]:
    """``blocks`` with each caption paragraph moved onto the table it stands beside."""
    out: list[m.Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        caption = caption_of(block)
        if isinstance(block, m.Table) and block.caption is None and after is not None and \
                caption_of(after):
            inlines, label = caption_of(after)  # type: ignore[misc]
            out.append(replace(block, caption=inlines, id=label,
                               caption_pos=getattr(after, "pos", None)))
            index += 2
            continue
        if caption and isinstance(after, m.Table) and after.caption is None:
            out.append(replace(after, caption=caption[0], id=caption[1],
                               caption_pos=getattr(block, "pos", None)))
            index += 2
            continue
        out.append(block)
        index += 1
    return out
