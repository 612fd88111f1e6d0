"""``make profile``: a cProfile of one cold ``briefgen build`` process, imports included.

Writes ``output/profile/<brief>-<template>.prof`` (open it with ``python -m pstats`` or
snakeviz) and a ``.txt`` summary: every font file the build opened, then the top
functions by cumulative and by own time.  Usage::

    .venv/bin/python tools/profile.py [BRIEF.md] [--template NAME] [--format pdf|docx|all]
"""

from __future__ import annotations

import argparse
import io
import pstats
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROFILED = """\
import cProfile, sys
fonts = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].lower().endswith(
            (".ttf", ".otf", ".ttc")) and args[0] not in fonts:
        fonts.append(args[0])
sys.addaudithook(hook)
profile = cProfile.Profile()
profile.enable()
import briefgen.cli
status = briefgen.cli.main(sys.argv[2:])
profile.disable()
profile.dump_stats(sys.argv[1])
print("font files opened:", *fonts, sep="\\n  ")
sys.exit(status)
"""


def profile(source: Path, template: str, fmt: str) -> None:
    """Profile one cold build of ``source`` for ``template`` and print the summary."""
    folder = ROOT / "output" / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    stats_file = folder / f"{source.stem}-{template}.prof"
    result = subprocess.run([sys.executable, "-c", PROFILED, str(stats_file), "build",
                             str(source), "-t", template, "-f", fmt, "-o", str(folder), "-q"],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr)
    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    summary = folder / f"{source.stem}-{template}.txt"
    summary.write_text(result.stdout + text.getvalue(), encoding="utf-8")
    print(result.stdout + text.getvalue())
    print(f"wrote {stats_file.relative_to(ROOT)} (open with `python -m pstats` or snakeviz) "
          f"and {summary.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("brief", nargs="?", type=Path,
                        default=Path("sources/pact-legal-analysis.md"))
    parser.add_argument("-t", "--template", default="legal")
    parser.add_argument("-f", "--format", choices=("pdf", "docx", "all"), default="all")
    args = parser.parse_args(argv)
    profile(args.brief, args.template, args.format)


if __name__ == "__main__":
    main()
