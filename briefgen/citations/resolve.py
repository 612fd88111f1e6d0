"""Resolve every citation and cross-reference of an assembled document, once, for both writers.

Called at the end of ``briefgen.assemble``: after it the document holds no
:class:`briefgen.model.Cite` and no ``{#refs}`` :class:`briefgen.model.Div`,
only finished text, notes and links, so the DOCX and the PDF cannot differ.

Steps: number the labelled figures and tables and turn ``@fig-x`` into links
(``.crossref``); load the bibliography (``.sources``); in a note style move each
citation into a footnote (``.notes``); compute positions and format every
citation with the template's CSL style (``.engine``); put the bibliography where
``::: {#refs}`` stands, else at the end.  An unknown key or label raises
:class:`BriefError` at its place.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import model as m
from ..diagnostics import BriefError
from ..template.model import Template
from ..walk import map_inlines
from . import authorities, crossref
from .notes import _merged, capitalise_notes, cites_in, cites_to_notes, map_sequences, no_double_stops

if TYPE_CHECKING:
    from .engine import Engine
    from .sources import Entry

REFS = "refs"


def style_path(template: Template) -> Path:
    """The CSL file of the template's style (a name or an absolute path)."""
    from .styles import shipped_style

    style = template.citations.style
    return Path(style) if style.endswith(".csl") else shipped_style(style) or Path(style)


def resolve(doc: m.Document, template: Template) -> m.Document:
    """``doc`` with citations, cross-references and the bibliography resolved."""
    path = str(doc.source or "brief")
    found = crossref.targets(doc)
    names = crossref.words(template, doc.meta.language)
    for label, pos in crossref.duplicate_labels(doc):
        where = pos or m.Pos(1, 1)
        raise BriefError(path, where.line, where.col, f"label '{label}' is defined twice")

    def refer(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if isinstance(node, m.Cite) and all(crossref.is_crossref(i.key) for i in node.items):
            return crossref.reference(node, found, names, path)
        return node

    def literal(node: m.Inline) -> m.Inline:
        """Without a bibliography, ``@name`` in running text is text (a handle, "@0"), not
        a citation; a bracketed ``[@key]`` still asks for one (and is reported)."""
        if isinstance(node, m.Cite) and node.narrative and not doc.meta.bibliography:
            return m.Text(node.text)
        return node

    doc = _map_all(_map_all(doc, refer), literal)
    doc = replace(doc, blocks=tuple(_captions(doc.blocks, found, names)))
    if template.crossrefs.list_of_figures or template.crossrefs.list_of_tables:
        doc = replace(doc, blocks=crossref.name_annex_floats(doc.blocks))  # listed too
    doc = replace(doc, blocks=crossref.lists(doc.blocks, template) + doc.blocks)
    cites = cites_in(doc.key_points) + cites_in(doc.blocks) + [
        c for n in doc.notes for c in cites_in(n.blocks)]
    entries: tuple[Entry, ...] = ()
    if doc.meta.bibliography:
        from .sources import load

        entries, _ = load(doc.meta, doc.source or Path("brief.md"))
    listed: list[tuple[m.Inline, ...]] = []
    cited: list[authorities.Authority] = []
    if cites:
        _known(cites, entries, path)
        from .engine import Engine  # citeproc-py: only a brief that cites

        doc, listed, cited = _cite(doc, template, Engine(style_path(template), entries))
    doc = _place_bibliography(doc, template, listed)
    if template.citations.authorities and cited:
        doc = replace(doc, blocks=authorities.section(cited, {}, template) + doc.blocks)
    return doc


def _known(cites: list[m.Cite], entries: tuple[Entry, ...], path: str) -> None:
    keys = {e.key.lower() for e in entries}
    for cite in cites:
        for item in cite.items:
            if item.key.lower() not in keys:
                where = cite.pos or m.Pos(1, 1)
                if crossref.is_crossref(item.key) and len(cite.items) > 1:
                    raise BriefError(path, where.line, where.col, f"'@{item.key}' is a "
                                     "cross-reference: write it outside the brackets of a "
                                     "citation of sources")
                what = ("cross-reference label" if crossref.is_crossref(item.key)
                        else "citation key")
                hint = "" if keys else " (the brief names no bibliography: add 'bibliography:')"
                raise BriefError(path, where.line, where.col,
                                 f"unknown {what} '@{item.key}'{hint}")


def _cite(doc: m.Document, template: Template, engine: Engine
          ) -> tuple[m.Document, list[tuple[m.Inline, ...]], list[authorities.Authority]]:
    """Format every citation (in a note style: in footnotes first); the bibliography and
    the authorities cited (each citation marked for the table of authorities when the
    template has one)."""
    made: set[int] = set()
    if engine.note_style:
        doc, made = cites_to_notes(doc, lambda c: True, lambda i: _author(engine, i))
    starts = {n.number for n in doc.notes if _starts_with_cite(n)}
    leading = {number: _first_cite(doc, number) for number in starts}
    found: list[tuple[int, m.Cite]] = []
    _each_part(doc, lambda note: _recorder(found, note, not engine.note_style))
    rendered = engine.render([(note, c.items) for note, c in found],
                             full_after=template.citations.full_after)
    bibliography = engine.bibliography()
    cited = _authorities(engine, found, rendered, dict(bibliography))
    if template.citations.authorities:
        rendered = _marked(found, rendered, cited)
    texts = iter(rendered)

    def filler(note: int):  # noqa: ANN202 - an inline mapper for the text or one note
        def fill(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
            if not isinstance(node, m.Cite):
                return node
            text = next(texts)
            if node.narrative and not engine.note_style:
                lead = _author(engine, node.items[0])
                return (*lead, m.Text(" "), *_without_lead(text, m.plain_text(lead)))
            if engine.note_style and note not in made and not node.narrative and \
                    leading.get(note) != node:
                return _parenthesised(text)  # a citation inside the author's own note
            return text
        return fill

    doc = _each_part(doc, filler)
    doc = replace(doc, blocks=map_sequences(doc.blocks, no_double_stops),
                  key_points=map_sequences(doc.key_points, no_double_stops),
                  notes=tuple(replace(n, blocks=map_sequences(n.blocks, no_double_stops))
                              for n in doc.notes))
    if engine.note_style:
        doc = capitalise_notes(doc, starts)
    return doc, [entry for _, entry in bibliography], list(cited.values())


def _authorities(engine: Engine, found: list[tuple[int, m.Cite]],
                 rendered: list[tuple[m.Inline, ...]],
                 listed: dict[str, tuple[m.Inline, ...]]) -> dict[str, authorities.Authority]:
    """Each cited work as the table of authorities shows it: its bibliography entry, else
    its first full citation."""
    out: dict[str, authorities.Authority] = {}
    for (_, cite), text in zip(found, rendered):
        for item in cite.items:
            entry = engine.entries[item.key.lower()]
            if entry.key not in out:
                shown = listed.get(entry.key.lower()) or _without_stop(text)
                out[entry.key] = authorities.Authority(entry.key, authorities.kind_of(entry.data),
                                                       shown)
    return out


def _marked(found: list[tuple[int, m.Cite]], rendered: list[tuple[m.Inline, ...]],
            cited: dict[str, authorities.Authority]) -> list[tuple[m.Inline, ...]]:
    counts: dict[str, int] = {}
    out: list[tuple[m.Inline, ...]] = []
    for (_, cite), text in zip(found, rendered):
        for item in cite.items:
            key = next(k for k in cited if k.lower() == item.key.lower())
            counts[key] = counts.get(key, 0) + 1
            text = authorities.mark(text, key, counts[key], cited[key])
        out.append(text)
    return out


def _without_stop(text: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    if text and isinstance(text[-1], m.Text) and text[-1].text.endswith("."):
        return (*text[:-1], m.Text(text[-1].text[:-1]))
    return text


def _recorder(found: list[tuple[int, m.Cite]], note: int, in_text: bool):  # noqa: ANN202
    """A mapper recording each citation and its note (a narrative one in an author-date
    style: without its author, whom the text names)."""
    def record(node: m.Inline) -> m.Inline:
        if isinstance(node, m.Cite) and node.narrative and in_text:
            found.append((note, replace(node, items=(replace(node.items[0],
                                                             suppress_author=True),))))
        elif isinstance(node, m.Cite):
            found.append((note, node))
        return node
    return record


def _each_part(doc: m.Document, mapper) -> m.Document:  # noqa: ANN001
    """``doc`` mapped in reading order: key points, body, then each note (``mapper(note
    number)`` gives the inline mapper; 0 for the text)."""
    key_points = map_inlines(doc.key_points, mapper(0))
    blocks = map_inlines(doc.blocks, mapper(0))
    notes = tuple(replace(n, blocks=map_inlines(n.blocks, mapper(n.number))) for n in doc.notes)
    return replace(doc, key_points=key_points, blocks=blocks, notes=notes)


def _author(engine: Engine, item: m.CiteItem) -> tuple[m.Inline, ...]:
    """What a narrative citation names in the sentence: the authors' family names, else
    the work's short title (in italics for cases, treaties and books)."""
    data = engine.entries[item.key.lower()].data
    names = data.get("author") or data.get("editor") or []
    family = [n.get("family") or n.get("literal", "") for n in names]
    if family:
        text = family[0] if len(family) == 1 else (
            f"{family[0]} and {family[1]}" if len(family) == 2 else f"{family[0]} and others")
        return (m.Text(text),)
    title = data.get("title-short") or data.get("title", item.key)
    if data.get("type") in ("legal_case", "treaty", "book"):
        return (m.Emphasis((m.Text(title),)),)
    return (m.Text(title),)


def _without_lead(text: tuple[m.Inline, ...], lead: str) -> tuple[m.Inline, ...]:
    """"(Nicaragua 1986, ¶ 199)" → "(1986, ¶ 199)" when the text names the work already
    (a style that prints a title in place of absent authors, which no suppression hides)."""
    plain = m.plain_text(text)
    if not lead or not plain.startswith("(" + lead):
        return text
    drop = len(lead)
    out: list[m.Inline] = []
    skip_from = 1
    seen = 0
    for node in text:
        size = len(m.plain_text((node,)))
        start, end = seen, seen + size
        seen = end
        cut_start, cut_end = max(start, skip_from), min(end, skip_from + drop)
        if cut_start >= cut_end:
            out.append(node)
        elif isinstance(node, m.Text):
            out.append(m.Text(node.text[: cut_start - start] + node.text[cut_end - start:]))
        elif cut_start > start or cut_end < end:
            return text  # the name sits inside formatting only in part: leave it whole
    out = list(_merged(out))
    if out and isinstance(out[0], m.Text) and out[0].text.startswith("("):
        out[0] = m.Text("(" + out[0].text[1:].lstrip(" ,"))
    return tuple(n for n in out if not (isinstance(n, m.Text) and not n.text))


def _parenthesised(text: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A note citation set inside a sentence of a note: in brackets, without its stop."""
    if text and isinstance(text[-1], m.Text) and text[-1].text.endswith("."):
        text = (*text[:-1], m.Text(text[-1].text[:-1])) if text[-1].text[:-1] else text[:-1]
    return (m.Text("("), *text, m.Text(")"))


def _first_cite(doc: m.Document, number: int) -> m.Cite | None:
    note = next((n for n in doc.notes if n.number == number), None)
    found = cites_in(note.blocks) if note else []
    return found[0] if found else None


def _starts_with_cite(note: m.Footnote) -> bool:
    first = note.blocks[0] if note.blocks else None
    return isinstance(first, m.Paragraph) and bool(first.children) and isinstance(
        first.children[0], m.Cite)


def _map_all(doc: m.Document, fn) -> m.Document:  # noqa: ANN001 - an inline mapper
    return replace(doc, blocks=map_inlines(doc.blocks, fn),
                   key_points=map_inlines(doc.key_points, fn),
                   notes=tuple(replace(n, blocks=map_inlines(n.blocks, fn)) for n in doc.notes))


def _captions(blocks: tuple[m.Block, ...], found: dict[str, crossref.Target],
              names: dict[str, str]) -> list[m.Block]:
    from ..assemble import _map_child_blocks

    def change(inner: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        return tuple(_captions(inner, found, names))

    return [crossref.caption(found, names, _map_child_blocks(b, change)) for b in blocks]


def _place_bibliography(doc: m.Document, template: Template,
                        listed: list[tuple[m.Inline, ...]]) -> m.Document:
    """The bibliography where ``::: {#refs}`` stands (else at the end), unless the template
    leaves it out; no Div remains."""
    chosen = template.citations
    if not chosen.bibliography:
        listed = []
    out: list[m.Block] = []
    placed = False
    for block in doc.blocks:
        if isinstance(block, m.Div) and block.id == REFS:
            if listed and not placed:
                out.extend(_section(block.blocks, listed, chosen.bibliography_title))
                placed = True
            continue
        out.append(block)
    if listed and not placed:
        out.extend(_section((), listed, chosen.bibliography_title))
    return replace(doc, blocks=tuple(out))


def _section(own: tuple[m.Block, ...], listed: list[tuple[m.Inline, ...]], title: str
             ) -> list[m.Block]:
    has_heading = any(isinstance(b, m.Heading) for b in own)
    made = m.made("bibliography")  # what ``briefgen verify`` names it
    head = [] if has_heading else [m.Heading(1, (m.Text(title),), REFS, pos=made)]
    return [*head, *own, *(m.Paragraph(entry, pos=made) for entry in listed)]
