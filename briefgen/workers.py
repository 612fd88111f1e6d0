"""Rendering a build's jobs: each in this process, or in a pool of worker processes.

:func:`attempts` yields one :class:`Attempt` per job, in job order, whatever went wrong
inside it (bad input and internal errors become diagnostics); ``briefgen.build`` writes
the files.  The pool starts only when it gains something: more than one stale job, or a
lone job whose two formats can be rendered side by side.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .build import Job, Options, TemplateCache, render, shows_pdf_pages
from .diagnostics import BriefError, Diagnostic, Reporter


@dataclass(slots=True)
class Attempt:
    """What rendering one job gave: the files in memory (``None``: it failed), its inputs,
    and the diagnostics it produced, in order."""

    job: Job
    outputs: dict[str, bytes] | None
    inputs: list[Path]
    found: list[Diagnostic]


def attempt(job: Job, templates: TemplateCache, options: Options) -> Attempt:
    """Render ``job``, turning bad input and internal errors into diagnostics."""
    reporter = Reporter()
    try:
        outputs, inputs = render(job, templates, options, reporter)
        return Attempt(job, outputs, inputs, reporter.found)
    except BriefError as exc:
        if options.debug:
            raise
        reporter.add(exc.diagnostic)
    except Exception as exc:  # noqa: BLE001 - a bug in one job must not stop the others
        if options.debug:
            raise
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        reporter.error(job.source, 0, 0, f"internal error building for '{job.template}': "
                       f"{type(exc).__name__}: {first_line} (run with --debug for a traceback)")
    return Attempt(job, None, [], reporter.found)


_WORKER: dict[str, object] = {}
"""Per worker process: its options and template cache (set by ``_worker_start``)."""


def _worker_start(options: Options) -> None:
    _WORKER["options"] = options
    _WORKER["templates"] = TemplateCache(options.template_dirs)


def _worker_attempt(job: Job) -> Attempt:
    return attempt(job, _WORKER["templates"], _WORKER["options"])  # type: ignore[arg-type]


def attempts(jobs: list[Job], options: Options) -> Iterator[Attempt]:
    """Each job's attempt, in job order: in a pool of worker processes (at most one per
    core) when more than one job is stale, else in this process.  A lone job whose DOCX
    does not wait for the PDF's page numbers renders its two formats side by side."""
    cores = 1 if options.debug else options.workers or os.cpu_count() or 1
    apart = _formats_apart(jobs, options) if cores > 1 else None
    if apart is not None:
        yield _together(jobs[0], list(_in_pool(apart, options, 2, writers=False)))
        return
    workers = min(cores, len(jobs))
    if workers < 2:
        templates = TemplateCache(options.template_dirs)
        for job in jobs:
            yield attempt(job, templates, options)
        return
    yield from _in_pool(jobs, options, workers, writers=True)


def _in_pool(jobs: list[Job], options: Options, workers: int, writers: bool
             ) -> Iterator[Attempt]:
    import multiprocessing

    if os.name == "posix":
        _preload({fmt for job in jobs for fmt in job.formats} if writers else set())
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, _worker_start, (options,)) as pool:
        yield from pool.imap(_worker_attempt, jobs)


def _formats_apart(jobs: list[Job], options: Options) -> list[Job] | None:
    """The one job as one job per format, when it is alone and its DOCX shows no page
    number of the PDF layout (:func:`shows_pdf_pages`); else ``None``."""
    if len(jobs) != 1 or len(jobs[0].formats) < 2:
        return None
    job = jobs[0]
    try:
        template = TemplateCache(options.template_dirs).get(job.template, job.where)
    except BriefError:
        return None  # reported by the job itself
    if "docx" in job.formats and shows_pdf_pages(template):
        return None
    return [Job(job.source, job.template, (fmt,), job.where) for fmt in job.formats]


def _together(job: Job, parts: list[Attempt]) -> Attempt:
    """One attempt from the attempts of ``job``'s formats: every file or none, the
    diagnostics in order, each once (both parts read the same brief)."""
    found = list(dict.fromkeys(d for part in parts for d in part.found))
    inputs = list(dict.fromkeys(p for part in parts for p in part.inputs))
    if any(part.outputs is None for part in parts):
        return Attempt(job, None, [], found)
    return Attempt(job, {fmt: data for part in parts for fmt, data in part.outputs.items()},
                   inputs, found)


def _preload(formats: set[str]) -> None:
    """Import what the jobs need before the workers fork, so they share it instead of
    each importing it again (only the writers of the formats asked for: a worker per
    format imports its own writer, side by side with the other)."""
    from . import assemble, reader  # noqa: F401

    if "pdf" in formats:
        from . import pdf  # noqa: F401
    if "docx" in formats:
        from . import docx  # noqa: F401
