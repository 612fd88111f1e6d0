"""Footnotes at the foot of the page, and endnotes.

reportlab has no footnotes, so :class:`FootnoteFrame` makes them: before it
places a flowable it finds the note references in it (the ``fnrefN``
anchors of the markup), raises its bottom by the height of those notes, and
draws the notes of the page under a short rule at page end.  References are
found as the visible note numbers linked to ``#fnN``.  When a split
piece would carry a reference whose note does not fit, the split is redone
with less room, so the line moves to the next page with its note.  Notes do
not split: a note too tall for the room left goes to the next page (a
"carried" note) rather than failing.

Endnotes are a Notes section at the end, numbered, linked both ways.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Frame, PageBreak

from .. import model as m
from ..decide import NoteRule
from .context import Ctx
from .markup import RunStyle, attr, marked, note_anchor, text_markup
from .tagging import StructNode, artifact

_REF = re.compile(r"^#fn(\d+)$")
SEPARATOR = 10.0


@dataclass(slots=True)
class NoteState:
    """Per layout pass: which notes have been placed, and notes carried over."""

    bodies: dict[int, list[Flowable]]
    rule: NoteRule = NoteRule(90.0, 0.5, "#9AA3AE")
    """The separator above the notes (``decide.note_rule``)."""
    placed: set[int] = field(default_factory=set)
    carried: list[int] = field(default_factory=list)

    def reset(self) -> None:
        self.placed.clear()
        self.carried.clear()


def _scan(items: object, out: list[str], depth: int = 0) -> None:
    if depth > 4 or isinstance(items, str):
        return
    for it in items:  # type: ignore[union-attr]
        if isinstance(it, (list, tuple)):
            _scan(it, out, depth + 1)
            continue
        for _n, href in getattr(it, "link", None) or ():
            if getattr(it, "text", ""):
                out.append(href)
        words = getattr(it, "words", None)
        if isinstance(words, list):
            _scan(words, out, depth + 1)


def links_in(f: Flowable) -> list[str]:
    """Link targets of the visible text inside ``f`` (Paragraphs, split pieces,
    wrappers, tables).  The note number itself is looked for, not the
    ``fnrefN`` anchor before it, which a line break can leave behind."""
    out: list[str] = []
    stack = [f]
    while stack:
        x = stack.pop()
        for name in ("inner", "body", "label"):
            sub = getattr(x, name, None)
            if isinstance(sub, Flowable):
                stack.append(sub)
        for name in ("content", "_content"):
            sub = getattr(x, name, None)
            if isinstance(sub, list):
                stack.extend(s for s in sub if isinstance(s, Flowable))
        cells = getattr(x, "_cellvalues", None)
        if cells:
            for row in cells:
                stack.extend(c for c in row if isinstance(c, Flowable))
        bl = getattr(x, "blPara", None)
        if bl is not None:
            _scan(bl.lines, out)
        elif getattr(x, "frags", None):
            _scan(x.frags, out)
    return out


class FootnoteFrame(Frame):
    """A body frame that keeps room at its foot for the notes of what it holds."""

    def __init__(self, *args, state: NoteState, recorder, rule_colour: str, **kw) -> None:
        self.state = state
        self.recorder = recorder
        self.rule_colour = rule_colour
        self.pending: list[int] = []
        self.reserved = 0.0
        self._heights: dict[int, float] = {}
        super().__init__(*args, **kw)

    def __deepcopy__(self, memo: dict) -> FootnoteFrame:
        """reportlab deep-copies the frame to measure KeepTogether groups; share
        the notes and the recorder instead of copying the whole document."""
        clone = copy.copy(self)
        clone.pending = list(self.pending)
        return clone

    def _reset(self) -> None:
        super()._reset()
        self._geom()
        self.pending = list(self.state.carried)
        self.state.carried.clear()
        self.reserved = min(self._notes_height(self.pending), self._aH * 0.75)
        self._y1p = self._y1 + self._bottomPadding + self.reserved

    def _note_height(self, number: int) -> float:
        height = self._heights.get(number)
        if height is None:
            height = sum(f.wrap(self._aW, 1e6)[1] + f.getSpaceAfter()
                         for f in self.state.bodies.get(number, []))
            self._heights[number] = height
        return height

    def _notes_height(self, numbers: list[int]) -> float:
        if not numbers:
            return 0.0
        return SEPARATOR + sum(self._note_height(n) for n in numbers)

    def _new_refs(self, f: Flowable) -> list[int]:
        out: list[int] = []
        for name in links_in(f):
            hit = _REF.match(name)
            if hit:
                n = int(hit.group(1))
                if n in self.state.bodies and n not in self.state.placed and n not in out:
                    out.append(n)
        return out

    def add(self, flowable: Flowable, canv, trySplit: int = 0) -> int:
        refs = self._new_refs(flowable)
        if not refs:
            return Frame._add(self, flowable, canv, trySplit)
        base = self._y1p
        need = self._notes_height(self.pending + refs) - self._notes_height(self.pending)
        if base + need > self._y - 12:
            if not self._atTop or (trySplit and len(self.split(flowable, canv)) > 1):
                return 0  # try the next page, or split it (see split)
            need = max(0.0, min(need, (self._y - base) * 0.5))  # carry what cannot fit
        self._y1p = base + need
        ok = Frame._add(self, flowable, canv, trySplit)
        if not ok:
            self._y1p = base
            return 0
        self.reserved += need
        self.pending.extend(refs)
        self.state.placed.update(refs)
        return 1

    def split(self, flowable: Flowable, canv) -> list[Flowable]:
        """Split so the first piece and the notes it references fit together:
        search the room to keep for notes.  When even one line's notes cannot
        fit (a page-long string of references) at the top of a page, keep half
        the page for notes and carry the rest over (see :meth:`add`)."""
        base = self._y1p
        room = self._y - base
        low, high = 0.0, room
        best: list[Flowable] = []
        reserve = 0.0
        for step in range(14):
            pieces = self._split_with(flowable, canv, base, reserve)
            if pieces:
                refs = self._new_refs(pieces[0])
                need = self._notes_height(self.pending + refs) - self._notes_height(self.pending)
                if need <= reserve + 0.01:
                    best = pieces
                    high = reserve
                else:
                    low = max(reserve, low)
                    if step == 0 and need < room:
                        reserve = need
                        continue
            else:
                high = reserve
            if high - low < 1.0:
                break
            reserve = (low + high) / 2
        if not best and self._atTop:
            best = self._split_with(flowable, canv, base, room * 0.5)
        return best

    def _split_with(self, flowable: Flowable, canv, base: float, reserve: float) -> list:
        self._y1p = base + reserve
        try:
            return Frame.split(self, flowable, canv)
        finally:
            self._y1p = base

    def overflowing(self) -> bool:
        """More notes pending than the room kept for them (some will carry)."""
        return self._notes_height(self.pending) > self.reserved + 0.5

    def draw_notes(self, canv) -> None:
        """Draw this page's notes above the bottom margin (at page end)."""
        if not self.pending:
            return
        top = self._y1 + self._bottomPadding + self.reserved
        y = top - SEPARATOR
        with artifact(canv, self.recorder):
            canv.saveState()
            rule = self.state.rule
            canv.setStrokeColor(HexColor(rule.colour))
            canv.setLineWidth(rule.weight)
            left = self._x1 + self._leftPadding
            canv.line(left, top - 4, left + rule.length, top - 4)
            canv.restoreState()
        floor = self._y1 + self._bottomPadding
        for index, n in enumerate(self.pending):
            flows = self.state.bodies.get(n, [])
            height = self._note_height(n)
            if y - height < floor - 0.5 and index:
                self.state.carried.extend(self.pending[index:])
                break
            for f in flows:
                _w, fh = f.wrap(self._aW, 1e6)
                y -= fh
                f.drawOn(canv, self._x1 + self._leftPadding, y)
                y -= f.getSpaceAfter()
        self.pending = []


class FlushNotes(Flowable):
    """The story's last flowable: while the page has notes that will not fit
    (carried over), add a page for them, so every note is drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.frameAction = self._act

    def _act(self, frame: Frame) -> None:
        if isinstance(frame, FootnoteFrame) and frame.overflowing():
            frame.add_generated_content(PageBreak(), FlushNotes())


def note_flowables(ctx: Ctx, note: m.Footnote, node: StructNode, backlink: bool) -> list[Flowable]:
    """The body of one note: its number (linked back to the reference) and text."""
    st = ctx.styles.note
    fam, _b, _i = ctx.family_of(st)
    num = text_markup(ctx.decisions.note_label(note.number), ctx.inline(st),
                      RunStyle(fam, bold=True))
    if backlink:
        ctx.recorder.describe.setdefault(f"fnref{note.number}",
                                         f"Back to the reference to note {note.number}")
        num = marked(ctx.recorder, f"fnref{note.number}",
                     f"Back to the reference to note {note.number}",
                     f'<a href="#fnref{note.number}" color="{attr(ctx.template.colours.link)}">'
                     f"{num}</a>")
    prefix = f'<a name="{note_anchor(note.number)}"/>{num}\u2002'
    out: list[Flowable] = []
    for i, block in enumerate(note.blocks or (m.Paragraph(()),)):
        if isinstance(block, m.Paragraph):
            out.append(ctx.para(block.children, st, node, block.pos, prefix=prefix if i == 0 else ""))
        else:
            text = m.block_text(block)
            out.append(ctx.para((m.Text(text),), st, node, None, prefix=prefix if i == 0 else ""))
    return out


def endnotes(ctx: Ctx, notes: tuple[m.Footnote, ...], parent: StructNode,
             heading: list[Flowable]) -> list[Flowable]:
    """The Notes section: ``heading`` then each note under its Note element."""
    out = list(heading)
    for note in notes:
        node = ctx.note_nodes[note.number]
        node.parent = parent
        parent.children.append(node)
        out.extend(note_flowables(ctx, note, node, note.number in ctx.links.notes_seen))
    return out


__all__ = ["FlushNotes", "FootnoteFrame", "NoteState", "links_in", "endnotes", "note_flowables"]
