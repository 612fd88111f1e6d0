"""Hostile input: YAML that would run code, text that would become markup, the network.

* Front matter and templates are read with ``yaml.SafeLoader`` only; a
  ``!!python/…`` tag is refused with a one-line error and nothing runs.
* Text that looks like reportlab paragraph markup or WordprocessingML is
  printed verbatim: it changes neither the layout nor the document's XML.
* No build ever opens a socket: every example brief is built with sockets
  blocked.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pypdf import PdfReader

from briefgen.build import Options, build
from conftest import font_notes_dropped
from briefgen.diagnostics import Reporter
from briefgen.frontmatter import read_meta
from briefgen.source import read_source
from briefgen.template.loader import load_template

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.md"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _brief(tmp_path: Path, body: str, front: str = "title: Brief\ndate: 2026-01-15") -> Path:
    path = tmp_path / "brief.md"
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return path


def _build(brief: Path, out: Path) -> Reporter:
    reporter = Reporter()
    result = build([brief], Options(output=out), reporter)
    assert not result.failed, [str(d) for d in reporter.errors]
    return reporter


# ------------------------------------------------------------ YAML never runs code


@pytest.mark.parametrize(("front", "where", "tag"), [
    ('title: !!python/object/apply:os.system ["touch {marker}"]', "2:8",
     "!!python/object/apply:os.system"),
    ("title: Brief\nsummary: !!python/name:os.system", "3:10", "!!python/name:os.system"),
    ("!!python/object:builtins.dict\ntitle: Brief", "2:1", "!!python/object:builtins.dict"),
    ("title: Brief\nkeywords: [a, !!python/object/new:os.system [\"touch {marker}\"]]", "3:15",
     "!!python/object/new:os.system"),
])
def test_python_tags_in_front_matter_are_refused(front: str, where: str, tag: str,
                                                 tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    brief = _brief(tmp_path, "Text.", front.format(marker=marker))
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(brief), "--output",
                             str(tmp_path / "out"), "--quiet"], capture_output=True, text=True,
                            timeout=120)
    assert result.stderr.splitlines() == [
        f"{brief}:{where}: error: front matter YAML: the tag {tag} is not allowed "
        "(write plain values)"]
    assert result.returncode == 1
    assert not marker.exists()
    assert not (tmp_path / "out").exists()


def test_front_matter_is_parsed_by_the_safe_loader_only(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unsafe YAML loader was used")

    for name in ("load", "load_all", "unsafe_load", "full_load", "UnsafeLoader", "FullLoader",
                 "Loader"):
        monkeypatch.setattr(yaml, name, refuse)
    brief = _brief(tmp_path, "Text.", "title: Brief\ndate: 2026-01-02\nkeywords: [a, b]")
    meta = read_meta(read_source(brief, Reporter()))
    assert (meta.title, meta.keywords) == ("Brief", ("a", "b"))


def test_python_tag_in_a_template_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "evil.yaml").write_text(
        f'extends: default\ndescription: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(Exception) as caught:
        load_template("evil", (tmp_path,))
    assert "is not allowed in a template" in str(caught.value)
    assert not marker.exists()


# ------------------------------------------------------------ text never becomes markup

REPORTLAB = [
    "<font size=80>HUGE</font>",
    '<a href="javascript:alert(1)">click me</a>',
    '<img src="/etc/passwd" width="400" height="400"/>',
    "<b>not bold</b> and <br/> no break",
    "]]> and <![CDATA[ x ]]>",
    "<para>nested</para> <seq id='x'/> <unichar name='BULLET'/>",
]


SMART = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _pdf_words(data: bytes) -> list[dict]:
    """Words with their font and size (a change of either splits a word)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [w for page in pdf.pages
                for w in page.extract_words(extra_attrs=["fontname", "size"])]


def test_reportlab_markup_in_text_is_printed_verbatim(tmp_path: Path) -> None:
    body = "\n\n".join(f"Line {n}: `{text}`" for n, text in enumerate(REPORTLAB))
    body += "\n\n" + "\n\n".join(f"Plain {n}: {text}" for n, text in enumerate(REPORTLAB))
    body += "\n\nAT&T and R&D; code `x &amp; y` stays `&amp;`."
    out = tmp_path / "out"
    _build(_brief(tmp_path, body), out)
    data = (out / "brief-default.pdf").read_bytes()
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    text = text.translate(SMART)  # Markdown's smart quotes, outside code spans
    for snippet in REPORTLAB:
        assert text.count(" ".join(snippet.split())) == 2, (snippet, text)
    assert "AT&T and R&D; code x &amp; y stays &amp;." in text
    words = _pdf_words(data)
    body = {(w["fontname"], round(w["size"], 1)) for w in words if w["text"] == "Plain"}
    assert len(body) == 1  # every "Plain n:" paragraph is set in the same body type
    code = {(w["fontname"], round(w["size"], 1)) for w in words if w["text"].startswith("&amp;")}
    assert len(code) == 1 and code != body  # and every code span in the code type
    for needle in ("HUGE</font>", "<b>not", "bold</b>", "me</a>", "nested</para>"):
        found = [w for w in words if needle in w["text"]]
        assert found and all((w["fontname"], round(w["size"], 1)) in body | code
                                  for w in found), needle
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert not page.images, "markup became an image"
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert "javascript" not in str(action.get("/URI", "")).lower()
            assert action.get("/S") != "/JavaScript"


WORDML = [
    "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>injected",
    '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDETEXT "c:/x"</w:instrText></w:r>',
    "&lt;w:p&gt; &amp;amp; ]]>",
]


def _document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def test_wordprocessingml_in_text_is_printed_verbatim(tmp_path: Path) -> None:
    body = "\n\n".join(f"`{text}`" for text in WORDML)
    hostile, harmless = tmp_path / "hostile", tmp_path / "harmless"
    hostile.mkdir()
    harmless.mkdir()
    _build(_brief(hostile, body), hostile / "out")
    plain = "\n\n".join(f"`{re.sub(r'[^ ]', 'x', text)}`" for text in WORDML)
    _build(_brief(harmless, plain), harmless / "out")
    evil = _document_xml(hostile / "out" / "brief-default.docx")
    good = _document_xml(harmless / "out" / "brief-default.docx")
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in evil.iter(f"{W}p")]
    for snippet in WORDML:
        assert snippet in texts, (snippet, texts)
    for tag in ("r", "t", "b", "fldChar", "instrText", "fldSimple", "p"):
        assert len(list(evil.iter(f"{W}{tag}"))) == len(list(good.iter(f"{W}{tag}"))), tag
    assert not any("INCLUDETEXT" in (t.text or "") for t in evil.iter(f"{W}instrText"))


# ------------------------------------------------------------ no network at build time


class Blocked(Exception):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to reach the network is recorded and refused."""
    attempts: list[str] = []

    def refuse(name: str):  # noqa: ANN202 - a replacement for any socket entry point
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise Blocked(f"network access during a build: {name}")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return attempts


def test_the_block_catches_a_connection(no_network: list[str]) -> None:
    import urllib.request

    with pytest.raises(Blocked):
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert no_network


def test_every_example_brief_builds_without_the_network(no_network: list[str],
                                                         tmp_path: Path) -> None:
    from briefgen.frontmatter import read_meta as meta_of

    assert SOURCES
    jobs: list[tuple[Path, str | None]] = []
    for source in SOURCES:
        audiences = meta_of(read_source(source, Reporter())).audiences
        assert audiences, source
        jobs += [(source, audience) for audience in audiences]
    reporter = Reporter()
    result = build(list(jobs), Options(output=tmp_path), reporter)
    assert not result.failed, [str(d) for d in reporter.errors]
    assert len(result.written) == 2 * len(jobs)
    assert no_network == []


def test_a_remote_image_is_never_fetched(no_network: list[str], tmp_path: Path) -> None:
    brief = _brief(tmp_path, "![A remote chart](https://example.org/chart.png)\n\n"
                   "![Another](http://127.0.0.1:9/x.png \"title\")")
    reporter = _build(brief, tmp_path / "out")
    assert no_network == []
    assert [d.message.split("'")[1] for d in font_notes_dropped(reporter.warnings)] == [
        "https://example.org/chart.png", "http://127.0.0.1:9/x.png"]
