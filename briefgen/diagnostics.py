"""Diagnostics: the one-line ``path:line:col: severity: message`` reports.

Bad input raises :class:`BriefError`; the command line prints it and exits 1.
Warnings go to a :class:`Reporter`, which the command line prints as they come.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a file.  ``line``/``col`` are 1-based; 0 means unknown."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}: {self.severity}: {self.message}"


class BriefError(Exception):
    """Bad input.  Carries the diagnostic that the command line prints."""

    def __init__(self, path: str | Path, line: int, col: int, message: str) -> None:
        self.diagnostic = Diagnostic(str(path), line, col, "error", message)
        super().__init__(str(self.diagnostic))

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> BriefError:
        """The error that reports ``diagnostic``."""
        return cls(diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.message)


@dataclass(slots=True)
class Reporter:
    """Collects warnings (and errors found by checks) and echoes them to ``stream``.

    ``stream`` ``None`` keeps them silent (used by tests and the API).
    """

    stream: TextIO | None = None
    found: list[Diagnostic] = field(default_factory=list)

    def warn(self, path: str | Path, line: int, col: int, message: str) -> None:
        self.add(Diagnostic(str(path), line, col, "warning", message))

    def error(self, path: str | Path, line: int, col: int, message: str) -> None:
        self.add(Diagnostic(str(path), line, col, "error", message))

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic in self.found:
            return
        self.found.append(diagnostic)
        if self.stream is not None:
            print(diagnostic, file=self.stream)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.found if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.found if d.severity == "warning"]


def stderr_reporter() -> Reporter:
    return Reporter(stream=sys.stderr)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
