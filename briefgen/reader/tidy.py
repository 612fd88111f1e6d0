"""Tidying the converted model: heading ids that are unique, lists Word can show.

Python-Markdown's ``toc`` extension gives a heading whose id is already
taken the id ``<id>_1`` (``_2`` …) without a word, and keeps an id written as
``{#id}`` even when another heading has it; both are reported here, the
second renamed, so that every link target is unique.  Lists nested deeper
than :data:`MAX_LIST_DEPTH` (Word's nine levels) are flattened at that level
with a warning, so no writer has to lay out a 50-deep list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from markdown.extensions.toc import slugify_unicode

from .. import model as m
from ..diagnostics import Reporter
from ..walk import inlines_of
from .images import position

MAX_LIST_DEPTH = 9
"""Word's numbering has nine levels (``w:ilvl`` 0–8); deeper items stay at the ninth."""


def unique_heading_ids(blocks: list[m.Block], path: Path, reporter: Reporter) -> list[m.Block]:
    """Warn about every heading whose id another heading already has; rename explicit clashes."""
    first_line: dict[str, int] = {}
    taken = {b.id for b in blocks if isinstance(b, m.Heading) and b.id}
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Heading) and block.id:
            block = _unique(block, first_line, taken, path, reporter)
            first_line.setdefault(block.id, block.pos.line if block.pos else 0)
        out.append(block)
    return out


def _unique(heading: m.Heading, first_line: dict[str, int], taken: set[str], path: Path,
            reporter: Reporter) -> m.Heading:
    line, col = (heading.pos.line, heading.pos.col) if heading.pos else (0, 0)
    title = m.plain_text(heading.children)
    slug = slugify_unicode(title, "-")
    if heading.id in first_line:  # an explicit {#id} written twice
        new_id = _free_id(heading.id, taken)
        reporter.warn(path, line, col, f"heading '{_short(title)}' has the id '{heading.id}' "
                      f"of the heading on line {first_line[heading.id]}; it gets the id "
                      f"'{new_id}' (links to '#{heading.id}' go to the first)")
        return replace(heading, id=new_id)
    suffixed = re.fullmatch(re.escape(slug) + r"_\d+", heading.id)
    if slug and heading.id != slug and suffixed:
        where = (f"the heading on line {first_line[slug]}" if first_line.get(slug)
                 else "another element")
        reporter.warn(path, line, col, f"heading '{_short(title)}' has the same id as {where}; "
                      f"it gets the id '{heading.id}' (give it its own with {{#id}})")
    return heading


def _free_id(base: str, taken: set[str]) -> str:
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    taken.add(f"{base}_{number}")
    return f"{base}_{number}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def cap_list_depth(blocks: list[m.Block], body: str, path: Path,
                   reporter: Reporter) -> list[m.Block]:
    """Flatten lists nested deeper than :data:`MAX_LIST_DEPTH`, with one warning per list."""
    def warn(deep: m.ListBlock) -> None:
        line, col = position(body, first_words(deep)) if first_words(deep) else (0, 0)
        reporter.warn(path, line, col, f"list nested deeper than {MAX_LIST_DEPTH} levels; "
                      f"the deeper items are shown at level {MAX_LIST_DEPTH}")

    return [_cap(b, 0, warn) for b in blocks]


def _cap(block: m.Block, depth: int, warn: Callable[[m.ListBlock], None]) -> m.Block:
    if isinstance(block, m.ListBlock):
        depth += 1
        items = block.items
        if depth == MAX_LIST_DEPTH and _has_sublist(items):
            warn(next(b for i in items for b in i.blocks if isinstance(b, m.ListBlock)))
            items = _flatten(items)
        return replace(block, items=tuple(
            replace(i, blocks=tuple(_cap(b, depth, warn) for b in i.blocks)) for i in items))
    if isinstance(block, (m.BlockQuote, m.Callout)):
        return replace(block, blocks=tuple(_cap(b, depth, warn) for b in block.blocks))
    return block


def _has_sublist(items: tuple[m.ListItem, ...]) -> bool:
    return any(isinstance(b, m.ListBlock) for i in items for b in i.blocks)


def _flatten(items: tuple[m.ListItem, ...]) -> tuple[m.ListItem, ...]:
    """The items with each nested list's items moved up after the text before it, in order."""
    out: list[m.ListItem] = []
    for item in items:
        own: list[m.Block] = []
        emitted = False
        for inner in item.blocks:
            if isinstance(inner, m.ListBlock):
                if own or not emitted:
                    out.append(replace(item, blocks=tuple(own)))
                    emitted = True
                out.extend(_flatten(inner.items))
                own = []
            else:
                own.append(inner)
        if own or not emitted:
            out.append(replace(item, blocks=tuple(own)))
    return tuple(out)


def first_words(block: m.Block) -> str:
    """The first few words of ``block``'s text (to find it in the source)."""
    for inline in inlines_of(block):
        if isinstance(inline, m.Text) and inline.text.strip():
            return " ".join(inline.text.split()[:3])
    return ""


def place_links(blocks: list[m.Block], body: str) -> list[m.Block]:
    """Give each paragraph or table holding an internal link the place of
    its first such link, so that a writer's "unknown anchor" warning names the line."""
    cursor = [0]

    def locate(block: m.Block) -> m.Block:
        if isinstance(block, (m.ListBlock, m.BlockQuote, m.Callout, m.DefinitionList)):
            block = _map_children(block, locate)
        if not isinstance(block, (m.Paragraph, m.Table)) or block.pos:
            return block
        targets = [i.target for i in inlines_of(block) if isinstance(i, m.Link) and i.internal]
        if not targets:
            return block
        index = body.find(f"]({targets[0]}", cursor[0])
        if index < 0:
            return block
        cursor[0] = index + 1
        line, col = position(body[: index + 2] + "\0", "\0")
        return replace(block, pos=m.Pos(line, col))

    return [locate(b) for b in blocks]


def _map_children(block: m.Block, change: Callable[[m.Block], m.Block]) -> m.Block:
    if isinstance(block, m.ListBlock):
        return replace(block, items=tuple(
            replace(i, blocks=tuple(change(b) for b in i.blocks)) for i in block.items))
    if isinstance(block, m.DefinitionList):
        return replace(block, items=tuple(
            replace(i, definitions=tuple(tuple(change(b) for b in d) for d in i.definitions))
            for i in block.items))
    if isinstance(block, (m.BlockQuote, m.Callout)):
        return replace(block, blocks=tuple(change(b) for b in block.blocks))
    return block
