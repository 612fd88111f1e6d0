"""What ``briefgen check`` reports about citations and cross-references, all at once.

``build`` stops at the first of these errors (raised by ``briefgen.citations.resolve``);
``check`` lists every one, each at its ``path:line:col``: a bibliography that cannot be
read, an unknown citation key, an unknown cross-reference label, a label given twice,
and (a warning) a bibliography entry the brief never cites.  Locators that cannot be
read are reported by the reader, where it meets them.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from ..diagnostics import BriefError, Diagnostic, did_you_mean
from ..walk import blocks_of, nested_inlines, own_inlines
from . import crossref
from .sources import Entry, load


def citation_findings(doc: m.Document) -> list[Diagnostic]:
    """Every citation and label problem of ``doc`` (the brief with all its audiences)."""
    path = str(doc.source or "brief")
    found: list[Diagnostic] = []
    entries: tuple[Entry, ...] = ()
    if doc.meta.bibliography:
        try:
            entries, _ = load(doc.meta, doc.source or Path("brief.md"))
        except BriefError as exc:
            return [exc.diagnostic]
    labels = _labels(doc)
    for label, pos in crossref.duplicate_labels(doc):
        found.append(_at(path, pos, "error", f"label '{label}' is defined twice"))
    keys = {e.key.lower(): e.key for e in entries}
    cited: set[str] = set()
    for cite in _cites(doc):
        if cite.narrative and not doc.meta.bibliography and not any(
                crossref.is_crossref(i.key) for i in cite.items):
            continue  # "@name" in a brief without a bibliography is text (resolve keeps it)
        for item in cite.items:
            if crossref.is_crossref(item.key):
                if item.key not in labels:
                    found.append(_at(path, cite.pos, "error", f"unknown cross-reference label "
                                     f"'@{item.key}'{did_you_mean(item.key, sorted(labels))}"))
            elif item.key.lower() in keys:
                cited.add(item.key.lower())
            else:
                hint = did_you_mean(item.key, sorted(keys.values())) if keys else \
                    " (the brief names no bibliography: add 'bibliography:')"
                found.append(_at(path, cite.pos, "error", f"unknown citation key '@{item.key}'"
                                 f"{hint}"))
    for entry in entries:
        if entry.key.lower() not in cited:
            found.append(Diagnostic(str(entry.path), entry.pos.line, entry.pos.col, "warning",
                                    f"bibliography entry '{entry.key}' is never cited"))
    return found


def _labels(doc: m.Document) -> set[str]:
    out = {b.id for b in blocks_of(doc.blocks) if isinstance(b, crossref.FLOATS) and b.id}
    return out | {b.id for b in blocks_of(doc.blocks) if isinstance(b, m.Heading)}


def _cites(doc: m.Document) -> list[m.Cite]:
    blocks = [*doc.key_points, *doc.blocks, *(b for n in doc.notes for b in n.blocks)]
    return [node for block in blocks_of(blocks) for node in nested_inlines(list(own_inlines(block)))
            if isinstance(node, m.Cite)]


def _at(path: str, pos: m.Pos | None, severity: str, message: str) -> Diagnostic:
    where = pos or m.Pos(1, 1)
    return Diagnostic(path, where.line, where.col, severity, message)  # type: ignore[arg-type]
