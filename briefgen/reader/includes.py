"""Includes: ``{{< include part.md >}}`` on its own line pulls a part's text into the brief.

Quarto's syntax.  The path is relative to the file that names it; parts may
include parts.  The expansion is textual (before parsing), so a part can hold
any Markdown, but every body line keeps its origin (:data:`Origin`): a
diagnostic inside a part names the part's own file and line.

A loop, a missing or unreadable file and a path outside the project are errors
at the include's ``path:line:col``; the include then adds nothing and reading
goes on (``check`` reports every problem).  An include inside a fenced code
block is shown as code, not expanded.  An include that does not stand alone
on its line is reported by the inline reader (``briefgen.reader.shortcodes``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import BriefError, Reporter
from ..source import Source, decode, sanitise
from .positions import Origin

_INCLUDE = re.compile(r"^([ \t]{0,3})\{\{<[ \t]*include[ \t]+(\S+?)[ \t]*>\}\}[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
MAX_DEPTH = 20
"""Parts nested deeper than this are refused (a chain this long is a mistake)."""


@dataclass(frozen=True, slots=True)
class Expanded:
    """A brief's body with its parts pulled in."""

    body: str
    origins: tuple[Origin, ...] | None
    """The origin of every body line; ``None`` when nothing was included."""
    parts: tuple[Path, ...]
    """Every part read (resolved), for the build's depfiles."""


def project_root(brief: Path) -> Path:
    """The folder includes and ``_variables.yml`` may come from: the working folder
    when the brief lies inside it (``make`` runs there), else the brief's folder."""
    here = Path.cwd().resolve()
    folder = brief.resolve().parent
    return here if folder.is_relative_to(here) else folder


@dataclass(slots=True)
class _Expander:
    root: Path
    reporter: Reporter
    allow_outside: bool
    lines: list[str] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    parts: list[Path] = field(default_factory=list)
    found: int = 0
    """How many include lines were met (expanded or reported)."""

    def add(self, text: str, shown: Path, resolved: Path, chain: tuple[Path, ...],
            is_part: bool) -> None:
        """Append ``text`` (the file ``shown`` as the user names it), expanding its includes."""
        fence: str | None = None
        for number, line in enumerate(text.split("\n"), start=1):
            fence = _fence_state(line, fence)
            match = _INCLUDE.match(line) if fence is None else None
            if match is None:
                self.lines.append(line)
                self.origins.append((shown if is_part else None, number))
                continue
            self.found += 1
            self.lines.append("")
            self.origins.append((shown if is_part else None, number))
            col = len(match.group(1)) + 1
            try:
                self.include(match.group(2), shown, resolved, chain, (number, col))
            except BriefError as exc:
                self.reporter.add(exc.diagnostic)

    def include(self, target: str, shown: Path, resolved: Path, chain: tuple[Path, ...],
                where: tuple[int, int]) -> None:
        """Pull in the part ``target`` named at ``where`` in ``shown``."""
        line, col = where
        raw = Path(target)
        path = (raw if raw.is_absolute() else resolved.parent / raw).resolve()
        part_shown = Path(os.path.normpath(raw if raw.is_absolute() else shown.parent / raw))
        if not self.allow_outside and not path.is_relative_to(self.root):
            raise BriefError(shown, line, col, f"include '{target}' is outside the project "
                             f"folder {self.root} (use --allow-outside to permit it)")
        if path in chain:
            names = " → ".join(p.name for p in (*chain, path))
            raise BriefError(shown, line, col, f"include loop: '{target}' is already being "
                             f"included ({names})")
        if len(chain) > MAX_DEPTH:
            raise BriefError(shown, line, col, f"includes nested more than {MAX_DEPTH} deep")
        if not path.is_file():
            raise BriefError(shown, line, col, f"included file not found: {target}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BriefError(shown, line, col, f"cannot read included file {target}: "
                             f"{exc.strerror}") from None
        text = sanitise(decode(part_shown, data), part_shown, self.reporter)
        if path not in self.parts:
            self.parts.append(path)
        self.add(text.removesuffix("\n"), part_shown, path, (*chain, path), True)


def _fence_state(line: str, fence: str | None) -> str | None:
    """The open code fence after ``line`` (``None``: outside code)."""
    match = _FENCE.match(line)
    if fence is None:
        return match.group(1) if match else None
    if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
            and not line[match.end():].strip():
        return None
    return fence


def expand(source: Source, reporter: Reporter, *, allow_outside: bool = False) -> Expanded:
    """``source``'s body with every include expanded (errors go to ``reporter``)."""
    if "{{<" not in source.body:
        return Expanded(source.body, None, ())
    expander = _Expander(project_root(source.path), reporter, allow_outside)
    brief = source.path.resolve()
    expander.add(source.body, source.path, brief, (brief,), False)
    if not expander.found:
        return Expanded(source.body, None, ())
    return Expanded("\n".join(expander.lines), tuple(expander.origins), tuple(expander.parts))
