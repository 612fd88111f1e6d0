"""Shared fixtures: the example briefs built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.build import Options, build
from briefgen.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.md"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reporter]:
    """Every example brief for each of its audiences, built into one folder."""
    out = tmp_path_factory.mktemp("built")
    reporter = Reporter()
    result = build(list(SOURCES), Options(output=out), reporter)
    assert not result.failed, [str(d) for d in reporter.errors]
    return out, reporter


def build_brief(folder: Path, text: str, templates: tuple[str, ...]) -> Path:
    """``text`` written as ``folder/brief.md`` and built for ``templates``: the output
    folder (the build must succeed)."""
    (folder / "brief.md").write_text(text, encoding="utf-8")
    reporter = Reporter()
    result = build([folder / "brief.md"], Options(output=folder / "out", templates=templates),
                   reporter)
    assert not result.failed, [str(d) for d in reporter.found]
    return folder / "out"


def project_brief(folder: Path, title: str, block: str) -> Path:
    """``sources/brief.md`` of the project ``folder``: a section holding ``block``; its
    path relative to the project."""
    path = folder / "sources" / "brief.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n\n## Trade\n\nShipments follow.\n\n{block}\n",
                    encoding="utf-8")
    return Path("sources/brief.md")


FONT_NOTE = " not installed: "
"""In briefgen's warning for template families that are not installed (tested in
test_fonts.py); on a machine without them it comes first in every build's output."""
PACKAGES = {"Hangul": "fonts-nanum", "Han (CJK)": "fonts-noto-cjk",
            "Japanese (Hiragana)": "fonts-noto-cjk", "Japanese (Katakana)": "fonts-noto-cjk"}


def without_font_notes(stderr: str) -> str:
    """``stderr`` without the missing-family warning (whose presence depends only on
    which fonts the machine has)."""
    return "".join(line for line in stderr.splitlines(keepends=True)
                   if not ("warning: font famil" in line and FONT_NOTE in line))


def font_notes_dropped(diagnostics: list) -> list:
    """Diagnostics without the warnings that depend only on the machine's fonts: the
    missing-family warning, and a character no installed font has (the tests that are
    about those warnings are in test_fonts.py and test_pdf_content.py)."""
    return [d for d in diagnostics if not d.message.startswith(
        ("font famil", "no installed font has a glyph"))]


def require_glyphs(text: str) -> None:
    """Skip the test when no installed font has some character of ``text``, naming
    the Debian package that provides one."""
    from briefgen.fonts import missing_glyphs, script_name

    missing = missing_glyphs(text, ())
    if missing:
        script = script_name(missing[0])
        pytest.skip(f"no installed font has {script} characters such as {missing[0]!r} "
                    f"(Debian package {PACKAGES.get(script, 'fonts-noto-core')})")
