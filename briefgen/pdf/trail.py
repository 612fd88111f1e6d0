"""No last page that carries only a few lines of trailing notes (issue 13).

The closing section of a brief (its Notes, endnotes or footnotes never
referenced; else its References or its last section) is often a heading and
two or three short notes or entries.  Laid out as it comes, it can start a
last page of its own and leave it almost empty, though it would fit the page
before, or leave a page of three lines after a page with room only a little
too small.  :func:`settle_closing` changes two things in the story:

* :class:`TrailRoom`, the closing heading's :class:`~.keep.KeepRoom`: when the
  whole section does not fit in the room left as it stands but would with
  less space above the heading (down to none), the heading takes that space
  and the section stays on the page.
* :class:`Tail` before each of the last few body flowables: when the section
  will not fit after them and has fewer than :data:`MIN_LINES` lines, the page
  breaks before the latest of them that brings the last page to
  :data:`MIN_LINES` lines, so the notes do not stand alone on it.
* :class:`Overrun` before each entry of a longer section but its first: when
  the section runs over onto a last page of fewer than :data:`MIN_LINES` lines
  (two references left over), the page breaks before the latest entry that
  carries :data:`MIN_LINES` lines over instead.
"""

from __future__ import annotations

import copy

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import UseUpSpace

from .keep import KeepRoom, _inner

MIN_LINES = 5
"""A last page with fewer lines than this, all of them notes, is not acceptable."""
TAIL_FLOWABLES = 6
"""How many body flowables before the section may go with it to the last page."""
OVERRUN_PLACES = 8
"""How many of a section's last entries a page may break before (:class:`Overrun`): each
entry is a line at least, so the place that carries :data:`MIN_LINES` over is among them."""


_STOPS = (CondPageBreak, ActionFlowable, PageBreak, UseUpSpace)
"""Flowables a run of body lines carried to the last page never reaches back over."""


def _height(flows: list[Flowable], aW: float, aH: float) -> float:
    """The stacked height of ``flows`` as a frame stacks them: no space above the
    first or below the last, and between two the larger of the space after the one
    and before the other (reportlab's overlapping attached space)."""
    total, after = 0.0, None
    for f in flows:
        _w, h = f.wrap(aW, aH)
        if after is not None:
            total += after + max(f.getSpaceBefore() - after, 0.0)
        total += h
        after = f.getSpaceAfter()
    return total


LINE = 14.0
"""Points of a table, figure or box that count as one line of text."""


def _lines(flows: list[Flowable], aW: float, aH: float) -> int:
    """Text lines in ``flows``; anything else counts a line per :data:`LINE` of its
    height (a rule under a heading: none)."""
    count = 0
    for f in flows:
        _w, h = f.wrap(aW, aH)
        inner = _inner(f)
        if isinstance(inner, Paragraph) and hasattr(inner, "blPara"):
            count += len(inner.blPara.lines)
        else:
            count += int(h // LINE)
    return count


class TrailRoom(KeepRoom):
    """The :class:`KeepRoom` of the heading that opens the closing section
    (``followers``: all of that section); shrinks the space above the heading
    when that makes the whole section fit in the room left (where it would
    start here but not end here, or not start here at all)."""

    def __init__(self, group: list[Flowable], followers: list[Flowable]) -> None:
        super().__init__(group, followers)
        self.heading = _inner(group[0])
        self.heading.style = copy.copy(self.heading.style)  # this heading's own space
        self.space = self.heading.style.spaceBefore

    @property
    def section(self) -> list[Flowable]:
        return [*self.group, *self.followers]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.heading.style.spaceBefore = self.space
        self.height = self._need(availWidth, availHeight)
        rest = _height(self.section, availWidth, availHeight)
        if rest <= availHeight < rest + self.space:  # it fits with less space above it
            self.heading.style.spaceBefore = availHeight - rest
            self.height = 0.0
        return CondPageBreak.wrap(self, availWidth, availHeight)


class _BreakIf(CondPageBreak):
    """Breaks the page where it stands when :meth:`wanted` says so, never at the top of
    a page (breaking there would leave the page empty)."""

    def __init__(self) -> None:
        super().__init__(0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = 0.0
        frame = self._doctemplateAttr("frame")
        if frame is not None and not getattr(frame, "_atTop", 0) and \
                self.wanted(availWidth, availHeight):
            self.height = availHeight + 1.0
        return super().wrap(availWidth, availHeight)

    def wanted(self, aW: float, aH: float) -> bool:
        raise NotImplementedError


class Tail(_BreakIf):
    """Before a body flowable near the end: breaks the page here when the closing
    section would otherwise start the last page alone with too few lines, and
    ``body`` (from here to the section) is the latest run that brings it enough."""

    def __init__(self, body: list[Flowable], trail: TrailRoom, earliest: bool) -> None:
        super().__init__()
        self.body = body
        self.trail = trail
        self.earliest = earliest

    def wanted(self, aW: float, aH: float) -> bool:
        section = self.trail.section
        notes = _lines(section, aW, aH)
        if notes >= MIN_LINES:
            return False
        body = _height(self.body, aW, aH)
        if body + self.body[-1].getSpaceAfter() + _height(section, aW, aH) <= aH:
            return False  # everything fits here
        lines = _lines(self.body, aW, aH)
        if body > aH and lines * (body - aH) / body + notes >= MIN_LINES:
            return False  # the body runs over with enough lines of its own
        enough = lines + notes >= MIN_LINES
        later = _lines(self.body[1:], aW, aH) + notes >= MIN_LINES
        return (enough or self.earliest) and not later


class Overrun(_BreakIf):
    """Before an entry of the closing section: when the section runs over onto a last
    page with fewer than :data:`MIN_LINES` lines, the page breaks here instead, at the
    latest entry that carries :data:`MIN_LINES` lines over (``rest``: this entry to the
    end of the brief)."""

    def __init__(self, rest: list[Flowable], later: list[Flowable]) -> None:
        super().__init__()
        self.rest = rest
        self.later = later
        """What the next place to break would carry over (``rest`` without this entry)."""

    def wanted(self, aW: float, aH: float) -> bool:
        rest = self.rest
        if _height(rest, aW, aH) <= aH:
            return False  # the section ends on this page
        lines = _lines(rest, aW, aH)
        if lines < MIN_LINES or _lines(self.later, aW, aH) >= MIN_LINES:
            return False  # too few to carry, or a later entry carries enough
        return lines - _fitting_lines(rest, aW, aH) < MIN_LINES


def _fitting_lines(flows: list[Flowable], aW: float, aH: float) -> int:
    """How many of the lines of ``flows`` fit in ``aH`` (a paragraph that crosses the
    foot counts the lines above it)."""
    used, count = 0.0, 0
    for f in flows:
        _w, h = f.wrap(aW, aH)
        n = _lines([f], aW, aH)
        space = f.getSpaceBefore() if count else 0.0
        if used + space + h <= aH:
            used += space + h + f.getSpaceAfter()
            count += n
            continue
        if n and h:
            count += max(int((aH - used - space) / (h / n)), 0)
        break
    return count


def _with_overruns(section: list[Flowable], first: int) -> list[Flowable]:
    """``section`` (its entries from index ``first`` on) with an :class:`Overrun` before
    each entry but the first, where a page may break."""
    places = [i for i in range(first + 1, len(section))
              if not isinstance(section[i], _STOPS) and not isinstance(section[i - 1], _STOPS)
              and not section[i - 1].getKeepWithNext()][-OVERRUN_PLACES:]
    ends = dict(zip(places, [*places[1:], len(section)]))
    out = list(section[:first + 1])
    for i in range(first + 1, len(section)):
        if i in ends:
            out.append(Overrun(section[i:], section[ends[i]:]))
        out.append(section[i])
    return out


def _before_breaks(story: list[Flowable]) -> list[Flowable]:
    """``story`` with the section before each forced page break (the portrait text before
    a landscape page) never running over onto a page of fewer than :data:`MIN_LINES`
    lines, as the closing section never does."""
    out: list[Flowable] = []
    start = 0
    for end, flowable in enumerate(story):
        if not isinstance(flowable, PageBreak):
            continue
        segment = story[start:end]
        keep = next((i for i in range(len(segment) - 1, -1, -1)
                     if isinstance(segment[i], KeepRoom)), None)
        if keep is None:
            out += segment
        else:
            out += _with_overruns(segment, keep + 1 + len(segment[keep].group))
        out.append(flowable)
        start = end + 1
    return out + story[start:]


def settle_closing(story: list[Flowable]) -> list[Flowable]:
    """``story`` (with its :class:`KeepRoom` markers) with its closing section, from
    its last heading on, set as this module says."""
    story = _before_breaks(story)
    at = next((i + 1 for i in range(len(story) - 1, -1, -1) if isinstance(story[i], KeepRoom)),
              None)
    if at is None:
        return story
    keep = story[at - 1]
    trail = TrailRoom(keep.group, story[at + len(keep.group):])
    start = at - 1
    while start > 0 and at - 1 - start < TAIL_FLOWABLES and not (
            isinstance(story[start - 1], _STOPS) or story[start - 1].getKeepWithNext()):
        start -= 1
    grouped = {id(f) for k in story if isinstance(k, KeepRoom) for f in k.group}
    places = [i for i in range(start, at - 1) if i == 0 or id(story[i - 1]) not in grouped]
    out = story[:start]  # never a break between a heading and what it keeps
    for i in range(start, at - 1):
        if i in places:
            out.append(Tail(story[i:at - 1], trail, earliest=i == places[0]))
        out.append(story[i])
    closing = _with_overruns(story[at:], len(keep.group))  # never before its first entry
    return [*out, trail, *closing]
