"""Includes and variables (issue 16): parts and `_variables.yml` read back from both outputs,
every error at its exact place, and `make` rebuilding exactly the briefs a part feeds."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.build import Options, build
from briefgen.diagnostics import BriefError, Reporter
from briefgen.reader import read_brief

ROOT = Path(__file__).resolve().parents[1]
AUDIENCES = ("default", "executive", "legal", "public", "exam")
BRIEF = """---
title: Parts test
date: 2024-03-05
organisation: Directorate X
---

## Intro

Prepared by the {{< var desk.name >}} for {{< meta organisation >}} on {{< meta date >}}.

{{< include parts/caveat.md >}}

Code keeps `{{< var desk.name >}}` as written.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working folder) with a brief in `sources/`, two parts and variables."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "_variables.yml", "desk:\n  name: East Asia Desk\nphone: 1234\n")
    write(tmp_path / "sources" / "brief.md", BRIEF)
    write(tmp_path / "sources" / "parts" / "caveat.md",
          "**Standard caveat.** Sources are public.\n\n{{< include ../shared/inner.md >}}\n")
    write(tmp_path / "sources" / "shared" / "inner.md", "Inner text of the nested part.\n")
    return tmp_path


def errors_of(path: Path) -> list[str]:
    reporter = Reporter()
    read_brief(path, "default", AUDIENCES, reporter, strict=False)
    return [str(d) for d in reporter.errors]


def test_parts_and_variables_in_both_outputs(project: Path) -> None:
    out = project / "out"
    reporter = Reporter()
    result = build([Path("sources/brief.md")], Options(output=out, depfiles=True), reporter)
    assert not result.failed, [str(d) for d in reporter.found]
    pdf_text = " ".join(p.extract_text() for p in PdfReader(out / "brief-default.pdf").pages)
    pdf_text = " ".join(pdf_text.split())
    with zipfile.ZipFile(out / "brief-default.docx") as z:
        xml = z.read("word/document.xml").decode()
    from docx import Document as Docx
    docx_text = " ".join(p.text for p in Docx(io.BytesIO((out / "brief-default.docx").read_bytes()))
                         .paragraphs)
    for text in ("Prepared by the East Asia Desk for Directorate X on 2024-03-05.",
                 "Standard caveat. Sources are public.", "Inner text of the nested part.",
                 "{{< var desk.name >}}"):
        assert text in pdf_text, text
        assert text in docx_text, text
    assert "{{&lt; include" not in xml and "{{< include" not in pdf_text
    deps = (out / ".deps" / "brief-default.d").read_text()
    for name in ("sources/brief.md", "sources/parts/caveat.md", "sources/shared/inner.md",
                 "_variables.yml"):
        assert f"  {name} \\" in deps or f"  {name}\n" in deps, (name, deps)


def test_nearest_variables_file_wins(project: Path) -> None:
    write(project / "sources" / "_variables.yml", "desk:\n  name: Local Desk\n")
    brief = read_brief(Path("sources/brief.md"), "default", AUDIENCES, Reporter())
    from briefgen.model import plain_text
    assert "Prepared by the Local Desk for" in plain_text(brief.document.blocks[1].children)
    assert (project / "sources" / "_variables.yml").resolve() in brief.inputs
    assert (project / "_variables.yml").resolve() not in brief.inputs


def test_part_diagnostics_name_the_part(project: Path) -> None:
    write(project / "sources" / "shared" / "inner.md",
          "Line one.\n\nThe {{< var desk.nme >}} and <b>bold</b>.\n")
    reporter = Reporter()
    read_brief(Path("sources/brief.md"), "default", AUDIENCES, reporter, strict=False)
    assert [str(d) for d in reporter.found] == [
        "sources/shared/inner.md:3:5: error: unknown variable 'desk.nme' in _variables.yml "
        "(did you mean 'desk.name'?)",
        "sources/shared/inner.md:3:30: warning: raw HTML '<b>' is shown as text, not interpreted",
    ]
    with pytest.raises(BriefError) as caught:
        read_brief(Path("sources/brief.md"), "default", AUDIENCES, Reporter())
    assert str(caught.value).startswith("sources/shared/inner.md:3:5: error: unknown variable")


@pytest.mark.parametrize(("part", "message"), [
    ("{{< include ../brief.md >}}\n",
     "sources/parts/caveat.md:1:1: error: include loop: '../brief.md' is already being included "
     "(brief.md → caveat.md → brief.md)"),
    ("Text.\n\n  {{< include missing.md >}}\n",
     "sources/parts/caveat.md:3:3: error: included file not found: missing.md"),
    ("{{< include ../../../outside.md >}}\n",
     "sources/parts/caveat.md:1:1: error: include '../../../outside.md' is outside the project "
     "folder {root} (use --allow-outside to permit it)"),
    ("Some text {{< include inner.md >}} inline.\n",
     "sources/parts/caveat.md:1:11: error: an include must stand alone on its line: "
     "{{< include inner.md >}}"),
    ("A {{< metadata title >}}.\n",
     "sources/parts/caveat.md:1:3: error: unknown shortcode 'metadata' (did you mean 'meta'?) "
     "(briefgen knows include, meta and var)"),
    ("A {{< meta titel >}}.\n",
     "sources/parts/caveat.md:1:3: error: unknown front matter key 'titel' (did you mean 'title'?)"),
    ("A {{< var desk >}}.\n",
     "sources/parts/caveat.md:1:3: error: variable 'desk' in _variables.yml is not a single value "
     "(a text, number or date)"),
])
def test_include_and_variable_errors(project: Path, part: str, message: str) -> None:
    write(project / "outside.md", "x\n")
    write(project / "sources" / "parts" / "caveat.md", part)
    assert errors_of(Path("sources/brief.md")) == [message.format(root=project.resolve())
                                                   if "{root}" in message else message]


def test_outside_root_is_the_brief_folder_when_not_in_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    write(tmp_path / "b" / "brief.md", "---\ntitle: T\n---\n\n{{< include ../part.md >}}\n")
    write(tmp_path / "part.md", "Part.\n")
    assert errors_of(tmp_path / "b" / "brief.md") == [
        f"{tmp_path}/b/brief.md:5:1: error: include '../part.md' is outside the project folder "
        f"{(tmp_path / 'b').resolve()} (use --allow-outside to permit it)"]


def test_missing_variables_file_and_bad_part_encoding(project: Path) -> None:
    (project / "_variables.yml").unlink()
    (project / "sources" / "shared" / "inner.md").write_bytes(b"caf\xe9\n")
    assert errors_of(Path("sources/brief.md")) == [
        "sources/shared/inner.md:1:4: error: not valid UTF-8: byte 0xe9 at offset 3 "
        "(save the file as UTF-8)",
        "sources/brief.md:9:17: error: unknown variable 'desk.name': there is no _variables.yml "
        "in the brief's folder or above it",
    ]


def test_bad_variables_file(project: Path) -> None:
    write(project / "_variables.yml", "desk: [unclosed\n")
    assert errors_of(Path("sources/brief.md")) == [
        "_variables.yml:2:1: error: not valid YAML: expected ',' or ']', but got '<stream end>'"]


def test_callout_in_a_part_reads_its_title_without_a_warning(project: Path) -> None:
    write(project / "sources" / "parts" / "caveat.md",
          '::: {.callout-warning title="Handling caveat"}\nShared {{< var desk.name >}}.\n:::\n')
    reporter = Reporter()
    brief = read_brief(Path("sources/brief.md"), "default", AUDIENCES, reporter)
    callout = next(b for b in brief.document.blocks if b.__class__.__name__ == "Callout")
    assert callout.title == "Handling caveat" and callout.kind == "warning"
    assert reporter.found == []


def test_include_inside_code_fence_is_code(project: Path) -> None:
    write(project / "sources" / "brief.md",
          "---\ntitle: T\n---\n\n```\n{{< include parts/none.md >}}\n```\n")
    brief = read_brief(Path("sources/brief.md"), "default", AUDIENCES, Reporter())
    assert brief.document.blocks[0].text == "{{< include parts/none.md >}}"


# ------------------------------------------------------------------ make


def _make(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory"], cwd=folder, capture_output=True,
                          text=True, timeout=600)


def _touch(path: Path) -> None:
    """Change ``path``'s time to now (every input was dated in the past, outputs are newer)."""
    os.utime(path, None)


def _date_back(folder: Path) -> None:
    stamp = time.time() - 100
    for path in folder.rglob("*"):
        os.utime(path, (stamp, stamp), follow_symlinks=False)


def test_make_rebuilds_exactly_the_briefs_a_part_feeds(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    old = (ROOT / ".venv" / ".installed").stat().st_mtime - 10
    os.utime(tmp_path / "pyproject.toml", (old, old))
    write(tmp_path / "sources" / "a.md", "---\ntitle: A\n---\n\n{{< include parts/p.md >}}\n")
    write(tmp_path / "sources" / "b.md", "---\ntitle: B\n---\n\nDesk {{< var desk >}}.\n")
    write(tmp_path / "sources" / "c.md", "---\ntitle: C\n---\n\nPlain.\n\n"
          '```{.table source="data/t.csv"}\n```\n')
    write(tmp_path / "sources" / "data" / "t.csv", "A,B\n1,2\n")
    write(tmp_path / "sources" / "parts" / "p.md", "Shared part.\n")
    write(tmp_path / "sources" / "_variables.yml", "desk: Europe\n")
    _date_back(tmp_path / "sources")
    first = _make(tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.count("wrote output/") == 6
    _touch(tmp_path / "sources" / "parts" / "p.md")
    again = _make(tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(line.strip() for line in again.stdout.splitlines() if "wrote" in line) == [
        "wrote output/a-default.docx", "wrote output/a-default.pdf"]
    _touch(tmp_path / "sources" / "_variables.yml")
    third = _make(tmp_path)
    assert sorted(line.strip() for line in third.stdout.splitlines() if "wrote" in line) == [
        "wrote output/b-default.docx", "wrote output/b-default.pdf"]
    _touch(tmp_path / "sources" / "data" / "t.csv")
    fourth = _make(tmp_path)
    assert sorted(line.strip() for line in fourth.stdout.splitlines() if "wrote" in line) == [
        "wrote output/c-default.docx", "wrote output/c-default.pdf"]
    assert "up to date" in _make(tmp_path).stdout


def test_check_names_the_part_for_a_section_or_link_inside_it(project: Path) -> None:
    from briefgen.build import Options as BuildOptions
    from briefgen.check import check

    write(project / "sources" / "parts" / "caveat.md",
          "## Empty heading in the part\n\n## Next\n\nSee [nowhere](#no-such-heading).\n")
    reporter = Reporter()
    check([Path("sources/brief.md")], BuildOptions(templates=("default",)), reporter,
          pages=False)
    found = [str(d) for d in reporter.found if "part" in str(d) or "nowhere" in str(d)
             or "no-such" in str(d)]
    assert "sources/parts/caveat.md:1:1: error: section 'Empty heading in the part' is empty" \
        in found
    # the one link message of briefgen/anchors.py (issue 12), still at the part's own place
    assert "sources/parts/caveat.md:5:5: error: link target '#no-such-heading' is not a " \
        "heading, figure or recommendation id" in found


def test_build_warns_at_the_part_for_a_dangling_link_inside_it(project: Path) -> None:
    write(project / "sources" / "parts" / "caveat.md", "See [nowhere](#no-such-heading).\n")
    reporter = Reporter()
    build([Path("sources/brief.md")], Options(output=project / "out"), reporter)
    assert [str(d) for d in reporter.found if "no-such" in str(d)] == [
        "sources/parts/caveat.md:1:5: warning: link target '#no-such-heading' is not a heading, "
        "figure or recommendation id; shown as plain text"]
