"""``briefgen watch``: rebuild a brief's outputs whenever one of its inputs changes.

Polls modification times (no extra dependency, works on every file system);
the inputs of each job are the ones its last build used: the brief, its
images, its template chain and their assets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .build import Job, Options, TemplateCache, output_path, plan, render, write_atomic
from .diagnostics import BriefError, Reporter


def _stamp(paths: list[Path]) -> tuple[float, ...]:
    stamps = []
    for path in paths:
        try:
            stamps.append(path.stat().st_mtime)
        except OSError:
            stamps.append(-1.0)
    return tuple(stamps)


def rebuild(job: Job, options: Options, reporter: Reporter, say: Callable[[str], None]
            ) -> list[Path]:
    """Build one job; returns its inputs (just the brief when it failed)."""
    templates = TemplateCache(options.template_dirs)
    try:
        outputs, inputs = render(job, templates, options, reporter)
    except BriefError as exc:
        reporter.add(exc.diagnostic)
        return [job.source]
    for fmt, data in outputs.items():
        target = output_path(job, fmt, options.output)
        try:
            write_atomic(target, data)
        except OSError as exc:
            reporter.error(job.source, 0, 0, f"cannot write {target}: {exc.strerror or exc}; "
                           "any previous output file is kept")
            continue
        say(f"wrote {target}")
    return inputs


def watch(sources: list[Path], options: Options, reporter: Reporter,
          say: Callable[[str], None] = print, interval: float = 0.5,
          rounds: int | None = None) -> None:
    """Build now, then rebuild each job whose inputs change.  ``rounds``: stop after
    that many polls (tests); ``None``: until interrupted."""
    watched: dict[Job, tuple[list[Path], tuple[float, ...]]] = {}
    jobs, _ = plan(sources, options, reporter)
    for job in jobs:
        inputs = rebuild(job, options, reporter, say)
        watched[job] = (inputs, _stamp(inputs))
    say(f"watching {len(watched)} output set(s); Ctrl-C to stop")
    count = 0
    while rounds is None or count < rounds:
        count += 1
        time.sleep(interval)
        for job, (inputs, before) in list(watched.items()):
            if _stamp(inputs) != before:
                say(f"changed: {job.source} ({job.template})")
                inputs = rebuild(job, options, reporter, say)
                watched[job] = (inputs, _stamp(inputs))
