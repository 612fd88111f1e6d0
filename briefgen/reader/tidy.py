"""Tidying the read model: heading levels and ids, lists Word can show.

Every heading gets an id: its own ``{#id}``, else a slug of its text (letters
of any script kept, as GitHub and pandoc do).  A slug another heading already
has gets ``_1``, ``_2`` … with a warning; an explicit id written twice is
renamed with a warning, so every link target is unique.  Heading levels start
at 1 and never skip.  Lists nested deeper than :data:`MAX_LIST_DEPTH` (Word's
nine levels) are flattened at that level with a warning, so no writer has to
lay out a 50-deep list.  Headings inside audience blocks count where they
stand, as the audience sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .. import model as m
from ..diagnostics import Reporter

MAX_LIST_DEPTH = 9
"""Word's numbering has nine levels (``w:ilvl`` 0–8); deeper items stay at the ninth."""

_NOT_WORD = re.compile(r"[^\w\s-]")
_BLANKS = re.compile(r"[-\s]+")

Change = Callable[[tuple[m.Block, ...]], tuple[m.Block, ...]]


def slugify(text: str) -> str:
    """``"Legal Issues: the NPT"`` → ``"legal-issues-the-npt"`` (any script's letters kept)."""
    return _BLANKS.sub("-", _NOT_WORD.sub("", text).strip().lower())


def headings_in_order(blocks: tuple[m.Block, ...]) -> list[m.Heading]:
    """Top-level headings and those inside audience blocks, in document order."""
    out: list[m.Heading] = []
    for block in blocks:
        if isinstance(block, m.Heading):
            out.append(block)
        elif isinstance(block, m.Div):
            out.extend(headings_in_order(block.blocks))
    return out


def replace_headings(blocks: tuple[m.Block, ...], new: list[m.Heading]) -> tuple[m.Block, ...]:
    """``blocks`` with the headings of :func:`headings_in_order` replaced, in order, by ``new``."""
    queue = iter(new)

    def walk(seq: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        out: list[m.Block] = []
        for block in seq:
            if isinstance(block, m.Heading):
                block = next(queue)
            elif isinstance(block, m.Div):
                block = replace(block, blocks=walk(block.blocks))
            out.append(block)
        return tuple(out)

    return walk(blocks)


def _warn(reporter: Reporter, path: Path, pos: m.Pos, message: str) -> None:
    """A warning at ``pos``, in the brief or in the part it lies in."""
    reporter.warn(pos.path or path, pos.line, pos.col, message)


def heading_levels(headings: list[m.Heading], path: Path, reporter: Reporter) -> list[m.Heading]:
    """Levels starting at 1 that never skip (a skip is reported and closed)."""
    if not headings:
        return headings
    top = min(h.level for h in headings)
    previous = 0
    out: list[m.Heading] = []
    for heading in headings:
        level = heading.level - top + 1
        if level > previous + 1:
            pos = heading.pos or m.Pos(1)
            _warn(reporter, path, pos, f"heading level jumps from {previous} to "
                  f"{level}; shown as level {previous + 1}")
            level = previous + 1
        previous = level
        out.append(replace(heading, level=level))
    return out


def heading_ids(headings: list[m.Heading], path: Path, reporter: Reporter) -> list[m.Heading]:
    """Every heading with a unique id (see the module's docstring)."""
    explicit = {h.id for h in headings if h.id}
    taken = set(explicit)
    first_line: dict[str, int] = {}
    out: list[m.Heading] = []
    for heading in headings:
        pos = heading.pos or m.Pos(1)
        title = m.plain_text(heading.children)
        if heading.id and heading.id in first_line:  # an explicit {#id} written twice
            new_id = _free_id(heading.id, taken)
            _warn(reporter, path, pos, f"heading '{_short(title)}' has the id "
                  f"'{heading.id}' of the heading on line {first_line[heading.id]}; it "
                  f"gets the id '{new_id}' (links to '#{heading.id}' go to the first)")
            heading = replace(heading, id=new_id)
        elif not heading.id:
            slug = slugify(title) or "section"
            new_id = slug if slug not in taken else _free_id(slug, taken)
            taken.add(new_id)
            if new_id != slug:
                where = (f"the heading on line {first_line[slug]}" if slug in first_line
                         else "another element")
                _warn(reporter, path, pos, f"heading '{_short(title)}' has the same "
                      f"id as {where}; it gets the id '{new_id}' (give it its own with "
                      "{#id})")
            heading = replace(heading, id=new_id)
        first_line.setdefault(heading.id, pos.line)
        out.append(heading)
    return out


def _free_id(base: str, taken: set[str]) -> str:
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    taken.add(f"{base}_{number}")
    return f"{base}_{number}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def cap_list_depth(blocks: list[m.Block], path: Path, reporter: Reporter) -> list[m.Block]:
    """Flatten lists nested deeper than :data:`MAX_LIST_DEPTH`, with one warning per list."""
    def warn(deep: m.ListBlock) -> None:
        pos = deep.pos or m.Pos(1)
        _warn(reporter, path, pos, f"list nested deeper than {MAX_LIST_DEPTH} "
              f"levels; the deeper items are shown at level {MAX_LIST_DEPTH}")

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
    if isinstance(block, (m.BlockQuote, m.Callout, m.Div)):
        return replace(block, blocks=tuple(_cap(b, depth, warn) for b in block.blocks))
    return block


def cap_quote_depth(blocks: list[m.Block], path: Path, reporter: Reporter) -> list[m.Block]:
    """Quotes nested deeper than :data:`MAX_LIST_DEPTH` keep their text at that depth
    (the deeper quote marks are dropped, with one warning per quote)."""
    def cap(block: m.Block, depth: int) -> list[m.Block]:
        if isinstance(block, m.BlockQuote):
            inner = [b for child in block.blocks for b in cap(child, depth + 1)]
            if depth < MAX_LIST_DEPTH:
                return [replace(block, blocks=tuple(inner))]
            if depth == MAX_LIST_DEPTH:
                pos = block.pos or m.Pos(1)
                _warn(reporter, path, pos, f"block quote nested deeper than "
                      f"{MAX_LIST_DEPTH} levels; its text is shown at level "
                      f"{MAX_LIST_DEPTH}")
            return inner
        if isinstance(block, (m.Callout, m.Div)):
            return [replace(block, blocks=tuple(b for c in block.blocks for b in cap(c, depth)))]
        if isinstance(block, m.ListBlock):
            return [replace(block, items=tuple(
                replace(i, blocks=tuple(b for c in i.blocks for b in cap(c, depth)))
                for i in block.items))]
        return [block]

    return [b for block in blocks for b in cap(block, 0)]


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
