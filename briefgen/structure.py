"""Section roles: what each top-level section of a brief does.

A level-1 heading gets its role explicitly (``## Looking ahead {role=measures}``)
or from keyword aliases matched against its text; templates may add aliases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import model as m

DEFAULT_ALIASES: dict[m.Role, tuple[str, ...]] = {
    m.Role.SUMMARY: ("summary", "key points", "key messages", "key findings", "executive summary",
                     "at a glance", "bottom line", "tl;dr"),
    m.Role.APPROACH: ("approach", "structure of the answer", "plan of the answer"),
    m.Role.INTRODUCTION: ("introduction", "overview", "purpose", "context and purpose"),
    m.Role.BACKGROUND: ("background", "historical context", "history", "context",
                        "facts"),
    m.Role.LEGAL: ("legal", "international law", "law", "lawfulness", "legality",
                   "sanctions regime", "treaty obligations"),
    m.Role.MEASURES: ("measures", "recommendations", "recommendation", "way forward",
                      "next steps", "options", "policy options", "responses", "what to do",
                      "proposals", "action"),
    m.Role.IMPLICATIONS: ("implications", "impact", "consequences", "risks", "regional security",
                          "security concerns", "geopolitical", "global stability", "analysis",
                          "assessment", "effects"),
    m.Role.CONCLUSION: ("conclusion", "conclusions", "concluding remarks", "summing up",
                        "final remarks", "outlook"),
}
# Matching order: a heading naming both "legal" and "implications" is legal;
# "Legal Responses and Recommendations" is measures (responses win over legal).
_ORDER = (m.Role.SUMMARY, m.Role.APPROACH, m.Role.INTRODUCTION, m.Role.CONCLUSION,
          m.Role.MEASURES, m.Role.LEGAL, m.Role.BACKGROUND, m.Role.IMPLICATIONS)


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w;]+", " ", text.lower()).strip() + " "


def detect_role(text: str, extra: Mapping[str, tuple[str, ...]] | None = None) -> m.Role:
    """The role of a heading reading ``text`` (``OTHER`` when nothing matches).

    ``extra`` maps role names to further aliases (a template's); they are
    tried before the built-in ones.
    """
    haystack = _words(text)
    for role_name, aliases in (extra or {}).items():
        if any(_words(alias) in haystack for alias in aliases):
            return m.Role(role_name)
    for role in _ORDER:
        if any(_words(alias) in haystack for alias in DEFAULT_ALIASES[role]):
            return role
    return m.Role.OTHER


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level section: its heading and the blocks up to the next one."""

    heading: m.Heading
    blocks: tuple[m.Block, ...]

    @property
    def role(self) -> m.Role:
        return self.heading.role or m.Role.OTHER


def sections(blocks: tuple[m.Block, ...]) -> tuple[tuple[m.Block, ...], list[Section]]:
    """The blocks before the first level-1 heading, and the sections."""
    preamble: list[m.Block] = []
    found: list[Section] = []
    current: m.Heading | None = None
    body: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Heading) and block.level == 1:
            if current is not None:
                found.append(Section(current, tuple(body)))
            current, body = block, []
        elif current is None:
            preamble.append(block)
        else:
            body.append(block)
    if current is not None:
        found.append(Section(current, tuple(body)))
    return tuple(preamble), found


def assign_roles(blocks: tuple[m.Block, ...],
                 extra: Mapping[str, tuple[str, ...]] | None = None) -> tuple[m.Block, ...]:
    """``blocks`` with a role on every level-1 heading (explicit roles kept)."""
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Heading) and block.level == 1 and block.role is None:
            from dataclasses import replace

            block = replace(block, role=detect_role(m.plain_text(block.children), extra))
        out.append(block)
    return tuple(out)
