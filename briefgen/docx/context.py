"""The DOCX writer's environment and state (pandoc's WriterEnv/WriterState split).

:class:`Ctx` is read-only and passed down the tree (a nested renderer gets a
changed copy through :meth:`Ctx.with_`).  :class:`State` is the one mutable
accumulator: bookmark ids, picture ids, numbering, notes.  Every counter starts
from a fixed value, so the same input always gives the same ids.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..decide import Decisions, decisions_of
from ..diagnostics import Reporter
from ..model import (Chart, Document, Heading, Image,
                     ListBlock, Pos, Table)
from ..template.model import Template
from ..walk import blocks_of

if TYPE_CHECKING:
    from docx.parts.story import StoryPart

    from .numbering import Numbering

BOOKMARK_MAX = 40
_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class Anchors:
    """Model ids (heading, figure and note ids) → Word bookmark names.

    Names match ``[A-Za-z][A-Za-z0-9_]{0,39}`` and are unique; an id whose
    letters are not ASCII (a Korean slug) gets a numbered name.
    """

    by_id: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def allocate(self, wanted: str, fallback: str) -> str:
        """A new unique bookmark name close to ``wanted`` (else ``fallback``)."""
        ascii_text = unicodedata.normalize("NFKD", wanted).encode("ascii", "ignore").decode()
        base = _NOT_NAME.sub("_", ascii_text).strip("_")
        if not base or not base[0].isalpha():
            base = f"{fallback}_{base}" if base else fallback
        base = base[: BOOKMARK_MAX - 4]
        name, n = base, 1
        while name.lower() in self.used:
            n += 1
            name = f"{base}_{n}"
        self.used.add(name.lower())
        return name

    def add(self, model_id: str, fallback: str) -> str:
        if model_id not in self.by_id:
            self.by_id[model_id] = self.allocate(model_id, fallback)
        return self.by_id[model_id]

    def get(self, model_id: str) -> str | None:
        return self.by_id.get(model_id)


def collect_anchors(doc: Document) -> Anchors:
    """Bookmark names for every id a link may point at, in document order."""
    anchors = Anchors()
    for n, note in enumerate(doc.notes, start=1):
        anchors.by_id[f"\0noteref{note.number}"] = anchors.allocate(f"noteref_{note.number}",
                                                                     f"noteref{n}")
    every = [*doc.key_points, *doc.blocks, *(b for note in doc.notes for b in note.blocks)]
    count = 0
    for block in blocks_of(every):
        if isinstance(block, Heading) and block.id:
            count += 1
            anchors.add(block.id, f"sec{count}")
        elif isinstance(block, (Image, Chart)) and block.id:
            count += 1
            anchors.add(block.id, f"fig{count}")
        elif isinstance(block, Table) and block.id:
            count += 1
            anchors.add(block.id, f"tbl{count}")
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.id:
                    anchors.add(item.id, item.id.replace("-", "_"))
    for note in doc.notes:
        anchors.add(note.id, f"note{note.number}")
    return anchors


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a renderer may read.  ``part`` owns relationships (document,
    footnotes, header or footer part); ``width`` is the space available to
    tables and pictures, in points; ``indent`` the left indent of paragraphs
    (points); ``para_style`` the paragraph style id (``None``: Normal);
    ``list_level`` the depth of the next list (0 at top level)."""

    doc: Document
    template: Template
    reporter: Reporter
    part: StoryPart
    anchors: Anchors
    width: float
    indent: float = 0.0
    para_style: str | None = None
    list_level: int = 0
    in_note: bool = False
    in_link: bool = False
    pos: Pos | None = None
    toc_pages: Mapping[str, int] = dataclasses.field(default_factory=dict)
    """Heading id → page number in the PDF of the same brief (the contents' numbers)."""

    @property
    def decisions(self) -> Decisions:
        """What assemble decided the brief shows (made now for a hand-built document)."""
        return decisions_of(self.doc, self.template)

    def with_(self, **changes: object) -> Ctx:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def warn(self, message: str) -> None:
        path = str(self.doc.source) if self.doc.source else "<brief>"
        line, col = (self.pos.line, self.pos.col) if self.pos else (0, 0)
        self.reporter.warn(self.pos.path or path if self.pos else path, line, col, message)


@dataclass(slots=True)
class State:
    """Everything the writer accumulates while it walks the document."""

    numbering: Numbering
    next_bookmark: int = 1
    next_shape: int = 1
    next_footnote: int = 1
    footnote_ids: dict[int, int] = field(default_factory=dict)
    """Note number → ``w:footnote`` id (footnotes placement), in order of first reference."""
    note_refs: set[int] = field(default_factory=set)
    """Note numbers already referenced once (for back-links and NOTEREF fields)."""

    def bookmark_id(self) -> int:
        self.next_bookmark += 1
        return self.next_bookmark - 1

    def shape_id(self) -> int:
        self.next_shape += 1
        return self.next_shape - 1
