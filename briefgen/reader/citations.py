"""Citations and cross-references as pandoc and Quarto write them (a markdown-it inline rule).

=========================  ===================================================
``[@key]``                 a citation (in a note style: a footnote)
``[@key, para 8]``         with a locator: a CSL label and its value
``[@key, 45]``             a bare number is a page
``[see @a, 12; @b]``       several sources, each with a prefix and a locator
``[-@key]``                the author left out (already named in the text)
``@key``, ``@key [p. 33]`` narrative: the author named in the sentence
``@fig-x``, ``@tbl-x``,    cross-references to a labelled figure, table or
``@sec-x``                 section (``briefgen.citations`` tells them apart)
=========================  ===================================================

An ``@`` after a letter or digit (``info@un.org``) is not a citation, and a key
ends before trailing punctuation (``@npt.`` cites ``npt``).  The rule makes a
``cite`` token whose ``meta`` holds the parsed items (:class:`briefgen.model.CiteItem`), the
source text, whether it is narrative, and ``problems``: locators it could not
read (the reader warns at their place and keeps their text as a suffix).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .. import model as m

KEY = r"[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*"
_KEY_AT = re.compile(rf"(-?)@({KEY})")
_NARRATIVE = re.compile(rf"@({KEY})")
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:[0-9]+[a-z]?|{_ROMAN}|{_ROMAN.upper()})(?:\([0-9a-z]+\))*"
_VALUE = re.compile(rf"(?:{_NUMBER})(?:\s*[-–,&]\s*(?:{_NUMBER}))*(?=$|[\s;,.)])")
_WORD = re.compile(r"([^\W\d_]+\.?|¶¶?|§§?)\s*(?=[0-9ivxlcdmIVXLCDM])")

LABELS: dict[str, str] = {}
"""Locator words (as pandoc reads them in English) → CSL locator labels."""
for _label, _words in {
    "page": "p p. pp pp. page pages", "paragraph": "para para. paras paras. paragraph "
    "paragraphs ¶ ¶¶", "article": "art art. arts arts. article articles",
    "section": "s s. ss ss. sec sec. secs secs. section sections § §§",
    "chapter": "ch ch. chap chap. chaps chaps. chapter chapters",
    "note": "n n. nn nn. note notes", "part": "pt pt. pts pts. part parts",
    "volume": "vol vol. vols vols. volume volumes", "line": "l l. ll ll. line lines",
    "figure": "fig fig. figs figs. figure figures", "book": "bk bk. bks bks. book books",
    "column": "col col. cols cols. column columns", "number": "no no. nos nos. number",
    "verse": "v v. vv vv. verse verses", "folio": "fol fol. fols fols. folio folios",
}.items():
    for _word in _words.split():
        LABELS[_word] = _label


def citation_plugin(md: MarkdownIt) -> None:
    """Add the bracketed and the narrative citation rules (before links and emphasis)."""
    md.inline.ruler.before("link", "cite_bracket", _bracketed)
    md.inline.ruler.before("emphasis", "cite_narrative", _narrative)


def locator(text: str) -> tuple[str | None, str | None, str, str | None]:
    """``"para 8, emphasis added"`` → (label, value, suffix, problem).

    A bare number is a page; a word that is no known label before a number, or a
    label without a value, is a problem (the text stays, as the suffix)."""
    text = text.strip()
    if not text:
        return None, None, "", None
    value = _VALUE.match(text)
    if value:
        return "page", value.group(0), text[value.end():], None
    word = _WORD.match(text)
    if word:
        label = LABELS.get(word.group(1).lower()) or LABELS.get(word.group(1))
        rest = text[word.end():]
        value = _VALUE.match(rest)
        if label and value:
            return label, value.group(0), rest[value.end():], None
        if not label:
            return None, None, text, (f"unknown locator label '{word.group(1)}' (use page, "
                                      "para, art, s, ch, n …)")
        return None, None, text, f"cannot read the locator '{text[:30]}'"
    first = text.split()[0].lower()
    if first in LABELS:
        return None, None, text, f"locator '{text[:30]}' has no number"
    return None, None, text, None


def _item(part: str, problems: list[str]) -> m.CiteItem | None:
    found = _KEY_AT.search(part)
    if not found:
        return None
    prefix = part[: found.start()].strip()
    after = part[found.end():]
    label = value = None
    suffix = after.strip()
    if after.lstrip().startswith(","):
        label, value, suffix, problem = locator(after.lstrip()[1:])
        if problem:
            problems.append(problem)
            suffix = after.lstrip()
    return m.CiteItem(found.group(2), prefix, label, value, suffix.strip(),
                      bool(found.group(1)))


def _closing(src: str, start: int, end: int) -> int:
    """The ``]`` closing the ``[`` at ``start`` (nested brackets allowed), or -1."""
    depth = 0
    index = start
    while index < end:
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _bracketed(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "[" or src.startswith("[^", start):
        return False
    close = _closing(src, start, state.posMax)
    if close < 0 or (close + 1 < state.posMax and src[close + 1] in "([{"):
        return False
    inner = src[start + 1: close]
    if "@" not in inner:
        return False
    problems: list[str] = []
    parts = [_item(part, problems) for part in inner.split(";")]
    if not parts or any(p is None for p in parts):
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.content = src[start: close + 1]
        token.meta = {"items": parts, "narrative": False, "problems": problems}
    state.pos = close + 1
    return True


def _narrative(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "@":
        return False
    if start > 0 and (src[start - 1].isalnum() or src[start - 1] in "_@\\"):
        return False
    found = _NARRATIVE.match(src, start)
    if not found:
        return False
    end = found.end()
    problems: list[str] = []
    item = m.CiteItem(found.group(1))
    bracket = re.match(r"[ \t]\[", src[end: state.posMax])
    if bracket and not src.startswith("[@", end + 1):
        close = _closing(src, end + 1, state.posMax)
        if close > 0 and "@" not in src[end + 2: close]:
            label, value, suffix, problem = locator(src[end + 2: close])
            if problem:
                problems.append(problem)
            item = m.CiteItem(found.group(1), "", label, value, suffix.strip())
            end = close + 1
    if not silent:
        token = state.push("cite", "", 0)
        token.content = src[start:end]
        token.meta = {"items": [item], "narrative": True, "problems": problems}
    state.pos = end
    return True
