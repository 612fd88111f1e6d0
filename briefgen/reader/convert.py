"""Python-Markdown's HTML (parsed by lxml) → model blocks and inlines.

Only whitelisted elements are understood; any other element keeps its text
(with a warning), so no word is ever dropped.  Nothing from lxml leaves this
module: the functions return model objects only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable

from lxml import html as lxml_html
from lxml.etree import _Element

from .. import model as m
from ..source import LINE_SEPARATOR

_PARSER = lxml_html.HTMLParser(huge_tree=True)
"""lxml silently drops a text node over 10 MB unless ``huge_tree`` is set."""
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_SPACE = re.compile(r"[ \t\n]+")
_INLINE_TAGS = {"strong", "b", "em", "i", "code", "a", "br", "sup", "sub", "del", "s",
                "abbr", "span", "img", "ins", "u", "mark", "small"}


@dataclass(slots=True)
class ImageRequest:
    """What the converter knows of an image; the reader resolves it."""

    src: str
    alt: str
    title: str | None
    classes: tuple[str, ...]
    id: str | None


@dataclass(slots=True)
class Converter:
    """Walks one document's HTML.  ``image`` resolves an image into a block."""

    image: Callable[[ImageRequest], m.Image]
    unknown: Callable[[str], None]
    note_numbers: dict[str, int] = field(default_factory=dict)
    notes: list[m.Footnote] = field(default_factory=list)

    # ---------------------------------------------------------------- entry
    def document(self, html: str) -> list[m.Block]:
        root = (lxml_html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
                if html.strip() else None)
        if root is None:
            return []
        note_div = None
        for child in root:
            if child.tag == "div" and "footnote" in _classes(child):
                note_div = child
        if note_div is not None:
            root.remove(note_div)
            self._number_notes(note_div)
        blocks = self.blocks(root)
        if note_div is not None:
            self._read_notes(note_div)
        return blocks

    def _number_notes(self, div: _Element) -> None:
        for number, li in enumerate(div.iter("li"), start=1):
            self.note_numbers[li.get("id", "")] = number

    def _read_notes(self, div: _Element) -> None:
        for li in div.iter("li"):
            note_id = li.get("id", "")
            blocks = self.blocks(li)
            self.notes.append(m.Footnote(self.note_numbers[note_id], note_id.removeprefix("fn:"),
                                         tuple(blocks)))

    # ---------------------------------------------------------------- blocks
    def blocks(self, parent: _Element) -> list[m.Block]:
        """The blocks inside ``parent`` (loose inline content becomes paragraphs)."""
        out: list[m.Block] = []
        pending: list[_Element | str] = []
        if parent.text and parent.text.strip():
            pending.append(parent.text)
        for child in parent:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _INLINE_TAGS:
                pending.append(child)
            else:
                self._flush(pending, out)
                out.extend(self.block(child))
                pending = []
            if child.tail and (child.tail.strip() or pending):
                pending.append(child.tail)
        self._flush(pending, out)
        return out

    def _flush(self, pending: list[_Element | str], out: list[m.Block]) -> None:
        if pending:
            out.extend(self._paragraphs(pending))
            pending.clear()

    def block(self, el: _Element) -> list[m.Block]:
        tag = el.tag if isinstance(el.tag, str) else ""
        handler = _BLOCK_HANDLERS.get(tag)
        if handler is not None:
            return handler(self, el)
        if tag == "div":
            return self._div(el)
        if tag:
            self.unknown(tag)
        return self.blocks(el)

    def _heading(self, el: _Element) -> list[m.Block]:
        role = el.get("role")
        heading = m.Heading(int(el.tag[1]), tuple(self.inlines(el)), el.get("id", ""),
                            role=_role(role))
        return [heading]

    def _paragraph(self, el: _Element) -> list[m.Block]:
        return self._paragraphs([el.text or "", *_children_with_tails(el)], top=el)

    def _paragraphs(self, parts: list[_Element | str], top: _Element | None = None) -> list[m.Block]:
        """Inline parts → paragraphs, splitting out images as figure blocks."""
        out: list[m.Block] = []
        run: list[m.Inline] = []
        for part in parts:
            if isinstance(part, str):
                run.extend(_text_inlines(part))
            elif part.tag == "img":
                _append_paragraph(run, out)
                run = []
                out.append(self.image(_image_request(part)))
            else:
                run.extend(self.inline(part))
        _append_paragraph(run, out)
        return out

    def _list(self, el: _Element) -> list[m.Block]:
        items = tuple(m.ListItem(tuple(self.blocks(li))) for li in el if li.tag == "li")
        start = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
        return [m.ListBlock(el.tag == "ol", items, start)]

    def _table(self, el: _Element) -> list[m.Block]:
        header: list[tuple[m.TableCell, ...]] = []
        rows: list[tuple[m.TableCell, ...]] = []
        aligns: list[m.Align | None] = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if c.tag in ("th", "td")]
            if not aligns:
                aligns = [_align(c) for c in cells]
            row = tuple(m.TableCell(tuple(self.inlines(c))) for c in cells)
            in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
            (header if in_head else rows).append(row)
        width = max([len(r) for r in header + rows] or [0])
        aligns += [None] * (width - len(aligns))
        pad = lambda r: r + tuple(m.TableCell(()) for _ in range(width - len(r)))  # noqa: E731
        return [m.Table(tuple(aligns), tuple(pad(r) for r in header), tuple(pad(r) for r in rows))]

    def _code(self, el: _Element) -> list[m.Block]:
        code = el.find("code")
        source = code if code is not None else el
        language = None
        for cls in _classes(source):
            if cls.startswith("language-"):
                language = cls.removeprefix("language-")
        text = source.text_content().rstrip("\n")
        return [m.CodeBlock(text, language)]

    def _dl(self, el: _Element) -> list[m.Block]:
        items: list[m.Definition] = []
        term: tuple[m.Inline, ...] | None = None
        defs: list[tuple[m.Block, ...]] = []
        for child in el:
            if child.tag == "dt":
                if term is not None:
                    items.append(m.Definition(term, tuple(defs)))
                term, defs = tuple(self.inlines(child)), []
            elif child.tag == "dd":
                defs.append(tuple(self.blocks(child)))
        if term is not None:
            items.append(m.Definition(term, tuple(defs)))
        return [m.DefinitionList(tuple(items))]

    def _div(self, el: _Element) -> list[m.Block]:
        classes = _classes(el)
        if "admonition" in classes:
            kind = next((c for c in classes if c != "admonition"), "note")
            title = None
            first = el[0] if len(el) else None
            if first is not None and "admonition-title" in _classes(first):
                title = _SPACE.sub(" ", first.text_content()).strip() or None
                el.remove(first)
            return [m.Callout(kind, title, tuple(self.blocks(el)))]
        return self.blocks(el)

    # ---------------------------------------------------------------- inlines
    def inlines(self, el: _Element) -> list[m.Inline]:
        """The inlines of a block element, without leading or trailing blanks."""
        return _strip_edges(self._inner(el))

    def inline(self, el: _Element) -> list[m.Inline]:
        tag = el.tag if isinstance(el.tag, str) else ""
        wrap = _WRAPPERS.get(tag)
        if wrap is not None:
            return [wrap(tuple(self._inner(el)))]
        if tag == "code":
            return [m.Code(el.text_content())]
        if tag == "br":
            return [m.LineBreak()]
        if tag == "a":
            return self._link(el)
        if tag == "sup" and el.get("id", "").startswith("fnref"):
            anchor = el.find("a")
            href = anchor.get("href", "") if anchor is not None else ""
            number = self.note_numbers.get(href.removeprefix("#"))
            if number is not None:
                return [m.NoteRef(number)]
        if tag == "sup":
            return [m.Superscript(tuple(self._inner(el)))]
        if tag == "img":
            request = _image_request(el)
            return [m.Text(f"[{request.alt or request.src}]")]
        if tag not in ("abbr", "span", "small", "mark"):
            self.unknown(tag)
        return self._inner(el)

    def _inner(self, el: _Element) -> list[m.Inline]:
        out: list[m.Inline] = list(_text_inlines(el.text or ""))
        for child in el:
            out.extend(self.inline(child))
            out.extend(_text_inlines(child.tail or ""))
        return out

    def _link(self, el: _Element) -> list[m.Inline]:
        if "footnote-backref" in _classes(el):
            return []
        href = el.get("href", "")
        children = tuple(self._inner(el))
        if not href:
            return list(children)
        return [m.Link(children, href, el.get("title"))]


_WRAPPERS: dict[str, Callable[[tuple[m.Inline, ...]], m.Inline]] = {
    "strong": m.Strong, "b": m.Strong, "em": m.Emphasis, "i": m.Emphasis,
    "del": m.Strike, "s": m.Strike, "sub": m.Subscript,
}

_BLOCK_HANDLERS: dict[str, Callable[[Converter, _Element], list[m.Block]]] = {
    **{f"h{n}": Converter._heading for n in range(1, 7)},
    "p": Converter._paragraph,
    "ul": Converter._list,
    "ol": Converter._list,
    "table": Converter._table,
    "pre": Converter._code,
    "dl": Converter._dl,
    "hr": lambda self, el: [m.Rule()],
    "blockquote": lambda self, el: [m.BlockQuote(tuple(self.blocks(el)))],
}


def _role(value: str | None) -> m.Role | None:
    if value is None:
        return None
    try:
        return m.Role(value.strip().lower())
    except ValueError:
        return m.Role.OTHER


def _classes(el: _Element) -> list[str]:
    return (el.get("class") or "").split()


def _children_with_tails(el: _Element) -> list[_Element | str]:
    parts: list[_Element | str] = []
    for child in el:
        parts.append(child)
        if child.tail:
            parts.append(child.tail)
    return parts


def _image_request(el: _Element) -> ImageRequest:
    return ImageRequest(el.get("src", ""), (el.get("alt") or "").strip(), el.get("title"),
                        tuple(_classes(el)), el.get("id"))


def _align(cell: _Element) -> m.Align | None:
    match = _ALIGN.search(cell.get("style") or "") or _ALIGN.search(
        f"text-align: {cell.get('align')}" if cell.get("align") else "")
    return m.Align(match.group(1)) if match else None


def _text_inlines(text: str) -> list[m.Inline]:
    """Text with whitespace collapsed; line separators become line breaks."""
    if not text:
        return []
    out: list[m.Inline] = []
    for index, piece in enumerate(text.split(LINE_SEPARATOR)):
        if index:
            out.append(m.LineBreak())
        piece = _SPACE.sub(" ", piece)
        if piece:
            out.append(m.Text(piece))
    return out


def _append_paragraph(run: list[m.Inline], out: list[m.Block]) -> None:
    run = _strip_edges(_merge_text(run))
    if run:
        out.append(m.Paragraph(tuple(run)))


def _merge_text(run: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in run:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(_SPACE.sub(" ", out[-1].text + node.text))
        else:
            out.append(node)
    return out


def _strip_edges(run: list[m.Inline]) -> list[m.Inline]:
    """Drop leading/trailing blanks (and the NBSP Python-Markdown puts before a backlink)."""
    run = _merge_text(run)
    if run and isinstance(run[0], m.Text):
        text = run[0].text.lstrip(" ")
        run = ([m.Text(text)] if text else []) + run[1:]
    if run and isinstance(run[-1], m.Text):
        text = run[-1].text.rstrip(" \u00a0")
        run = run[:-1] + ([m.Text(text)] if text else [])
    return run
