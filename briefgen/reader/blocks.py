"""markdown-it's syntax tree → model blocks, each with its place in the file.

One handler per node type (``_HANDLERS``).  A node type the table does not
know keeps its text as a paragraph with a warning, so no word is dropped.
Audience blocks become :class:`briefgen.model.Div` nodes (``assemble`` keeps
or drops them per audience), callout divs and admonitions become
:class:`briefgen.model.Callout`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs

from .. import model as m
from ..diagnostics import did_you_mean
from .captions import attach_captions
from .inlines import ImageRef, InlineReader
from .positions import Lines

_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_AUDIENCE = re.compile(r"^(only|except)(?:[ \t]+(.*))?$")
_TITLE = re.compile(r'^\s*(\S+)(?:\s+"(.*)")?\s*$')
_COMMENTS = re.compile(r"(?:<!--.*?-->\s*)+", re.S)
_NOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")

Report = Callable[[m.Pos | None, str], None]


@dataclass(slots=True)
class BlockReader:
    """Turns the body's syntax tree into model blocks."""

    lines: Lines
    inline: InlineReader
    image: Callable[[ImageRef], m.Image]
    error: Report
    warn: Report
    audiences: tuple[str, ...]
    data: Callable[[str, str, m.Pos | None], list[m.Block] | None] | None = None
    """Tables from data files (``briefgen.reader.data.DataBlocks``)."""

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        out: list[m.Block] = []
        for node in nodes:
            handler = _HANDLERS.get(node.type)
            if handler is None:
                out.extend(self._unknown(node))
            else:
                out.extend(handler(self, node))
        return attach_captions(out)

    def pos(self, node: SyntaxTreeNode) -> m.Pos | None:
        return self.lines.start(node.map)

    def inlines(self, node: SyntaxTreeNode) -> tuple[m.Inline, ...]:
        """The inlines of a block whose only child is its ``inline`` node."""
        inline = next((c for c in node.children if c.type == "inline"), None)
        if inline is None:
            return ()
        children = tuple(self.inline.read(inline))
        self._undefined_notes(inline)
        return children

    # ------------------------------------------------------------ handlers
    def _heading(self, node: SyntaxTreeNode) -> list[m.Block]:
        role = node.attrs.get("role")
        return [m.Heading(int(node.tag[1]), self.inlines(node), str(node.attrs.get("id", "")),
                          role=_role(str(role)) if role else None, pos=self.pos(node),
                          classes=tuple(str(node.attrs.get("class", "")).split()))]

    def _paragraph(self, node: SyntaxTreeNode) -> list[m.Block]:
        inline = node.children[0]
        pos = self.lines.inside(node.map, inline.content, 0)
        out: list[m.Block] = []
        parts = self.inline.read_with_figures(inline)
        self._undefined_notes(inline)
        for part in parts:
            if isinstance(part, ImageRef):
                out.append(self.image(part))
            else:
                out.append(m.Paragraph(tuple(part), pos=pos))
        return out

    def _list(self, node: SyntaxTreeNode) -> list[m.Block]:
        items = tuple(m.ListItem(tuple(self.blocks(item.children)),
                                 pos=self.lines.marker(item.map, item.markup, item.info))
                      for item in node.children)
        start = node.attrs.get("start", 1)
        return [m.ListBlock(node.type == "ordered_list", items, int(start), self.pos(node))]

    def _quote(self, node: SyntaxTreeNode) -> list[m.Block]:
        return [m.BlockQuote(tuple(self.blocks(node.children)), self.pos(node))]

    def _code(self, node: SyntaxTreeNode) -> list[m.Block]:
        made = self.data(node.info, node.content, self.pos(node)) if self.data else None
        if made is not None:
            return made
        info = node.info.strip()
        language = None
        if info.startswith("{"):
            language = next((c[1:] for c in info.strip("{}").split() if c.startswith(".")), None)
        elif info:
            language = info.split()[0]
        return [m.CodeBlock(node.content.removesuffix("\n"), language, self.pos(node))]

    def _rule(self, node: SyntaxTreeNode) -> list[m.Block]:
        return [m.Rule(self.pos(node))]

    def _table(self, node: SyntaxTreeNode) -> list[m.Block]:
        header: list[tuple[m.TableCell, ...]] = []
        rows: list[tuple[m.TableCell, ...]] = []
        aligns: list[m.Align | None] = []
        for section in node.children:
            for tr in section.children:
                if not aligns:
                    aligns = [_align(cell) for cell in tr.children]
                row = tuple(self._cell(tr, cell) for cell in tr.children)
                (header if section.type == "thead" else rows).append(row)
        width = max([len(r) for r in header + rows] or [0])
        aligns += [None] * (width - len(aligns))

        def pad(row: tuple[m.TableCell, ...]) -> tuple[m.TableCell, ...]:
            return row + tuple(m.TableCell(()) for _ in range(width - len(row)))

        return [m.Table(tuple(aligns), tuple(pad(r) for r in header), tuple(pad(r) for r in rows),
                        pos=self.pos(node))]

    def _cell(self, tr: SyntaxTreeNode, cell: SyntaxTreeNode) -> m.TableCell:
        inline = next((c for c in cell.children if c.type == "inline"), None)
        if inline is None:
            return m.TableCell(())
        previous = [c for c in tr.children[: tr.children.index(cell)]]
        after = 0
        for before in previous:  # find this cell after the ones before it on the row
            text = next((c.content for c in before.children if c.type == "inline"), "")
            found = self.lines.text(tr.map[0]).find(text, after) if tr.map else -1
            after = found + len(text) if found >= 0 else after
        pos = self.lines.find(tr.map, inline.content, after)
        children = tuple(self.inline.read(inline))
        self._undefined_notes(inline)
        return m.TableCell(children, pos)

    def _definitions(self, node: SyntaxTreeNode) -> list[m.Block]:
        items: list[m.Definition] = []
        term: tuple[m.Inline, ...] | None = None
        defs: list[tuple[m.Block, ...]] = []
        for child in node.children:
            if child.type == "dt":
                if term is not None:
                    items.append(m.Definition(term, tuple(defs)))
                term, defs = self.inlines(child), []
            elif child.type == "dd":
                defs.append(tuple(self.blocks(child.children)))
        if term is not None:
            items.append(m.Definition(term, tuple(defs)))
        return [m.DefinitionList(tuple(items), self.pos(node))]

    def _admonition(self, node: SyntaxTreeNode) -> list[m.Block]:
        match = _TITLE.match(node.info)
        title = match.group(2) if match and match.group(2) else None
        kind = str(node.meta.get("tag") or "note")
        body = [c for c in node.children if c.type != "admonition_title"]
        return [m.Callout(kind, title, tuple(self.blocks(body)), self.pos(node))]

    def _div(self, node: SyntaxTreeNode) -> list[m.Block]:
        pos = self.pos(node)
        info = node.info.strip()
        blocks = tuple(self.blocks(node.children))
        audience = _AUDIENCE.match(info)
        if audience:
            names = self._audience_names(node, audience.group(2) or "")
            if audience.group(1) == "only":
                return [m.Div(blocks, only=names, pos=pos)]
            return [m.Div(blocks, exclude=names, pos=pos)]
        attrs = self._div_attrs(node, info)
        classes = str(attrs.get("class", "")).split()
        callout = next((c.removeprefix("callout-") for c in classes if c.startswith("callout-")),
                       None)
        if callout:
            title = attrs.get("title")
            return [m.Callout(callout, str(title) if title else None, blocks, pos)]
        if "landscape" in classes:
            return [m.Landscape(blocks, pos)]
        div_id = attrs.get("id")
        return [m.Div(blocks, pos=pos, id=str(div_id) if div_id else None)]

    def _audience_names(self, node: SyntaxTreeNode, text: str) -> tuple[str, ...]:
        names = tuple(text.replace(",", " ").split())
        if not names:
            self.error(self.pos(node), "audience block names no audience")
        line = self.lines.text(node.map[0]) if node.map else ""
        for name in names:
            if name not in self.audiences:
                pos = self.pos(node)
                col = line.find(name) + 1
                self.error(m.Pos(pos.line, col, pos.path) if pos and col else pos,
                           f"unknown audience '{name}'{did_you_mean(name, self.audiences)}")
        return names

    def _div_attrs(self, node: SyntaxTreeNode, info: str) -> dict[str, object]:
        if not info.startswith("{"):
            return {"class": " ".join(info.split())}
        try:
            end, attrs = parse_attrs(info)
        except ParseError as exc:
            self.error(self.pos(node), f"cannot read the div's attributes {info[:40]!r}: {exc}")
            return {}
        rest = info[end + 1:].strip()  # ``end`` is the index of the closing brace
        if rest:
            self.warn(self.pos(node), f"text after the div's attributes is ignored: "
                      f"{rest[:40]!r}")
        return dict(attrs)

    def _html(self, node: SyntaxTreeNode) -> list[m.Block]:
        text = node.content.strip()
        if _COMMENTS.fullmatch(text):
            return []  # an author's note to self: no editor's preview shows it either
        self.warn(self.pos(node), f"raw HTML '{text.splitlines()[0][:40]}' is shown as text, "
                  "not interpreted")
        return [m.Paragraph((m.Text(" ".join(text.split())),), pos=self.pos(node))]

    def _unknown(self, node: SyntaxTreeNode) -> list[m.Block]:
        if node.type in ("footnote_block", "attrs_block"):
            return []
        self.warn(self.pos(node), f"unknown Markdown element '{node.type}' kept as text")
        text = " ".join((node.content or "").split())
        return [m.Paragraph((m.Text(text),), pos=self.pos(node))] if text else []

    def _undefined_notes(self, inline: SyntaxTreeNode) -> None:
        """``[^x]`` left as text (no definition): a warning at its place."""
        for child in inline.walk():
            if child.type != "text" or "[^" not in child.content:
                continue
            for match in _NOTE_LABEL.finditer(child.content):
                offset = inline.content.find(match.group(0))
                self.warn(self.lines.inside(inline.map, inline.content, max(offset, 0)),
                          f"footnote {match.group(0)} has no definition; shown as written")


_HANDLERS: dict[str, Callable[[BlockReader, SyntaxTreeNode], list[m.Block]]] = {
    "heading": BlockReader._heading,
    "paragraph": BlockReader._paragraph,
    "bullet_list": BlockReader._list,
    "ordered_list": BlockReader._list,
    "blockquote": BlockReader._quote,
    "fence": BlockReader._code,
    "code_block": BlockReader._code,
    "hr": BlockReader._rule,
    "table": BlockReader._table,
    "dl": BlockReader._definitions,
    "admonition": BlockReader._admonition,
    "div": BlockReader._div,
    "html_block": BlockReader._html,
}


def _role(value: str) -> m.Role:
    try:
        return m.Role(value.strip().lower())
    except ValueError:
        return m.Role.OTHER


def _align(cell: SyntaxTreeNode) -> m.Align | None:
    match = _ALIGN.search(str(cell.attrs.get("style", "")))
    return m.Align(match.group(1)) if match else None
