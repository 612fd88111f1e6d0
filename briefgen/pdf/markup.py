"""Model inlines → reportlab Paragraph markup.  The ONLY module that builds markup.

Every text reaches the markup through :func:`esc` (``html.escape`` of ``&<>``)
and every attribute through :func:`attr` (``html.escape``), so ``AT&T``,
``x<y`` and quotes survive.  Bold and italic are chosen as explicit faces
(``<font face="DejaVuSerif-Bold">``) rather than ``<b>``/``<i>``, so a
fallback family (Korean in NanumGothic) keeps the weight and slant.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

from .. import model as m
from ..citations.authorities import TOA
from ..decide import NOTE_SEPARATOR
from ..diagnostics import Reporter
from ..fonts import ADD_FONT_HINT, script_name
from ..language import lang_runs
from .fonts import FontSet
from .tagging import LINK_MARK, Recorder


def esc(text: str) -> str:
    """Escape text for Paragraph markup."""
    return html.escape(text, quote=False)


def attr(value: str) -> str:
    """Escape an attribute value for Paragraph markup."""
    return html.escape(value, quote=True)


@dataclass(frozen=True, slots=True)
class RunStyle:
    """The character style in force while walking inlines."""

    family: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    sup: bool = False
    sub: bool = False
    mono: bool = False
    lang: str | None = None
    """The language the author marked on the text around (a Span); ``None``: the brief's."""


@dataclass(slots=True)
class Links:
    """Anchors known before the build: model id → PDF destination name."""

    anchors: dict[str, str]
    colour: str
    recorder: Recorder
    notes_seen: dict[int, int] = field(default_factory=dict)
    """How many references each note has had (anchor names stay unique)."""
    notes_with_body: frozenset[int] = frozenset()


@dataclass(slots=True)
class InlineContext:
    """What one block's inlines need: fonts, links, and where to report."""

    fonts: FontSet
    links: Links
    reporter: Reporter
    source: str
    size: float
    base_face: str
    missing: list[str] = field(default_factory=list)
    note_refs: list[int] = field(default_factory=list)
    """Note numbers referenced by this block, in order (first references only)."""
    language: str | None = None
    """The brief's language: text in another script gets a Span with no language
    (``briefgen.language``); ``None``: text is not split by language (running heads)."""

    def report_missing(self, pos: m.Pos | None) -> None:
        line, col = (pos.line, pos.col) if pos else (0, 0)
        if self.missing:
            self.reporter.warn(pos.path or self.source if pos else self.source, line, col,
                               missing_message(self.missing))
        self.missing.clear()


def missing_message(chars: list[str]) -> str:
    """One warning for characters no installed font has: which, their script,
    and how to add a font."""
    listed = ", ".join(f"{c!r} (U+{ord(c):04X}, {script_name(c)})" for c in chars)
    return f"no installed font has a glyph for {listed}; shown as a replacement mark: {ADD_FONT_HINT}"


def text_markup(text: str, ctx: InlineContext, style: RunStyle) -> str:
    """Escaped runs of ``text`` with explicit faces (and fallback faces); letters of a
    script foreign to the brief that no span marked go in a Span of unknown language."""
    if ctx.language is None or style.lang is not None:
        return _face_markup(text, ctx, style)
    out = []
    for piece, lang in lang_runs(text, ctx.language):
        body = _face_markup(piece, ctx, style)
        out.append(body if lang is None else in_language(ctx.links.recorder, lang, body))
    return "".join(out)


def _face_markup(text: str, ctx: InlineContext, style: RunStyle) -> str:
    family = ctx.fonts.mono if style.mono else style.family
    out: list[str] = []
    for run in ctx.fonts.runs(text, family, style.bold, style.italic,
                              ctx.missing):
        body = esc(run.text)
        if style.strike:
            body = f"<strike>{body}</strike>"
        if style.sup:
            body = f"<super>{body}</super>"
        elif style.sub:
            body = f"<sub>{body}</sub>"
        size = f' size="{ctx.size * 0.9:.2f}"' if style.mono else ""
        if run.face != ctx.base_face or size:
            body = f'<font face="{attr(run.face)}"{size}>{body}</font>'
        out.append(body)
    return "".join(out)


def inline_markup(inlines: tuple[m.Inline, ...], ctx: InlineContext, style: RunStyle) -> str:
    """Markup for ``inlines`` in ``style``.  Adjacent note references are
    separated by a superscript comma (``¹,²``)."""
    out: list[str] = []
    previous: m.Inline | None = None
    for node in inlines:
        if isinstance(node, m.NoteRef) and isinstance(previous, m.NoteRef):
            out.append(text_markup(NOTE_SEPARATOR, ctx, replace(style, sup=True)))
        out.append(_inline(node, ctx, style))
        previous = node
    return "".join(out)


def _inline(node: m.Inline, ctx: InlineContext, style: RunStyle) -> str:
    if isinstance(node, m.Text):
        return text_markup(node.text, ctx, style)
    if isinstance(node, m.Strong):
        return inline_markup(node.children, ctx, replace(style, bold=True))
    if isinstance(node, m.Emphasis):
        return inline_markup(node.children, ctx, replace(style, italic=not style.italic))
    if isinstance(node, m.Strike):
        return inline_markup(node.children, ctx, replace(style, strike=True))
    if isinstance(node, m.Superscript):
        return inline_markup(node.children, ctx, replace(style, sup=True))
    if isinstance(node, m.Subscript):
        return inline_markup(node.children, ctx, replace(style, sub=True))
    if isinstance(node, m.Code):
        return text_markup(node.text, ctx, replace(style, mono=True))
    if isinstance(node, m.Span) and node.expansion:
        from .abbreviations import wrap
        return wrap(inline_markup(node.children, ctx, style), node.expansion)
    if isinstance(node, m.Span) and node.classes[:1] == (TOA,):
        return page_mark(node.classes[1]) + inline_markup(node.children, ctx, style)
    if isinstance(node, m.Span):
        if node.lang is None or style.lang is not None and style.lang == node.lang:
            return inline_markup(node.children, ctx, style)
        inner = inline_markup(node.children, ctx, replace(style, lang=node.lang))
        return in_language(ctx.links.recorder, node.lang, inner)
    if isinstance(node, m.Link):
        return _link(node, ctx, style)
    if isinstance(node, m.LineBreak):
        return "<br/>"
    if isinstance(node, m.NoteRef):
        return _note_ref(node.number, ctx, style)
    raise TypeError(f"unknown inline {type(node).__name__}")


PAGE_MARK = "briefgen_page"
"""Name of the canvas callback an ``onDraw`` page mark calls (:func:`page_mark`)."""


def page_mark(name: str) -> str:
    """Paragraph markup that records, as the line holding it is drawn, the page it lands
    on under ``name`` (a table of authorities' citation marks)."""
    return f'<onDraw name="{PAGE_MARK}" label="{name}"/>'


def marked(recorder: Recorder, target: str, text: str, markup: str) -> str:
    """``markup`` between ``onDraw`` marks, so its marked content belongs to a Link
    element (with /Contents ``text``) that also gets the annotation of ``target``."""
    return _between(recorder.inline_id("Link", target, Contents=text), markup)


def _between(ident: str, markup: str) -> str:
    return (f'<onDraw name="{LINK_MARK}" label="open:{ident}"/>{markup}'
            f'<onDraw name="{LINK_MARK}" label="close:{ident}"/>')


_TAG = re.compile(r"<[^>]*>")
_MARK = re.compile(rf'<onDraw name="{LINK_MARK}" label="(open|close):(\d+)"/>')


def upper_markup(markup: str, recorder: Recorder, keep: str = "") -> tuple[str, str]:
    """``markup`` drawn in capitals (a heading the template upper-cases) but for its
    leading ``keep`` (the heading's number, as written), and its real text up to the
    first inline element.  Each piece between ``onDraw`` marks keeps its real text for
    its /ActualText: a Link's or Span's own (``_actual``), what follows its close
    (``_after``) or an abbreviation's close (its label), so a Link in the heading holds
    its text and the heading reads in its real case."""
    from .abbreviations import CLOSE

    drawn: list[str] = []
    pieces = [""]
    marks: list[tuple[str, str] | int] = []
    start = 0
    for tag in [*_TAG.finditer(markup), None]:
        real = html.unescape(markup[start:tag.start() if tag else len(markup)])
        kept = len(real) if keep.startswith(real) else len(keep) * real.startswith(keep)
        keep = keep[kept:] if kept == len(real) else ""
        pieces[-1] += real
        drawn.append(esc(real[:kept] + real[kept:].upper()))
        if tag is None:
            break
        start = tag.end()
        mark = _MARK.fullmatch(tag.group())
        if mark or "<onDraw " in tag.group():
            marks.append((mark.group(1), mark.group(2)) if mark else len(drawn))
            pieces.append("")
        drawn.append(tag.group())
    for where, text in zip(marks, pieces[1:]):
        if isinstance(where, int):
            if f'name="{CLOSE}"' in drawn[where]:
                drawn[where] = f'<onDraw name="{CLOSE}" label="{attr(text)}"/>'
        else:
            recorder.inlines[where[1]][2]["_actual" if where[0] == "open" else "_after"] = text
    return "".join(drawn), pieces[0]


def in_language(recorder: Recorder, lang: str, markup: str) -> str:
    """``markup`` as a Span element with ``/Lang lang`` ("und": undetermined)."""
    return _between(recorder.inline_id("Span", Lang=lang), markup)


def _link(node: m.Link, ctx: InlineContext, style: RunStyle) -> str:
    inner = inline_markup(node.children, ctx, style)
    links = ctx.links
    text = " ".join(m.plain_text(node.children).split())
    if node.internal:
        key = links.anchors.get(node.target[1:])
        if key is None:
            return inner  # reported by the story before the build
        href = f"#{key}"
        text = text or node.target[1:]
    else:
        href = node.target
        text = text or node.title or href
    links.recorder.describe.setdefault(href.lstrip("#"), text)
    link = f'<a href="{attr(href)}" color="{attr(links.colour)}">{inner}</a>'
    return marked(links.recorder, href.lstrip("#"), text, link)


def note_anchor(number: int) -> str:
    return f"fn{number}"


def _note_ref(number: int, ctx: InlineContext, style: RunStyle) -> str:
    links = ctx.links
    mark = text_markup(str(number), ctx, replace(style, sup=True, bold=False, italic=False))
    if number not in links.notes_with_body:
        return mark
    count = links.notes_seen.get(number, 0)
    links.notes_seen[number] = count + 1
    name = f"fnref{number}" if count == 0 else f"fnref{number}-{count}"
    if count == 0:
        ctx.note_refs.append(number)
    target = note_anchor(number)
    links.recorder.describe.setdefault(target, f"Footnote {number}")
    link = f'<a href="#{target}" color="{attr(links.colour)}">{mark}</a>'
    return f'<a name="{name}"/>' + marked(links.recorder, target, f"Footnote {number}", link)
