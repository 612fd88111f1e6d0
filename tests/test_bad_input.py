"""The bad-input corpus: every case gives its exact diagnostics and exit status.

Each ``tests/bad_input/<case>.md`` has a ``<case>.expect`` file: the first line
``exit N``, then the exact lines briefgen prints on stderr (``{path}`` stands
for the brief's path).  Nothing may be written for a failing brief, and no
traceback may appear.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "bad_input"
CASES = sorted(p.stem for p in CORPUS.glob("*.expect"))


def run_briefgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("case", CASES)
def test_case(case: str, tmp_path: Path) -> None:
    expect = (CORPUS / f"{case}.expect").read_text(encoding="utf-8").splitlines()
    status = int(expect[0].split()[1])
    work = tmp_path / "brief"
    shutil.copytree(CORPUS, work)
    brief = work / f"{case}.md"
    out = tmp_path / "out"
    result = run_briefgen("build", str(brief), "--output", str(out), "--quiet")
    wanted = [line.replace("{path}", str(brief)) for line in expect[1:]]
    assert result.stderr.splitlines() == wanted
    assert result.returncode == status
    assert "Traceback" not in result.stderr
    if status:
        assert not out.exists() or not any(out.iterdir())


def test_debug_shows_a_traceback(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Brief\ndate: yesterday\n---\n")
    result = run_briefgen("--debug", "build", str(brief), "--output", str(tmp_path / "o"))
    assert "Traceback" in result.stderr
    assert result.returncode == 1
