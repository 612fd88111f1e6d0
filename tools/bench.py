"""``make bench``: how fast and how lean briefgen is, measured, next to pandoc.

Prints one table:
- each example brief (default template): seconds for the PDF, for the DOCX,
  and pandoc's seconds to write the DOCX alone from the same Markdown;
- generated briefs of about 10, 50, 100 and 300 pages: the same, with the
  real page count and the peak memory of a fresh process building both;
- a batch of 50 briefs in one process: seconds per brief for PDF + DOCX;
- tagging's cost: PDF time tagged vs untagged on the example briefs.

Timings are the best of a few runs (in-process, fonts already registered,
as in a batch build); pandoc runs as a process, as users run it.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.assemble import assemble  # noqa: E402
from briefgen.diagnostics import Reporter  # noqa: E402
from briefgen.docx import render_docx  # noqa: E402
from briefgen.pdf import render_pdf  # noqa: E402
from briefgen.reader import read_brief  # noqa: E402
from briefgen.template.loader import available, load_template  # noqa: E402

PARAGRAPH = ("The treaty's mutual assistance clause obliges each party to provide military and "
             "other assistance without delay if the other is attacked[^{n}], which sits uneasily "
             "with Security Council resolutions 1718, 2270 and 2397 and with the arms embargo "
             "that Russia itself voted for. Analysts disagree on how far the clause will be "
             "invoked, but the shipments already reported show that cooperation runs both ways.")


def generated(pages: int) -> str:
    """A brief of about ``pages`` A4 pages: sections, lists, a table, notes."""
    parts = ["---", f"title: Generated brief of about {pages} pages", "date: 2026-11-25", "---", ""]
    notes = []
    for section in range(1, round(pages * 5 / 3) + 1):  # about 0.6 pages a section
        parts += [f"## Section {section}", ""]
        for k in range(3):
            n = section * 10 + k
            parts += [PARAGRAPH.format(n=n), ""]
            notes.append(f"[^{n}]: Note {n}, citing resolution {1718 + k}.")
        parts += ["- First point with **bold** text", "    - A nested point", "- Second point", ""]
        parts += ["| Measure | Owner | Priority |", "|---|---|--:|",
                  "| Sanctions | UNSC | 1 |", "| Monitoring | Members | 2 |", ""]
    return "\n".join(parts + notes) + "\n"


def best(fn, runs: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pandoc_docx(path: Path) -> float:
    import pypandoc

    exe = pypandoc.get_pandoc_path()
    out = Path(tempfile.mkdtemp()) / "p.docx"
    cmd = [exe, str(path), "-f", "markdown", "-o", str(out)]
    return best(lambda: subprocess.run(cmd, check=True, capture_output=True))


def measure(path: Path, template_name: str = "default") -> dict[str, float]:
    template = load_template(template_name)
    names = tuple(available())
    doc = assemble(read_brief(path, template_name, names, Reporter()).document, template)
    pdf = render_pdf(doc, template, Reporter())
    from briefgen.build import _pages

    runs = 1 if _pages(pdf) > 60 else 3 if _pages(pdf) > 8 else 7
    return {
        "pages": _pages(pdf),
        "pdf": best(lambda: render_pdf(doc, template, Reporter()), runs),
        "pdf_untagged": best(lambda: render_pdf(doc, template, Reporter(), tagged=False), runs),
        "docx": best(lambda: render_docx(doc, template, Reporter()), runs),
        "pandoc": pandoc_docx(path),
    }


def peak_memory_mb(path: Path) -> float:
    code = ("import sys, resource; from pathlib import Path; "
            "from briefgen.build import build, Options; from briefgen.diagnostics import Reporter; "
            "import tempfile; out = Path(tempfile.mkdtemp()); "
            "build([Path(sys.argv[1])], Options(output=out, templates=('default',)), Reporter()); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def batch(paths: list[Path], count: int = 50) -> tuple[float, float]:
    """Seconds per brief (PDF + DOCX, files written) for ``count`` briefs built by one
    ``build`` call: with the worker pool (one process per core), and in one process."""
    from briefgen.build import Options, build

    work = Path(tempfile.mkdtemp(prefix="briefgen-batch-"))
    sources = []
    for index in range(count):
        source = work / f"brief{index:02d}.md"
        original = paths[index % len(paths)]
        source.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
        for extra in original.parent.iterdir():  # images beside the brief
            if extra.is_dir() and not (work / extra.name).exists():
                shutil.copytree(extra, work / extra.name)
        sources.append(source)
    per: list[float] = []
    for workers in (0, 1):
        start = time.perf_counter()
        result = build(sources, Options(output=work / f"out{workers}", templates=("default",),
                                        workers=workers), Reporter())
        assert not result.failed
        per.append((time.perf_counter() - start) / count)
    return per[0], per[1]


def main() -> None:
    examples = sorted((ROOT / "sources").glob("*.md"))
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    rows: list[tuple[str, dict[str, float], float | None]] = []
    for path in examples:
        rows.append((path.name, measure(path), None))
    for pages in (10, 50, 100, 300):
        path = work / f"generated-{pages}.md"
        path.write_text(generated(pages), encoding="utf-8")
        rows.append((f"generated ~{pages} pages", measure(path), peak_memory_mb(path)))
    print(f"briefgen bench — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'brief':<32}{'pages':>6}{'PDF s':>9}{'DOCX s':>9}{'both s':>9}{'pandoc s':>10}"
          f"{'ratio':>7}{'peak MB':>9}{'tag +%':>8}")
    for name, r, peak in rows:
        both = r["pdf"] + r["docx"]
        tag = 100 * (r["pdf"] / r["pdf_untagged"] - 1)
        print(f"{name:<32}{r['pages']:>6}{r['pdf']:>9.3f}{r['docx']:>9.3f}{both:>9.3f}"
              f"{r['pandoc']:>10.3f}{both / r['pandoc']:>7.2f}"
              f"{(f'{peak:.0f}' if peak else '-'):>9}{tag:>8.1f}")
    pooled, single = batch(examples)
    pandoc = sum(r["pandoc"] for n, r, _ in rows[: len(examples)]) / len(examples)
    print(f"batch of 50 example briefs, PDF + DOCX written: {pooled:.3f} s per brief with the "
          f"worker pool ({os.cpu_count()} processes), {single:.3f} s in one process; "
          f"pandoc, DOCX alone: {pandoc:.3f} s per brief; ratio {pooled / pandoc:.2f} "
          f"(pool) / {single / pandoc:.2f} (one process)")
    print(f"(ru_maxrss of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
