"""The ``briefgen`` command line.

Exit status: 0 success, 1 bad input (reported as ``path:line:col: error: …``),
2 bad usage.  ``--debug`` shows a traceback instead of the one-line error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from . import __doc__ as package_doc
from .build import FORMATS, Options, OutputError, Progress, build
from .diagnostics import BriefError, Reporter
from .template.loader import available, default_dirs, load_template


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefgen", description=package_doc)
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="build briefs into PDF and DOCX files",
                            description="Build each SOURCE for each of its audiences (or the "
                            "--template ones) into DIR/<stem>-<template>.pdf and .docx.")
    b.add_argument("sources", nargs="*", type=Path, metavar="SOURCE.md")
    b.add_argument("--jobs-file", type=Path, metavar="FILE",
                   help="also build the jobs listed in FILE, one 'SOURCE<TAB>TEMPLATE' a line "
                   "(what `make` records for stale outputs)")
    b.add_argument("-t", "--template", action="append", default=[], metavar="NAME",
                   help="build for this template (repeatable); default: the brief's audiences")
    b.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR",
                   help="output folder (default: output)")
    b.add_argument("-f", "--format", choices=("pdf", "docx", "all"), default="all",
                   help="which files to write (default: all)")
    b.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR",
                   help="look for templates here first (repeatable)")
    b.add_argument("--no-tags", action="store_true",
                   help="write an untagged PDF (not accessible; only if you must)")
    b.add_argument("--allow-outside", action="store_true",
                   help="allow images outside the brief's folder")
    b.add_argument("--depfiles", action="store_true",
                   help="write Make dependency files under DIR/.deps/")
    b.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                   help="render at most N jobs at once, each in its own process "
                   "(default: one per core; 1: all in this process)")
    b.add_argument("-q", "--quiet", action="store_true", help="print only diagnostics")

    c = commands.add_parser("check", help="validate briefs against their templates (writes nothing)",
                            description="Check each SOURCE against each of its audiences' "
                            "templates (or the --template ones) and print path:line:col "
                            "diagnostics.  Exit status 1 when any error is found.")
    c.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.md")
    c.add_argument("-t", "--template", action="append", default=[], metavar="NAME",
                   help="check against this template (repeatable); default: the brief's audiences")
    c.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR")
    c.add_argument("--allow-outside", action="store_true",
                   help="allow images outside the brief's folder")
    c.add_argument("--no-pages", action="store_true",
                   help="skip page limits (they need a PDF layout in memory)")

    mk = commands.add_parser("makefile", help="print Make rules for the briefs' outputs")
    mk.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.md")
    mk.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR")
    mk.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR")

    h = commands.add_parser("handout", help="write stamped per-recipient copies of a brief",
                            description="For each distribution LIST (handouts/<name>.yaml), lay "
                            "the brief out once and write one stamped PDF per copy under "
                            "DIR/handouts/<name>/, a manifest (CSV and JSON) and a zip bundle.")
    h.add_argument("lists", nargs="+", type=Path, metavar="LIST.yaml")
    h.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR")
    h.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR")
    h.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                   help="date on the stamp when the list gives none (default: today)")

    w = commands.add_parser("watch", help="rebuild outputs whenever a brief or its inputs change")
    w.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.md")
    w.add_argument("-t", "--template", action="append", default=[], metavar="NAME")
    w.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR")
    w.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR")
    w.add_argument("--interval", type=float, default=0.5, help="seconds between polls")

    v = commands.add_parser("verify", help="read a brief's PDF and DOCX back and compare them",
                            description="For each OUTPUT (a .pdf, a .docx or their common stem), "
                            "read both files back and compare their words block by block (with the "
                            "source line), the contents entries and the in-text citations, then the heading "
                            "tree, notes, lists, tables, images and links; report every "
                            "disagreement.")
    v.add_argument("outputs", nargs="+", type=Path, metavar="OUTPUT")

    t = commands.add_parser("templates", help="list the templates with their descriptions")
    t.add_argument("--templates-dir", type=Path, action="append", default=[], metavar="DIR")

    i = commands.add_parser("init", help="write a ready project (sources, templates, Makefile)")
    i.add_argument("folder", type=Path, metavar="DIR")
    f = commands.add_parser("fonts", help="list the font families briefgen finds, and where")
    f.add_argument("family", nargs="*", help="only families whose name contains this")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of jobs (1 or more): {text!r}")
    return int(text)


def _template_dirs(extra: list[Path]) -> tuple[Path, ...]:
    return tuple(extra) + default_dirs()


def _cmd_build(args: argparse.Namespace) -> int:
    reporter = Reporter(stream=sys.stderr)
    options = Options(
        output=args.output,
        formats=FORMATS if args.format == "all" else (args.format,),
        templates=tuple(args.template),
        template_dirs=_template_dirs(args.templates_dir),
        tagged=not args.no_tags,
        allow_outside=args.allow_outside,
        depfiles=args.depfiles,
        debug=args.debug,
        workers=args.jobs,
    )
    started = time.perf_counter()
    progress = None if args.quiet else Progress(sys.stdout)
    jobs = [(source, None) for source in args.sources]
    if args.jobs_file:
        from .makefile import read_jobs_file

        jobs += read_jobs_file(args.jobs_file)
    if not jobs:
        print("briefgen build: nothing to build (name SOURCE.md files or --jobs-file)",
              file=sys.stderr)
        return 2
    result = build(jobs, options, reporter, progress)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(f"built {len(result.written)} file(s), {result.pages} PDF page(s) in {elapsed:.1f} s"
              + (f"; {len(result.failed)} build(s) failed" if result.failed else ""))
    return 1 if result.failed or reporter.errors else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check

    reporter = Reporter(stream=sys.stderr)
    options = Options(templates=tuple(args.template),
                      template_dirs=_template_dirs(args.templates_dir),
                      allow_outside=args.allow_outside, debug=args.debug)
    result = check(args.sources, options, reporter, pages=not args.no_pages)
    errors, warnings = len(reporter.errors), len(reporter.warnings)
    print(f"checked {result.checked} brief version(s): {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _cmd_makefile(args: argparse.Namespace) -> int:
    from .makefile import rules

    options = Options(output=args.output, template_dirs=_template_dirs(args.templates_dir))
    sys.stdout.write(rules(args.sources, options))
    return 0


def _cmd_handout(args: argparse.Namespace) -> int:
    from .build import TemplateCache
    from .handout import make_handouts

    reporter = Reporter(stream=sys.stderr)
    templates = TemplateCache(_template_dirs(args.templates_dir))
    failed = 0
    for spec in args.lists:
        try:
            written = make_handouts(spec, args.output, templates, reporter,
                                    args.date or dt.date.today())
        except BriefError as exc:
            if args.debug:
                raise
            reporter.add(exc.diagnostic)
            failed += 1
            continue
        print(f"{spec}: wrote {len(written)} file(s) under {args.output / 'handouts'}")
    return 1 if failed else 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    reporter = Reporter(stream=sys.stderr)
    options = Options(output=args.output, templates=tuple(args.template),
                      template_dirs=_template_dirs(args.templates_dir))
    watch(args.sources, options, reporter, lambda line: print(line, flush=True), args.interval)
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify_pair

    stems = dict.fromkeys(p.with_suffix("") if p.suffix in (".pdf", ".docx") else p
                          for p in args.outputs)
    bad = 0
    for stem in stems:
        pdf, docx = stem.with_name(stem.name + ".pdf"), stem.with_name(stem.name + ".docx")
        missing = [str(p) for p in (pdf, docx) if not p.is_file()]
        if missing:
            print(f"{stem}: error: missing {', '.join(missing)}", file=sys.stderr)
            bad += 1
            continue
        problems = verify_pair(pdf, docx)
        for problem in problems:
            print(f"{stem}: error: {problem}", file=sys.stderr)
        bad += bool(problems)
        if not problems:
            print(f"{stem}: PDF and DOCX agree")
    return 1 if bad else 0


def _cmd_templates(args: argparse.Namespace) -> int:
    dirs = _template_dirs(args.templates_dir)
    for name in available(dirs):
        template = load_template(name, dirs)
        print(f"{name:<12} {template.description}")
    return 0


def _lazy(name: str):
    def run(args: argparse.Namespace) -> int:
        from . import init

        return getattr(init, name)(args)
    return run


COMMANDS = {"build": _cmd_build, "check": _cmd_check, "makefile": _cmd_makefile,
            "handout": _cmd_handout, "watch": _cmd_watch,
            "verify": _cmd_verify,
            "templates": _cmd_templates, "init": _lazy("cmd_init"), "fonts": _lazy("cmd_fonts")}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BriefError as exc:
        if args.debug:
            raise
        print(exc.diagnostic, file=sys.stderr)
        return 1
    except OutputError as exc:
        if args.debug:
            raise
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("briefgen: interrupted; no partial file was written", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into a line
        if args.debug:
            raise
        print(f"briefgen: internal error: {type(exc).__name__}: {exc} "
              "(run with --debug for a traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
