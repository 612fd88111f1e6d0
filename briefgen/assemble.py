"""Apply a template's choices to a read brief, once, for both writers.

Everything that must come out the same in the DOCX and the PDF is decided
here on the model: section roles, sections an audience leaves out, the
key-points panel, heading and paragraph numbers, the recommendations
register, image display sizes, and (``briefgen.decide``) every text the
template adds.  Citations, cross-references and the bibliography are resolved
(``briefgen.citations``) before the sizes and texts are decided.  The writers
then only draw what the model says.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import glossary, history
from . import model as m
from .decide import column_shares, decide, display_size, register_shares
from .annexes import number_annexes
from .landscape import lead_into_landscape
from .structure import Section, assign_roles, sections
from .template.model import Template
from .walk import inlines_of, map_inlines

_REC_REF = re.compile(r"\[(R\d+)\]")


def assemble(doc: m.Document, template: Template) -> m.Document:
    """The document as ``template``'s audience reads it."""
    doc = for_audience(doc)
    blocks = assign_roles(doc.blocks, template.structure.aliases)
    preamble, found = sections(blocks)
    key_points = _front_matter_points(doc.meta)
    kept: list[Section] = []
    for section in found:
        if section.role == m.Role.SUMMARY and template.opening.key_points and section.blocks:
            key_points = section.blocks  # the section's own Markdown wins over ``summary:``
            continue
        if section.role.value in template.structure.omit:
            continue
        kept.append(section)
    if template.structure.number_recommendations:
        kept = _label_recommendations(kept, template.structure.recommendations_table)
    blocks = preamble + tuple(b for s in kept for b in _section_blocks(s, template))
    if template.structure.number_recommendations:
        blocks = map_inlines(blocks, _link_recommendations(blocks))
    blocks = glossary.apply(blocks, template.glossary)
    blocks = history.place(blocks, doc.meta.history, template.history, doc.meta.language)
    if template.headings.numbered:
        blocks = _number_headings(blocks)
    if template.headings.numbered_paragraphs:
        blocks = _number_paragraphs(blocks)
    blocks = number_annexes(blocks, headings=template.headings.numbered,
                            paragraphs=template.headings.numbered_paragraphs)
    if not template.opening.key_points:
        key_points = ()
    from .citations.resolve import resolve

    doc = resolve(renumber_notes(replace(doc, blocks=blocks, key_points=key_points)), template)
    doc = replace(doc, blocks=lead_into_landscape(_sized(doc.blocks, template)))
    return replace(doc, decisions=decide(doc, template))


def _sized(blocks: tuple[m.Block, ...], template: Template) -> tuple[m.Block, ...]:
    """Each local image's display size (pixels and DPI) and each table's column shares,
    decided once (see ``decide``)."""
    def sized(items: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        out = []
        for block in items:
            if isinstance(block, m.Image) and block.pixel_size and block.display is None:
                block = replace(block, display=display_size(block.pixel_size, block.dpi))
            elif isinstance(block, m.Table) and block.widths is None:
                block = replace(block, widths=column_shares(block, template))
            elif isinstance(block, m.RecommendationTable) and block.widths is None:
                block = replace(block, widths=register_shares(
                    [label for label, _ in block.rows], block.header[0], template))
            elif isinstance(block, m.Callout) and block.title is None:  # the kind's default
                block = replace(block, title=template.callout(block.kind).title)
            out.append(_map_child_blocks(block, sized))
        return tuple(out)

    return sized(blocks)


def for_audience(doc: m.Document) -> m.Document:
    """The document with its audience blocks resolved for ``doc.audience``: a Div shown
    to it is replaced by its blocks, any other Div is dropped (notes go with it later)."""
    def resolve(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        out: list[m.Block] = []
        for block in blocks:
            if isinstance(block, m.Div):
                if block.shown_to(doc.audience) and block.id == "refs":
                    out.append(replace(block, blocks=resolve(block.blocks)))  # the bibliography's place
                elif block.shown_to(doc.audience):
                    out.extend(resolve(block.blocks))
                continue
            out.append(_map_child_blocks(block, resolve))
        return tuple(out)

    notes = tuple(replace(n, blocks=resolve(n.blocks)) for n in doc.notes)
    return replace(doc, blocks=resolve(doc.blocks), notes=notes)


def _map_child_blocks(block: m.Block, change) -> m.Block:  # noqa: ANN001 - blocks → blocks
    if isinstance(block, (m.BlockQuote, m.Callout, m.Landscape)):
        return replace(block, blocks=change(block.blocks))
    if isinstance(block, m.ListBlock):
        return replace(block, items=tuple(replace(i, blocks=change(i.blocks))
                                          for i in block.items))
    if isinstance(block, m.DefinitionList):
        return replace(block, items=tuple(
            replace(d, definitions=tuple(change(x) for x in d.definitions)) for d in block.items))
    return block


def renumber_notes(doc: m.Document) -> m.Document:
    """Keep the notes still referenced (an omitted section takes its notes along),
    numbered 1…n in order of first reference."""
    def refs(blocks: tuple[m.Block, ...]) -> list[int]:
        return [i.number for b in blocks for i in inlines_of(b) if isinstance(i, m.NoteRef)]

    by_number = {n.number: n for n in doc.notes}
    order: list[int] = []
    queue = refs(doc.key_points) + refs(doc.blocks)
    while queue:  # notes may reference notes
        number = queue.pop(0)
        if number in order or number not in by_number:
            continue
        order.append(number)
        queue += refs(by_number[number].blocks)
    new = {old: index for index, old in enumerate(order, start=1)}
    if list(new.items()) == [(n.number, n.number) for n in doc.notes]:
        return doc

    def renumber(node: m.Inline) -> m.Inline:
        return m.NoteRef(new[node.number]) if isinstance(node, m.NoteRef) else node

    notes = tuple(replace(by_number[old], number=new[old],
                          blocks=map_inlines(by_number[old].blocks, renumber)) for old in order)
    return replace(doc, blocks=map_inlines(doc.blocks, renumber),
                   key_points=map_inlines(doc.key_points, renumber), notes=notes)


def _section_blocks(section: Section, template: Template) -> tuple[m.Block, ...]:
    """The section as headed blocks, or as one callout box when its role is ``boxed``
    (nested headings inside a box become bold paragraphs)."""
    if section.role.value not in template.structure.boxed:
        return (section.heading, *section.blocks)
    inner = tuple(m.Paragraph((m.Strong(b.children),)) if isinstance(b, m.Heading) else b
                  for b in section.blocks)
    return (m.Callout(section.role.value, m.plain_text(section.heading.children), inner,
                      section.heading.pos),)


def _front_matter_points(meta: m.Meta) -> tuple[m.Block, ...]:
    if not meta.summary:
        return ()
    made = m.made("key points")  # from the front matter's ``summary:``
    items = tuple(m.ListItem((m.Paragraph((m.Text(point),), pos=made),), pos=made)
                  for point in meta.summary)
    return (m.ListBlock(False, items, pos=made),)


def _number_headings(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    counters = [0] * 7
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Heading):
            counters[block.level - 1] += 1
            for deeper in range(block.level, 7):
                counters[deeper] = 0
            number = ".".join(str(n) for n in counters[: block.level])
            block = replace(block, number=number)
        out.append(block)
    return tuple(out)


def _number_paragraphs(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """Number the body's top-level paragraphs "1.", "2.", "3." … (a legal style): the
    number's text, full stop included, is what both writers print."""
    count = 0
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            count += 1
            block = replace(block, number=f"{count}.")
        out.append(block)
    return tuple(out)


def _label_recommendations(found: list[Section], table: bool) -> list[Section]:
    """Label the items of the measures sections' lists R1…Rn; optionally add the register."""
    count = 0
    rows: list[tuple[str, tuple[m.Inline, ...]]] = []
    places: list[m.Pos | None] = []  # each row's recommendation, as written
    out: list[Section] = []
    for section in found:
        if section.role != m.Role.MEASURES:
            out.append(section)
            continue
        new_blocks: list[m.Block] = []
        for block in section.blocks:
            if isinstance(block, m.ListBlock):
                items = []
                for item in block.items:
                    count += 1
                    label = f"R{count}"
                    items.append(replace(item, label=label, id=f"rec-{label.lower()}"))
                    rows.append((label, _lead(item)))
                    places.append(item.pos or block.pos)
                block = replace(block, items=tuple(items))
            new_blocks.append(block)
        out.append(Section(section.heading, tuple(new_blocks)))
    if table and rows:
        last = max((i for i, s in enumerate(out) if s.role == m.Role.MEASURES), default=None)
        if last is not None:
            s = out[last]
            register = m.RecommendationTable(tuple(rows), row_pos=tuple(places),
                                             pos=next((p for p in places if p), None))
            out[last] = Section(s.heading, s.blocks + (register,))
    return out


def _link_recommendations(blocks: tuple[m.Block, ...]):  # noqa: ANN202 - an inline mapper
    """A mapper turning ``[R2]`` in text into a link to recommendation R2 (when it exists)."""
    from .walk import blocks_of

    labels = {item.label for b in blocks_of(blocks) if isinstance(b, m.ListBlock)
              for item in b.items if item.label}

    def mapper(node: m.Inline) -> m.Inline:
        if not isinstance(node, m.Text) or "[R" not in node.text:
            return node
        parts: list[m.Inline] = []
        last = 0
        for match in _REC_REF.finditer(node.text):
            if match.group(1) not in labels:
                continue
            parts.append(m.Text(node.text[last:match.start()]))
            parts.append(m.Link((m.Text(match.group(1)),), f"#rec-{match.group(1).lower()}"))
            last = match.end()
        if not parts:
            return node
        parts.append(m.Text(node.text[last:]))
        return tuple(p for p in parts if not (isinstance(p, m.Text) and not p.text))

    return mapper


def _lead(item: m.ListItem) -> tuple[m.Inline, ...]:
    """The text a register row shows: the item's bold lead-in, else its first paragraph."""
    first = next((b for b in item.blocks if isinstance(b, m.Paragraph)), None)
    if first is None:
        return ()
    if first.children and isinstance(first.children[0], m.Strong):
        return tuple(first.children[0].children)
    return tuple(c for c in first.children if not isinstance(c, m.NoteRef))
