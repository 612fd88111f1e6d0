"""Bibliography files → CSL-JSON entries, each placed at its ``path:line:col``.

``bibliography:`` in the front matter names one file or a list, relative to the
brief: CSL YAML (``.yaml``/``.yml``: a list of entries, or pandoc's
``references:`` mapping), CSL JSON (``.json``) or BibTeX (``.bib``,
``briefgen.citations.bibtex``).  Every entry needs an ``id`` and a CSL
``type``; dates may be written ``2006-10-14``, ``2006`` or as CSL
``date-parts``.  A fault raises :class:`BriefError` at the entry (naming it),
or at the front-matter line that named a missing or unreadable file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import yamlread

from .. import model as m
from ..diagnostics import BriefError, did_you_mean
from .bibtex import read_bibtex

TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage")
"""The CSL 1.0.2 item types."""
NAME_FIELDS = ("author", "editor", "translator", "director", "container-author",
               "collection-editor", "composer", "interviewer", "recipient", "reviewed-author")
DATE_FIELDS = ("issued", "accessed", "event-date", "original-date", "submitted")
_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One bibliography entry: its key, its CSL-JSON data, and where it was written."""

    key: str
    data: dict[str, Any]
    path: Path
    pos: m.Pos


def load(meta: m.Meta, brief: Path) -> tuple[tuple[Entry, ...], tuple[Path, ...]]:
    """The entries of every file ``meta.bibliography`` names, and those files."""
    entries: list[Entry] = []
    files: list[Path] = []
    seen: dict[str, Entry] = {}
    for name, pos in meta.bibliography:
        path = (brief.resolve().parent / name).resolve()
        found = read_file(path, name, brief, pos)
        files.append(path)
        for entry in found:
            other = seen.get(entry.key.lower())
            if other is not None:
                raise BriefError(entry.path, entry.pos.line, entry.pos.col,
                                 f"bibliography entry '{entry.key}' is defined twice (also at "
                                 f"{other.path.name}:{other.pos.line})")
            seen[entry.key.lower()] = entry
            entries.append(entry)
    return tuple(entries), tuple(files)


def read_file(path: Path, name: str, brief: Path, pos: m.Pos) -> list[Entry]:
    """The entries of one bibliography file (``name`` as the brief wrote it)."""
    kind = path.suffix.lower()
    if kind not in (".yaml", ".yml", ".json", ".bib"):
        raise BriefError(brief, pos.line, pos.col, f"bibliography '{name}': unknown format "
                         f"'{path.suffix}' (use .yaml (CSL YAML), .json (CSL JSON) or .bib)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BriefError(brief, pos.line, pos.col, f"bibliography file not found: {name}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefError(brief, pos.line, pos.col, f"cannot read bibliography '{name}': "
                         f"{type(exc).__name__}") from None
    if kind == ".bib":
        raw = read_bibtex(path, text)
    elif kind == ".json":
        raw = _json(path, text)
    else:
        raw = _yaml(path, text)
    return [_entry(path, data, where) for data, where in raw]


def _json(path: Path, text: str) -> list[tuple[dict, m.Pos]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefError(path, exc.lineno, exc.colno, f"CSL JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise BriefError(path, 1, 1, "CSL JSON must be a list of entries")
    out: list[tuple[dict, m.Pos]] = []
    after = 0
    for index, item in enumerate(data):
        key = item.get("id") if isinstance(item, dict) else None
        found = text.find(json.dumps(str(key)), after) if key is not None else -1
        if found < 0:
            found = text.find("{", after)
        after = max(after, found + 1)
        line = text.count("\n", 0, found) + 1
        col = found - (text.rfind("\n", 0, found) + 1) + 1
        out.append((item if isinstance(item, dict) else {"#": index}, m.Pos(line, col)))
    return out


def _yaml(path: Path, text: str) -> list[tuple[dict, m.Pos]]:
    try:
        root = yamlread.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise BriefError(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                         f"CSL YAML: {exc.problem or exc}") from None
    if isinstance(root, yaml.MappingNode):
        refs = [v for k, v in root.value if k.value == "references"]
        root = refs[0] if refs else None
    if not isinstance(root, yaml.SequenceNode):
        raise BriefError(path, 1, 1, "CSL YAML must be a list of entries (or 'references:')")
    out: list[tuple[dict, m.Pos]] = []
    for node in root.value:
        try:
            value = yaml.SafeLoader("").construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError):
            value = None
        where = m.Pos(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, item in node.value:
                if key.value == "id":
                    where = m.Pos(item.start_mark.line + 1, item.start_mark.column + 1)
        out.append((value if isinstance(value, dict) else {}, where))
    return out


def _entry(path: Path, data: dict, pos: m.Pos) -> Entry:
    key = data.get("id")
    if key is None or not str(key).strip():
        raise BriefError(path, pos.line, pos.col, "bibliography entry has no 'id'")
    key = str(key).strip()

    def fail(message: str) -> BriefError:
        return BriefError(path, pos.line, pos.col, f"bibliography entry '{key}': {message}")

    kind = data.get("type")
    if kind not in TYPES:
        raise fail(f"unknown type {kind!r}{did_you_mean(str(kind), TYPES)}" if kind else
                   "no 'type' (book, report, legal_case, treaty, legislation …)")
    if not data.get("title"):
        raise fail("no 'title'")
    clean: dict[str, Any] = {"id": key, "type": kind}
    for field, value in data.items():
        if field in ("id", "type"):
            continue
        if field in NAME_FIELDS:
            clean[field] = _names(value, fail, field)
        elif field in DATE_FIELDS:
            clean[field] = _date(value, fail, field)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            clean[field] = str(value)
        else:
            raise fail(f"'{field}' must be text, not {value!r}"[:120])
    return Entry(key, clean, path, pos)


def _names(value: Any, fail: Any, field: str) -> list[dict[str, str]]:
    items = value if isinstance(value, list) else [value]
    names: list[dict[str, str]] = []
    for item in items:
        if isinstance(item, str):
            names.append({"literal": item})
        elif isinstance(item, dict) and all(isinstance(v, (str, int)) for v in item.values()) \
                and ({"family", "literal"} & set(item)):
            names.append({str(k): str(v) for k, v in item.items()})
        else:
            raise fail(f"'{field}' needs names with 'family' (and 'given') or 'literal'")
    return names


def _date(value: Any, fail: Any, field: str) -> dict[str, Any]:
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"date-parts": [[value]]}
    if isinstance(value, str):
        found = _DATE.match(value.strip())
        if found:
            return {"date-parts": [[int(p) for p in found.groups() if p]]}
        return {"literal": value}
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and all(
            isinstance(p, list) and p and all(isinstance(x, (int, str)) and str(x).lstrip("-")
                                              .isdigit() for x in p)
            for p in value["date-parts"]):
        return {"date-parts": [[int(x) for x in p] for p in value["date-parts"]]}
    if isinstance(value, dict) and isinstance(value.get("literal"), str):
        return {"literal": value["literal"]}
    raise fail(f"'{field}' is not a date (write 2006-10-14, 2006, or date-parts)")
