"""Source positions: where a token, or a place inside a block's text, sits in the brief.

markdown-it gives every block token ``map`` = [first line, end line) of the
body (0-based); a block's *content* is its source lines with container
prefixes (``> ``, list indentation) taken off the front.  So a content line
is the tail of its source line, and an offset into the content maps back to a
line and column of the file exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import model as m

Origin = tuple[Path | None, int]
"""Where a body line came from: a part's file (``None``: the brief) and its 1-based line."""


class Lines:
    """The body's lines, for turning token maps and content offsets into :class:`Pos`.

    ``origins`` (one per body line) places lines pulled in from included parts
    at their own file and line (``briefgen.reader.includes``)."""

    def __init__(self, body: str, origins: Sequence[Origin] | None = None) -> None:
        self.lines = body.split("\n")
        self.origins = origins

    def _pos(self, number: int, col: int) -> m.Pos:
        """The place of column ``col`` (1-based) on body line ``number`` (0-based)."""
        if self.origins is not None and 0 <= number < len(self.origins):
            path, line = self.origins[number]
            return m.Pos(line, col, path)
        return m.Pos(number + 1, col)

    def text(self, number: int) -> str:
        """Line ``number`` (0-based); ``""`` past the end."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def start(self, line_map: list[int] | None) -> m.Pos | None:
        """The first non-blank character of a block's first line (past ``>`` markers)."""
        if not line_map:
            return None
        text = self.text(line_map[0])
        col = 0
        while col < len(text) and text[col] in " \t>":
            col += 1
        return self._pos(line_map[0], col + 1)

    def marker(self, line_map: list[int] | None, markup: str, info: str = "") -> m.Pos | None:
        """A list item's marker (``-``, ``*``, ``3.``): the item's place."""
        pos = self.start(line_map)
        if pos is None:
            return None
        text = self.text(line_map[0])
        wanted = f"{info}{markup}"
        index = text.find(wanted, pos.col - 1)
        return self._pos(line_map[0], index + 1) if index >= 0 else pos

    def inside(self, line_map: list[int] | None, content: str, offset: int) -> m.Pos | None:
        """The place of ``content[offset]``, where ``content`` is a block's inline text
        starting on line ``line_map[0]``."""
        if not line_map:
            return None
        line_start = content.rfind("\n", 0, offset) + 1
        index = content.count("\n", 0, line_start)
        line_end = content.find("\n", line_start)
        piece = content[line_start: line_end if line_end >= 0 else len(content)]
        number = line_map[0] + index
        return self._pos(number, _prefix(self.text(number), piece) + offset - line_start + 1)

    def find(self, line_map: list[int] | None, needle: str, after: int = 0) -> m.Pos | None:
        """The first ``needle`` on a block's first line at or after column index ``after``."""
        if not line_map:
            return None
        text = self.text(line_map[0])
        index = text.find(needle, after) if needle else -1
        if index < 0:
            return self.start(line_map)
        return self._pos(line_map[0], index + 1)


def _prefix(source: str, piece: str) -> int:
    """How many characters of ``source`` stand before its tail ``piece``."""
    if source.endswith(piece):
        return len(source) - len(piece)
    stripped, tail = source.rstrip(), piece.rstrip()
    if tail and stripped.endswith(tail):
        return len(stripped) - len(tail)
    index = source.find(tail[:20]) if tail else -1
    return max(index, 0)
