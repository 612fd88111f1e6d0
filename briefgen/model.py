"""The typed document model: the one contract between the reader and the writers.

The Markdown reader (``briefgen.reader``) produces a :class:`Document`; the DOCX
writer (``briefgen.docx``) and the PDF writer (``briefgen.pdf``) read only this
model, never Markdown, HTML or etree nodes.  Every class is a frozen, slotted
dataclass, so a writer cannot change what another writer will see.

Conventions:

* Text is already sanitised (no C0 controls but ``\\t``, no non-characters) and
  never escaped: ``Text("AT&T <x>")`` holds exactly what the reader should see.
* Sequences are tuples.  ``None`` always means "not given in the source".
* ``Pos`` is the 1-based line and column of a block in the brief's file, used
  for diagnostics; ``None`` where the reader could not place it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .decide import Decisions


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a source file (1-based line and column).

    ``path`` names the file when it is not the brief itself (a part pulled in
    with ``{{< include >}}``); ``None`` means the brief's own file."""

    line: int
    col: int = 1
    path: Path | None = None
    made: str | None = None
    """What the template made here when no line of the source wrote the block itself
    ("contents", "bibliography", "abbreviations"); ``line`` is then the front matter's or
    the construct's that asked for it.  ``briefgen verify`` names it instead of a line."""


def made(what: str, line: int = 1) -> Pos:
    """The place of a block the template made: ``what`` it is (see :attr:`Pos.made`)."""
    return Pos(line, 1, None, what)


# --------------------------------------------------------------------------
# Inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, verbatim."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strike:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Superscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code, shown in the monospace font."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink.

    ``target`` is either an external URL (``https://…``, ``mailto:…``) or an
    internal anchor ``#id`` naming a :class:`Heading` id or another block id.
    """

    children: tuple[Inline, ...]
    target: str
    title: str | None = None
    pos: Pos | None = None

    @property
    def internal(self) -> bool:
        return self.target.startswith("#")


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to the footnote ``Document.notes[number - 1]``.

    Several references may point at the same note (Markdown allows it).
    """

    number: int


@dataclass(frozen=True, slots=True)
class Span:
    """Text with attributes: ``[Договор]{lang=ru}`` or ``[x]{.smallcaps}``.

    ``lang`` is a BCP 47 tag when the author marked the span's language (writers
    put it on the text: ``/Lang`` in the PDF, ``w:lang`` in the DOCX); ``None``:
    the surrounding language.  ``classes`` are kept for templates; a span
    without either is never made (its children stand in its place).
    """

    children: tuple[Inline, ...]
    lang: str | None = None
    classes: tuple[str, ...] = ()
    expansion: str | None = None
    """An abbreviation's expansion (``*[DPRK]: …``): the PDF tags it ``/E``."""


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One source cited: ``see @key, para 8`` → prefix "see", key, label "paragraph",
    locator "8".  ``label`` is a CSL locator label (``page``, ``paragraph``, ``article``,
    ``section``, ``chapter``, ``note`` …); ``suppress_author``: written ``-@key``."""

    key: str
    prefix: str = ""
    label: str | None = None
    locator: str | None = None
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation or cross-reference as written (``[@a, 12; @b]``, ``@key``, ``@fig-x``).

    The reader makes it; ``briefgen.citations`` resolves every one into finished
    text, notes and links before the writers run, so a writer never meets a Cite.
    ``narrative``: written in the text (``@key``), not in brackets.  ``text``: the
    source as written (what :func:`plain_text` shows)."""

    items: tuple[CiteItem, ...]
    text: str
    narrative: bool = False
    pos: Pos | None = None


Inline = Union[
    Text, Strong, Emphasis, Strike, Superscript, Subscript, Code, Link, LineBreak, NoteRef, Span,
    Cite,
]


# --------------------------------------------------------------------------
# Blocks


class Role(StrEnum):
    """What a top-level section of a brief does (see ``briefgen.structure``)."""

    SUMMARY = "summary"
    APPROACH = "approach"
    INTRODUCTION = "introduction"
    BACKGROUND = "background"
    IMPLICATIONS = "implications"
    LEGAL = "legal"
    MEASURES = "measures"
    CONCLUSION = "conclusion"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading.

    ``level`` is 1 for the brief's top-level sections (Markdown ``#`` or ``##``
    after normalisation by the reader: levels never skip).  ``id`` is the
    unique anchor (unicode slug or ``{#id}``).  ``number`` is the section
    number ("2.1") when the template numbers headings, else ``None``.
    ``role`` is set on level-1 headings once structure detection has run.
    """

    level: int
    children: tuple[Inline, ...]
    id: str
    number: str | None = None
    role: Role | None = None
    pos: Pos | None = None
    classes: tuple[str, ...] = ()
    """``{.annex}`` and other classes given on the heading."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph.  ``number`` is set for numbered paragraphs (legal style)."""

    children: tuple[Inline, ...]
    number: str | None = None
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    label: str | None = None
    """Register label such as ``"R2"`` when recommendations are numbered."""
    id: str | None = None
    """Anchor of the item (``"rec-r2"`` for a labelled recommendation), so text can
    link to it; ``None``: not a link target."""
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or ordered list; nested lists sit inside an item's blocks."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    pos: Pos | None = None


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table.  ``aligns[i]`` is the alignment of column ``i`` (``None``: default).

    ``header`` holds the header rows (zero or one in Markdown); every row has
    ``len(aligns)`` cells.
    """

    aligns: tuple[Align | None, ...]
    header: tuple[tuple[TableCell, ...], ...]
    rows: tuple[tuple[TableCell, ...], ...]
    caption: tuple[Inline, ...] | None = None
    pos: Pos | None = None
    widths: tuple[float, ...] | None = None
    """Each column's share of the available width (adding up to 1), decided by assemble
    for both writers; ``None``: not decided (a document built by hand)."""
    id: str | None = None
    """The table's label: ``{#tbl-x}`` on a data table (``briefgen.reader.data``) or on a
    caption line ``: Caption {#tbl-x}``, for cross-references."""
    caption_pos: Pos | None = None
    """Where the caption line ``: Caption`` was written (``None``: with the table)."""


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    language: str | None = None
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A figure.

    ``path`` is the resolved local file, checked to exist and to be a
    readable image of ``pixel_size`` (width, height); ``None`` for a remote
    URL, which is never fetched: writers show ``alt`` in its place.
    ``decorative`` images carry no alt text on purpose.
    """

    src: str
    alt: str
    path: Path | None
    pixel_size: tuple[int, int] | None = None
    dpi: tuple[float, float] | None = None
    caption: tuple[Inline, ...] | None = None
    decorative: bool = False
    id: str | None = None
    pos: Pos | None = None
    display: tuple[float, float] | None = None
    """The size it is shown at, in points, before shrinking to fit the page (decided by
    assemble from ``pixel_size`` and ``dpi``); ``None`` for a remote image."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (``---``)."""

    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class DefinitionList:
    items: tuple[Definition, ...]
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Landscape:
    """Blocks set on landscape pages (``::: landscape`` … ``:::``): both writers start a
    landscape page (DOCX: its own section) before them and return to the body's pages after."""

    blocks: tuple[Block, ...]
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """One data series of a chart: its name (the CSV column) and a value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn from a data file (``briefgen.reader.charts``).

    ``kind`` is ``bar``, ``line`` or ``stacked-bar``; ``categories`` label the
    x axis (``x_label`` names it); ``alt`` is the text alternative (given, or
    made from the data).  Writers draw it in the template's fonts and colours
    (``briefgen.chartstyle`` tells series apart by more than colour).
    """

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str
    alt: str
    caption: tuple[Inline, ...] | None = None
    id: str | None = None
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed callout (Markdown admonition ``!!! kind "Title"``).

    ``kind`` is the admonition class: ``note``, ``example``, ``keypoints``,
    ``warning`` …; templates style each kind.  ``title`` is ``None`` when the
    source gave none; assemble then sets the kind's default title from the template
    (still ``None`` when the template has none: no title line).
    """

    kind: str
    title: str | None
    blocks: tuple[Block, ...]
    pos: Pos | None = None


@dataclass(frozen=True, slots=True)
class Div:
    """A fenced block (``::: only executive`` … ``:::``) shown to some audiences.

    ``only``: the audiences that see it (``None``: every audience unless
    excluded); ``exclude``: the audiences that do not.  ``assemble`` keeps or
    drops each Div for the document's audience and splices its blocks in its
    place, so writers never see a Div.
    """

    blocks: tuple[Block, ...]
    only: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    pos: Pos | None = None
    id: str | None = None
    """``::: {#refs}``: where the bibliography goes (kept for ``briefgen.citations``)."""

    def shown_to(self, audience: str) -> bool:
        return (self.only is None or audience in self.only) and audience not in self.exclude


@dataclass(frozen=True, slots=True)
class RecommendationTable:
    """The recommendations register: ``(label, text)`` rows, placed by the template."""

    rows: tuple[tuple[str, tuple[Inline, ...]], ...]
    header: tuple[str, str] = ("Ref", "Recommendation")
    """The header row's two texts, decided once by assemble for both writers."""
    widths: tuple[float, float] | None = None
    """The label and text columns' shares of the available width (adding up to 1),
    decided by assemble (``decide.register_shares``); ``None``: a document built by hand
    (the writers decide it the same way then)."""
    row_pos: tuple[Pos | None, ...] = ()
    """Where each row was written: the recommendation (list item) it lists."""
    pos: Pos | None = None
    """Where the register's recommendations begin (its header row's place)."""


Block = Union[
    Heading,
    Paragraph,
    ListBlock,
    Table,
    BlockQuote,
    CodeBlock,
    Image,
    Rule,
    DefinitionList,
    Callout,
    RecommendationTable,
    Div,
    Chart,
    Landscape,
]


@dataclass(frozen=True, slots=True)
class Footnote:
    """The body of footnote ``number`` (1-based, in order of first reference)."""

    number: int
    id: str
    blocks: tuple[Block, ...]
    pos: Pos | None = None


# --------------------------------------------------------------------------
# The document


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One version in the front matter's ``history:`` (``briefgen.history``)."""

    version: str
    date: _dt.date | None
    author: str | None
    change: str


@dataclass(frozen=True, slots=True)
class Meta:
    """Front matter, validated.  ``None`` means the brief did not say."""

    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    date: _dt.date | None = None
    classification: str | None = None
    language: str = "en"
    audiences: tuple[str, ...] = ("default",)
    keywords: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    """Key points given in the front matter (one string per point)."""
    language_pos: Pos | None = None
    """Where the front matter says ``language:`` (``None``: it does not), for a writer's
    warning about the language."""
    status: str | None = None
    """``status: draft``: printed as a diagonal watermark on every page."""
    history: tuple[HistoryEntry, ...] = ()
    """``history:`` the versions of the brief, printed as a table where the template says."""
    bibliography: tuple[tuple[str, Pos], ...] = ()
    """Bibliography files (as written, relative to the brief) and where each is named."""


@dataclass(frozen=True, slots=True)
class Document:
    """One brief, read for one audience."""

    meta: Meta
    blocks: tuple[Block, ...]
    notes: tuple[Footnote, ...] = ()
    source: Path | None = None
    audience: str = "default"
    key_points: tuple[Block, ...] = field(default=())
    """Blocks of the key-points panel (from a Summary section or ``summary:``);
    the template decides where they go.  Empty when the brief has none."""
    decisions: Decisions | None = None
    """The words and numbers the template adds (``briefgen.decide``), recorded by
    assemble so both writers print the same; ``None`` before assemble."""

    def headings(self) -> tuple[Heading, ...]:
        """All headings of the body, in order (not those inside callouts)."""
        return tuple(b for b in self.blocks if isinstance(b, Heading))


NOTE_SEPARATOR = ","
"""Printed (superscript) between two adjacent note references, in both files: ``¹²,¹³``."""


def plain_text(inlines: tuple[Inline, ...], notes: bool = False) -> str:
    """The text of ``inlines`` as a reader sees it (footnote marks left out
    unless ``notes``; then adjacent ones are separated as printed, "12,13")."""
    parts: list[str] = []
    for i, node in enumerate(inlines):
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, NoteRef):
            if notes:
                between = i > 0 and isinstance(inlines[i - 1], NoteRef)
                parts.append(f"{NOTE_SEPARATOR if between else ''}{node.number}")
        elif isinstance(node, Cite):
            parts.append(node.text)
        else:
            parts.append(plain_text(node.children, notes))
    return "".join(parts)


def _block_text(block: Block) -> str:
    if isinstance(block, (Heading, Paragraph)):
        return plain_text(block.children)
    if isinstance(block, ListBlock):
        return " ".join(_block_text(b) for item in block.items for b in item.blocks)
    if isinstance(block, Table):
        return " ".join(plain_text(c.children) for row in block.header + block.rows for c in row)
    if isinstance(block, (BlockQuote, Callout, Div)):
        return " ".join(_block_text(b) for b in block.blocks)
    if isinstance(block, DefinitionList):
        return " ".join(plain_text(d.term) + " " + " ".join(_block_text(b) for defn in d.definitions for b in defn)
                        for d in block.items)
    if isinstance(block, CodeBlock):
        return block.text
    return ""


def block_text(block: Block) -> str:
    """The readable text of one block (nested blocks included)."""
    return _block_text(block)


def word_count(blocks: tuple[Block, ...]) -> int:
    """Words in ``blocks``, headings excluded (as an examiner counts)."""
    return sum(len(block_text(b).split()) for b in blocks if not isinstance(b, Heading))
