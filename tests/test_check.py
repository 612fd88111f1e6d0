"""``briefgen check``: section roles, structure rules and content diagnostics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.structure import detect_role

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "check"


@pytest.mark.parametrize(("heading", "role"), [
    ("Implications for Global Stability", m.Role.IMPLICATIONS),
    ("Legal Implications Under International Law", m.Role.LEGAL),
    ("Measures to Address the Implications", m.Role.MEASURES),
    ("Recommendations", m.Role.MEASURES),
    ("Way forward", m.Role.MEASURES),
    ("Legal Responses and Recommendations", m.Role.MEASURES),
    ("Historical Context", m.Role.BACKGROUND),
    ("Key points", m.Role.SUMMARY),
    ("Concluding remarks", m.Role.CONCLUSION),
    ("Introduction: why this matters", m.Role.INTRODUCTION),
    ("Approach", m.Role.APPROACH),
    ("Regional Security", m.Role.IMPLICATIONS),
    ("Annex: glossary", m.Role.OTHER),
    ("Lawyers' club minutes", m.Role.OTHER),  # "law" only as a whole word
])
def test_role_detection(heading: str, role: m.Role) -> None:
    assert detect_role(heading) == role


def test_template_aliases_come_first() -> None:
    assert detect_role("Looking ahead", {"measures": ("looking ahead",)}) == m.Role.MEASURES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", "check", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_broken_brief_gives_every_diagnostic() -> None:
    result = run("tests/fixtures/check/broken.md", "--templates-dir", "tests/fixtures/check",
                 "-t", "tpl")
    path = "tests/fixtures/check/broken.md"
    assert result.stderr.splitlines() == [  # every finding, sorted by line
        f"{path}:1:1: error: the tpl template requires front-matter 'date'",
        f"{path}:6:1: error: section 'Conclusion' (conclusion) is out of order; the tpl template "
        "wants: introduction, background, implications, measures, conclusion",
        f"{path}:10:1: error: section 'Introduction' has 9 words; the tpl template allows 5",
        f"{path}:12:5: error: link target '#legal-issues' is not a heading, figure or "
        "recommendation id",
        f"{path}:12:58: error: no font has a glyph for '\U0001F9B0' (U+1F9B0); fonts tried: "
        "Liberation Serif, Liberation Sans, DejaVu Serif, DejaVu Sans, NanumMyeongjo",
        f"{path}:14:1: error: section 'Background' is empty",
        f"{path}:19:1: error: missing required section 'measures' (the tpl template requires: "
        "introduction, implications, measures, conclusion)",
    ]
    assert result.stdout.strip() == "checked 1 brief version(s): 7 error(s), 0 warning(s)"
    assert result.returncode == 1


def test_reader_errors_and_warnings_are_reported(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\ndate: 2026-01-15\n---\n\n## Intro\n\nA <b>tag</b> and a "
                     "note[^x].\n\n![](missing.png)\n", encoding="utf-8")
    result = run(str(brief), "-t", "default")
    assert result.stderr.splitlines() == [
        f"{brief}:8:3: warning: raw HTML '<b>' is shown as text, not interpreted",
        f"{brief}:8:24: warning: footnote [^x] has no definition; shown as written",
        f"{brief}:10:1: error: image 'missing.png' has no alt text (describe it in ![...], or "
        "mark it {.decorative})",
        f"{brief}:10:1: error: image not found: missing.png",
    ]
    assert result.returncode == 1


def test_total_word_limit(tmp_path: Path) -> None:
    (tmp_path / "short.yaml").write_text("name: short\ndescription: d\nextends: default\n"
                                         "structure: {total_words: 3}\n")
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\n---\n\n## Intro\n\nOne two three four.\n")
    result = run(str(brief), "--templates-dir", str(tmp_path), "-t", "short")
    assert f"{brief}:1:1: error: the brief has 4 words; the short template allows 3" in result.stderr


def test_build_warns_about_what_check_reports(tmp_path: Path) -> None:
    """check and build agree about a brief: the structure rules' findings are check's
    errors and build's warnings, word for word, and the build still writes its files."""
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\ndate: 2026-01-15\n---\n\n## Conclusion\n\nDone.\n\n"
                     "## Introduction\n\nStart.\n", encoding="utf-8")
    checked = run(str(brief), "-t", "legal", "--no-pages")
    built = subprocess.run([sys.executable, "-m", "briefgen", "build", str(brief), "-t", "legal",
                            "--output", str(tmp_path / "out"), "--quiet"], capture_output=True,
                           text=True, cwd=ROOT, timeout=300)
    errors = [line.replace(": error: ", ": ") for line in checked.stderr.splitlines()]
    from conftest import without_font_notes

    warnings = [line.replace(": warning: ", ": ")
                for line in without_font_notes(built.stderr).splitlines()]
    assert len(errors) >= 4 and sorted(errors) == sorted(warnings)
    assert checked.returncode == 1 and built.returncode == 0
    assert (tmp_path / "out" / "b-legal.pdf").exists()
