"""`make` as users live with it: incremental, batch, atomic, honest about failures.

Each test copies the project's Makefile, sources, templates and pyproject into a
temporary folder (sharing the real .venv) and drives `make` there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("sources", "templates", "handouts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "output").mkdir()
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists():
        stamp.touch()
    old = stamp.stat().st_mtime - 10
    os.utime(tmp_path / "pyproject.toml", (old, old))
    return tmp_path


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project,
                          capture_output=True, text=True, timeout=600)


def outputs(project: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in (project / "output").glob("*.*")
            if p.suffix in (".pdf", ".docx")}


def touch(path: Path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


def rebuilt(before: dict[str, float], after: dict[str, float]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def test_incremental_build(project: Path) -> None:
    first = make(project)
    assert first.returncode == 0, first.stdout + first.stderr
    built = outputs(project)
    assert len(built) == 24 and "wrote output/pact-legal-analysis-legal.pdf" in first.stdout
    assert (project / "output" / ".deps" / "pact-legal-analysis-legal.d").is_file()

    again = make(project)
    assert again.returncode == 0
    assert "up to date" in again.stdout and "wrote" not in again.stdout
    assert outputs(project) == built

    touch(project / "sources" / "pact-exam-answer.md")
    touched = make(project)
    after = outputs(project)
    # make's own output: only the touched brief's jobs ran, in one build
    assert [line for line in touched.stdout.splitlines() if line.startswith("[")] == [
        f"[{n}/3] sources/pact-exam-answer.md ({t})"
        for n, t in enumerate(("exam", "default", "public"), start=1)]
    assert touched.stdout.count("built 6 file(s)") == 1
    assert rebuilt(built, after) == {f"pact-exam-answer-{t}.{f}" for t in ("exam", "default", "public")
                                     for f in ("pdf", "docx")}

    touch(project / "templates" / "legal.yaml")
    make(project)
    assert rebuilt(after, outputs(project)) == {"dprk-shipping-watch-legal.pdf",
                                                "dprk-shipping-watch-legal.docx",
                                                "pact-legal-analysis-legal.pdf",
                                                "pact-legal-analysis-legal.docx"}

    before = outputs(project)
    touch(project / "templates" / "default.yaml")  # every shipped template extends it
    make(project)
    assert rebuilt(before, outputs(project)) == set(before)

    before = outputs(project)
    touch(project / "sources" / "images" / "unsc-dprk-sanctions-resolutions.png")
    make(project)
    assert rebuilt(before, outputs(project)) == {
        f"pact-legal-analysis-{t}.{f}" for t in ("default", "executive", "legal", "public")
        for f in ("pdf", "docx")}


def test_a_change_to_briefgen_rebuilds_everything(project: Path) -> None:
    shutil.copytree(ROOT / "briefgen", project / "briefgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert make(project).returncode == 0
    before = outputs(project)
    assert "up to date" in make(project).stdout
    touch(project / "briefgen" / "pdf" / "layout.py")
    assert make(project).returncode == 0
    assert rebuilt(before, outputs(project)) == set(before)


def test_a_failing_build_keeps_the_old_outputs_and_the_others_build(project: Path) -> None:
    assert make(project).returncode == 0
    before = {n: (project / "output" / n).read_bytes() for n in outputs(project)}
    brief = project / "sources" / "pact-exam-answer.md"
    brief.write_text(brief.read_text().replace("date: ", "date: not-a-date #", 1))
    touch(project / "sources" / "pact-legal-analysis.md")
    result = make(project, "-k")
    assert result.returncode != 0
    assert "pact-exam-answer.md:" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr
    for name, data in before.items():
        if name.startswith("pact-exam-answer"):
            assert (project / "output" / name).read_bytes() == data
    assert "wrote output/pact-legal-analysis-default.pdf" in result.stdout
    assert not list((project / "output").glob(".*.tmp"))


def test_make_help_lists_every_target(project: Path) -> None:
    result = make(project, "help")
    for target in ("all", "pdf", "docx", "check", "test", "handout", "previews", "bench", "watch",
                   "clean", "help", "verify", "fuzz"):
        assert f"make {target} " in result.stdout, target


def test_parallel_make_then_verify(project: Path) -> None:
    """`make -j` builds everything once; `make verify` finds output/ byte-identical to a fresh
    build; a corrupted output is caught."""
    result = make(project, "-j4")
    assert result.returncode == 0, result.stderr
    assert len(outputs(project)) == 24
    assert result.stdout.count("wrote output/") == 24
    checked = make(project, "verify")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "byte for byte (24 files)" in checked.stdout
    target = project / "output" / "pact-exam-answer-exam.docx"
    target.write_bytes(target.read_bytes() + b"x")
    assert make(project, "verify").returncode != 0
