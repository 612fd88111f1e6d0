"""The Markdown parser: markdown-it-py (CommonMark) configured for briefs.

CommonMark is what the author's editor previews (GitHub, VS Code, Obsidian,
pandoc), so a brief's lists, quotes and code read here exactly as they look
there.  On top of CommonMark the parser knows:

=======================  ==============================================================
GFM                      tables and ``~~strikethrough~~`` (markdown-it core rules)
footnotes                ``[^id]`` with ``[^id]: text``, inline ``^[text]`` (plugin)
definition lists         ``Term`` / ``:   definition`` (plugin)
attributes               ``{#id .class key=value}`` after images, links, code and
                         ``[spans]{lang=ru}``; alone on the line before a block;
                         at the end of a heading (``heading_attrs`` below)
admonitions              ``!!! note "Title"`` (plugin)
fenced divs              ``::: only executive`` / ``::: except exam`` (audience
                         blocks), ``::: {.callout-note title="…"}`` (callouts),
                         any ``::: {#id .class}``; nested (``briefgen.reader.divs``)
sub/superscript          ``H~2~O``, ``x^2^`` (plugins)
shortcodes               ``{{< meta key >}}``, ``{{< var a.b >}}`` (``.shortcodes``);
                         ``{{< include part.md >}}`` lines are expanded before
                         parsing (``.includes``)
citations                ``[@key, para 8]``, ``@key``, ``@fig-x`` (``briefgen.reader.citations``)
raw HTML                 parsed as HTML so it is *found* exactly, then shown as
                         literal text with a warning (never interpreted)
typography               curly quotes (markdown-it ``smartquotes``) and ``--`` → –,
                         ``---`` → —, ``...`` → … (``dashes`` below; markdown-it's own
                         ``replacements`` also turns ``(c)`` into ©, which would
                         corrupt "Article 2(c)", so it stays off)
=======================  ==============================================================

Every inline token that a rule creates gets ``meta["offset"]``: where it
starts in its block's content, so the reader can name its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from .citations import citation_plugin
from .divs import div_plugin
from .shortcodes import shortcode_rule

_HEADING_ATTRS = re.compile(r"[ \t]*(\{[^{}\n]*\})[ \t]*$")
_DASHES = ((re.compile(r"(?<!-)---(?!-)"), "\u2014"), (re.compile(r"(?<!-)--(?!-)"), "\u2013"),
           (re.compile(r"\.\.\."), "\u2026"))


MAX_NESTING = 200
"""markdown-it silently drops what is nested deeper than its ``maxNesting`` (20 in the
CommonMark preset: a list ten levels deep lost its tenth level).  Ours is 200 (a list
100 levels deep); :func:`parse` reports where a brief reaches it instead of losing text."""


class TooDeep(Exception):
    """The body nests blocks ``MAX_NESTING`` deep at ``line`` (0-based); text would be lost."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one configured parser (stateless between documents: state lives in ``env``)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": True,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin).use(deflist_plugin).use(admon_plugin)
    md.use(attrs_plugin, spans=True).use(attrs_block_plugin)
    md.use(sub_plugin).use(superscript_plugin).use(div_plugin).use(citation_plugin)
    md.inline.ruler.before("text", "shortcode", shortcode_rule)
    md.core.ruler.after("inline", "heading_attrs", _heading_attrs)
    md.core.ruler.before("smartquotes", "dashes", _dashes)
    md.core.ruler.before("footnote_tail", "footnote_definitions", _footnote_definitions)
    for rule in md.inline.ruler.get_all_rules():
        md.inline.ruler.at(rule, _positioned(_rule_fn(md, rule)))
    return md


def parse(text: str) -> tuple[list[Token], dict]:
    """Tokens of ``text`` and the parse's ``env`` (footnotes, definitions, div problems).

    Raises :class:`TooDeep` where the nesting would make markdown-it drop text."""
    env: dict = {}
    try:
        tokens = parser().parse(text, env)
    except RecursionError:
        raise TooDeep(0) from None
    for token in tokens:
        if token.level >= MAX_NESTING - 1:
            raise TooDeep(token.map[0] if token.map else 0)
    return tokens, env


def _rule_fn(md: MarkdownIt, name: str) -> Callable[[StateInline, bool], bool]:
    for rule in md.inline.ruler.__rules__:
        if rule.name == name:
            return rule.fn
    raise KeyError(name)


def _positioned(fn: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """``fn`` that also records where each token it makes starts in the block's content."""
    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        count = len(state.tokens)
        matched = fn(state, silent)
        if matched and not silent:
            for token in state.tokens[count:]:
                if token.type != "text":
                    token.meta.setdefault("offset", start)
        return matched
    return rule


def _heading_attrs(state: StateCore) -> None:
    """``## Title {#id .class role=measures}``: the braces become the heading's attributes."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        children = inline.children or []
        if not children or children[-1].type != "text":
            continue
        match = _HEADING_ATTRS.search(children[-1].content)
        if not match:
            continue
        try:
            _, attrs = parse_attrs(match.group(1))
        except ParseError:
            continue
        children[-1].content = children[-1].content[: match.start()]
        inline.content = _HEADING_ATTRS.sub("", inline.content)
        for key, value in attrs.items():
            if key == "class" and "class" in token.attrs:
                value = f"{token.attrs['class']} {value}"
            token.attrs[key] = value


def _dashes(state: StateCore) -> None:
    """``---`` → em dash, ``--`` → en dash, ``...`` → ellipsis, outside code and links' URLs."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "text" and ("--" in child.content or "..." in child.content):
                text = child.content
                for pattern, replacement in _DASHES:
                    text = pattern.sub(replacement, text)
                child.content = text


def _footnote_definitions(state: StateCore) -> None:
    """Remember every footnote definition's label and line before the plugin drops the
    unreferenced ones (the reader warns about those)."""
    found = state.env.setdefault("footnote_definitions", {})
    for token in state.tokens:
        if token.type == "footnote_reference_open" and token.map:
            found.setdefault(token.meta["label"], token.map[0])
