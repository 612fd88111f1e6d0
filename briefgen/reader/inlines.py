"""markdown-it inline nodes → model inlines, each link, image and note placed in the file.

Nothing is dropped: raw HTML and unknown syntax become literal text (raw
HTML with a warning), an image inside a link or heading shows its alt text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..source import LINE_SEPARATOR
from .positions import Lines

_SPACE = re.compile(r"[ \t\n]+")
_WRAPPERS: dict[str, Callable[[tuple[m.Inline, ...]], m.Inline]] = {
    "strong": m.Strong, "em": m.Emphasis, "s": m.Strike, "sub": m.Subscript,
    "sup": m.Superscript,
}

Warn = Callable[[m.Pos | None, str], None]


@dataclass(slots=True)
class ImageRef:
    """An image as written: what the reader resolves into a figure."""

    src: str
    alt: str
    title: str | None
    classes: tuple[str, ...]
    id: str | None
    pos: m.Pos | None


@dataclass(slots=True)
class InlineReader:
    """Reads the inline content of one block (``block`` is its ``inline`` node)."""

    lines: Lines
    warn: Warn
    note_number: Callable[[SyntaxTreeNode], int]
    block: SyntaxTreeNode | None = None
    html_lines: set[int] = field(default_factory=set)
    """Lines already warned about raw HTML (one warning a line is enough)."""
    shortcode: Callable[[str, str, m.Pos | None], str | None] | None = None
    """The value of ``{{< kind arg >}}`` (``briefgen.reader.shortcodes.Variables``)."""

    def read(self, inline: SyntaxTreeNode) -> list[m.Inline]:
        """The inlines of ``inline`` (a block's ``inline`` node), edges trimmed; an image
        shows as its alt text in brackets."""
        self.block = inline
        return _trim(self._inlines(inline.children))

    def read_with_figures(self, inline: SyntaxTreeNode) -> list[list[m.Inline] | ImageRef]:
        """A paragraph's inlines cut where its images stand: text runs and images in order."""
        self.block = inline
        parts: list[list[m.Inline] | ImageRef] = []
        run: list[SyntaxTreeNode] = []
        for node in inline.children:
            if node.type == "image":
                parts.append(_trim(self._inlines(run)))
                parts.append(self.image(node))
                run = []
            else:
                run.append(node)
        parts.append(_trim(self._inlines(run)))
        return [p for p in parts if not (isinstance(p, list) and not p)]

    def place(self, node: SyntaxTreeNode) -> m.Pos | None:
        """Where ``node`` starts in the file."""
        block = self.block
        offset = node.meta.get("offset") if node.meta else None
        if block is None or offset is None:
            return self.lines.start(block.map if block else None)
        return self.lines.inside(block.map, block.content, offset)

    def _inlines(self, nodes: list[SyntaxTreeNode]) -> list[m.Inline]:
        out: list[m.Inline] = []
        for node in nodes:
            out.extend(self._inline(node))
        return _merge(out)

    def _inline(self, node: SyntaxTreeNode) -> list[m.Inline]:
        kind = node.type
        wrap = _WRAPPERS.get(kind)
        if wrap is not None:
            return [wrap(tuple(self._inlines(node.children)))]
        if kind == "text":
            return _text(node.content)
        if kind == "softbreak":
            return [m.Text(" ")]
        if kind == "hardbreak":
            return [m.LineBreak()]
        if kind == "code_inline":
            return [m.Code(node.content)]
        if kind == "link":
            return self._link(node)
        if kind == "span":
            return self._span(node)
        if kind == "cite":
            return [self._cite(node)]
        if kind == "footnote_ref":
            return [m.NoteRef(self.note_number(node))]
        if kind == "shortcode":
            value = self.shortcode(node.meta["kind"], node.meta["arg"], self.place(node)) \
                if self.shortcode else None
            return _text(node.content if value is None else value)
        if kind == "image":
            ref = self.image(node)
            return [m.Text(f"[{ref.alt or ref.src}]")]
        if kind == "html_inline" and node.content.startswith("<!--"):
            return []  # a comment: hidden in every preview, as in HTML
        if kind == "html_inline":
            pos = self.place(node)
            if pos is None or pos.line not in self.html_lines:
                self.html_lines.add(pos.line if pos else 0)
                self.warn(pos, f"raw HTML '{node.content[:40]}' is shown as text, "
                          "not interpreted")
            return [m.Text(node.content)]
        return _text(node.content) + self._inlines(node.children)

    def _link(self, node: SyntaxTreeNode) -> list[m.Inline]:
        children = tuple(self._inlines(node.children))
        href = str(node.attrs.get("href", ""))
        if href.startswith("#"):
            href = "#" + unquote(href[1:])
        if not href:
            return list(children)
        title = node.attrs.get("title")
        return [m.Link(children, href, str(title) if title else None, self.place(node))]

    def _cite(self, node: SyntaxTreeNode) -> m.Cite:
        pos = self.place(node)
        for problem in node.meta.get("problems", ()):
            self.warn(pos, f"{problem}; kept as written after the citation")
        items = tuple(node.meta["items"])
        return m.Cite(items, node.content, bool(node.meta.get("narrative")), pos)

    def _span(self, node: SyntaxTreeNode) -> list[m.Inline]:
        children = tuple(self._inlines(node.children))
        lang = node.attrs.get("lang")
        classes = tuple(str(node.attrs.get("class", "")).split())
        if not lang and not classes:
            return list(children)
        return [m.Span(children, str(lang) if lang else None, classes)]

    def image(self, node: SyntaxTreeNode) -> ImageRef:
        alt = m.plain_text(tuple(_trim(self._inlines(node.children)))).strip()
        title = node.attrs.get("title")
        image_id = node.attrs.get("id")
        return ImageRef(str(node.attrs.get("src", "")), alt, str(title) if title else None,
                        tuple(str(node.attrs.get("class", "")).split()),
                        str(image_id) if image_id else None, self.place(node))


def _text(text: str) -> list[m.Inline]:
    """Text with runs of blanks folded; a line separator is a hard line break."""
    out: list[m.Inline] = []
    for index, piece in enumerate(text.split(LINE_SEPARATOR)):
        if index:
            out.append(m.LineBreak())
        piece = _SPACE.sub(" ", piece)
        if piece:
            out.append(m.Text(piece))
    return out


def _merge(run: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in run:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(_SPACE.sub(" ", out[-1].text + node.text))
        else:
            out.append(node)
    return out


def _trim(run: list[m.Inline]) -> list[m.Inline]:
    """``run`` without blanks at its edges."""
    run = _merge(run)
    if run and isinstance(run[0], m.Text):
        text = run[0].text.lstrip(" ")
        run = ([m.Text(text)] if text else []) + run[1:]
    if run and isinstance(run[-1], m.Text):
        text = run[-1].text.rstrip(" ")
        run = run[:-1] + ([m.Text(text)] if text else [])
    return run
