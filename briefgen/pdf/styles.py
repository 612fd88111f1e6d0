"""Paragraph styles made once per render from the template."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..template.model import Template
from .fonts import FontSet

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@dataclass(slots=True)
class Styles:
    """Every ParagraphStyle the writer uses, keyed by purpose."""

    body: ParagraphStyle
    body_left: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    code: ParagraphStyle
    quote: ParagraphStyle
    caption: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    byline: ParagraphStyle
    callout_title: ParagraphStyle
    toc_title: ParagraphStyle
    toc: list[ParagraphStyle]
    headings: list[ParagraphStyle]
    running: ParagraphStyle


def _headings(t: Template, face: str, body: ParagraphStyle) -> list[ParagraphStyle]:
    """Heading styles for levels 1-6: bold heading face, keep with next."""
    out = []
    for level in range(1, 7):
        size = t.headings.size(level)
        out.append(ParagraphStyle(
            f"h{level}", parent=body, fontName=face, fontSize=size, leading=size * 1.25,
            textColor=HexColor(t.headings.colour), alignment=TA_LEFT, keepWithNext=1,
            spaceBefore=t.headings.space_before * (1.3 if level == 1 else 1.0),
            spaceAfter=t.headings.space_after, hyphenationLang="", embeddedHyphenation=0))
    return out


def make_styles(t: Template, fonts: FontSet, hyphenation: Callable | None,
                code_blocks: bool = True) -> Styles:
    """Build the styles.  ``hyphenation``: reportlab's hyphenator (a callable
    ``word -> [(head, tail)]``), or ``None`` for none.  ``code_blocks``: whether the
    document has any (else the monospace font file is never read for the code style)."""
    f = t.fonts
    c = t.colours
    body_face = fonts.faces(f.body).regular
    head = fonts.faces(f.heading)
    text = HexColor(c.text)
    lead = f.size * f.line_spacing
    body = ParagraphStyle(
        "body", fontName=body_face, fontSize=f.size, leading=lead, textColor=text,
        spaceAfter=t.paragraph_space, alignment=TA_JUSTIFY if t.justify else TA_LEFT,
        hyphenationLang=hyphenation or "", embeddedHyphenation=0,
        uriWasteReduce=0.3, splitLongWords=1,
        allowWidows=0, allowOrphans=0,  # never one line of a paragraph alone on a page
    )
    small_size = max(f.size - 1.5, 7)

    def derive(name: str, parent: ParagraphStyle = body, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    headings = _headings(t, head.bold, body)
    toc = [derive(f"toc{i}", alignment=TA_LEFT, leftIndent=14 * i, spaceAfter=2,
                  fontName=head.bold if i == 0 else body_face, hyphenationLang="")
           for i in range(6)]
    return Styles(
        body=body,
        body_left=derive("body_left", alignment=TA_LEFT),
        small=derive("small", fontSize=small_size, leading=small_size * 1.3, spaceAfter=2,
                     alignment=TA_LEFT),
        note=derive("note", fontSize=small_size, leading=small_size * 1.25, spaceAfter=1.5,
                    alignment=TA_LEFT, leftIndent=12, firstLineIndent=-12),
        cell=derive("cell", fontSize=f.size - 1, leading=(f.size - 1) * 1.25, spaceAfter=0,
                    alignment=TA_LEFT, hyphenationLang=""),
        head_cell=derive("head_cell", fontName=head.bold, fontSize=f.size - 1,
                         leading=(f.size - 1) * 1.25, spaceAfter=0, alignment=TA_LEFT,
                         textColor=HexColor("#FFFFFF"), hyphenationLang=""),
        code=derive("code", fontName=fonts.faces(f.mono if code_blocks else f.body).regular,
                    fontSize=f.size - 1.5,
                    leading=(f.size - 1.5) * 1.3, alignment=TA_LEFT, spaceAfter=0,
                    hyphenationLang="", embeddedHyphenation=0),
        quote=derive("quote", leftIndent=18, rightIndent=12, textColor=HexColor(c.muted)),
        caption=derive("caption", fontSize=small_size, leading=small_size * 1.3,
                       textColor=HexColor(c.muted), alignment=TA_LEFT, spaceBefore=3,
                       spaceAfter=t.paragraph_space + 4, hyphenationLang=""),
        label=derive("label", alignment=TA_RIGHT, spaceAfter=0, hyphenationLang=""),
        title=derive("title", fontName=head.bold, fontSize=t.headings.size(1) + 9,
                     leading=(t.headings.size(1) + 9) * 1.2, alignment=TA_LEFT,
                     textColor=HexColor(t.headings.colour), spaceAfter=6, hyphenationLang=""),
        subtitle=derive("subtitle", fontName=head.regular, fontSize=f.size + 3,
                        leading=(f.size + 3) * 1.3, textColor=HexColor(c.muted),
                        alignment=TA_LEFT, spaceAfter=8, hyphenationLang=""),
        byline=derive("byline", fontName=head.regular, fontSize=f.size - 0.5,
                      leading=(f.size - 0.5) * 1.35, alignment=TA_LEFT, spaceAfter=1,
                      textColor=text, hyphenationLang=""),
        callout_title=derive("callout_title", fontName=head.bold, fontSize=f.size + 0.5,
                             alignment=TA_LEFT, spaceAfter=3, hyphenationLang="",
                             keepWithNext=1),
        toc_title=derive("toc_title", fontName=head.bold, fontSize=t.headings.size(1),
                         leading=t.headings.size(1) * 1.3, textColor=HexColor(t.headings.colour),
                         spaceAfter=10, alignment=TA_LEFT),
        toc=toc,
        headings=headings,
        running=derive("running", fontName=head.regular, fontSize=8, leading=10,
                       textColor=HexColor(c.muted), hyphenationLang=""),
    )
