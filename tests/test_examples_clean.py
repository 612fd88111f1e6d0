"""The shipped example briefs build in every audience without a single warning: a
warning in ``make``'s output is a defect of the example or of briefgen (a dangling
cross-reference went unnoticed this way once).  Only the warnings that depend on which
fonts the machine has are set aside (they have their own tests)."""

from __future__ import annotations

from pathlib import Path

from conftest import font_notes_dropped


def test_examples_build_without_warnings(built: tuple[Path, object]) -> None:
    _, reporter = built
    assert [str(d) for d in font_notes_dropped(reporter.found)] == []
