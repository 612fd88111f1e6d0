"""Notes: real Word footnotes (library-pitfalls §1) or an endnotes section.

``template.notes.placement == "footnotes"``: each note becomes a
``w:footnote`` in ``word/footnotes.xml`` (separators -1 and 0, a
``w:footnoteRef`` run in the note, links related from the footnotes part).
A second reference to the same note is a ``NOTEREF`` field to the first one,
since Word cannot point two references at one footnote.

``"endnotes"``: a "Notes" section closes the document; each reference is a
superscript link to its note, and each note's number links back to the
first reference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart

from ..decide import note_rule
from ..model import Block, Footnote
from . import oxml as ox
from .context import Ctx, State

RenderBlocks = Callable[[Sequence[Block], Ctx, State], list[ox.Element]]

SEPARATOR_GAP = 6.0
"""Points between the separator rule and the first note (as in the PDF)."""


def _separators(ctx: Ctx) -> str:
    """The separator and continuation separator: the PDF's rule (``decide.note_rule``) as
    the top border of an empty 1-pt paragraph indented to its length.  Word's own
    separator mark stays, hidden: LibreOffice draws its footnote line only when the mark
    is there (it reads nothing else of the separator)."""
    rule = note_rule(ctx.template)
    indent = round((ctx.template.page.text_width - rule.length) * 20)
    size = min(max(round(rule.weight * 8), 2), 96)
    paragraph = (
        '<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="{size}" w:space="0" '
        'w:color="{colour}"/></w:pBdr><w:spacing w:before="0" w:after="{after}" w:line="240" '
        'w:lineRule="auto"/><w:ind w:left="0" w:right="{indent}"/><w:rPr><w:sz w:val="2"/>'
        '</w:rPr></w:pPr><w:r><w:rPr><w:vanish/><w:sz w:val="2"/></w:rPr><w:{mark}/></w:r>'
        '</w:p>')
    fill = {"size": size, "colour": rule.colour.lstrip("#").upper(), "indent": indent,
            "after": round(SEPARATOR_GAP * 20)}
    return (f'<w:footnote w:type="separator" w:id="-1">'
            f'{paragraph.format(mark="separator", **fill)}</w:footnote>'
            f'<w:footnote w:type="continuationSeparator" w:id="0">'
            f'{paragraph.format(mark="continuationSeparator", **fill)}</w:footnote>')
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
).split()


def noteref_name(ctx: Ctx, number: int) -> str:
    return ctx.anchors.by_id[f"\0noteref{number}"]


def _note(ctx: Ctx, number: int) -> Footnote | None:
    notes = ctx.doc.notes
    if 0 < number <= len(notes) and notes[number - 1].number == number:
        return notes[number - 1]  # notes are numbered 1…n in order
    return next((n for n in notes if n.number == number), None)


def _ref_props(style: str) -> ox.Element:
    return ox.rpr(ox.val("w:rStyle", style))


def _number_props(ctx: Ctx) -> ox.Element:
    """A note's own number in the note: bold, on the line, in the link colour, as in
    the PDF (the reference in the text stays a superscript)."""
    return ox.rpr(ox.val("w:rStyle", "FootnoteReference"), ox.el("w:b"), ox.el("w:bCs"),
                  ox.colour(ctx.template.colours.link), ox.val("w:vertAlign", "baseline"))


def reference(number: int, ctx: Ctx, state: State) -> list[ox.Element]:
    """The mark for a reference to note ``number`` at this point."""
    note = _note(ctx, number)
    if note is None:
        ctx.warn(f"reference to missing note {number} shown as [{number}]")
        return [ox.text_run(f"[{number}]")]
    if ctx.template.notes.placement == "footnotes" and not ctx.in_note:
        return _footnote_reference(number, ctx, state)
    shown = list(state.footnote_ids).index(number) + 1 if number in state.footnote_ids else number
    link = ox.hyperlink([ox.text_run(str(shown), _ref_props("EndnoteReference"))],
                        anchor=ctx.anchors.get(note.id))
    if number in state.note_refs or ctx.in_note:
        return [link]
    state.note_refs.add(number)
    return ox.bookmark(state.bookmark_id(), noteref_name(ctx, number), [link])


def _footnote_reference(number: int, ctx: Ctx, state: State) -> list[ox.Element]:
    name = noteref_name(ctx, number)
    if number not in state.footnote_ids:
        state.footnote_ids[number] = state.next_footnote
        state.next_footnote += 1
        run = ox.special_run(ox.el("w:footnoteReference", {"w:id": state.footnote_ids[number]}),
                             _ref_props("FootnoteReference"))
        return ox.bookmark(state.bookmark_id(), name, [run])
    shown = list(state.footnote_ids).index(number) + 1
    return ox.field(f"NOTEREF {name} \\f \\h",
                    [ox.text_run(str(shown), _ref_props("FootnoteReference"))],
                    _ref_props("FootnoteReference"))


def _prefix_first_paragraph(blocks: list[ox.Element], prefix: list[ox.Element],
                            style: str) -> list[ox.Element]:
    """Put ``prefix`` at the start of the first paragraph (one is added if the
    note starts with a table)."""
    if not blocks or blocks[0].tag != qn("w:p"):
        blocks.insert(0, ox.paragraph(ox.ppr(ox.val("w:pStyle", style))))
    first = blocks[0]
    at = 1 if first.find(qn("w:pPr")) is not None else 0
    for offset, element in enumerate(prefix):
        first.insert(at + offset, element)
    return blocks


def _ensure_part(document_part, ctx: Ctx) -> StoryPart:  # noqa: ANN001 - DocumentPart
    for rid, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document_part.drop_rel(rid)
    xml = f"<w:footnotes {nsdecls('w', 'r')}>{_separators(ctx)}</w:footnotes>"
    part = StoryPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(xml),
                     document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    _settings_footnote_pr(document_part.settings.element)
    return part


def _settings_footnote_pr(settings: ox.Element) -> None:
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = ox.el("w:footnotePr", None, [ox.el("w:footnote", {"w:id": -1}),
                                      ox.el("w:footnote", {"w:id": 0})])
    for child in settings:
        if child.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_FOOTNOTE_PR:
            child.addprevious(pr)
            return
    settings.append(pr)


def build_footnotes(document_part, ctx: Ctx, state: State,  # noqa: ANN001
                    render_blocks: RenderBlocks) -> None:
    """Write ``footnotes.xml`` with every note referenced so far."""
    if not state.footnote_ids:
        return
    part = _ensure_part(document_part, ctx)
    note_ctx = ctx.with_(part=part, para_style="FootnoteText", in_note=True, indent=0.0)
    for number, footnote_id in state.footnote_ids.items():
        note = _note(ctx, number)
        assert note is not None
        blocks = render_blocks(note.blocks, note_ctx, state)
        # Word's own note number (it renumbers), bold and on the line as in the PDF
        # (LibreOffice keeps its footnote-area number raised)
        prefix = [ox.special_run(ox.el("w:footnoteRef"), _number_props(ctx)),
                  ox.text_run("\u2002"),
                  ox.el("w:bookmarkStart", {"w:id": (bm := state.bookmark_id()),
                                            "w:name": ctx.anchors.get(note.id)}),
                  ox.el("w:bookmarkEnd", {"w:id": bm})]
        blocks = _prefix_first_paragraph(blocks, prefix, "FootnoteText")
        part.element.append(ox.el("w:footnote", {"w:id": footnote_id}, blocks))


def unplaced_notes(ctx: Ctx, state: State) -> tuple[Footnote, ...]:
    """Notes that still need an endnotes section: all of them with endnotes
    placement, else those never referenced (so no note is lost)."""
    if ctx.template.notes.placement == "endnotes":
        return ctx.doc.notes
    return tuple(n for n in ctx.doc.notes if n.number not in state.footnote_ids)


def endnotes_section(notes: tuple[Footnote, ...], ctx: Ctx, state: State,
                     render_blocks: RenderBlocks, anchor: str) -> list[ox.Element]:
    """The closing "Notes" heading and numbered notes with back-links."""
    if not notes:
        return []
    title = ctx.decisions.notes_title
    out = [ox.paragraph(ox.ppr(ox.val("w:pStyle", "Heading1")),
                        ox.bookmark(state.bookmark_id(), anchor,
                                    [ox.text_run(title)]))]
    note_ctx = ctx.with_(para_style="EndnoteText", in_note=True)
    for note in notes:
        label = [ox.text_run(f"{note.number}.", _number_props(ctx))]
        if note.number in state.note_refs:
            label = [ox.hyperlink(label, anchor=noteref_name(ctx, note.number))]
        prefix = [*ox.bookmark(state.bookmark_id(), ctx.anchors.get(note.id) or "", label),
                  ox.special_run(ox.el("w:tab"))]
        blocks = render_blocks(note.blocks, note_ctx, state)
        out.extend(_prefix_first_paragraph(blocks, prefix, "EndnoteText"))
    return out
