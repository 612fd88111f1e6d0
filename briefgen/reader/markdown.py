"""Markdown text → HTML, with Python-Markdown configured for briefs.

Registrations (name, priority) added to Python-Markdown:

=================  ==========  ====================================================
``strike``         inline 55   ``~~text~~`` → ``<del>``
``sub``            inline 54   ``H~2~O`` → ``<sub>`` (pandoc's syntax)
``sup``            inline 53   ``x^2^`` → ``<sup>`` (pandoc's syntax)
(deregistered)                 ``html_block`` preprocessor and ``html`` inline
                               pattern: raw HTML stays literal text
=================  ==========  ====================================================

Audience blocks (``::: only NAME`` … ``:::``, ``::: except NAME`` … ``:::``)
are resolved here, before Markdown, by blanking lines so that line numbers
of the rest of the brief do not move.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor

from ..diagnostics import BriefError, Reporter, did_you_mean

EXTENSIONS = ["tables", "footnotes", "attr_list", "def_list", "abbr", "admonition",
              "sane_lists", "smarty", "fenced_code", "toc"]
_AUDIENCE_OPEN = re.compile(r"^:::[ \t]*(only|except)[ \t]+([^\n]*?)[ \t]*$")
_AUDIENCE_CLOSE = re.compile(r"^:::[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)")
_RAW_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--)>")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


class _WrapProcessor(InlineProcessor):
    """Wraps the first group of the pattern in element ``tag``."""

    def __init__(self, pattern: str, md: markdown.Markdown, tag: str) -> None:
        super().__init__(pattern, md)
        self.tag = tag

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        element = etree.Element(self.tag)
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class BriefExtension(Extension):
    """Strikethrough, and raw HTML turned off (it shows as literal text)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_WrapProcessor(r"~~(?!~)(.+?)~~", md, "del"), "strike", 55)
        md.inlinePatterns.register(_WrapProcessor(r"~(?!~)([^\s~]+)~", md, "sub"), "sub", 54)
        md.inlinePatterns.register(_WrapProcessor(r"\^(?!\[)([^\s^\[\]]+)\^", md, "sup"), "sup", 53)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def converter() -> markdown.Markdown:
    """A fresh converter (one per document: footnotes and the stash never leak)."""
    return markdown.Markdown(
        extensions=[*EXTENSIONS, BriefExtension()],
        extension_configs={
            "toc": {"slugify": slugify_unicode, "permalink": False},
            "footnotes": {"UNIQUE_IDS": False, "BACKLINK_TEXT": "", "USE_DEFINITION_ORDER": False},
            "smarty": {"smart_angled_quotes": False},
        },
        output_format="html",
    )


def to_html(body: str) -> str:
    return converter().convert(body)


def select_audience(body: str, audience: str, known: tuple[str, ...], path: Path) -> str:
    """Keep the lines meant for ``audience``; blank the others and the ``:::`` fences."""
    lines = body.split("\n")
    out: list[str] = []
    stack: list[tuple[bool, int]] = []  # (shown, line of the opening fence)
    in_code: str | None = None
    for number, line in enumerate(lines, start=1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)[:3]
            in_code = None if in_code == marker else (in_code or marker)
        opened = None if in_code else _AUDIENCE_OPEN.match(line)
        if opened:
            names = opened.group(2).replace(",", " ").split()
            if not names:
                raise BriefError(path, number, 1, "audience block names no audience")
            for name in names:
                if name not in known:
                    col = line.index(name) + 1
                    raise BriefError(path, number, col, f"unknown audience '{name}'"
                                     f"{did_you_mean(name, known)}")
            wanted = audience in names
            stack.append((wanted if opened.group(1) == "only" else not wanted, number))
            out.append("")
            continue
        if not in_code and stack and _AUDIENCE_CLOSE.match(line):
            stack.pop()
            out.append("")
            continue
        out.append(line if all(shown for shown, _ in stack) else "")
    if stack:
        raise BriefError(path, stack[-1][1], 1, "audience block is not closed: add a line ':::'")
    return "\n".join(out)


def audience_names(body: str) -> set[str]:
    """Every audience named in an audience block (for ``check``)."""
    return {name for line in body.split("\n") if (m := _AUDIENCE_OPEN.match(line))
            for name in m.group(2).replace(",", " ").split()}


def warn_raw_html(body: str, path: Path, reporter: Reporter) -> None:
    """Warn once per line where raw HTML appears (it is kept as literal text)."""
    in_code: str | None = None
    for number, line in enumerate(body.split("\n"), start=1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)[:3]
            in_code = None if in_code == marker else (in_code or marker)
            continue
        if in_code or line.startswith("    "):
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        match = _RAW_TAG.search(visible)
        if match:
            reporter.warn(path, number, match.start() + 1,
                          f"raw HTML '{match.group(0)[:40]}' is shown as text, not interpreted")
