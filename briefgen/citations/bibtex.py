"""A small BibTeX (and biblatex) reader: entries → CSL-JSON dictionaries with their places.

Reads ``@type{key, field = {value} | "value" | number | macro # ...}``, ``@string``
macros, and skips ``@comment`` and ``@preamble``.  Braces are removed, the common
LaTeX escapes (``\\&``, ``--``, ``\\'e`` …) become their characters, names are
split on `` and `` (``Family, Given`` or ``Given Family``; ``{Braced Name}`` stays
one literal name).  A syntax fault raises :class:`BriefError` at its line and
column, naming the entry.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from .. import model as m
from ..diagnostics import BriefError

TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference":
    "paper-conference", "manual": "report", "mastersthesis": "thesis", "phdthesis": "thesis",
    "thesis": "thesis", "misc": "document", "online": "webpage", "proceedings": "book",
    "techreport": "report", "report": "report", "unpublished": "manuscript",
    "jurisdiction": "legal_case", "legislation": "legislation", "legal": "treaty",
    "collection": "book", "reference": "book",
}
"""BibTeX/biblatex entry types → CSL types (a ``type`` field with a CSL type wins)."""
FIELDS = {
    "title": "title", "shorttitle": "title-short", "journal": "container-title",
    "journaltitle": "container-title", "booktitle": "container-title", "volume": "volume",
    "number": "number", "pages": "page", "publisher": "publisher", "institution": "publisher",
    "organization": "publisher", "school": "publisher", "address": "publisher-place",
    "location": "publisher-place", "edition": "edition", "url": "URL", "doi": "DOI",
    "isbn": "ISBN", "note": "note", "series": "collection-title", "chapter": "chapter-number",
    "howpublished": "medium", "genre": "genre", "authority": "authority",
}
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "c": "\u0327", "v": "\u030c", "=": "\u0304", "u": "\u0306", ".": "\u0307"}
_ACCENT = re.compile(r"\\([`'^\"~=.]|[cvu](?=[\s{]))\s*\{?([A-Za-z])\}?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class _Scanner:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text, self.at = path, text, 0
        self.key = ""
        self.entry = 0
        """Where the entry being read starts (its ``@``)."""

    def pos(self, at: int | None = None) -> m.Pos:
        at = self.at if at is None else at
        return m.Pos(self.text.count("\n", 0, at) + 1, at - (self.text.rfind("\n", 0, at) + 1) + 1)

    def fail(self, message: str, at: int | None = None) -> BriefError:
        where = self.pos(at)
        entry = f"bibliography entry '{self.key}': " if self.key else "BibTeX: "
        return BriefError(self.path, where.line, where.col, entry + message)

    def skip(self) -> None:
        while self.at < len(self.text) and (self.text[self.at].isspace()):
            self.at += 1

    def expect(self, chars: str) -> str:
        self.skip()
        if self.at >= len(self.text):
            raise self.fail("the entry is not closed: a '{' or '\"' in it has no partner",
                            self.entry)
        if self.text[self.at] not in chars:
            raise self.fail(f"expected {' or '.join(repr(c) for c in chars)}, "
                            f"found {self.text[self.at]!r}")
        self.at += 1
        return self.text[self.at - 1]

    def word(self) -> str:
        self.skip()
        found = re.compile(r"[^\s,={}()\"#@]+").match(self.text, self.at)
        if not found:
            raise self.fail("expected a name")
        self.at = found.end()
        return found.group(0)

    def braced(self) -> str:
        start, depth = self.at, 0
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == "\\":
                self.at += 2
                continue
            depth += char == "{"
            depth -= char == "}"
            self.at += 1
            if depth == 0:
                return self.text[start + 1: self.at - 1]
        raise self.fail("unclosed '{' in this entry", start)

    def quoted(self) -> str:
        start = self.at
        self.at += 1
        depth = 0
        while self.at < len(self.text):
            char = self.text[self.at]
            depth += char == "{"
            depth -= char == "}"
            if char == '"' and depth == 0:
                self.at += 1
                return self.text[start + 1: self.at - 1]
            self.at += 1
        raise self.fail("unclosed '\"' in this entry", start)

    def value(self, macros: dict[str, str]) -> str:
        parts: list[str] = []
        while True:
            self.skip()
            char = self.text[self.at] if self.at < len(self.text) else ""
            if char == "{":
                parts.append(self.braced())
            elif char == '"':
                parts.append(self.quoted())
            else:
                name = self.word()
                if not name.isdigit() and name.lower() not in macros:
                    raise self.fail(f"unknown @string macro '{name}'", self.at - len(name))
                parts.append(name if name.isdigit() else macros[name.lower()])
            self.skip()
            if self.at < len(self.text) and self.text[self.at] == "#":
                self.at += 1
                continue
            return "".join(parts)


def read_bibtex(path: Path, text: str) -> list[tuple[dict[str, Any], m.Pos]]:
    """CSL-JSON entries of a BibTeX file, each with the place of its key."""
    scan = _Scanner(path, text)
    macros = {month: str(number) for number, month in enumerate(_MONTHS, start=1)}
    out: list[tuple[dict[str, Any], m.Pos]] = []
    while True:
        at = text.find("@", scan.at)
        if at < 0:
            return out
        scan.at, scan.key, scan.entry = at + 1, "", at
        kind = scan.word().lower()
        if kind in ("comment", "preamble"):
            scan.skip()
            if scan.at < len(text) and text[scan.at] in "{(":
                scan.braced() if text[scan.at] == "{" else None
            continue
        scan.expect("{(")
        if kind == "string":
            name = scan.word().lower()
            scan.expect("=")
            macros[name] = scan.value(macros)
            scan.expect("})")
            continue
        scan.skip()
        where = scan.pos()
        scan.key = scan.word()
        fields = _fields(scan, macros)
        out.append((_to_csl(scan, kind, fields), where))


def _fields(scan: _Scanner, macros: dict[str, str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    while True:
        if scan.expect(",})") in "})":
            return fields
        scan.skip()
        if scan.at < len(scan.text) and scan.text[scan.at] in "})":
            scan.at += 1
            return fields
        name = scan.word().lower()
        scan.expect("=")
        fields[name] = scan.value(macros)


def _to_csl(scan: _Scanner, kind: str, fields: dict[str, str]) -> dict[str, Any]:
    csl_type = fields.pop("type", "").strip() or TYPES.get(kind)
    if not csl_type:
        raise scan.fail(f"unknown entry type '@{kind}'", scan.at)
    data: dict[str, Any] = {"id": scan.key, "type": csl_type}
    for name, raw in fields.items():
        value = latex(raw)
        if name in ("author", "editor", "translator"):
            data[name] = _names(raw)
        elif name == "year":
            data.setdefault("issued", value)
        elif name == "date":
            data["issued"] = value
        elif name in FIELDS:
            data[FIELDS[name]] = value
    month, day = fields.get("month"), fields.get("day")
    if month and isinstance(data.get("issued"), str) and data["issued"].isdigit():
        data["issued"] = "-".join([data["issued"], f"{int(latex(month)):02d}"] +
                                  ([f"{int(latex(day)):02d}"] if day else [])) \
            if latex(month).isdigit() else data["issued"]
    return data


def _names(raw: str) -> list[dict[str, str]]:
    names: list[dict[str, str]] = []
    for part in re.split(r"\s+and\s+", raw.strip()):
        part = part.strip()
        if part.startswith("{") and part.endswith("}"):
            names.append({"literal": latex(part)})
        elif "," in part:
            family, given = part.split(",", 1)
            names.append({"family": latex(family).strip(), "given": latex(given).strip()})
        elif " " in part:
            given, family = part.rsplit(" ", 1)
            names.append({"family": latex(family), "given": latex(given)})
        elif part:
            names.append({"family": latex(part)})
    return names


def latex(text: str) -> str:
    """BibTeX text as a reader sees it: escapes resolved, braces gone, blanks folded."""
    text = _ACCENT.sub(lambda g: unicodedata.normalize("NFC", g.group(2) + _ACCENTS[g.group(1)]),
                       text)
    for old, new in (("---", "\u2014"), ("--", "\u2013"), ("\\&", "&"), ("\\%", "%"),
                     ("\\$", "$"), ("\\_", "_"), ("\\#", "#"), ("~", "\u00a0")):
        text = text.replace(old, new)
    text = text.replace("{", "").replace("}", "")
    return " ".join(text.split())
