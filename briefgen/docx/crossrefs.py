"""Word's own caption numbers and cross-references: SEQ fields, bookmarks, REF fields.

``briefgen.citations.crossref`` marks a caption's label ("Table 1") and each
reference to it with span classes; here they become what Word's Insert Caption and
Cross-reference dialogs make: the label inside a hidden bookmark ``_Ref…``, its number
a ``SEQ Table \\* ARABIC`` field, each reference a ``REF _Ref… \\h`` field.  Every field
is pre-filled with the number briefgen computed, so the document reads right before
Word updates it (and in LibreOffice, which keeps the cached result).
"""

from __future__ import annotations

from ..citations.authorities import BEGIN, END, TOA
from ..citations.crossref import SEQ, TARGET, XREF
from ..model import Inline, Link, Span
from . import oxml as ox
from .context import Ctx, State


def bookmark_name(ctx: Ctx, label: str) -> str | None:
    """The hidden bookmark around the label of the float ``label`` (``None``: unknown)."""
    anchor = ctx.anchors.get(label)
    return f"_Ref_{anchor}"[:40] if anchor else None


def span(node: Span, ctx: Ctx, state: State, fmt) -> list[ox.Element]:  # noqa: ANN001
    """A span: a SEQ field, a bookmarked caption label, or its children."""
    from .inlines import render_inlines

    classes = node.classes
    if node.lang:  # text in another language than the brief's: w:lang on its runs
        fmt = fmt.with_(lang=node.lang)
    if classes[:1] in ((TOA,), (BEGIN,), (END,)):
        return _authorities(node) + render_inlines(node.children, ctx, state, fmt)
    if len(classes) >= 2 and classes[0] == SEQ:
        cached = render_inlines(node.children, ctx, state, fmt)
        return ox.field(f"SEQ {classes[1]} \\* ARABIC", cached)
    runs = render_inlines(node.children, ctx, state, fmt)
    if len(classes) >= 2 and classes[0] == TARGET:
        name = bookmark_name(ctx, classes[1])
        if name:
            return ox.bookmark(state.bookmark_id(), name, runs)
    return runs


def is_reference(node: Link) -> bool:
    """A link whose text is a marked reference to a figure or table."""
    return len(node.children) == 1 and isinstance(node.children[0], Span) and \
        node.children[0].classes[:1] == (XREF,)


def reference(node: Link, ctx: Ctx, state: State, fmt) -> list[ox.Element] | None:  # noqa: ANN001
    """``REF _Ref… \\h`` showing "Table 1", linked to the caption (``None``: no target)."""
    from .inlines import render_inlines

    name = bookmark_name(ctx, node.target[1:])
    if name is None:
        return None
    inner: tuple[Inline, ...] = node.children[0].children  # type: ignore[union-attr]
    cached = render_inlines(inner, ctx.with_(in_link=True), state, fmt.with_(style="Hyperlink"))
    return ox.field(f"REF {name} \\h", cached)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "\u201d") + '"'


def _authorities(node: Span) -> list[ox.Element]:
    """Word's table-of-authorities fields: ``TA`` where an authority is cited (no visible
    result), ``TOA`` around a group of the table (its cached entries are the group's
    paragraphs, and Word rebuilds it when the field is updated: it is marked dirty)."""
    kind = node.classes[0]
    if kind == TOA and len(node.classes) >= 4:
        return ox.field(f"TA \\l {_quoted(node.classes[3])} \\c {node.classes[2]}", [])
    if kind == BEGIN and len(node.classes) >= 2:
        return ox.field_begin(f"TOA \\c \"{node.classes[1]}\" \\p \\e \"\u2003\"", dirty=True)
    if kind == END:
        return [ox.field_end()]
    return []
