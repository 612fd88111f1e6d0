"""Inline nodes → runs, hyperlinks and note references (one function per type).

Formatting is accumulated in a :class:`RunFmt` on the way down and written as
each run's ``w:rPr``.  External links become relationships of the part that
owns the paragraph (library-pitfalls §3); internal ``#id`` links point at the
bookmark names in ``ctx.anchors``; an unknown anchor is reported and its text
kept as plain text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ..decide import NOTE_SEPARATOR
from ..fonts import covers, family_for, library, template_folders
from ..language import UNKNOWN, lang_runs
from ..scripts import is_rtl
from ..template.model import Template
from ..model import (Code, Emphasis, Inline, LineBreak, Link, NoteRef, Strike, Strong,
                     Span, Subscript, Superscript, Text)
from . import crossrefs, footnotes
from . import oxml as ox
from .context import Ctx, State


@dataclass(frozen=True, slots=True)
class RunFmt:
    """Character formatting of the runs being built.  ``style``: a character
    style id (``None``: none); ``vert``: ``superscript``/``subscript``."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    vert: str | None = None
    code: bool = False
    style: str | None = None
    colour: str | None = None
    font: str | None = None
    """A fallback family for characters the paragraph's font lacks (``None``: the style's)."""
    lang: str | None = None
    """The run's language when not the brief's: a marked span's tag, or ``UNKNOWN`` for
    text in a foreign script nobody marked (written ``x-none``: no language, not a wrong
    one)."""
    rtl: bool = False
    """Right-to-left text (Arabic, Hebrew): ``w:rtl``, so Word lays the run out RTL."""

    def with_(self, **changes: object) -> RunFmt:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def props(self, mono: str | None = None) -> ox.Element:
        style = self.style or ("VerbatimChar" if self.code else None)
        fonts = (ox.fonts(mono) if self.code and self.style and mono
                 else ox.fonts(self.font) if self.font and not self.code else None)
        return ox.rpr(
            ox.val("w:rStyle", style) if style else None, fonts,
            ox.el("w:b") if self.bold else None, ox.el("w:bCs") if self.bold else None,
            ox.el("w:i") if self.italic else None, ox.el("w:iCs") if self.italic else None,
            ox.el("w:strike") if self.strike else None,
            ox.colour(self.colour) if self.colour else None,
            ox.val("w:vertAlign", self.vert) if self.vert else None,
            _lang(self.lang) if self.lang is not None else None,
            ox.el("w:rtl") if self.rtl else None)


def _lang(tag: str) -> ox.Element:
    """``w:lang`` for all three script classes (Latin, East Asian, complex)."""
    value = "x-none" if tag == UNKNOWN else tag
    return ox.el("w:lang", {"w:val": value, "w:eastAsia": value, "w:bidi": value})


PLAIN = RunFmt()
Handler = Callable[[Inline, Ctx, State, RunFmt], list[ox.Element]]


def _text(node: Text, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    if not node.text:
        return []
    if ox.xml_safe(node.text) != node.text:
        ctx.warn("characters XML cannot hold were removed from the text")
    mono = ctx.template.fonts.mono
    pieces = lang_runs(node.text, ctx.doc.meta.language, fmt.lang)
    return [ox.text_run(piece, fmt.with_(font=family, lang=lang, rtl=is_rtl(piece)).props(mono))
            for text, lang in pieces for piece, family in font_runs(text, ctx.template)]




def font_runs(text: str, template: Template) -> list[tuple[str, str | None]]:
    """``text`` cut where the family changes: ``None`` for what the body font covers, else
    the family that shows the character in the PDF (the template's fallbacks, then the
    installed font the fallback search picks).  Word reads that name for every script of
    the run (``w:ascii``/``w:hAnsi``, ``w:eastAsia`` for CJK, ``w:cs`` for complex
    scripts); no font file is needed to write it."""
    if text.isascii():
        return [(text, None)]
    lib = library(template_folders(template.inputs))
    body = lib.resolve(template.fonts.body)
    chain = (template.fonts.body, *template.fonts.fallback)
    runs: list[list] = []  # [text, family, right to left]
    for char in text:
        family = runs[-1][1] if runs and char.isspace() else None  # spaces join their run
        if not (char.isspace() or covers(body, char)):
            family = family_for(char, chain, body.kind, lib)
        rtl = is_rtl(char) if char.isalpha() else None  # neutrals join either direction
        if runs and runs[-1][1] == family and rtl in (None, runs[-1][2]):
            runs[-1][0] += char
        elif runs and runs[-1][1] == family and runs[-1][2] is None:
            runs[-1][0] += char
            runs[-1][2] = rtl
        else:
            runs.append([char, family, rtl])
    return [(t, f) for t, f, _rtl in runs]


def _code(node: Code, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    code_fmt = fmt.with_(code=True)
    return [ox.text_run(node.text, code_fmt.props(ctx.template.fonts.mono))] if node.text else []


def _wrap(**changes: object) -> Handler:
    """A handler for a container inline that adds ``changes`` to the formatting."""
    def handler(node: Inline, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
        children = node.children  # type: ignore[union-attr]
        return render_inlines(children, ctx, state, fmt.with_(**changes))
    return handler


def _line_break(node: LineBreak, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    return [ox.special_run(ox.el("w:br"))]


def _external(node: Link, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    rid = ctx.part.relate_to(node.target, RT.HYPERLINK, is_external=True)
    runs = render_inlines(node.children, ctx.with_(in_link=True), state,
                          fmt.with_(style="Hyperlink"))
    return [ox.hyperlink(runs, rid=rid, tooltip=node.title)]


def _link(node: Link, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    if ctx.in_link:
        return render_inlines(node.children, ctx, state, fmt)
    if not node.internal:
        return _external(node, ctx, state, fmt)
    if crossrefs.is_reference(node):  # "Table 1": Word's REF field to the caption
        field = crossrefs.reference(node, ctx, state, fmt)
        if field is not None:
            return field
    name = ctx.anchors.get(node.target[1:])
    if name is None:  # never after ``briefgen.anchors.check_links``; keep the words
        return render_inlines(node.children, ctx, state, fmt)
    runs = render_inlines(node.children, ctx.with_(in_link=True), state,
                          fmt.with_(style="Hyperlink"))
    return [ox.hyperlink(runs, anchor=name, tooltip=node.title)]


def _note_ref(node: NoteRef, ctx: Ctx, state: State, fmt: RunFmt) -> list[ox.Element]:
    return footnotes.reference(node.number, ctx, state)


HANDLERS: dict[type, Handler] = {
    Text: _text,  # type: ignore[dict-item]
    Code: _code,  # type: ignore[dict-item]
    Strong: _wrap(bold=True),
    Emphasis: _wrap(italic=True),
    Strike: _wrap(strike=True),
    Superscript: _wrap(vert="superscript"),
    Subscript: _wrap(vert="subscript"),
    Link: _link,  # type: ignore[dict-item]
    LineBreak: _line_break,  # type: ignore[dict-item]
    NoteRef: _note_ref,  # type: ignore[dict-item]
    Span: lambda node, ctx, state, fmt: crossrefs.span(node, ctx, state, fmt),  # type: ignore[dict-item]
}


def render_inlines(nodes: tuple[Inline, ...], ctx: Ctx, state: State,
                   fmt: RunFmt = PLAIN) -> list[ox.Element]:
    """The runs (and hyperlinks) showing ``nodes``."""
    out: list[ox.Element] = []
    previous: Inline | None = None
    for node in nodes:
        if isinstance(previous, LineBreak) and isinstance(node, Text):
            node = Text(node.text.lstrip(" \n"))  # a new line starts at its first word
        if isinstance(node, NoteRef) and isinstance(previous, NoteRef):
            out.extend(plain_runs(NOTE_SEPARATOR, fmt.with_(vert="superscript")))  # as the PDF
        previous = node
        handler = HANDLERS.get(type(node))
        if handler is None:
            raise TypeError(f"the DOCX writer has no rule for inline {type(node).__name__}")
        out.extend(handler(node, ctx, state, fmt))
    return out


def plain_runs(text: str, fmt: RunFmt = PLAIN) -> list[ox.Element]:
    """Runs for a plain string (titles, labels)."""
    return [ox.text_run(text, fmt.props())] if text else []
