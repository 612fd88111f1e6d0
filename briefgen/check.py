"""``briefgen check``: validate briefs against their audiences' templates, writing nothing.

Each finding is a :class:`Diagnostic` (``path:line:col: error|warning: …``).
The structural rules come from ``Template.structure``: required roles and
their order, omitted roles, word limits per role and in total, a page limit
for the PDF, required front-matter fields.  Content rules: empty sections,
broken internal links, glyphs no font has.

``check`` reads a brief leniently (an image without alt text does not hide a
missing section), then reports every finding of each brief version sorted by
line.  ``build`` runs the same front-matter and structure rules
(:func:`structure_findings`) and prints them as warnings, so the two never
disagree about a brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import model as m
from .anchors import broken_links, message
from .assemble import assemble, for_audience
from .build import Job, Options, TemplateCache, plan
from .diagnostics import BriefError, Diagnostic, Reporter
from .frontmatter import meta_positions
from .reader import Brief, read_brief
from .structure import Section, assign_roles, sections
from .template.model import Template


@dataclass(slots=True)
class CheckResult:
    checked: int = 0
    failed: int = 0


def check(sources: list[Path], options: Options, reporter: Reporter, *, pages: bool = True
          ) -> CheckResult:
    """Check every (brief, audience) of ``sources``; findings go to ``reporter``."""
    result = CheckResult()
    jobs, broken = plan(sources, options, reporter)
    result.failed += len(broken)
    templates = TemplateCache(options.template_dirs)
    for job in jobs:
        result.checked += 1
        found = Reporter()
        try:
            check_job(job, templates, options, found, pages=pages)
        except BriefError as exc:
            found.add(exc.diagnostic)
        for diagnostic in sorted(found.found, key=_place):
            reporter.add(diagnostic)
        if found.errors:
            result.failed += 1
    return result


def _place(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.line, diagnostic.col


def check_job(job: Job, templates: TemplateCache, options: Options, reporter: Reporter, *,
              pages: bool) -> None:
    template = templates.get(job.template, job.where)
    brief = read_brief(job.source, job.template, templates.names, reporter,
                       allow_outside=options.allow_outside, strict=False)
    checker = _Checker(brief, template, reporter)
    checker.meta()
    from .citations.check import citation_findings

    for finding in citation_findings(brief.document):
        reporter.add(finding)
    checker.structure()
    checker.links()
    checker.glyphs()
    if pages and template.structure.pages and not reporter.errors:
        checker.pages(options)


def structure_findings(brief: Brief, template: Template) -> list[Diagnostic]:
    """The front-matter and structure rules' findings about ``brief`` (as errors)."""
    found = Reporter()
    checker = _Checker(brief, template, found)
    checker.meta()
    checker.structure()
    return found.found


class _Checker:
    def __init__(self, brief: Brief, template: Template, reporter: Reporter) -> None:
        self.brief = brief
        self.doc = for_audience(brief.document)
        self.template = template
        self.reporter = reporter
        self.path = brief.source.path
        self.body = brief.source.body
        self.name = template.name

    def error(self, line: int, col: int, message: str, path: Path | None = None) -> None:
        """An error at ``line``:``col`` of the brief (or of ``path``: an included part)."""
        self.reporter.error(path or self.path, line, col, message)

    def meta(self) -> None:
        present = {k for k, v in _meta_values(self.doc.meta).items() if v}
        for key in self.template.structure.required_meta:
            if key not in present:
                self.error(1, 1, f"the {self.name} template requires front-matter '{key}'")

    def structure(self) -> None:
        rules = self.template.structure
        blocks = assign_roles(self.doc.blocks, rules.aliases)
        _, found = sections(blocks)
        kept = [s for s in found if s.role.value not in rules.omit]
        roles = [s.role.value for s in kept]
        last_line = self.body.count("\n") + 1
        for role in rules.required:
            if role not in roles:
                self.error(last_line, 1, f"missing required section '{role}' "
                           f"(the {self.name} template requires: {', '.join(rules.required)})")
        self._order(kept, rules.order)
        self._words(kept, rules.word_limits, rules.total_words)
        self._empty(blocks)

    def _order(self, kept: list[Section], order: tuple[str, ...]) -> None:
        """Flag the sections outside the longest run that follows ``order``."""
        ranked = [(order.index(s.role.value), s) for s in kept if s.role.value in order]
        in_order = _longest_ordered([rank for rank, _ in ranked])
        for index, (_, section) in enumerate(ranked):
            if index not in in_order:
                pos = section.heading.pos or m.Pos(1)
                self.error(pos.line, pos.col, f"section '{_title(section)}' ({section.role.value})"
                           f" is out of order; the {self.name} template wants: "
                           f"{', '.join(order)}", pos.path)

    def _words(self, kept: list[Section], limits: dict[str, int], total: int | None) -> None:
        for section in kept:
            limit = limits.get(section.role.value)
            count = m.word_count(section.blocks)
            if limit is not None and count > limit:
                pos = section.heading.pos or m.Pos(1)
                self.error(pos.line, pos.col, f"section '{_title(section)}' has {count} words; "
                           f"the {self.name} template allows {limit}", pos.path)
        if total is not None:
            count = m.word_count(assemble(self.doc, self.template).blocks)
            if count > total:
                self.error(1, 1, f"the brief has {count} words; the {self.name} template allows "
                           f"{total}")

    def _empty(self, blocks: tuple[m.Block, ...]) -> None:
        for index, block in enumerate(blocks):
            if not isinstance(block, m.Heading):
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is None or (isinstance(following, m.Heading)
                                     and following.level <= block.level):
                pos = block.pos or m.Pos(1)
                self.error(pos.line, pos.col, f"section '{m.plain_text(block.children)}' is empty",
                           pos.path)

    def links(self) -> None:
        """The build's one link check (``briefgen.anchors``), reported as errors."""
        for link, pos in broken_links(self.doc):
            where = pos or m.Pos(1)
            self.error(where.line, where.col, message(link.target), where.path)

    def glyphs(self) -> None:
        from .fonts import missing_glyphs  # reads font files: only check needs it

        fonts = self.template.fonts
        families = (fonts.body, fonts.heading, *fonts.fallback)
        for char in missing_glyphs(self.brief.source.text, families):
            line, col = _find(self.brief.source.text, char)
            self.error(line, col, f"no font has a glyph for '{char}' (U+{ord(char):04X}); "
                       f"fonts tried: {', '.join(families)}")

    def pages(self, options: Options) -> None:
        from .build import _pages
        from .pdf import render_pdf

        limit = self.template.structure.pages
        data = render_pdf(assemble(self.doc, self.template), self.template, Reporter(),
                          tagged=False)
        count = _pages(data)
        cover = self.template.opening.style == "cover"
        if cover:
            count -= 1  # the limit is on the brief itself, not its cover page
        if limit is not None and count > limit:
            line, col = meta_positions(self.brief.source).get("title", (1, 1))
            after = " after the cover" if cover else ""
            self.error(line, 1, f"the PDF has {count} pages{after}; the {self.name} template "
                       f"allows {limit}")


def _longest_ordered(ranks: list[int]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of ``ranks`` (earliest wins ties)."""
    best: list[list[int]] = []
    for index, rank in enumerate(ranks):
        options = [chain for chain in best if ranks[chain[-1]] <= rank]
        chain = max(options, key=len, default=[]) + [index]
        best.append(chain)
    return set(max(best, key=len, default=[]))


def _meta_values(meta: m.Meta) -> dict[str, object]:
    return {"title": meta.title, "subtitle": meta.subtitle, "author": meta.authors,
            "organisation": meta.organisation, "date": meta.date,
            "classification": meta.classification, "language": meta.language,
            "audiences": meta.audiences, "keywords": meta.keywords, "summary": meta.summary}


def _title(section: Section) -> str:
    return m.plain_text(section.heading.children)


def _find(text: str, needle: str) -> tuple[int, int]:
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1

