"""Building briefs: plan the (brief, audience) jobs, render, write atomically.

A job renders everything in memory first; only when every requested format
has rendered are the files written, each under a temporary name renamed into
place.  A failure therefore never leaves a truncated file and keeps the
previous good output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import BriefError, Reporter
from .template.loader import TEMPLATE_DIR, available, load_template
from .template.model import Template

if TYPE_CHECKING:
    from .model import Document

FORMATS = ("pdf", "docx")


@dataclass(frozen=True, slots=True)
class Job:
    """Build ``source`` for audience ``template`` in ``formats``."""

    source: Path
    template: str
    formats: tuple[str, ...]
    where: tuple[str, int, int]
    """The place that named the template (for "unknown template")."""


@dataclass(slots=True)
class Options:
    output: Path = Path("output")
    formats: tuple[str, ...] = FORMATS
    templates: tuple[str, ...] = ()
    """Audiences to build; empty: each brief's own ``audiences``."""
    template_dirs: tuple[Path, ...] = (TEMPLATE_DIR,)
    tagged: bool = True
    allow_outside: bool = False
    depfiles: bool = False
    debug: bool = False
    """Let errors propagate (with their traceback) instead of reporting them."""
    workers: int = 0
    """Processes rendering jobs at once; 0: one per core (1: all in this process)."""


class OutputError(Exception):
    """The output folder cannot be made or written to: no job of the run can succeed."""


@dataclass(slots=True)
class Result:
    written: list[Path] = field(default_factory=list)
    failed: list[Job] = field(default_factory=list)
    pages: int = 0


def plan(requests: Iterable[Path | tuple[Path, str | None]], options: Options,
         reporter: Reporter) -> tuple[list[Job], list[Path]]:
    """The jobs asked for, and the sources that could not even be planned.

    A request is a brief (built for ``options.templates``, else its own
    ``audiences``) or a ``(brief, template)`` pair (template ``None``: as a
    plain brief).
    """
    from .frontmatter import meta_positions, read_meta
    from .source import read_source

    jobs: list[Job] = []
    broken: list[Path] = []
    for request in requests:
        source, template = request if isinstance(request, tuple) else (request, None)
        if template is not None:
            jobs.append(Job(source, template, options.formats, (str(source), 0, 0)))
            continue
        if options.templates:
            jobs += [Job(source, t, options.formats, (str(source), 0, 0)) for t in options.templates]
            continue
        try:
            text = read_source(source, Reporter())
            meta = read_meta(text)
        except BriefError as exc:
            if options.debug:
                raise
            reporter.add(exc.diagnostic)
            broken.append(source)
            continue
        line, col = meta_positions(text).get("audiences", (1, 1))
        jobs += [Job(source, a, options.formats, (str(source), line, col)) for a in meta.audiences]
    return list(dict.fromkeys(jobs)), broken


class TemplateCache:
    """Loads each template once per run."""

    def __init__(self, dirs: tuple[Path, ...]) -> None:
        self.dirs = dirs
        self.loaded: dict[str, Template] = {}
        self.names = tuple(available(dirs))

    def get(self, name: str, where: tuple[str, int, int]) -> Template:
        if name not in self.loaded:
            self.loaded[name] = load_template(name, self.dirs, where)
        return self.loaded[name]


def render(job: Job, templates: TemplateCache, options: Options, reporter: Reporter
           ) -> tuple[dict[str, bytes], list[Path]]:
    """Render ``job`` in memory: format → bytes, and the job's input files.

    Each writer is imported only when a job asks for its format, so a DOCX-only build
    never loads the PDF writer (nor reportlab, nor pikepdf)."""
    from .anchors import check_links
    from .assemble import assemble
    from .check import structure_findings  # check builds on this module
    from .reader import read_brief

    template = templates.get(job.template, job.where)
    brief = read_brief(job.source, job.template, templates.names, reporter,
                       allow_outside=options.allow_outside)
    for finding in structure_findings(brief, template):
        reporter.warn(finding.path, finding.line, finding.col, finding.message)
    document = check_links(assemble(brief.document, template), reporter)
    outputs: dict[str, bytes] = {}
    pages: dict[str, int] = {}  # the DOCX contents shows the PDF layout's page numbers
    if "pdf" in job.formats or ("docx" in job.formats and shows_pdf_pages(template)):
        document, pdf = _laid_out(document, template, job, options, reporter, pages)
        if "pdf" in job.formats:
            outputs["pdf"] = pdf
    if "docx" in job.formats:
        from .docx import render_docx

        outputs["docx"] = render_docx(document, template, reporter, toc_pages=pages)
    return outputs, [*brief.inputs, *template.inputs]


def shows_pdf_pages(template: Template) -> bool:
    """Whether the template's DOCX shows page numbers of the PDF layout (its contents, lists
    of figures and tables, table of authorities), so making it needs that layout."""
    return bool(template.toc.enabled or template.crossrefs.list_of_figures
                or template.crossrefs.list_of_tables or template.citations.authorities)


def _laid_out(document: Document, template: Template, job: Job, options: Options,
              reporter: Reporter, pages: dict[str, int]) -> tuple[Document, bytes]:
    """The PDF layout of ``document`` (with its table of authorities' pages filled in) and
    the document as laid out; ``pages`` gets the page of each heading.  Without a PDF to
    write (a DOCX that shows page numbers) the layout is an untagged draft."""
    from .citations.authorities import laid_out
    from .pdf import render_pdf

    wanted = "pdf" in job.formats

    def layout(doc: Document, final: bool) -> tuple[bytes, dict[str, list[int]]]:
        marks: dict[str, list[int]] = {}
        pages.clear()
        final = final and wanted
        pdf = render_pdf(doc, template, reporter if final else Reporter(),
                         tagged=options.tagged and final, heading_pages=pages,
                         mark_pages=marks)
        return pdf, marks

    return laid_out(document, template, layout)


def output_path(job: Job, fmt: str, out_dir: Path) -> Path:
    return out_dir / f"{job.source.stem}-{Path(job.template).stem}.{fmt}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def depfile_text(targets: list[Path], inputs: list[Path]) -> str:
    """A Make rule naming every input of ``targets`` (as ``gcc -MMD`` writes)."""
    def esc(p: Path) -> str:
        return str(p).replace(" ", "\\ ").replace("$", "$$").replace("#", "\\#")

    deps = " \\\n  ".join(esc(p) for p in dict.fromkeys(inputs))
    lines = [f"{' '.join(esc(t) for t in targets)}: \\\n  {deps}\n"]
    lines += [f"{esc(p)}:\n" for p in dict.fromkeys(inputs)]
    return "\n".join(lines)


def build(sources: list[Path | tuple[Path, str | None]], options: Options, reporter: Reporter,
          progress: "Progress | None" = None) -> Result:
    """Build every job of ``sources``; a broken brief does not stop the others.

    Jobs render in parallel (``options.workers``); files are written here, in job order."""
    result = Result()
    jobs, broken = plan(sources, options, reporter)
    result.failed += [Job(s, "?", (), (str(s), 0, 0)) for s in broken]
    from .workers import attempts

    for index, done in enumerate(attempts(jobs, options), start=1):
        job = done.job
        if progress:
            progress.start(index, len(jobs), job)
        for diagnostic in done.found:
            reporter.add(diagnostic)
        if done.outputs is None:
            result.failed.append(job)
            continue
        targets = [output_path(job, fmt, options.output) for fmt in done.outputs]
        make_output_folder(options.output)
        try:
            _write_job(job, done.outputs, done.inputs, options)
        except OSError as exc:
            if options.debug:
                raise
            reporter.error(job.source, 0, 0, f"cannot write {exc.filename or options.output}: "
                           f"{exc.strerror or exc}; any previous output file is kept")
            result.failed.append(job)
            continue
        result.written += targets
        result.pages += _pages(done.outputs.get("pdf"))
        if progress:
            progress.done(job, targets)
    return result


def make_output_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents), or raise :class:`OutputError` saying why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot create the output folder {folder}: a file of that name "
                          "is in the way") from None
    except NotADirectoryError:
        raise OutputError(f"cannot create the output folder {folder}: a file is in the way "
                          "(part of the path is not a folder)") from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder}: "
                          f"{exc.strerror or exc}") from None


def _write_job(job: Job, outputs: dict[str, bytes], inputs: list[Path], options: Options) -> None:
    """Write the job's files (and its depfile); an OSError names the file it was writing."""
    targets = [output_path(job, fmt, options.output) for fmt in outputs]
    for target, data in zip(targets, outputs.values()):
        _named(write_atomic, target, data)
    if options.depfiles:
        dep = options.output / ".deps" / f"{job.source.stem}-{Path(job.template).stem}.d"
        _named(write_atomic, dep, depfile_text(targets, [Path(os.path.relpath(p)) for p in inputs])
               .encode())


def _named(write: Callable[[Path, bytes], None], path: Path, data: bytes) -> None:
    try:
        write(path, data)
    except OSError as exc:
        exc.filename = str(path)
        raise


def _pages(pdf: bytes | None) -> int:
    if not pdf:
        return 0
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


class Progress:
    """Reports progress: on a terminal one status line rewritten in place (done/total and
    the current brief); in a log, plain lines.  Each written file gets a line either way."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - a text stream
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", lambda: False)())

    def start(self, index: int, total: int, job: Job) -> None:
        line = f"[{index}/{total}] {job.source} ({job.template})"
        if self.live:
            print(f"\r\033[K{line} …", end="", file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)

    def done(self, job: Job, targets: list[Path]) -> None:
        if self.live:
            print("\r\033[K", end="", file=self.stream)
        for target in targets:
            print(f"  wrote {target}", file=self.stream, flush=True)
