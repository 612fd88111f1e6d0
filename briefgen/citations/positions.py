"""CSL cite positions (first, subsequent, ibid, ibid-with-locator, near-note), computed by us.

citeproc-py decides positions from its own list of earlier cites and knows
nothing of notes: it prints "ibid" even when a note without citations stands
between the two, and it never fills ``first-reference-note-number`` (OSCOLA's
"(n 3)").  The rules here follow the CSL 1.0.2 specification and the CSL
processor test suite (``tests/fixtures/csl``):

* in-text citations (note 0) and citations in notes are two separate streams;
* ``first``: the item was never cited before (or, when ``full_after`` is set, its
  last full note is more than ``full_after`` notes back: the full form again);
* ``ibid``: the previous cite in the same citation is the same item, or the
  previous citation of the stream cites this item alone and (for notes) stands
  in the same note, or in the note just before, which cites nothing else; never when the previous cite had a
  locator and this one has none.  ``ibid-with-locator``: ibid, and this cite's
  locator is new (the previous had none or another);
* ``near-note``: the item was cited at most ``near_note_distance`` notes back;
* ``first_note``: the note of the item's last full citation (for "(n X)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cited:
    """One cite of a citation: the item and its locator (``None``: none)."""

    key: str
    locator: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Position:
    first: bool
    ibid: bool = False
    ibid_with_locator: bool = False
    near_note: bool = False
    first_note: int | None = None
    """The note holding the item's full citation (``None``: in the text, or first)."""

    def flags(self) -> frozenset[str]:
        """The CSL position tests that are true."""
        found = {"first"} if self.first else {"subsequent"}
        if self.ibid:
            found.add("ibid")
        if self.ibid_with_locator:
            found |= {"ibid", "ibid-with-locator"}
        if self.near_note:
            found.add("near-note")
        return frozenset(found)


@dataclass(slots=True)
class _Stream:
    last: Cited | None = None
    last_citation: int = -1
    last_size: int = 0
    last_note: int = 0
    note_keys: dict[int, set[str]] = field(default_factory=dict)
    """The items each note cites (in-text citations: unused)."""


def positions(citations: Sequence[tuple[int, Sequence[Cited]]], *, near_note_distance: int = 5,
              full_after: int = 0) -> list[list[Position]]:
    """The position of every cite of ``citations`` ((note number, cites), in order)."""
    streams = {True: _Stream(), False: _Stream()}
    full_note: dict[str, int] = {}
    seen: set[str] = set()
    last_note_of: dict[str, int] = {}
    out: list[list[Position]] = []
    for index, (note, cites) in enumerate(citations):
        stream = streams[note > 0]
        row: list[Position] = []
        for cite in cites:
            first = cite.key not in seen or (
                full_after > 0 and note > 0 and note - full_note.get(cite.key, note) > full_after)
            ibid, with_locator = (False, False) if first else _ibid(stream, index, note, cite)
            near = (not first and note > 0 and cite.key in last_note_of
                    and note - last_note_of[cite.key] <= near_note_distance)
            row.append(Position(first, ibid and not with_locator, with_locator, near,
                                None if first else full_note.get(cite.key)))
            if first and note > 0:
                full_note[cite.key] = note
            seen.add(cite.key)
            if note > 0:
                last_note_of[cite.key] = note
            stream.last, stream.last_citation, stream.last_note = cite, index, note
            stream.note_keys.setdefault(note, set()).add(cite.key)
        stream.last_size = len(cites)
        out.append(row)
    return out


def _ibid(stream: _Stream, index: int, note: int, cite: Cited) -> tuple[bool, bool]:
    """(ibid, ibid-with-locator) for ``cite`` given what its stream cited last."""
    last = stream.last
    if last is None or last.key != cite.key:
        return False, False
    same_citation = stream.last_citation == index
    if not same_citation:
        if stream.last_size != 1:
            return False, False
        if note > 0 and (note - stream.last_note > 1 or (
                note != stream.last_note and stream.note_keys[stream.last_note] != {cite.key})):
            return False, False
    if last.locator is not None and cite.locator is None:
        return False, False
    new_locator = cite.locator is not None and cite.locator != last.locator
    return True, new_locator
