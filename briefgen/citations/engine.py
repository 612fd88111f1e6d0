"""CSL formatting with citeproc-py: citations and bibliography entries → model inlines.

citeproc-py 0.11 falls short in three ways that this module works around
(``/work/shared/notes/library-pitfalls.md`` §22):

* positions: it decides "ibid" and "subsequent" from its own list of earlier
  cites and ignores notes; we compute every cite's position
  (``briefgen.citations.positions``) and :func:`_install` makes its ``<if
  position=…>`` test read ours;
* ``first-reference-note-number`` ("(n 3)" in OSCOLA) is never filled: we set it
  on the reference just for the cite being rendered;
* ``<if disambiguate="true">`` is always true (it would print a short title in
  every OSCOLA short form): we make it true only when another cited work has
  the same first author;
* ``<substitute><text macro="title"/></substitute>`` does not suppress the title
  later in the same cite (a treaty's title came out twice): we suppress every
  variable of the substituted macro, as CSL says;
* a locator must be a ``Locator(label, value)``, never a plain string;
  ``[-@key]`` (author suppressed) is not supported: we hide the names of the
  reference while it renders, and what the style would substitute for them.

The HTML citeproc-py writes (``<i>``, ``<b>``, small caps, ``<sup>``) is read
back into :class:`briefgen.model` inlines; no markup reaches a writer.
"""

from __future__ import annotations

import html
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import Locator, formatter
from citeproc import model as csl_model
from citeproc.frontend import CitationStylesXML
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from lxml import etree

from .. import model as m
from .macros import memoise_style_walks
from .positions import Cited, Position, positions
from .sources import NAME_FIELDS, Entry

_POSITION = "briefgen_position"
_AMBIGUOUS = "briefgen_ambiguous"
_SUPPRESS = "briefgen_suppress_author"
_CSL = "http://purl.org/net/xbiblio/csl"


def _install() -> None:
    """Make citeproc-py's conditions read the positions and ambiguity we computed."""
    memoise_style_walks()
    if getattr(csl_model.If, "_briefgen", False):
        return
    original_position, original_render = csl_model.If._position, csl_model.If.render

    def position(self, item, context=None):  # noqa: ANN001, ANN202 - citeproc's signature
        flags = item.get(_POSITION) if isinstance(item, dict) else None
        if flags is None:
            return original_position(self, item, context)
        return [name in flags for name in self.get("position").split()]

    def render(self, item, context=None, delimiter="", **kwargs):  # noqa: ANN001, ANN202
        if self.get("disambiguate") == "true" and isinstance(item, dict) and \
                not item.get(_AMBIGUOUS, False):
            raise csl_model.ConditionFailed
        return original_render(self, item, context, delimiter, **kwargs)

    original_repress = csl_model.Substitute.add_to_repressed_list

    def repress(self, child, context):  # noqa: ANN001, ANN202
        original_repress(self, child, context)
        name = child.get("macro")
        if not name:
            return
        layout = context.get_layout()
        for macro in self.get_root().findall(f"{{{_CSL}}}macro"):
            if macro.get("name") == name:
                for node in macro.iter():
                    if node.get("variable"):
                        layout.repressed.setdefault(node.tag, []).append(node.get("variable"))

    original_substitute = csl_model.Substitute.render

    def substitute(self, item, context=None, **kwargs):  # noqa: ANN001, ANN202
        if isinstance(item, dict) and item.get(_SUPPRESS, False):
            return None
        return original_substitute(self, item, context, **kwargs)

    csl_model.Substitute.render = substitute
    csl_model.If._position = position
    csl_model.If.render = render
    csl_model.Substitute.add_to_repressed_list = repress
    csl_model.If._briefgen = True


_EXTRA_TERMS = b"""<locale xmlns="http://purl.org/net/xbiblio/csl" xml:lang="en"><terms>
<term name="article-locator"><single>article</single><multiple>articles</multiple></term>
<term name="article-locator" form="short"><single>art.</single><multiple>arts.</multiple></term>
</terms></locale>"""
"""CSL 1.0.2's ``article-locator`` label, which citeproc-py's locale files lack (its
``article`` term is the genre "preprint": APA printed "Preprint 3" for "art 3")."""
_CSL_LABELS = {"article": "article-locator"}


def _add_terms(style: CitationStylesStyle) -> None:
    extra = CitationStylesXML(io.BytesIO(_EXTRA_TERMS), validate=False).root
    extra.style = style.root
    style.root.locales.append(extra)


class Engine:
    """One style and one brief's entries."""

    def __init__(self, style: Path, entries: tuple[Entry, ...]) -> None:
        _install()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.style = CitationStylesStyle(str(style), validate=False)
            _add_terms(self.style)
            self.source = CiteProcJSON([dict(e.data) for e in entries])
        self.entries = {e.key.lower(): e for e in entries}
        self.bib = CitationStylesBibliography(self.style, self.source, formatter.html)

    @property
    def note_style(self) -> bool:
        return self.style.root.get("class") == "note"

    def render(self, citations: list[tuple[int, tuple[m.CiteItem, ...]]], *,
               full_after: int = 0) -> list[tuple[m.Inline, ...]]:
        """Each citation ((note number, items), in reading order) as inlines."""
        cited = [(note, [Cited(i.key.lower(), (i.label, i.locator) if i.locator else None)
                         for i in items]) for note, items in citations]
        places = positions(cited, near_note_distance=self._near_note(), full_after=full_after)
        ambiguous = self._ambiguous({c.key for _, row in cited for c in row})
        out: list[tuple[m.Inline, ...]] = []
        for (note, items), row in zip(citations, places):
            citation = Citation([self._item(i, p, ambiguous) for i, p in zip(items, row)])
            self.bib.register(citation)
            with self._rendering(items, row), self._in_order(items):
                text = self.bib.cite(citation, lambda item: None)
            out.append(to_inlines(str(text)))
        return out

    def bibliography(self) -> list[tuple[str, tuple[m.Inline, ...]]]:
        """(key, entry) of every cited work, in the style's order."""
        if not self.bib.items or not self.style.has_bibliography():
            return []
        plain = CitationStylesBibliography(self.style, self.source, formatter.html)
        plain.register(Citation([CitationItem(key) for key in self.bib.keys]))
        plain.sort()
        return [(key, to_inlines(str(text))) for key, text in
                zip(plain.keys, plain.bibliography())]

    def _item(self, item: m.CiteItem, place: Position, ambiguous: set[str]) -> CitationItem:
        args: dict[str, object] = {}
        if item.locator:
            label = item.label or "page"
            args["locator"] = Locator(_CSL_LABELS.get(label, label), item.locator)
        if item.prefix:
            args["prefix"] = html.escape(item.prefix, quote=False) + " "
        if item.suffix:
            suffix = item.suffix if item.suffix[0] in ",.;:)" else " " + item.suffix
            args["suffix"] = html.escape(suffix, quote=False)
        cite = CitationItem(item.key, **args)
        cite[_POSITION] = place.flags()
        cite[_AMBIGUOUS] = item.key.lower() in ambiguous
        cite[_SUPPRESS] = item.suppress_author
        return cite

    @contextmanager
    def _rendering(self, items: tuple[m.CiteItem, ...], row: list[Position]) -> Iterator[None]:
        """Set each reference's note number and hide suppressed authors while rendering."""
        saved: list[tuple[dict, str, object]] = []
        for item, place in zip(items, row):
            reference = self.source[item.key.lower()]
            changes: dict[str, object] = {}
            if place.first_note is not None:
                changes["first_reference_note_number"] = str(place.first_note)
            for field in (NAME_FIELDS if item.suppress_author else ()):
                changes[field.replace("-", "_")] = None
            for field, value in changes.items():
                saved.append((reference, field, reference.get(field)))
                if value is None:
                    reference.pop(field, None)
                else:
                    reference[field] = value
        try:
            yield
        finally:
            for reference, field, old in reversed(saved):
                if old is None:
                    reference.pop(field, None)
                else:
                    reference[field] = old

    @contextmanager
    def _in_order(self, items: tuple[m.CiteItem, ...]) -> Iterator[None]:
        """Keep the author's order of the cites (citeproc-py sorts them by first citation
        even when the style has no ``<sort>``): their keys swap places in its list while
        the citation renders.  Numeric styles keep their order (their numbers)."""
        keys = self.bib.keys
        if self._numeric or len(items) < 2:
            yield
            return
        wanted = list(dict.fromkeys(i.key.lower() for i in items))
        slots = sorted(keys.index(k) for k in wanted)
        saved = list(keys)
        for slot, key in zip(slots, wanted):
            keys[slot] = key
        try:
            yield
        finally:
            keys[:] = saved

    @property
    def _numeric(self) -> bool:
        citation = self.style.root.find(f"{{{_CSL}}}citation")
        text = etree.tostring(citation).decode() if citation is not None else ""
        return "citation-number" in text

    def _near_note(self) -> int:
        try:
            return int(self.style.root.citation.get_option("near-note-distance"))
        except (VariableError, TypeError, ValueError, AttributeError):
            return 5

    def _ambiguous(self, keys: set[str]) -> set[str]:
        """Cited keys whose first author's family name another cited work shares."""
        firsts: dict[str, list[str]] = {}
        for key in keys:
            names = self.entries[key].data.get("author") or self.entries[key].data.get("editor")
            if names:
                name = names[0].get("family") or names[0].get("literal", "")
                firsts.setdefault(name.lower(), []).append(key)
        return {k for group in firsts.values() if len(group) > 1 for k in group}


class _Reader(HTMLParser):
    """citeproc-py's HTML → nested model inlines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[m.Inline]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = dict(attrs).get("style") or ""
        self.stack.append(("smallcaps" if "small-caps" in style else tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        kind, children = self.stack.pop()
        node = _wrap(kind, tuple(children))
        self.stack[-1][1].extend(node)

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1][1].append(m.Text(data))


def _wrap(kind: str, children: tuple[m.Inline, ...]) -> list[m.Inline]:
    wrappers = {"i": m.Emphasis, "em": m.Emphasis, "b": m.Strong, "strong": m.Strong,
                "sup": m.Superscript, "sub": m.Subscript}
    if kind in wrappers:
        return [wrappers[kind](children)]
    if kind == "smallcaps":
        return [m.Span(children, None, ("smallcaps",))]
    return list(children)


def to_inlines(markup: str) -> tuple[m.Inline, ...]:
    """Inlines of citeproc-py's HTML output (adjacent texts merged)."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    while len(reader.stack) > 1:
        reader.handle_endtag("")
    out: list[m.Inline] = []
    for node in reader.stack[0][1]:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)
