"""Reading a brief's file: bytes → text, front matter split off, characters sanitised.

Everything that reaches the Markdown parser and both writers passes through
:func:`sanitise`, so a control character pasted from a web page can never
crash python-docx or reportlab, and every character removed is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BriefError, Reporter

LINE_SEPARATOR = "\u2028"
"""Stands for a hard line break that came from ``\\v`` or ``\\f`` (the reader turns it into LineBreak)."""

_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Source:
    """A brief's text, split.

    ``front_matter`` is the YAML text (``None``: the file has none);
    ``body`` is the Markdown, padded with empty lines so that line ``n`` of
    ``body`` is line ``n`` of the file.
    """

    path: Path
    text: str
    front_matter: str | None
    front_matter_line: int
    body: str


def read_source(path: Path, reporter: Reporter) -> Source:
    """Read, decode, sanitise and split the brief at ``path``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefError(path, 0, 0, "no such file") from None
    except IsADirectoryError:
        raise BriefError(path, 0, 0, "is a folder, not a brief") from None
    except OSError as exc:
        raise BriefError(path, 0, 0, f"cannot read: {exc.strerror}") from None
    text = decode(path, data)
    text = sanitise(text, path, reporter)
    return split(path, text)


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is an error naming the byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise BriefError(path, line, col, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at "
                         f"offset {exc.start} (save the file as UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_bad(char: str) -> bool:
    code = ord(char)
    if char in "\t\n":
        return False
    if code < 0x20 or 0x7F <= code < 0xA0:
        return True
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return True  # non-characters
    return unicodedata.category(char) == "Cs"


_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                  "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def sanitise(text: str, path: Path | str, reporter: Reporter) -> str:
    """Drop control characters and non-characters, turning ``\\v``/``\\f`` into line breaks.

    Each line that had something removed gets one warning.
    """
    if not _BAD.search(text):
        return text
    out_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not _BAD.search(line):
            out_lines.append(line)
            continue
        first = _BAD.search(line)
        assert first is not None
        found = set(_BAD.findall(line))
        removed = sorted(f"U+{ord(c):04X}" for c in found - {"\x0b", "\x0c"})
        breaks = sorted(f"U+{ord(c):04X}" for c in found & {"\x0b", "\x0c"})
        parts = ([f"removed control character(s) {', '.join(removed)}"] if removed else [])
        parts += [f"turned {' and '.join(breaks)} into a line break"] if breaks else []
        reporter.warn(path, number, first.start() + 1, "; ".join(parts))
        line = line.replace("\x0b", LINE_SEPARATOR).replace("\x0c", LINE_SEPARATOR)
        out_lines.append(_BAD.sub("", line))
    return "\n".join(out_lines)


def split(path: Path, text: str) -> Source:
    """Split the front matter (between ``---`` lines at the top) from the body."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return Source(path, text, None, 0, text)
    for index in range(1, len(lines)):
        if _FENCE_END.match(lines[index]):
            yaml_text = "\n".join(lines[1:index])
            body = "\n" * (index + 1) + "\n".join(lines[index + 1:])
            return Source(path, text, yaml_text, 2, body)
    raise BriefError(path, 1, 1, "front matter is not closed: add a line '---' after it")
