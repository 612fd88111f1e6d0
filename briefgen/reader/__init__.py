"""The reader: a brief's file → :class:`briefgen.model.Document`.

One entry point, :func:`read_brief`.  Steps: read and sanitise the file
(``briefgen.source``), validate the front matter (``briefgen.frontmatter``),
parse the body as CommonMark with markdown-it-py (``.markdown``), walk its
syntax tree into the model (``.blocks``, ``.inlines``), then tidy the model:
heading levels that never skip, unique heading ids, list depth (``.tidy``).
Every block, list item, table cell, note, link and image carries its line
and column.  No token or parser object leaves here.

Audience blocks stay in the model as :class:`briefgen.model.Div` nodes: the
document holds every audience's version, and ``assemble`` keeps what the
document's audience sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..diagnostics import BriefError, Reporter
from ..frontmatter import meta_positions, read_meta
from ..source import Source, read_source
from .blocks import BlockReader, Report
from .abbreviations import check as check_abbreviations
from .abbreviations import extract, mark
from .data import DataBlocks, DataFiles
from .images import ImageResolver
from .includes import expand, project_root
from .inlines import InlineReader
from .markdown import MAX_NESTING, TooDeep, parse
from .positions import Lines
from .shortcodes import variables_for
from .tidy import cap_list_depth, cap_quote_depth, heading_ids, heading_levels, headings_in_order, replace_headings


@dataclass(slots=True)
class Brief:
    """A read brief: the document plus what the build needs to know of it."""

    document: m.Document
    source: Source
    inputs: list[Path] = field(default_factory=list)
    """Files the brief depends on: itself, its parts, the ``_variables.yml`` it reads, its
    data files, its images and its bibliography files."""


def read_brief(path: Path, audience: str, known_audiences: tuple[str, ...], reporter: Reporter,
               *, allow_outside: bool = False, strict: bool = True) -> Brief:
    """Read ``path`` as the version for ``audience``.

    ``known_audiences`` are the template names an audience block may name.
    Every problem found goes to ``reporter`` (errors and warnings, reading
    goes on after an error); then, when ``strict``, the first error is raised
    as :class:`BriefError`.  ``strict=False`` returns the brief anyway (for
    ``check``, which reports everything a brief has).
    """
    source = read_source(path, reporter)
    meta = read_meta(source)
    if (place := meta_positions(source).get("language")) is not None:
        meta = replace(meta, language_pos=m.Pos(*place))
    errors_before = len(reporter.errors)
    expanded = expand(source, reporter, allow_outside=allow_outside)
    lines = Lines(expanded.body, expanded.origins)

    def report(kind: str) -> Report:
        def emit(pos: m.Pos | None, message: str) -> None:
            where = pos or m.Pos(1, 1)
            getattr(reporter, kind)(where.path or path, where.line, where.col, message)
        return emit

    text, abbreviations = extract(expanded.body, lines, report("error"))
    try:
        tokens, env = parse(text)
    except TooDeep as exc:
        where = lines.start([exc.line, exc.line + 1]) or m.Pos(exc.line + 1)
        raise BriefError(where.path or path, where.line, 1, "blocks are nested more than "
                         f"{MAX_NESTING // 2} deep here (lists in lists, quotes in quotes); "
                         "flatten them") from None
    tree = SyntaxTreeNode(tokens)
    notes_reader = _Notes(env)
    variables = variables_for(source, reporter, report("error"))
    inline = InlineReader(lines, report("warn"), notes_reader.number, shortcode=variables)
    images = ImageResolver(path, reporter, allow_outside)
    data = DataFiles(path, project_root(path), reporter, allow_outside)
    reader = BlockReader(lines, inline, images, report("error"), report("warn"), known_audiences,
                         DataBlocks(data))
    body = [node for node in tree.children if node.type != "footnote_block"]
    blocks = tuple(reader.blocks(body))
    notes = notes_reader.read(tree, reader, lines)
    blocks = mark(blocks, abbreviations)
    notes = tuple(replace(n, blocks=mark(n.blocks, abbreviations)) for n in notes)
    check_abbreviations(blocks, notes, abbreviations, lines, report("warn"))
    _unclosed_divs(env, lines, report("error"))
    _unreferenced_notes(env, lines, report("warn"))
    headings = headings_in_order(blocks)
    headings = heading_ids(heading_levels(headings, path, reporter), path, reporter)
    blocks = replace_headings(blocks, headings)
    blocks = tuple(cap_quote_depth(cap_list_depth(list(blocks), path, reporter), path, reporter))
    failed = len(reporter.errors) > errors_before
    if strict and failed:
        raise BriefError.of(reporter.errors[errors_before])
    if not failed and not _shown(blocks, audience):
        _warn_no_body(source, audience, reporter)
    document = m.Document(meta, blocks, notes, path, audience)
    bibliography = [(path.resolve().parent / name).resolve() for name, _ in meta.bibliography]
    return Brief(document, source, [path.resolve(), *expanded.parts, *variables.inputs(),
                                    *data.files, *images.files, *bibliography])


class _Notes:
    """Footnote numbers (1-based, in order of first reference) and bodies."""

    def __init__(self, env: dict) -> None:
        self.env = env

    def number(self, node: SyntaxTreeNode) -> int:
        return int(node.meta["id"]) + 1

    def read(self, tree: SyntaxTreeNode, reader: BlockReader, lines: Lines
             ) -> tuple[m.Footnote, ...]:
        notes: list[m.Footnote] = []
        for block in (n for n in tree.children if n.type == "footnote_block"):
            for note in block.children:
                body = [c for c in note.children if c.type != "footnote_anchor"]
                first = next((c for c in body if c.map), None)
                label = note.meta.get("label")
                number = int(note.meta["id"]) + 1
                pos = _definition_pos(self.env, label, lines) or (
                    lines.start(first.map) if first else None)
                notes.append(m.Footnote(number, str(label) if label else f"inline-{number}",
                                        tuple(reader.blocks(body)), pos))
        return tuple(sorted(notes, key=lambda n: n.number))


def _definition_pos(env: dict, label: object, lines: Lines) -> m.Pos | None:
    line = env.get("footnote_definitions", {}).get(label) if label else None
    return lines.find([line, line + 1], f"[^{label}]") if line is not None else None


def _unreferenced_notes(env: dict, lines: Lines, warn: Report) -> None:
    refs = env.get("footnotes", {}).get("refs", {})
    for label, line in env.get("footnote_definitions", {}).items():
        if refs.get(f":{label}", -1) < 0:
            warn(lines.find([line, line + 1], f"[^{label}]"),
                 f"footnote [^{label}] is defined but never referenced; it is left out")


def _unclosed_divs(env: dict, lines: Lines, error: Report) -> None:
    for line in env.get("unclosed_divs", []):
        error(lines.start([line, line + 1]), "audience block is not closed: add a line ':::'"
              if lines.text(line).lstrip(":").strip().startswith(("only", "except"))
              else "div is not closed: add a line ':::'")


def _shown(blocks: tuple[m.Block, ...], audience: str) -> bool:
    """Whether ``audience`` sees any of ``blocks``."""
    return any(not isinstance(b, m.Div) or (b.shown_to(audience) and _shown(b.blocks, audience))
               for b in blocks)


def _warn_no_body(source: Source, audience: str, reporter: Reporter) -> None:
    """An empty body still builds (title block only), but is almost surely a mistake."""
    fm = source.front_matter
    line = source.front_matter_line + (len(fm.split("\n")) if fm else 0)
    message = ("the brief has no text after its front matter; the output has only the title"
               if not source.body.strip() else
               f"nothing in the brief's body is shown for audience '{audience}'; "
               "the output has only the title")
    reporter.warn(source.path, line, 1, message)
