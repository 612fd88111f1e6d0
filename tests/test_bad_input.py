"""The bad-input corpus: every case gives its exact diagnostics and exit status.

Each ``tests/bad_input/<case>.md`` has a ``<case>.expect`` file: the first line
``exit N``, then optionally ``args: …`` (more command-line arguments, run from
the corpus folder, e.g. ``--templates-dir bad_templates -t broken``), then the
exact lines briefgen prints on stderr (``{path}`` stands for the brief's
path).  Nothing may be written for a failing brief, and no traceback may
appear; a brief that only warns (exit 0) must give a sound PDF and DOCX.

Further down: inputs generated at run time (a 10 MB paragraph, lists nested
50 deep, 1,000 columns, 10,000 footnotes), output folders that cannot be
written, a write that fails half-way, and a run mixing good and bad briefs.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from briefgen import build as build_module
from briefgen.assemble import assemble
from briefgen.build import Options, build
from briefgen.cli import main
from briefgen.diagnostics import Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.template.loader import TEMPLATE_DIR, load_template
from conftest import without_font_notes

CORPUS = Path(__file__).parent / "bad_input"
CASES = sorted(p.stem for p in CORPUS.glob("*.expect"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HUGE = etree.XMLParser(huge_tree=True)


def run_briefgen(*args: str, cwd: Path | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True,
                            text=True, cwd=cwd, timeout=timeout)
    result.stderr = without_font_notes(result.stderr)
    return result


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"), HUGE)
    return "".join(t.text or "" for t in root.iter(f"{W}t"))


def assert_sound(out: Path) -> None:
    """``out`` holds at least one PDF and one DOCX, each complete and readable."""
    pdfs, docxs = sorted(out.glob("*.pdf")), sorted(out.glob("*.docx"))
    assert pdfs and docxs, sorted(p.name for p in out.iterdir())
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], pdf
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    for docx in docxs:
        with zipfile.ZipFile(docx) as package:
            assert package.testzip() is None
            etree.fromstring(package.read("word/document.xml"), HUGE)
    assert not list(out.glob(".*.tmp")), "a temporary file was left behind"


def read_expect(case: str) -> tuple[int, list[str], list[str]]:
    """Exit status, extra arguments and expected stderr lines of ``case``."""
    lines = (CORPUS / f"{case}.expect").read_text(encoding="utf-8").splitlines()
    status = int(lines[0].split()[1])
    args = shlex.split(lines[1].removeprefix("args:")) if len(lines) > 1 and \
        lines[1].startswith("args:") else []
    return status, args, lines[2 if args else 1:]


@pytest.mark.parametrize("case", CASES)
def test_case(case: str, tmp_path: Path) -> None:
    status, args, expected = read_expect(case)
    work = tmp_path / "brief"
    shutil.copytree(CORPUS, work)
    brief = work / f"{case}.md"
    out = tmp_path / "out"
    result = run_briefgen("build", str(brief), "--output", str(out), "--quiet", *args, cwd=work)
    wanted = [line.replace("{path}", str(brief)).replace("{shipped}", str(TEMPLATE_DIR))
              for line in expected]
    assert result.stderr.splitlines() == wanted
    assert result.returncode == status
    assert "Traceback" not in result.stderr
    if status:
        assert not out.exists() or not any(out.iterdir())
    else:
        assert_sound(out)


def test_debug_shows_a_traceback(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Brief\ndate: yesterday\n---\n")
    result = run_briefgen("--debug", "build", str(brief), "--output", str(tmp_path / "o"))
    assert "Traceback" in result.stderr
    assert result.returncode == 1


# ------------------------------------------------------------ warnings keep the text


def _built(out: Path, stem: str) -> tuple[str, str]:
    pdf = (out / f"{stem}-default.pdf").read_bytes()
    docx = (out / f"{stem}-default.docx").read_bytes()
    return pdf_text(pdf), docx_text(docx)


@pytest.mark.parametrize(("case", "words"), [
    ("remote_image", ["Map of the Korean peninsula"]),
    ("control_characters", ["Pasted from a web page", "line two", "delete and next line end"]),
    ("broken_link", ["the annex", "for details"]),
    ("footnote_undefined", ["[^src]"]),
    ("utf8_bom", ["Text with a BOM."]),
])
def test_warning_cases_keep_every_word(case: str, words: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_briefgen("build", str(CORPUS / f"{case}.md"), "--output", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    pdf, docx = _built(out, case)
    for word in words:
        assert word in " ".join(pdf.split()), (word, pdf)
        assert word in docx, (word, docx)
    assert "\ufeff" not in pdf + docx


def test_duplicate_heading_gets_its_own_link_target(tmp_path: Path) -> None:
    brief = tmp_path / "dup.md"
    brief.write_text("---\ntitle: Brief\n---\n\n## Background\n\nA [link](#background_1).\n\n"
                     "## Background\n\nB.\n", encoding="utf-8")
    reporter = Reporter()
    document = read_brief(brief, "default", ("default",), reporter).document
    assert [h.id for h in document.headings()] == ["background", "background_1"]
    assert [d.message for d in reporter.found] == [
        "heading 'Background' has the same id as the heading on line 5; it gets the id "
        "'background_1' (give it its own with {#id})"]


# ------------------------------------------------------------ inputs generated at run time


def _write(path: Path, body: str) -> Path:
    path.write_text(f"---\ntitle: Generated\ndate: 2026-01-15\n---\n\n{body}\n", encoding="utf-8")
    return path


def _render(brief: Path, fmt: str) -> tuple[bytes, Reporter]:
    reporter = Reporter()
    template = load_template("default")
    document = assemble(read_brief(brief, "default", ("default",), reporter).document, template)
    data = (render_pdf if fmt == "pdf" else render_docx)(document, template, reporter)
    return data, reporter


def _ten_megabytes() -> str:
    """One paragraph of over 10 MB of ordinary words (no line break)."""
    words = ("policy", "treaty", "sanctions", "council", "defence", "analysis", "minister")
    text = " ".join(f"{words[i % 7]}{i}" for i in range(800_000))
    assert len(text) > 10_000_000
    return text


def test_ten_megabyte_paragraph_is_read_whole(tmp_path: Path) -> None:
    """lxml dropped a text node over 10 MB without a word (fixed with ``huge_tree``)."""
    text = _ten_megabytes()
    brief = _write(tmp_path / "huge.md", text)
    document = read_brief(brief, "default", ("default",), Reporter()).document
    (paragraph,) = document.blocks
    assert "".join(getattr(i, "text", "") for i in paragraph.children) == text


def test_ten_megabyte_paragraph_docx(tmp_path: Path) -> None:
    text = _ten_megabytes()
    data, _ = _render(_write(tmp_path / "huge.md", text), "docx")
    assert text in docx_text(data)


def test_ten_megabyte_paragraph_builds(tmp_path: Path) -> None:
    """It builds, whole (how fast is ``make bench``'s business, not a test's)."""
    brief = _write(tmp_path / "huge.md", _ten_megabytes())
    result = run_briefgen("build", str(brief), "--output", str(tmp_path / "o"), "--quiet")
    assert result.returncode == 0, result.stderr
    assert_sound(tmp_path / "o")


def _deep_list(depth: int) -> str:
    return "\n".join("    " * d + f"- level{d + 1} item" for d in range(depth))


def test_list_nested_fifty_deep(tmp_path: Path) -> None:
    brief = _write(tmp_path / "deep.md", _deep_list(50))
    out = tmp_path / "o"
    result = run_briefgen("build", str(brief), "--output", str(out), "--quiet")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"{brief}:15:37: warning: list nested deeper than 9 "
                                          "levels; the deeper items are shown at level 9"]
    assert_sound(out)
    pdf, docx = _built(out, "deep")
    for level in range(1, 51):
        assert f"level{level} item" in pdf
        assert f"level{level} item" in docx


@pytest.mark.xfail(strict=True, reason="PDF writer loses text of lists nested ~25 deep (the "
                   "indent leaves no width); the reader now flattens below level 9")
def test_pdf_writer_keeps_text_of_a_thirty_deep_list(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.reader import tidy

    monkeypatch.setattr(tidy, "MAX_LIST_DEPTH", 100)
    data, _ = _render(_write(tmp_path / "deep.md", _deep_list(30)), "pdf")
    text = pdf_text(data)
    assert all(f"level{level} item" in text for level in range(1, 31))


def _wide_table(columns: int) -> str:
    head = "| " + " | ".join(f"h{i}" for i in range(columns)) + " |"
    rule = "|" + "---|" * columns
    row = "| " + " | ".join(f"v{i}" for i in range(columns)) + " |"
    return "\n".join((head, rule, row))


def test_table_with_a_thousand_columns_docx(tmp_path: Path) -> None:
    data, _ = _render(_write(tmp_path / "wide.md", _wide_table(1000)), "docx")
    text = docx_text(data)
    assert all(f"h{i}" in text and f"v{i}" in text for i in (0, 499, 999))


def test_table_with_a_thousand_columns_builds(tmp_path: Path) -> None:
    brief = _write(tmp_path / "wide.md", _wide_table(1000))
    result = run_briefgen("build", str(brief), "--output", str(tmp_path / "o"), "--quiet")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert_sound(tmp_path / "o")


def test_ten_thousand_footnotes(tmp_path: Path) -> None:
    body = "\n\n".join(f"Claim {i} rests on a source.[^n{i}]" for i in range(10_000))
    body += "\n\n" + "\n".join(f"[^n{i}]: Source number {i}." for i in range(10_000))
    brief = _write(tmp_path / "notes.md", body)
    out = tmp_path / "o"
    result = run_briefgen("build", str(brief), "--output", str(out), "--quiet")
    assert (result.returncode, result.stderr) == (0, "")
    assert_sound(out)
    pdf, docx = _built(out, "notes")
    assert "Source number 9999." in pdf and "Source number 0." in pdf
    with zipfile.ZipFile(out / "notes-default.docx") as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    assert len(notes.findall(f"{W}footnote")) == 10_000 + 2  # + separator, continuation


def test_one_paragraph_with_many_footnotes_pdf(tmp_path: Path) -> None:
    body = " ".join(f"Claim {i}.[^n{i}]" for i in range(2_000)) + "\n\n"
    body += "\n".join(f"[^n{i}]: Source {i}." for i in range(2_000))
    data, _ = _render(_write(tmp_path / "notes.md", body), "pdf")
    assert "Source 1999." in pdf_text(data)


# ------------------------------------------------------------ writing the outputs


GOOD = "---\ntitle: Good brief\ndate: 2026-01-15\n---\n\nSome text.\n"


@pytest.mark.parametrize("where", ["file/out", "file"])
def test_output_folder_that_cannot_be_made(where: str, tmp_path: Path) -> None:
    """Root may write anywhere, so a regular file stands where the folder should be."""
    (tmp_path / "file").write_text("not a folder")
    brief = tmp_path / "good.md"
    brief.write_text(GOOD)
    result = run_briefgen("build", str(brief), "--output", where, "--quiet", cwd=tmp_path)
    reason = ("a file is in the way (part of the path is not a folder)" if "/" in where
              else "a file of that name is in the way")
    assert result.stderr.splitlines() == [
        f"briefgen: error: cannot create the output folder {where}: {reason}"]
    assert result.returncode == 1
    assert (tmp_path / "file").read_text() == "not a folder"


def _fail_on_replace(monkeypatch: pytest.MonkeyPatch, *, after: int = 0) -> None:
    """Let ``after`` renames succeed, then make the next one fail like a full disk."""
    real = os.replace
    calls = [0]

    def replace(src: str, dst: str) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(build_module.os, "replace", replace)


def test_write_failing_half_way_keeps_the_previous_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief-default.pdf"
    target.write_bytes(b"%PDF- previous good output")
    _fail_on_replace(monkeypatch)
    with pytest.raises(OSError):
        build_module.write_atomic(target, b"%PDF- new output" * 1000)
    assert target.read_bytes() == b"%PDF- previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-default.pdf"]


def test_write_failing_in_the_middle_of_the_data(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief-default.docx"
    target.write_bytes(b"previous")
    real_fdopen = os.fdopen

    class HalfWay(io.RawIOBase):
        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb")

        def write(self, data: bytes) -> int:
            self.handle.write(bytes(data[: len(data) // 2]))
            raise OSError(5, "Input/output error")

        def fileno(self) -> int:
            return self.handle.fileno()

        def close(self) -> None:
            self.handle.close()
            super().close()

    monkeypatch.setattr(build_module.os, "fdopen", lambda fd, mode: HalfWay(fd))
    with pytest.raises(OSError):
        build_module.write_atomic(target, b"new" * 10_000)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-default.docx"]


def test_cli_reports_a_failed_write_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    brief = tmp_path / "brief.md"
    brief.write_text(GOOD)
    out = tmp_path / "out"
    assert main(["build", str(brief), "--output", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    brief.write_text(GOOD.replace("Some text.", "Changed text."))
    _fail_on_replace(monkeypatch, after=1)  # the PDF is replaced, the DOCX fails
    capsys.readouterr()
    assert main(["build", str(brief), "--output", str(out), "--quiet"]) == 1
    err = without_font_notes(capsys.readouterr().err)
    assert err.splitlines() == [
        f"{brief}:1:1: error: cannot write {out / 'brief-default.docx'}: No space left on "
        "device; any previous output file is kept"]
    assert (out / "brief-default.docx").read_bytes() == before["brief-default.docx"]
    assert sorted(p.name for p in out.iterdir()) == sorted(before)
    assert "Changed text." in pdf_text((out / "brief-default.pdf").read_bytes())


def test_other_briefs_of_the_run_still_build(tmp_path: Path) -> None:
    good, bad, worse = tmp_path / "good.md", tmp_path / "bad.md", tmp_path / "worse.md"
    good.write_text(GOOD)
    bad.write_text("---\ntitle: Bad\ndate: yesterday\n---\n\nText.\n")
    worse.write_text(GOOD + "\n![A chart](missing.png)\n")
    out = tmp_path / "out"
    result = run_briefgen("build", str(bad), str(good), str(worse), "--output", str(out),
                          "--quiet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:7: error: 'date' must be an ISO date such as 2026-11-25, not 'yesterday'",
        f"{worse}:8:1: error: image not found: missing.png"]
    assert sorted(p.name for p in out.iterdir()) == ["good-default.docx", "good-default.pdf"]
    assert_sound(out)


def test_api_build_reports_write_errors_without_raising(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    brief = tmp_path / "brief.md"
    brief.write_text(GOOD)
    _fail_on_replace(monkeypatch)
    reporter = Reporter()
    result = build([brief], Options(output=tmp_path / "out"), reporter)
    assert len(result.failed) == 1 and not result.written
    assert [d.message.split(":")[0] for d in reporter.errors] == [
        f"cannot write {tmp_path / 'out' / 'brief-default.pdf'}"]
