"""Running header and footer lines that fit one line, for both writers.

A running line has three slots (left, centre, right) whose text holds fields
(``{title}``, ``{date}``, ``{page}`` …).  :func:`slot_boxes` gives each slot its
room so that none overlaps another; :func:`fit_slots` fills the fields and,
where a slot is too long for its room, uses the template's ``short_title`` for
``{title}`` and then shortens the longest field value with an ellipsis, so the
line never wraps.  ``{page}`` and ``{pages}`` stay as fields (the DOCX writes
PAGE/NUMPAGES fields); they are measured as :data:`PAGE_SAMPLE`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

SLOT_GAP = 12.0
"""Points between two slots."""
ELLIPSIS = "\u2026"
PAGE_SAMPLE = "999"
"""What ``{page}`` and ``{pages}`` are measured as."""
PAGE_FIELDS = ("page", "pages")
_FIELD = re.compile(r"\{(\w+)\}")

Measure = Callable[[str], float]


def slot_boxes(natural: list[float], width: float) -> list[tuple[float, float]]:
    """(x offset, width) of the left, centre and right slots: the centre and
    right slots take what they need (up to a share of the line, or all the left
    slot leaves), the left slot the rest."""
    left, centre, right = natural
    if centre:
        c = min(centre, width * 0.4)
        side = max((width - c) / 2 - SLOT_GAP, width * 0.2)
        return [(0.0, side), ((width - c) / 2, c), (width - side, side)]
    r = min(right, max(width * 0.45, width - left - SLOT_GAP)) if right else 0.0
    l_w = width - r - (SLOT_GAP if left and right else 0.0)
    return [(0.0, l_w), (0.0, width), (width - r, max(r, 1.0))]


def _fill(template: str, values: dict[str, str], keep_pages: bool) -> str:
    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name in PAGE_FIELDS:
            return match.group(0) if keep_pages else PAGE_SAMPLE
        return values.get(name, match.group(0))

    return _FIELD.sub(sub, template)


def shorten(text: str, room: float, measure: Measure) -> str:
    """``text`` cut at a word (or, failing that, a character) and ended with an
    ellipsis so that it is at most ``room`` wide; ``""`` when nothing fits."""
    if measure(text) <= room:
        return text
    words = text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:n]).rstrip(" ,;:\u2013\u2014-") + ELLIPSIS
        if measure(candidate) <= room:
            return candidate
    for n in range(len(text) - 1, 0, -1):
        candidate = text[:n].rstrip() + ELLIPSIS
        if measure(candidate) <= room:
            return candidate
    return ""


def _fit_one(template: str, values: dict[str, str], room: float, measure: Measure,
             short_title: str | None) -> str:
    values = dict(values)
    if measure(_fill(template, values, False)) <= room:
        return _fill(template, values, True)
    if short_title and "{title}" in template:
        values["title"] = short_title
    names = [n for n in _FIELD.findall(template) if n in values and n not in PAGE_FIELDS]
    while names and measure(_fill(template, values, False)) > room:
        longest = max(names, key=lambda n: measure(values[n]))
        names.remove(longest)
        others = measure(_fill(template, {**values, longest: ""}, False))
        values[longest] = shorten(values[longest], max(room - others, 0.0), measure)
    return _fill(template, values, True)


def fit_slots(slots: tuple[str, str, str], values: dict[str, str], width: float,
              measure: Measure, short_title: str | None = None
              ) -> tuple[list[str], list[tuple[float, float]]]:
    """The three slots filled (``{page}``/``{pages}`` kept) so each fits its box
    on one line, and the boxes."""
    natural = [measure(_fill(s, values, False)) + 1.0 if s else 0.0 for s in slots]
    boxes = slot_boxes(natural, width)
    texts = [_fit_one(s, values, box - 1.0, measure, short_title) if s else ""
             for s, (_x, box) in zip(slots, boxes)]
    return texts, boxes
