"""Hypothesis-generated briefs through both writers: never an unhandled exception.

CI runs the bounded ``ci`` profile; ``make fuzz`` runs ``HYPOTHESIS_PROFILE=long``.
Bad input may be *refused* (a BriefError with a path:line:col message) but
must never crash.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.assemble import assemble
from briefgen.diagnostics import BriefError, Reporter
from briefgen.docx import render_docx
from briefgen.pdf import render_pdf
from briefgen.reader import read_brief
from briefgen.template.loader import available, load_template

settings.register_profile("ci", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SPECIAL = "&<>\"'*_`[]()#!|~^\\{}:\x00\x0b\x1b\u0301\u0308\u200f\u202e\ufeff\ufffe"
TEXT = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list(SPECIAL)),
    st.sampled_from(list("abc xyz Привет 안녕 שלום مرحبا café ")),
), min_size=0, max_size=40)
WORDS = TEXT.map(lambda t: t.replace("\n", " "))


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["h", "p", "ul", "ol", "table", "code", "quote", "note", "link",
                                 "callout", "dl", "rule", "emph", "audience"]))
    w = draw(WORDS)
    if kind == "h":
        return "#" * draw(st.integers(1, 6)) + " " + (w or "Title")
    if kind == "ul":
        depth = draw(st.integers(0, 5))
        return "\n".join("    " * i + "- " + (w or "item") for i in range(depth + 1))
    if kind == "ol":
        return f"{draw(st.integers(0, 99))}. {w}\n2. {draw(WORDS)}"
    if kind == "table":
        cols = draw(st.integers(1, 6))
        return ("| " + " | ".join([w] * cols) + " |\n|" + "---|" * cols + "\n| "
                + " | ".join([draw(WORDS)] * cols) + " |")
    if kind == "code":
        return f"```\n{draw(TEXT)}\n```"
    if kind == "quote":
        return "> " + w
    if kind == "note":
        return f"Text[^n{len(w)}] more.\n\n[^n{len(w)}]: {draw(WORDS)}"
    if kind == "link":
        return f"[{w}](https://example.org/{len(w)}?a=1&b=<2>) and [in](#x{len(w)})"
    if kind == "callout":
        return f'!!! {draw(st.sampled_from(["note", "example", "warning", "odd"]))} "{w}"\n    {draw(WORDS)}'
    if kind == "dl":
        return f"{w or 'Term'}\n:   {draw(WORDS)}"
    if kind == "rule":
        return "---"
    if kind == "emph":
        return f"**{w}** *{draw(WORDS)}* ~~{draw(WORDS)}~~ `{draw(WORDS)}` H~2~O x^2^"
    if kind == "audience":
        return f"::: only executive\n{w}\n:::"
    return w


@given(title=WORDS, blocks=st.lists(block(), max_size=12))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_random_briefs_never_crash(title: str, blocks: list[str]) -> None:
    body = "\n\n".join(blocks)
    title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.md"
        path.write_text(f"---\ntitle: {title_yaml}\n---\n\n{body}\n", encoding="utf-8",
                        errors="surrogatepass")
        reporter = Reporter()
        try:
            brief = read_brief(path, "default", tuple(available()), reporter)
        except BriefError as exc:
            assert str(exc).startswith(str(path) + ":")
            return
        template = load_template("default")
        try:  # citations and labels are resolved here: a refusal names its place too
            doc = assemble(brief.document, template)
        except BriefError as exc:
            assert str(exc).startswith(str(path) + ":")
            return
        assert render_pdf(doc, template, reporter).startswith(b"%PDF")
        assert render_docx(doc, template, reporter)[:2] == b"PK"
