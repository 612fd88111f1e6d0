"""The report of ``make bench`` (``tools/bench.py``): the Markdown table, each target
of issue 17 met or with its gap, the machine and its load, and how to reproduce."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Bench, Row

ROOT = Path(__file__).resolve().parents[1]


def ratio(row: Row, peer: str, cpu: bool = False) -> str:
    if peer not in row.cells:
        return ""
    ours, theirs = row.cells["briefgen"], row.cells[peer]
    if cpu:
        return f"{ours.cpu / (theirs.cpu * row.peers_times):.2f}"
    return f"{ours.wall / (theirs.wall * row.peers_times):.2f}"


def table(rows: list[Row]) -> list[str]:
    lines = ["| run | pages | runs | briefgen s | CPU s | MB | pandoc DOCX s | MB | × pandoc DOCX "
             "| pandoc→Typst s | CPU s | MB | × pandoc→Typst (CPU) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: |"]
    for row in rows:
        b, p, t = (row.cells.get(k) for k in ("briefgen", "pandoc", "typst"))
        cols = [row.name + (f" ({row.note})" if row.note else ""), str(row.pages or ""),
                str(row.runs), f"{b.wall:.3f}", f"{b.cpu:.3f}", f"{b.mb:.0f}"]
        cols += [f"{p.wall:.3f}", f"{p.mb:.0f}", ratio(row, "pandoc")] if p else ["", "", ""]
        cols += ([f"{t.wall:.3f}", f"{t.cpu:.3f}", f"{t.mb:.0f}",
                  f"{ratio(row, 'typst')} ({ratio(row, 'typst', cpu=True)})"] if t
                 else ["", "", "", ""])
        lines.append("| " + " | ".join(cols) + " |")
    return lines


def find(rows: list[Row], start: str) -> Row | None:
    return next((r for r in rows if r.name.startswith(start)), None)


def targets(rows: list[Row], examples: int) -> list[str]:
    """Each target of issue 17, met or with the gap stated."""
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    out = []
    for row in rows[:examples]:
        r = float(ratio(row, "typst"))
        out.append(f"- One brief cold, PDF + DOCX, at most 1.5 × the pandoc→Typst route: "
                   f"{row.name.split(',')[0]} {r:.2f} × — {verdict(r <= 1.5)} "
                   f"(CPU time: {ratio(row, 'typst', cpu=True)} ×).")
    batch, cold = find(rows, "batch of"), rows[:examples]
    if batch:
        count = int(batch.name.split()[2])
        per = batch.cells["briefgen"].wall / count
        route = statistics.mean(r.cells["typst"].wall for r in cold)
        route_batch = batch.cells["typst"].wall / count
        out.append(f"- A batch, at most 0.25 × the pandoc→Typst route per brief: {per:.3f} s a "
                   f"brief against {route:.3f} s for one cold route run ({per / route:.3f} × — "
                   f"{verdict(per / route <= 0.25)}); against the route's own parallel batch "
                   f"({route_batch:.3f} s a brief) {per / route_batch:.2f} ×.")
    big = find(rows, "generated, ~300")
    if big:
        b = big.cells["briefgen"]
        out.append(f"- 300 pages under 10 s and 300 MB: {big.pages} pages in {b.wall:.1f} s, "
                   f"{b.mb:.0f} MB — {verdict(b.wall < 10 and b.mb < 300)}.")
    gen = [r for r in rows if r.name.startswith("generated") and r.pages]
    if gen:
        per_page = ", ".join(f"{r.pages} pages {1000 * r.cells['briefgen'].wall / r.pages:.0f} ms"
                             for r in gen)
        out.append(f"- Linear in length: seconds per page {per_page} (whole process, so the "
                   f"start-up cost weighs on the short ones).")
    noop = find(rows, "`make`, nothing")
    if noop:
        w = noop.cells["briefgen"].wall
        out.append(f"- `make` with nothing to do under 0.2 s: {w:.3f} s — {verdict(w < 0.2)}.")
    return out


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor() or platform.machine())
    mem = next((int(line.split()[1]) // 1024 for line in
                Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    import pypandoc
    import typst

    pandoc_version = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True,
                                    text=True).stdout.split("\n")[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return [f"{cpu}, {os.cpu_count()} cores, {mem} MB RAM, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, {pandoc_version}, "
            f"typst (PyPI) {typst.__version__}; briefgen at commit {commit or '?'}"]


def report(bench: Bench, started: str, load: tuple[float, ...]) -> str:
    end_load = os.getloadavg()
    lines = [f"# `make bench`, {started}", "",
             *machine(), "",
             f"Load average (1 min) {load[0]:.2f} at the start, {end_load[0]:.2f} at the end "
             f"(above 0 means other work shared the {bench.workers} cores: timings are noisy).",
             "", *table(bench.rows), "",
             "Every time is a whole process (or process tree) from spawn to exit, the median of "
             "the runs shown; CPU s is user + system time of the whole tree (less sensitive "
             "than wall time to other work on the machine); MB is the peak resident memory "
             "of the largest process of the tree "
             "(`ru_maxrss` from `os.wait4` in a small launcher process, whose own 8 MB or so "
             "count too: Linux carries a parent's high-water mark into its child). "
             "briefgen builds template `default`, PDF + DOCX. "
             "pandoc→Typst is `pandoc -t typst -s`, the `typst` PyPI package compiling that "
             "PDF, then `pandoc` writing the DOCX, one after the other (`-M keywords=`: pandoc's "
             "Typst template prints a keyword list Typst cannot parse; `-M bibliography=`: Typst "
             "cannot read a CSL YAML bibliography, so the peers format no citations). Peers "
             "read the same "
             "Markdown and images. × is briefgen's wall time over the peer's, in brackets on "
             "CPU time (for several versions, over the peer's time that many times).", "",
             "## Targets (issue 17)", "", *targets(bench.rows, len(bench.examples)), "",
             "Reproduce: `make bench` (prints this and writes `docs/bench.md`; "
             "`.venv/bin/python tools/bench.py --runs 9` for more runs, `--quick` for a short "
             "check). Where the time goes in one cold build: `make profile`.", ""]
    return "\n".join(lines)
