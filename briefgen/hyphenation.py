"""Hyphenation rules shared by both writers, as good typesetting does it.

* Patterns per language: ``en`` means US English (Liang's patterns, TeX's
  default; pyphen's own ``en`` is British), ``en-GB`` chooses British ones.
* At least :data:`LEFT` letters before and :data:`RIGHT` after a break; never
  in a capitalised word (names, acronyms), never next to a hyphen or digit.
* At most :data:`MAX_CONSECUTIVE` hyphenated lines in a row, never across a
  page, and a penalty: a break is kept only when the line without it would
  be clearly worse (:func:`worth_it`), so ragged-right text hyphenates rarely.

The PDF writer runs :class:`Hyphenator` inside reportlab's line breaker
(``briefgen.pdf.flowables``); the DOCX writer turns the same numbers into
Word's settings (``w:autoHyphenation``, ``w:consecutiveHyphenLimit``,
``w:doNotHyphenateCaps``, ``w:hyphenationZone``).
"""

from __future__ import annotations

from collections.abc import Iterator

LEFT = 2
"""Letters before a break, at least."""
RIGHT = 3
"""Letters after a break, at least."""
MIN_WORD = 6
"""Shorter words are never broken."""
MAX_CONSECUTIVE = 2
"""Hyphenated lines in a row, at most."""
RAGGED_ZONE = 0.16
"""Ragged right: a break is made only when the line without it would leave more
than this share of the measure empty (Word's hyphenation zone, as a share)."""
JUSTIFIED_STRETCH = 1.3
"""Justified: a break is made only when without it the word spaces would grow by
more than this many space widths each."""


def patterns(language: str) -> str | None:
    """pyphen's dictionary name for a BCP 47 ``language``, or ``None``."""
    import pyphen

    tag = language.replace("_", "-").strip()
    if tag.lower() in ("en", "en-us"):
        return "en_US"
    return pyphen.language_fallback(tag.replace("-", "_"))


def breakable(word: str) -> bool:
    """Whether ``word`` may be hyphenated at all."""
    return (len(word) >= MIN_WORD and word.isalpha() and not any(c.isupper() for c in word))


def worth_it(slack_without: float, width: float, spaces: int, space_width: float,
             justified: bool) -> bool:
    """Whether a break is worth making: ``slack_without`` is the room the line
    would leave if the word went whole to the next line."""
    if justified:
        if spaces <= 0:
            return slack_without > width * RAGGED_ZONE
        return slack_without / spaces > JUSTIFIED_STRETCH * space_width
    return slack_without > width * RAGGED_ZONE


def _load_patterns(language: str) -> None:
    """Put the parsed patterns of ``language`` in pyphen's own memo, from the user's cache
    folder when they were parsed before (pyphen parses a ``.dic`` file in pure Python,
    a fifth of a small brief's build)."""
    import pickle

    import pyphen

    from .cache import cache_dir, file_key, write_atomic

    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    if path in pyphen.hdcache:
        return
    cached = cache_dir() / "hyphenation-v1" / f"{file_key(path, pyphen.VERSION)}.pickle"
    try:
        parsed = pickle.loads(cached.read_bytes())
        if not isinstance(parsed, pyphen.HyphDict):
            raise ValueError(cached)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        parsed = pyphen.HyphDict(path)
        write_atomic(cached, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    pyphen.hdcache[path] = parsed


class Hyphenator:
    """A reportlab hyphenator (``word -> (head, tail) pairs``) that records
    what it was asked and which break the line breaker took, and obeys vetoes.

    Calls are numbered per wrap (:meth:`start`); ``veto`` holds ``(call number,
    word)`` pairs the paragraph rejected after looking at the lines.
    """

    def __init__(self, language: str) -> None:
        import pyphen

        self.language = language
        _load_patterns(language)
        self._dic = pyphen.Pyphen(lang=language, left=LEFT, right=RIGHT)
        self.veto: frozenset[tuple[int, str]] = frozenset()
        self.off = False
        self.calls: list[list] = []

    def __deepcopy__(self, memo: dict) -> Hyphenator:
        return self  # reportlab deep-copies a style when it splits a paragraph

    def start(self, veto: frozenset[tuple[int, str]], off: bool = False) -> None:
        """Begin a wrap with these vetoes (``off``: no breaks at all)."""
        self.veto = veto
        self.off = off
        self.calls = []

    def accepted(self) -> list[tuple[int, str, str]]:
        """``(call number, word, head)`` of every break the last wrap made."""
        return [(i, word, head) for i, (word, head, done) in enumerate(self.calls)
                if head is not None and not done]

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        index = len(self.calls)
        record: list = [word, None, False]
        self.calls.append(record)
        return self._pairs(index, word, record)

    def _pairs(self, index: int, word: str, record: list) -> Iterator[tuple[str, str]]:
        if not self.off and breakable(word) and (index, word) not in self.veto:
            for head, tail in self._dic.iterate(word):
                if len(head) < LEFT or len(tail) < RIGHT:
                    continue
                record[1] = head
                yield head, tail
        record[2] = True  # ran out: the line breaker took none

