"""The read-only context and the few accumulators shared by the story builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .. import model as m
from ..decide import Decisions, decisions_of
from ..diagnostics import Reporter
from ..template.model import Template
from .flowables import BriefParagraph
from .fonts import FontSet
from .scripts import actual_text, logical_text, script_style
from .markup import InlineContext, Links, RunStyle, inline_markup, upper_markup
from .styles import Styles
from .tagging import Recorder, StructNode, Tagged


@dataclass(slots=True)
class Ctx:
    """Everything a block builder reads, plus the notes it produces."""

    doc: m.Document
    template: Template
    fonts: FontSet
    styles: Styles
    links: Links
    recorder: Recorder
    reporter: Reporter
    source: str
    frame_width: float
    frame_height: float
    heading_offset: int = 0
    """Added to a heading's level for its tag (1 when the title is an H1)."""
    last_tag_level: int = 0
    last_outline_level: int = -1
    footnotes: bool = True
    note_bodies: dict[int, list[Flowable]] = field(default_factory=dict)
    """Footnote number → the tagged flowables of its body (foot of page)."""
    note_nodes: dict[int, StructNode] = field(default_factory=dict)

    @property
    def decisions(self) -> Decisions:
        """What assemble decided the brief shows (made now for a hand-built document)."""
        return decisions_of(self.doc, self.template)

    def inline(self, style: ParagraphStyle) -> InlineContext:
        return InlineContext(self.fonts, self.links, self.reporter, self.source,
                             style.fontSize, style.fontName, language=self.doc.meta.language)

    def family_of(self, style: ParagraphStyle) -> tuple[str, bool, bool]:
        """(family, bold, italic) of a style's face."""
        return self.fonts.describe(style.fontName) or (self.fonts.body, False, False)

    def markup(self, inlines: tuple[m.Inline, ...], style: ParagraphStyle,
               pos: m.Pos | None, *, italic: bool = False) -> tuple[str, list[int]]:
        """Markup of ``inlines`` in ``style`` and the notes they reference."""
        fam, bold, it = self.family_of(style)
        ictx = self.inline(style)
        text = inline_markup(inlines, ictx, RunStyle(fam, bold=bold, italic=it or italic))
        ictx.report_missing(pos)
        return text, ictx.note_refs

    def para(self, inlines: tuple[m.Inline, ...], style: ParagraphStyle, parent: StructNode,
             pos: m.Pos | None, *, tag: str = "P", prefix: str = "",
             italic: bool = False, cls: type = BriefParagraph,
             upper: str | None = None) -> Tagged:
        """A tagged paragraph of ``inlines`` under a new ``tag`` node of ``parent``;
        ``upper``: drawn in capitals but for this leading text (a heading's number),
        its text (``/ActualText``) in its real case."""
        text, refs = self.markup(inlines, style, pos, italic=italic)
        node = parent.add(tag)
        if upper is not None:
            text, node.attrs["_actual"] = upper_markup(text, self.recorder, upper)
        place(node, pos, self.source)
        flow = cls(prefix + text, script_style(style, text))
        attach_notes(self, node, refs)
        actual = logical_text(node, actual_text(prefix, inlines))
        return Tagged(flow, node, self.recorder, actual=actual)


def place(node: StructNode, pos: m.Pos | None, brief: str | None) -> None:
    """Record where ``node``'s block came from, for ``briefgen verify``'s messages: its
    source line (and file, when not the brief), or what the template made it as."""
    if pos is None:
        return
    if pos.made:
        node.attrs["_made"] = pos.made
        return
    node.attrs["_line"] = str(pos.line)
    if pos.path is not None:
        folder = Path(brief).parent if brief else None
        shown = pos.path.relative_to(folder) if folder and pos.path.is_relative_to(folder) \
            else pos.path
        node.attrs["_path"] = shown.as_posix()


def attach_notes(ctx: Ctx, node: StructNode, refs: list[int]) -> None:
    """Give ``node`` a Reference per note it references (the ref's Link
    lands there) and, for page-foot notes, the Note element itself."""
    for number in refs:
        ref = node.add("Reference")
        node.slots[f"fn{number}"] = ref
        note = ctx.note_nodes.get(number)
        if ctx.footnotes and note is not None and note.parent is None:
            note.parent = node
            node.children.append(note)
