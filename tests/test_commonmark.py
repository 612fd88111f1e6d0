"""CommonMark conformance: the reader's block structure equals the spec's reference HTML.

Every example of the CommonMark spec (``tests/fixtures/commonmark/spec.json``,
655 examples, CC BY-SA 4.0) is read by ``read_brief`` and its model reduced to a structure
signature — lists with kind, start and items, nesting, paragraphs, quotes, code
blocks, headings, thematic breaks, figures — which must equal the signature of
the example's reference HTML.  The only examples left out are listed in
``DIFFERENT_BY_DESIGN`` with the reason.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.diagnostics import Reporter
from briefgen.reader import read_brief

_SPEC = Path(__file__).parent / "fixtures" / "commonmark" / "spec.json"
EXAMPLES = json.loads(_SPEC.read_text(encoding="utf-8"))

RAW_HTML_SECTIONS = {"HTML blocks", "Raw HTML"}
"""briefgen shows raw HTML as literal text (with a warning) instead of passing it on."""

DIFFERENT_BY_DESIGN: dict[int, str] = {
    21: "raw HTML (an <a> tag) is shown as literal text",
    31: "raw HTML (an <a> tag) is shown as literal text",
    477: "raw HTML (an <img> tag) is shown as literal text",
    489: "a link with no text and no target has no word to show",
    519: "an image inside a link shows as its alt text inside the link, not as a figure",
    533: "an image inside a link shows as its alt text inside the link, not as a figure",
}

Sig = list  # a structure signature: nested lists of strings and tuples


def _blocks_sig(blocks: tuple[m.Block, ...]) -> Sig:
    out: Sig = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            out.append("p")
        elif isinstance(block, m.Image):
            out.append("img")
        elif isinstance(block, m.Heading):
            out.append("h")
        elif isinstance(block, m.CodeBlock):
            out.append("pre")
        elif isinstance(block, m.Rule):
            out.append("hr")
        elif isinstance(block, m.BlockQuote):
            out.append(("blockquote", _blocks_sig(block.blocks)))
        elif isinstance(block, m.ListBlock):
            items = [_blocks_sig(item.blocks) for item in block.items]
            out.append(("ol", block.start, items) if block.ordered else ("ul", items))
        elif isinstance(block, m.Table):
            out.append("table")
        else:
            out.append(type(block).__name__)
    return out


class _HtmlSig(HTMLParser):
    """The reference HTML's block structure, in the same shape as :func:`_blocks_sig`."""

    BLOCKS = {"ul", "ol", "li", "p", "blockquote", "pre", "hr", "table",
              "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, Sig]] = [("root", {}, [])]
        self.inline: list[str] = []  # pending inline content of the innermost container
        self.skip = 0  # inside pre/table/heading: everything is part of the block

    def _flush(self) -> None:
        """Inline content standing directly in a list item (a tight list) is a paragraph."""
        if self.inline and self.stack[-1][0] == "li":
            self.stack[-1][2].extend(_split_images(self.inline))
        self.inline = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag in ("pre", "table") or tag.startswith("h") and tag in self.BLOCKS:
                self.skip += 1
            return
        if tag not in self.BLOCKS:
            if tag == "img":
                self.inline.append("img")
            else:
                self.inline.append("x")
            return
        self._flush()
        if tag == "hr":
            self.stack[-1][2].append("hr")
            return
        if tag in ("pre", "table") or tag.startswith("h"):
            self.stack[-1][2].append("pre" if tag == "pre" else "table" if tag == "table" else "h")
            self.skip = 1
            return
        self.stack.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in ("pre", "table") or tag.startswith("h") and tag in self.BLOCKS:
                self.skip -= 1
            return
        if tag not in self.BLOCKS or tag == "hr":
            return
        self._flush() if tag == "li" else None
        name, attrs, children = self.stack.pop()
        parent = self.stack[-1][2]
        if name == "p":
            parent.extend(_split_images(self.inline) or ["p"])
            self.inline = []
        elif name == "li":
            parent.append(children)
        elif name == "blockquote":
            parent.append(("blockquote", children))
        elif name == "ul":
            parent.append(("ul", children))
        elif name == "ol":
            parent.append(("ol", int(attrs.get("start") or 1), children))

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.inline.append("x")

    def signature(self) -> Sig:
        return self.stack[0][2]


def _split_images(parts: list[str]) -> Sig:
    """A paragraph's inline parts → "p" runs and "img" figures, as the reader splits them."""
    out: Sig = []
    text = False
    for part in parts:
        if part == "img":
            if text:
                out.append("p")
            out.append("img")
            text = False
        else:
            text = True
    if text:
        out.append("p")
    return out


def html_signature(html: str) -> Sig:
    parser = _HtmlSig()
    parser.feed(html)
    parser.close()
    return parser.signature()


def model_signature(markdown: str, tmp_path: Path) -> Sig:
    brief = tmp_path / "example.md"
    brief.write_text(f"---\ntitle: Example\n---\n{markdown}", encoding="utf-8")
    doc = read_brief(brief, "default", ("default",), Reporter(), strict=False).document
    return _blocks_sig(doc.blocks)


def _cases() -> list[object]:
    cases = []
    for number, example in enumerate(EXAMPLES, start=1):
        marks = []
        if example["section"] in RAW_HTML_SECTIONS:
            marks.append(pytest.mark.skip(reason="raw HTML is shown as text by design"))
        elif number in DIFFERENT_BY_DESIGN:
            marks.append(pytest.mark.skip(reason=DIFFERENT_BY_DESIGN[number]))
        cases.append(pytest.param(number, id=f"{number}-{example['section']}", marks=marks))
    return cases


@pytest.mark.parametrize("number", _cases())
def test_block_structure_matches_the_spec(number: int, tmp_path: Path) -> None:
    example = EXAMPLES[number - 1]
    assert model_signature(example["markdown"], tmp_path) == html_signature(example["html"])


def test_every_list_example_agrees(tmp_path: Path) -> None:
    """The sections issue 11 was about: all their examples agree, none left out."""
    numbers = [n for n, e in enumerate(EXAMPLES, start=1) if e["section"] in ("Lists", "List items")]
    assert len(numbers) >= 70 and not set(numbers) & set(DIFFERENT_BY_DESIGN)
    for number in numbers:
        example = EXAMPLES[number - 1]
        assert model_signature(example["markdown"], tmp_path) == html_signature(example["html"]), number
