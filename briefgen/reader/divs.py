"""Fenced divs: ``:::`` blocks, nested, as pandoc and Quarto write them.

A div opens with a line of three or more colons followed by something (``only
executive``, ``except exam``, ``{.callout-note title="Scope"}``, ``{#refs}``,
a bare class name) and closes with a line of colons alone.  Divs nest: each
opening line needs its own closing line, whatever the number of colons (as in
pandoc; markdown-it's ``container`` plugin would close the outer div at the
inner one's fence).  A fenced code block inside a div may hold ``:::`` lines.

Tokens: ``div_open`` (``info``: the text after the colons, ``map``: the lines
from the opening fence to the closing one) … ``div_close``.  A div never
closed runs to the end of its container and is recorded in
``env["unclosed_divs"]`` (its opening line) for the reader to report.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_OPEN = re.compile(r"^(:{3,})[ \t]*(\S.*?)[ \t]*$")
_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")


def div_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "div", _div, {"alt": ["paragraph", "reference", "blockquote",
                                                         "list", "footnote_def"]})


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _closing_line(state: StateBlock, start: int, end: int) -> int | None:
    """The line that closes the div opened at ``start`` (``None``: not closed)."""
    depth = 1
    fence: str | None = None
    for number in range(start + 1, end):
        if state.sCount[number] < state.blkIndent and state.bMarks[number] + state.tShift[
                number] < state.eMarks[number]:
            return None  # the text left the div's container
        if state.sCount[number] - state.blkIndent >= 4:
            continue
        text = _line(state, number)
        code = _CODE_FENCE.match(text)
        if code:
            marker = code.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not text[len(marker):].strip():
                fence = None
            continue
        if fence is not None:
            continue
        if _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                return number
        elif _OPEN.match(text):
            depth += 1
    return None


def _div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opened = _OPEN.match(_line(state, start))
    if not opened:
        return False
    if silent:
        return True
    close = _closing_line(state, start, end)
    last = close if close is not None else end
    if close is None:
        state.env.setdefault("unclosed_divs", []).append(start)
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "div"  # type: ignore[assignment]
    state.lineMax = last
    token = state.push("div_open", "div", 1)
    token.markup = opened.group(1)
    token.info = opened.group(2)
    token.map = [start, last + 1 if close is not None else last]
    state.md.block.tokenize(state, start + 1, last)
    token = state.push("div_close", "div", -1)
    token.markup = opened.group(1)
    state.parentType = old_parent
    state.lineMax = old_max
    state.line = last + 1 if close is not None else last
    return True
