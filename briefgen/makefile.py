"""Make rules for the briefs: which outputs exist and how a stale one is rebuilt.

``briefgen makefile SOURCES…`` prints, for every (brief, audience), a rule
whose recipe only records the job in ``DIR/.deps/stale``; the Makefile then
builds every recorded job in ONE briefgen process.  The real inputs of each
output (images, the template chain, assets) come from the dependency files
that ``briefgen build --depfiles`` writes, as ``gcc -MMD`` does.
"""

from __future__ import annotations

import os
from pathlib import Path

from .build import FORMATS, Job, Options, output_path, plan
from .diagnostics import Reporter


def _esc(path: Path | str) -> str:
    return str(path).replace(" ", "\\ ").replace("$", "$$").replace("#", "\\#")


def rules(sources: list[Path], options: Options) -> str:
    """The text of ``targets.mk`` for ``sources``."""
    jobs, broken = plan(sources, options, Reporter())
    stale = options.output / ".deps" / "stale"
    lines = ["# Written by `briefgen makefile`; do not edit.", ""]
    for job in jobs:
        targets = [output_path(job, fmt, options.output) for fmt in FORMATS]
        template_file = _template_file(job, options)
        lines += [
            f"BRIEF_TARGETS += {' '.join(_esc(t) for t in targets)}",
            f"{' '.join(_esc(t) for t in targets)} &: {_esc(job.source)} {template_file}",
            f"\t@mkdir -p {_esc(stale.parent)} && "
            f"printf '%s\\t%s\\n' '{job.source}' '{job.template}' >> {_esc(stale)}",
            "",
        ]
    for source in broken:
        marker = options.output / ".deps" / f"broken-{source.stem}"
        lines += [f"BRIEF_TARGETS += {_esc(marker)}",
                  f".PHONY: {_esc(marker)}",
                  f"{_esc(marker)}:",
                  f"\t@mkdir -p {_esc(stale.parent)} && "
                  f"printf '%s\\t%s\\n' '{source}' '-' >> {_esc(stale)}", ""]
    return "\n".join(lines) + "\n"


def _template_file(job: Job, options: Options) -> str:
    from .template.loader import template_path

    path = template_path(job.template, options.template_dirs)
    return _esc(os.path.relpath(path)) if path.is_file() else ""


def read_jobs_file(path: Path) -> list[tuple[Path, str | None]]:
    """``SOURCE<TAB>TEMPLATE`` lines (``-``: the brief's own audiences), duplicates dropped."""
    jobs: list[tuple[Path, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        source, _, template = line.partition("\t")
        item = (Path(source), None if template in ("", "-") else template)
        if item not in jobs:
            jobs.append(item)
    return jobs
