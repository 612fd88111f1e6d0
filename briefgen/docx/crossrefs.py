"""Word's own caption numbers and cross-references: SEQ fields, bookmarks, REF fields.

``briefgen.citations.crossref`` marks a caption's label ("Table 1") and each
reference to it with span classes; here they become what Word's Insert Caption and
Cross-reference dialogs make: the label inside a hidden bookmark ``_Ref…``, its number
a ``SEQ Table \\* ARABIC`` field, each reference a ``REF _Ref… \\h`` field.  Every field
is pre-filled with the number briefgen computed, so the document reads right before
Word updates it (and in LibreOffice, which keeps the cached result).  A reference to
an unnumbered heading is a ``REF`` field to the heading's bookmark (its text).

The lists of figures and tables are Word's ``TOC \\h \\z \\c "Figure"`` fields (as its
Insert Table of Figures makes), each entry's page a ``PAGEREF`` field, pre-filled with
the pages of briefgen's PDF layout and marked to update like the contents.  An
entry's ``leader`` span follows a tab that the entry's paragraph style ("table of
figures", "table of authorities") sets flush right with dot leaders.
"""

from __future__ import annotations

from ..citations.authorities import BEGIN, END, TOA
from ..citations.crossref import (HEADING_TEXT, LEADER, LIST_BEGIN, LIST_END, PAGE, SEQ,
                                  TARGET, XREF, leader_at)
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
    if classes[:1] in ((LEADER,), (PAGE,), (LIST_BEGIN,), (LIST_END,)):
        return _listed(node, ctx, state, fmt)
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
        node.children[0].classes[:1] in ((XREF,), (HEADING_TEXT,))


def reference(node: Link, ctx: Ctx, state: State, fmt) -> list[ox.Element] | None:  # noqa: ANN001
    """``REF _Ref… \\h`` showing "Table 1", linked to the caption, or ``REF <heading> \\h``
    showing an unnumbered heading's text (``None``: no target)."""
    from .inlines import render_inlines

    label = node.target[1:]
    heading = node.children[0].classes[:1] == (HEADING_TEXT,)  # type: ignore[union-attr]
    name = ctx.anchors.get(label) if heading else bookmark_name(ctx, label)
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
        return ox.field_begin(f"TOA \\c \"{node.classes[1]}\" \\p", dirty=True)
    if kind == END:
        return [ox.field_end()]
    return []


def _listed(node: Span, ctx: Ctx, state: State, fmt) -> list[ox.Element]:  # noqa: ANN001
    """An entry's leader (a tab, then its text), a page (PAGEREF, pre-filled with the
    page in briefgen's PDF layout), or the begin or end of a list's TOC field."""
    from .inlines import render_inlines

    kind = node.classes[0]
    if kind == LIST_BEGIN and len(node.classes) >= 2:
        return ox.field_begin(f'TOC \\h \\z \\c "{node.classes[1]}"', dirty=True)
    if kind == LIST_END:
        return [ox.field_end()]
    if kind == PAGE and len(node.classes) >= 2:
        name = ctx.anchors.get(node.classes[1])
        page = ctx.toc_pages.get(node.classes[1])
        cached = [ox.text_run(str(page) if page else "")]
        return ox.field(f"PAGEREF {name} \\h", cached) if name else cached
    return render_inlines(node.children, ctx, state, fmt)  # a leader: its tab, its text


def leader_props(children: tuple[Inline, ...], ctx: Ctx) -> list[ox.Element] | None:
    """The paragraph properties of an entry with leaders: a right tab at the text's edge
    with dot leaders (as Word's "table of authorities" and "table of figures" styles
    set it) and a hanging indent; ``None``: not such an entry."""
    if leader_at(children) is None:
        return None
    return [ox.tabs([("right", ctx.width)], leader="dot"), ox.spacing(0, 3, 1.1),
            ox.ind(left=ctx.indent + 14, hanging=14), ox.val("w:jc", "left")]  # never justified
