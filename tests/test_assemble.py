"""One source, each audience: what the template decides on the model, for both writers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefgen import model as m
from briefgen.assemble import assemble
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief
from briefgen.template.loader import available, load_template
from briefgen.walk import blocks_of, inlines_of
from conftest import font_notes_dropped, require_glyphs

ROOT = Path(__file__).resolve().parents[1]
LEGAL = ROOT / "sources" / "pact-legal-analysis.md"


def version(source: Path, audience: str) -> m.Document:
    brief = read_brief(source, audience, tuple(available()), Reporter())
    return assemble(brief.document, load_template(audience))


def headings(doc: m.Document) -> list[str]:
    return [(h.number + " " if h.number else "") + m.plain_text(h.children) for h in doc.headings()]


def text(doc: m.Document) -> str:
    return " ".join(m.plain_text((i,)) for b in doc.blocks for i in inlines_of(b)
                    if isinstance(i, m.Text))


def test_versions_differ_as_their_templates_say() -> None:
    default, executive, legal, exam = (version(LEGAL, a) for a in
                                       ("default", "executive", "legal", "exam"))
    # executive: background and legal sections left out, key points on the cover.
    assert "Historical Context" in headings(default)
    assert "Historical Context" not in headings(executive)
    assert not any("Legal Implications" in h for h in headings(executive))
    assert executive.key_points and not any(h == "Key points" for h in headings(executive))
    # legal: numbered headings and paragraphs.
    numbered = [h for h in headings(legal) if h[:1].isdigit()]  # after the table of authorities
    assert numbered[:2] == ["1 Introduction", "2 Historical Context"]
    assert "4.1 UN Security Council Sanctions" in headings(legal)
    start = next(i for i, b in enumerate(legal.blocks)  # after the table of authorities,
                 if isinstance(b, m.Heading) and b.number)  # before the bibliography
    body = legal.blocks[start: next(i for i, b in enumerate(legal.blocks)
                                    if isinstance(b, m.Heading) and b.id == "refs")]
    numbers = [b.number for b in body if isinstance(b, m.Paragraph)]
    assert numbers[:3] == ["1.", "2.", "3."] and None not in numbers
    # exam: no key-points panel; nothing numbered.
    assert not exam.key_points and all(h.number is None for h in exam.headings())
    # audience blocks: the executive paragraph only in the executive version.
    only = "Bottom line:"
    assert only in text(executive) and only not in text(default) and only not in text(legal)


def test_recommendations_register() -> None:
    legal = version(LEGAL, "legal")
    items = [i for b in blocks_of(legal.blocks) if isinstance(b, m.ListBlock) for i in b.items
             if i.label]
    assert [i.label for i in items] == [f"R{n}" for n in range(1, len(items) + 1)]
    assert all(i.id == f"rec-r{n}" for n, i in enumerate(items, start=1))
    (register,) = [b for b in legal.blocks if isinstance(b, m.RecommendationTable)]
    assert [label for label, _ in register.rows] == [i.label for i in items]


def test_recommendation_references_become_links(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\n---\n\n## Introduction\n\nSee [R2], not [R9].\n\n"
                     "## Recommendations\n\n1. First.\n2. Second.\n")
    template = replace(load_template("default"), structure=replace(
        load_template("default").structure, number_recommendations=True))
    doc = assemble(read_brief(brief, "default", ("default",), Reporter()).document, template)
    links = [i for b in doc.blocks for i in inlines_of(b) if isinstance(i, m.Link)]
    assert [(m.plain_text(l.children), l.target) for l in links] == [("R2", "#rec-r2")]
    assert "[R9]" in text(doc)


def test_notes_of_omitted_sections_leave_with_them() -> None:
    default, executive = version(LEGAL, "default"), version(LEGAL, "executive")
    assert len(executive.notes) < len(default.notes)
    refs = [i.number for b in executive.blocks for i in inlines_of(b) if isinstance(i, m.NoteRef)]
    assert sorted(set(refs)) == list(range(1, len(executive.notes) + 1))
    assert [n.number for n in executive.notes] == list(range(1, len(executive.notes) + 1))


def test_example_briefs_pass_check() -> None:
    import subprocess
    import sys

    sources = sorted((ROOT / "sources").glob("*.md"))
    require_glyphs("".join(p.read_text(encoding="utf-8") for p in sources))
    result = subprocess.run([sys.executable, "-m", "briefgen", "check",
                             *sorted(str(p) for p in sources)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert " 0 error(s), 0 warning(s)" in result.stdout


def test_recommendation_links_work_in_both_outputs(tmp_path: Path) -> None:
    import io
    import re
    import zipfile

    import pikepdf

    from briefgen.docx import render_docx
    from briefgen.pdf import render_pdf

    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: T\n---\n\n## Introduction\n\nAs [R2] says.\n\n"
                     "## Recommendations\n\n1. First.\n2. Second.\n")
    base = load_template("default")
    template = replace(base, structure=replace(base.structure, number_recommendations=True))
    doc = assemble(read_brief(brief, "default", ("default",), Reporter()).document, template)
    reporter = Reporter()
    pdf = pikepdf.open(io.BytesIO(render_pdf(doc, template, reporter)))
    dests = [a.get("/Dest") for page in pdf.pages for a in page.get("/Annots", [])
             if a.get("/Dest") is not None]
    assert len(dests) == 1
    with zipfile.ZipFile(io.BytesIO(render_docx(doc, template, reporter))) as z:
        xml = z.read("word/document.xml").decode()
    anchor = re.search(r'<w:hyperlink w:anchor="([^"]+)"', xml).group(1)
    assert f'w:name="{anchor}"' in xml
    assert not font_notes_dropped(reporter.warnings)


def test_exam_shows_the_approach_as_a_box() -> None:
    exam = version(ROOT / "sources" / "pact-exam-answer.md", "exam")
    default = version(ROOT / "sources" / "pact-exam-answer.md", "default")
    assert "Approach" in headings(default) and "Approach" not in headings(exam)
    (box,) = [b for b in exam.blocks if isinstance(b, m.Callout)]
    assert box.kind == "approach" and box.title == "Approach"
    assert any(isinstance(b, m.ListBlock) for b in box.blocks)
