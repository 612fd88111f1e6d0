"""Moving citations into footnotes (note styles) and renumbering the notes after.

In a note style each citation in the text becomes a footnote of its own at the
citation's place; a citation already inside a footnote stays there (merged into
that note).  A narrative citation (``@key``) leaves the author's name in the
sentence and puts the rest in the note.  Notes are then numbered 1…n in order
of first reference, as ``assemble`` numbers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import model as m
from ..assemble import renumber_notes
from ..walk import blocks_of, map_inlines, nested_inlines, own_inlines

NEW = 1_000_000
"""Numbers from here are notes made for citations, before renumbering."""


def cites_to_notes(doc: m.Document, is_source: Callable[[m.Cite], bool],
                   author: Callable[[m.CiteItem], tuple[m.Inline, ...]]
                   ) -> tuple[m.Document, set[int]]:
    """``doc`` with each source citation of the body and key points in a new footnote,
    and the numbers of the notes made."""
    made: list[m.Footnote] = []
    prefix = "citation-"
    while any(n.id.startswith(prefix) for n in doc.notes):
        prefix = "_" + prefix

    def move(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if not isinstance(node, m.Cite) or not is_source(node):
            return node
        number = NEW + len(made)
        cite = node
        lead: tuple[m.Inline, ...] = ()
        if node.narrative:
            item = node.items[0]
            lead = author(item)
            cite = replace(node, items=(replace(item, suppress_author=bool(lead)),))
        made.append(m.Footnote(number, f"{prefix}{len(made) + 1}", (m.Paragraph((cite,),
                                                                             pos=node.pos),),
                               node.pos))
        return (*lead, m.NoteRef(number))

    key_points = map_sequences(map_inlines(doc.key_points, move), tidy_marks)
    blocks = map_sequences(map_inlines(doc.blocks, move), tidy_marks)
    doc = renumber_notes(replace(doc, blocks=blocks, key_points=key_points,
                           notes=doc.notes + tuple(made)))
    return doc, {n.number for n in doc.notes if n.id.startswith(prefix)}


def cites_in(blocks: tuple[m.Block, ...]) -> list[m.Cite]:
    """The citations of ``blocks`` in reading order."""
    return [node for block in blocks_of(blocks)
            for node in nested_inlines(list(own_inlines(block))) if isinstance(node, m.Cite)]


def capitalise_notes(doc: m.Document, made: set[int]) -> m.Document:
    """A note that begins with a citation begins with a capital ("Ibid")."""
    def first_upper(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        if not blocks or not isinstance(blocks[0], m.Paragraph) or not blocks[0].children:
            return blocks
        children = list(blocks[0].children)
        at = next((i for i, c in enumerate(children)  # past empty marks (authorities)
                   if not (isinstance(c, m.Span) and not c.children)), None)
        head = children[at] if at is not None else None
        if isinstance(head, m.Text) and head.text[:1].islower():
            children[at] = m.Text(head.text[0].upper() + head.text[1:])
            return (replace(blocks[0], children=tuple(children)), *blocks[1:])
        return blocks

    return replace(doc, notes=tuple(replace(n, blocks=first_upper(n.blocks))
                                    if n.number in made else n for n in doc.notes))


Sequence = tuple[m.Inline, ...]


def map_sequences(blocks: tuple[m.Block, ...], fn: Callable[[Sequence], Sequence]
                  ) -> tuple[m.Block, ...]:
    """``blocks`` with ``fn`` applied to every run of inlines (innermost runs first), so
    it can see a node's neighbours (``walk.map_inlines`` sees one node at a time)."""
    from ..assemble import _map_child_blocks

    def run(seq: Sequence) -> Sequence:
        inner = tuple(replace(n, children=run(n.children))
                      if getattr(n, "children", None) is not None else n for n in seq)
        return fn(inner)

    def block(b: m.Block) -> m.Block:
        if isinstance(b, (m.Heading, m.Paragraph)):
            return replace(b, children=run(b.children))
        if isinstance(b, m.Table):
            rows = lambda rs: tuple(tuple(replace(c, children=run(c.children)) for c in r)  # noqa: E731
                                    for r in rs)
            return replace(b, header=rows(b.header), rows=rows(b.rows),
                           caption=run(b.caption) if b.caption else b.caption)
        if isinstance(b, m.Image) and b.caption:
            return replace(b, caption=run(b.caption))
        if isinstance(b, m.DefinitionList):
            b = replace(b, items=tuple(replace(d, term=run(d.term)) for d in b.items))
        return _map_child_blocks(b, lambda inner: tuple(block(x) for x in inner))

    return tuple(block(b) for b in blocks)


_MOVED_PUNCTUATION = ".,;:"


def tidy_marks(seq: Sequence) -> Sequence:
    """Note marks made for citations sit right after the word, after the punctuation
    that follows them ("binds [@a]." → "binds.¹"), as pandoc puts them."""
    out = list(seq)
    index = 0
    while index < len(out):
        node = out[index]
        if isinstance(node, m.NoteRef) and node.number >= NEW:
            before = out[index - 1] if index else None
            if isinstance(before, m.Text) and before.text.endswith(" "):
                out[index - 1] = m.Text(before.text.rstrip(" "))
            after = out[index + 1] if index + 1 < len(out) else None
            if isinstance(after, m.Text) and after.text[:1] in _MOVED_PUNCTUATION and after.text:
                out[index], out[index + 1] = m.Text(after.text[0]), node
                rest = after.text[1:]
                out.insert(index + 2, m.Text(rest)) if rest else None
                index += 1
        index += 1
    return _merged(out)


def no_double_stops(seq: Sequence) -> Sequence:
    """"…(n 2).." → "…(n 2)." where a citation ending with a full stop meets one."""
    out = list(seq)
    for index in range(1, len(out)):
        left, right = out[index - 1], out[index]
        if isinstance(left, m.Text) and isinstance(right, m.Text) and \
                left.text.endswith(".") and right.text.startswith("."):
            out[index] = m.Text(right.text[1:])
    return _merged([n for n in out if not (isinstance(n, m.Text) and not n.text)])


def _merged(seq: list[m.Inline]) -> Sequence:
    out: list[m.Inline] = []
    for node in seq:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        elif not (isinstance(node, m.Text) and not node.text):
            out.append(node)
    return tuple(out)
