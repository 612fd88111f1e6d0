"""The reader: a brief's file → :class:`briefgen.model.Document` for one audience.

One entry point, :func:`read_brief`.  Steps: read and sanitise the file
(``briefgen.source``), validate the front matter (``briefgen.frontmatter``),
keep the audience's lines, Markdown → HTML (``.markdown``), HTML → model
(``.convert``), then tidy the model: heading levels that never skip, heading
positions, footnotes checked.  No HTML, etree node or placeholder leaves here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import model as m
from ..diagnostics import BriefError, Reporter
from ..frontmatter import read_meta
from ..source import Source, read_source
from .convert import Converter
from .images import ImageResolver, position
from .markdown import select_audience, to_html, warn_raw_html
from .tidy import cap_list_depth, place_links, unique_heading_ids

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)


@dataclass(slots=True)
class Brief:
    """A read brief: the document plus what the build needs to know of it."""

    document: m.Document
    source: Source
    inputs: list[Path] = field(default_factory=list)
    """Files the brief depends on: itself and its images."""


def read_brief(path: Path, audience: str, known_audiences: tuple[str, ...], reporter: Reporter,
               *, allow_outside: bool = False) -> Brief:
    """Read ``path`` as the version for ``audience``.

    ``known_audiences`` are the template names an audience block may name.
    Raises :class:`BriefError` for bad input; warnings go to ``reporter``.
    """
    source = read_source(path, reporter)
    meta = read_meta(source)
    body = select_audience(source.body, audience, known_audiences, path)
    warn_raw_html(body, path, reporter)
    _check_note_labels(body, path, reporter)
    images = ImageResolver(path, body, reporter, allow_outside)
    converter = Converter(images, lambda tag: reporter.warn(path, 1, 1, f"unknown element <{tag}>"
                                                            " kept as text"))
    blocks = converter.document(to_html(body))
    blocks = _place_headings(blocks, body, path, reporter)
    blocks = unique_heading_ids(blocks, path, reporter)
    blocks = cap_list_depth(blocks, body, path, reporter)
    blocks = place_links(blocks, body)
    notes = _referenced_notes(blocks, converter.notes)
    if not blocks:
        _warn_no_body(source, audience, reporter)
    document = m.Document(meta, tuple(blocks), tuple(notes), path, audience)
    return Brief(document, source, [path.resolve(), *images.files])


def _warn_no_body(source: Source, audience: str, reporter: Reporter) -> None:
    """An empty body still builds (title block only), but is almost surely a mistake."""
    fm = source.front_matter
    line = source.front_matter_line + (len(fm.split("\n")) if fm else 0)
    if not source.body.strip():
        message = "the brief has no text after its front matter; the output has only the title"
    else:
        message = (f"nothing in the brief's body is shown for audience '{audience}'; "
                   "the output has only the title")
    reporter.warn(source.path, line, 1, message)


def _heading_lines(body: str) -> list[int]:
    """Line numbers of ATX and setext headings, outside fenced code."""
    lines = body.split("\n")
    found: list[int] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        if _ATX.match(line):
            found.append(index + 1)
        elif (_SETEXT.match(line) and index and lines[index - 1].strip()
              and not lines[index - 1].startswith("    ") and not _ATX.match(lines[index - 1])
              and not (line.strip().startswith("-") and _looks_like_list(lines, index))):
            found.append(index)
    return found


def _looks_like_list(lines: list[str], index: int) -> bool:
    prev = lines[index - 1].lstrip()
    return prev.startswith(("- ", "* ", "+ ", "|")) or bool(re.match(r"\d+[.)] ", prev))


def _place_headings(blocks: list[m.Block], body: str, path: Path,
                    reporter: Reporter) -> list[m.Block]:
    """Give headings their line, and levels starting at 1 that never skip."""
    lines = _heading_lines(body)
    headings = [b for b in blocks if isinstance(b, m.Heading)]
    if not headings:
        return blocks
    top = min(h.level for h in headings)
    out: list[m.Block] = []
    previous = 0
    index = 0
    for block in blocks:
        if isinstance(block, m.Heading):
            line = lines[index] if index < len(lines) else 1
            index += 1
            level = block.level - top + 1
            if level > previous + 1:
                reporter.warn(path, line, 1, f"heading level jumps from {previous} to {level}; "
                              f"shown as level {previous + 1}")
                level = previous + 1
            previous = level
            block = replace(block, level=level, pos=m.Pos(line, 1))
        out.append(block)
    return out


def _check_note_labels(body: str, path: Path, reporter: Reporter) -> None:
    defined = {match.group(1): match for match in _NOTE_DEF.finditer(body)}
    referenced: dict[str, re.Match[str]] = {}
    for match in _NOTE_REF.finditer(body):
        start = match.start()
        line_start = body.rfind("\n", 0, start) + 1
        if body[line_start:start].strip() == "" and body[match.end():match.end() + 1] == ":":
            continue
        referenced.setdefault(match.group(1), match)
    for label, match in referenced.items():
        if label not in defined:
            line, col = position(body, match.group(0))
            reporter.warn(path, line, col, f"footnote [^{label}] has no definition; "
                          "shown as written")
    for label, match in defined.items():
        if label not in referenced:
            line, col = position(body, match.group(0).strip())
            reporter.warn(path, line, col, f"footnote [^{label}] is defined but never "
                          "referenced; it is left out")


def _referenced_notes(blocks: list[m.Block], notes: list[m.Footnote]) -> list[m.Footnote]:
    """Notes in reference order (Python-Markdown numbers them so); unreferenced ones dropped
    (``_check_note_labels`` has warned)."""
    used = {ref.number for ref in _note_refs(blocks, notes)}
    kept = [n for n in notes if n.number in used]
    if [n.number for n in kept] != list(range(1, len(kept) + 1)):
        raise BriefError("<internal>", 0, 0, "footnote numbering is not contiguous")
    return kept


def _note_refs(blocks: list[m.Block] | tuple[m.Block, ...],
               notes: list[m.Footnote]) -> list[m.NoteRef]:
    from ..walk import inlines_of

    refs = [i for b in blocks for i in inlines_of(b) if isinstance(i, m.NoteRef)]
    refs += [i for n in notes for b in n.blocks for i in inlines_of(b) if isinstance(i, m.NoteRef)]
    return refs
