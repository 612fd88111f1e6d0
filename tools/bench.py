"""``make bench``: briefgen's speed and memory as users see it, next to two peers.

Every number is a WHOLE PROCESS (or process tree) started the way a user starts
it, timed from spawn to exit; nothing is timed inside briefgen.  In the same
run, on the same files (the same images too), two peers do the same job:

- ``pandoc DOCX``: pandoc (the pypandoc-binary build) writing the DOCX alone;
- ``pandoc→Typst``: pandoc ``-t typst``, the ``typst`` PyPI package compiling
  that to PDF, then pandoc writing the DOCX: PDF + DOCX, the fastest route a
  user could pick instead.

Rows: each example brief cold (one process, template ``default``, PDF + DOCX);
``make`` with nothing to do and after touching one brief (in a copy of the
project); one brief in two versions with and without the worker pool (its
start-up cost); a batch of 50 briefs; generated briefs of about 10, 50, 100
and 300 pages.  Each cell is the median of ``--runs`` runs (fewer for the
largest rows, as the table says).  Peak memory is ``ru_maxrss`` of the
process tree from ``os.wait4`` in a small launcher process: the largest single
process of the tree (a worker pool holds up to one such process per worker).

Where the time of one cold build goes: ``make profile`` (``tools/profile.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BRIEFGEN = str(BIN / "briefgen")
TYPST = ("import sys, typst\n"
         "for f in sys.argv[1:]: typst.compile(f, output=f[:-4] + '.pdf')\n")
PARAGRAPH = ("The treaty's mutual assistance clause obliges each party to provide military and "
             "other assistance without delay if the other is attacked[^{n}], which sits uneasily "
             "with Security Council resolutions 1718, 2270 and 2397 and with the arms embargo "
             "that Russia itself voted for. Analysts disagree on how far the clause will be "
             "invoked, but the shipments already reported show that cooperation runs both ways.")
IMAGE = "images/unsc-dprk-sanctions-resolutions.png"


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


@dataclass
class Cell:
    """The runs of one command: wall seconds, CPU seconds and peak kilobytes of each."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def mb(self) -> float:
        return max(self.peaks) / 1024


LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)
_pid, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
      os.waitstatus_to_exitcode(status))
"""
"""A small fresh process that starts the measured command and reports its wall time,
its CPU time (user + system, the whole tree) and ``ru_maxrss`` (the bench process
itself is large, and Linux carries a parent's memory high-water mark into a child
across fork and exec)."""


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None
             ) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (kB, largest process of the tree) of one
    process."""
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, *cmd]
    with tempfile.TemporaryFile() as err:
        done = subprocess.run(launcher, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err,
                              text=True, check=False)
        wall, cpu, peak, status = done.stdout.split()[-4:]
        if done.returncode or int(status):
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(cmd)[:200]} failed:\n{err.read().decode()[-2000:]}")
    return float(wall), float(cpu), int(peak)


def measure(cmd: list[str], cwd: Path, runs: int, before=None, env=None,  # noqa: ANN001
            warm: bool = True) -> Cell:
    """``runs`` runs of ``cmd`` (``before()`` untimed before each); with ``warm``, one
    untimed run first so the page cache holds the files, as on a user's machine."""
    cell = Cell()
    for index in range(runs + 1 if warm else runs):
        if before:
            before()
        wall, cpu, peak = run_once(cmd, cwd, env)
        if index or not warm:
            cell.walls.append(wall)
            cell.cpus.append(cpu)
            cell.peaks.append(peak)
    return cell


def sh(script: str) -> list[str]:
    return ["sh", "-c", script]


def q(path: Path | str) -> str:
    return "'" + str(path).replace("'", "'\\''") + "'"


def routes(md: Path, out: Path) -> dict[str, list[str]]:
    """The three commands that turn ``md`` into outputs under ``out``."""
    stem, exe = out / md.stem, pandoc()
    typ = md.with_suffix(".typ")  # beside the brief: typst resolves images from there
    return {
        "briefgen": [BRIEFGEN, "build", str(md), "-t", "default", "-o", str(out), "-q"],
        "pandoc": [exe, str(md), "-f", "markdown", "-o", f"{stem}.docx"],
        "typst": sh(f"{q(exe)} {q(md)} -f markdown-citations -t typst -s -M keywords= -M bibliography= -o {q(typ)} && "
                    f"{q(sys.executable)} -c {q(TYPST)} {q(typ)} && "
                    f"{q(exe)} {q(md)} -f markdown -o {q(str(stem) + '-p.docx')}"),
    }


def batch_routes(folder: Path, out: Path, workers: int) -> dict[str, list[str]]:
    """The same for every brief of ``folder``; peers run ``workers`` at once (xargs -P)."""
    exe, py = q(pandoc()), q(sys.executable)
    files = f"cd {q(folder)} && ls *.md"
    return {
        "briefgen": sh(f"cd {q(folder)} && {q(BRIEFGEN)} build *.md -t default -o {q(out)} -q"),
        "briefgen -j 1": sh(f"cd {q(folder)} && {q(BRIEFGEN)} build *.md -t default -j 1 "
                            f"-o {q(out)} -q"),
        "pandoc": sh(f"{files} | xargs -P {workers} -I@ {exe} @ -f markdown -o {q(out)}/@.docx"),
        "typst": sh(f"{files} | xargs -P {workers} -I@ {exe} @ -f markdown-citations -t typst -s "
                    f"-M keywords= -M bibliography= -o @.typ && ls *.typ | xargs -P {workers} "
                    f"-n $(( ($(ls *.md | wc -l) + {workers} - 1) / {workers} )) "
                    f"{py} -c {q(TYPST)} && {files} | xargs -P {workers} -I@ {exe} @ "
                    f"-f markdown -o {q(out)}/@-p.docx"),
    }


def read_only(md: Path) -> list[str]:
    """A process that only reads ``md`` (front matter, CommonMark, the model): the reader's
    part of a build, imports included."""
    script = ("import sys; from pathlib import Path; from briefgen.reader import read_brief; "
              "from briefgen.diagnostics import Reporter; "
              "read_brief(Path(sys.argv[1]), 'default', ('default',), Reporter())")
    return [sys.executable, "-c", script, str(md)]


def generated(pages: int) -> str:
    """A brief of about ``pages`` A4 pages: sections, lists, a table, notes, a figure
    every ten sections."""
    parts = ["---", f"title: Generated brief of about {pages} pages", "date: 2026-11-25",
             "keywords: [bench]", "---", ""]
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
        if section % 10 == 1:
            parts += [f"![Bar chart of sanctions resolutions by year]({IMAGE} \"Figure\")", ""]
    return "\n".join(parts + notes) + "\n"


def pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


@dataclass
class Row:
    name: str
    cells: dict[str, Cell]
    runs: int
    pages: int | None = None
    peers_times: int = 1
    """How many peer runs make the same outputs (briefgen builds several audiences at once)."""
    note: str = ""


class Bench:
    """One bench run: a scratch folder with copies of the inputs, and the rows measured."""

    def __init__(self, runs: int, quick: bool) -> None:
        self.runs, self.quick = runs, quick
        self.work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
        self.examples = sorted((ROOT / "sources").glob("*.md"))
        self.workers = os.cpu_count() or 1
        self.rows: list[Row] = []

    def folder(self, name: str) -> Path:
        """A fresh folder holding everything of ``sources/`` but the briefs themselves (images,
        parts, data, ``_variables.yml``), so every brief finds what it uses."""
        path = self.work / name
        path.mkdir()
        for extra in (ROOT / "sources").iterdir():  # images, parts, data, _variables.yml …
            if extra.is_dir():
                shutil.copytree(extra, path / extra.name)
            elif extra.suffix != ".md":
                shutil.copy2(extra, path / extra.name)
        return path

    def brief_row(self, name: str, md: Path, runs: int, warm: bool = True) -> Row:
        out = md.parent / f"out-{md.stem}"
        cmds = routes(md, out)
        cells = {key: measure(cmd, md.parent, runs, warm=warm) for key, cmd in cmds.items()}
        return Row(name, cells, runs, pdf_pages(out / f"{md.stem}-default.pdf"))

    def examples_rows(self) -> None:
        folder = self.folder("examples")
        for source in self.examples:
            md = folder / source.name
            shutil.copy2(source, md)
            self.rows.append(self.brief_row(f"{source.name}, cold", md, self.runs))

    def first_run_row(self) -> None:
        """One brief with an empty user cache folder: a first run ever."""
        folder, source = self.work / "examples", self.examples[-1]
        md, out = folder / source.name, folder / "out-first"
        cache = self.work / "cache"
        env = dict(os.environ, XDG_CACHE_HOME=str(cache), BRIEFGEN_CACHE_DIR=str(cache))
        cell = measure(routes(md, out)["briefgen"], folder, self.runs,
                       lambda: shutil.rmtree(cache, ignore_errors=True), env)
        peers = self.rows[len(self.examples) - 1].cells
        self.rows.append(Row(f"{source.name}, empty cache folder", {"briefgen": cell,
                             "pandoc": peers["pandoc"], "typst": peers["typst"]}, self.runs,
                             note="peers: the cold row above"))

    def pool_rows(self) -> None:
        """One brief in two versions: the pool of workers against one process."""
        folder, source = self.work / "examples", self.examples[-1]
        md = folder / source.name
        peers = self.rows[len(self.examples) - 1].cells
        for label, extra in ((f"worker pool of {self.workers}", []),
                             ("one process (-j 1)", ["-j", "1"])):
            cmd = [BRIEFGEN, "build", str(md), "-t", "default", "-t", "legal", *extra,
                   "-o", str(folder / "out-pool"), "-q"]
            cell = measure(cmd, folder, self.runs)
            self.rows.append(Row(f"{source.name}, 2 versions, {label}",
                                 {"briefgen": cell, "pandoc": peers["pandoc"],
                                  "typst": peers["typst"]}, self.runs, peers_times=2,
                                 note="peers: the cold row × 2"))

    def make_rows(self) -> None:
        """``make`` in a copy of the project: nothing to do, then one brief touched."""
        project = self.work / "project"
        project.mkdir()
        for name in ("Makefile", "pyproject.toml"):
            shutil.copy2(ROOT / name, project / name)
        for name in ("sources", "templates"):
            shutil.copytree(ROOT / name, project / name)
        for name in (".venv", "briefgen"):
            (project / name).symlink_to(ROOT / name)
        (project / "output").mkdir()
        stamp = (ROOT / ".venv" / ".installed").stat().st_mtime - 10
        os.utime(project / "pyproject.toml", (stamp, stamp))
        cmd = ["make", "--no-print-directory"]
        run_once(cmd, project)
        self.rows.append(Row("`make`, nothing to do", {"briefgen": measure(cmd, project,
                                                                           self.runs)}, self.runs))
        touched = project / "sources" / self.examples[0].name
        cell = measure(cmd, project, self.runs, lambda: os.utime(touched))
        peers = self.rows[0].cells
        self.rows.append(Row(f"`make` after touching {touched.name} (3 versions)",
                             {"briefgen": cell, "pandoc": peers["pandoc"],
                              "typst": peers["typst"]}, self.runs, peers_times=3,
                             note="peers: the cold row × 3, one run per version"))

    def batch_rows(self, count: int = 50) -> None:
        folder = self.folder("batch")
        for index in range(count):
            shutil.copy2(self.examples[index % len(self.examples)], folder / f"b{index:02d}.md")
        runs = max(1, self.runs // 2)
        out = folder / "out"

        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            for typ in folder.glob("*.typ"):
                typ.unlink()

        cells = {key: measure(cmd, folder, runs, clean)
                 for key, cmd in batch_routes(folder, out, self.workers).items()}
        single = cells.pop("briefgen -j 1")
        self.rows.append(Row(f"batch of {count} briefs, worker pool of {self.workers}", cells,
                             runs, note=f"peers run {self.workers} at once (xargs -P)"))
        self.rows.append(Row(f"batch of {count} briefs, one process (-j 1)", {"briefgen": single,
                             "pandoc": cells["pandoc"], "typst": cells["typst"]}, runs))

    def generated_rows(self) -> None:
        folder = self.folder("generated")
        for pages in (10, 50, 100) if self.quick else (10, 50, 100, 300):
            md = folder / f"generated-{pages}.md"
            md.write_text(generated(pages), encoding="utf-8")
            runs = self.runs if pages <= 10 else min(self.runs, 3)
            self.rows.append(self.brief_row(f"generated, ~{pages} pages", md, runs,
                                            warm=pages <= 10))
            self.rows.append(Row(f"generated, ~{pages} pages, reading only (the reader's "
                                 "share of the row above)",
                                 {"briefgen": measure(read_only(md), folder, runs)}, runs))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per cell (median shown)")
    parser.add_argument("--quick", action="store_true", help="fewer rows: no 300 pages, no batch")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench.md")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    bench = Bench(args.runs, args.quick)
    try:
        bench.examples_rows()
        bench.first_run_row()
        bench.pool_rows()
        bench.make_rows()
        if not args.quick:
            bench.batch_rows()
        bench.generated_rows()
        text = report(bench, started, load)
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
