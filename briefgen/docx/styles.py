"""Named Word styles configured from the template.

Every style the writer uses is defined here under Word's built-in name where
one exists ("heading 1", "Title", "footnote text", "toc 1", "Hyperlink"…), so
Word, LibreOffice and pandoc recognise them.  With the built-in base every such
style is replaced by ours; with a reference document (``template.docx.reference``)
its styles win and only missing ones are added.

Fonts name a family for ascii, hAnsi, cs and eastAsia; the eastAsia family is
the first fallback that covers Hangul, so Korean text needs no per-run work.
Theme font attributes are removed because they win over explicit names
(library-pitfalls §5).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

from docx.oxml.ns import qn

from ..fonts import FontError, family_for
from ..template.model import Template
from . import oxml as ox

HANGUL_PROBE = "\uac00"  # 가
NO_HYPHENS = ox.el("w:suppressAutoHyphens")
"""In headings, titles, the byline, captions, table cells, the contents and the
running header and footer: never hyphenated (briefgen.hyphenation)."""
LANGUAGE_TAGS = {"en": "en-US", "ko": "ko-KR", "ru": "ru-RU", "uk": "uk-UA", "fr": "fr-FR",
                 "de": "de-DE", "es": "es-ES", "it": "it-IT", "nl": "nl-NL", "ja": "ja-JP",
                 "zh": "zh-CN", "pl": "pl-PL", "pt": "pt-PT"}


@dataclass(frozen=True, slots=True)
class StyleDef:
    """One ``w:style``: ``kind`` is paragraph, character or table."""

    sid: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    ppr: tuple[ox.Element | None, ...] = ()
    rpr: tuple[ox.Element | None, ...] = ()
    tblpr: tuple[ox.Element | None, ...] = ()
    ui_priority: int | None = None
    qformat: bool = False
    extra: tuple[ox.Element, ...] = field(default=())

    def build(self) -> ox.Element:
        """The ``w:style`` element (children are copied, so a definition can be
        built more than once and may share elements with another)."""
        attrs: dict[str, object] = {"w:type": self.kind, "w:styleId": self.sid}
        if self.sid == "Normal":
            attrs["w:default"] = "1"
        style = ox.el("w:style", attrs, [ox.val("w:name", self.name)])
        if self.based_on and self.sid != self.based_on:
            style.append(ox.val("w:basedOn", self.based_on))
        if self.next_style:
            style.append(ox.val("w:next", self.next_style))
        if self.ui_priority is not None:
            style.append(ox.val("w:uiPriority", self.ui_priority))
        if self.qformat:
            style.append(ox.el("w:qFormat"))
        if any(c is not None for c in self.ppr):
            style.append(ox.ppr(*map(_copy, self.ppr)))
        if any(c is not None for c in self.rpr):
            style.append(ox.rpr(*map(_copy, self.rpr)))
        if any(c is not None for c in self.tblpr):
            style.append(ox.tblpr(*map(_copy, self.tblpr)))
        for child in self.extra:
            style.append(deepcopy(child))
        return style


def _copy(element: ox.Element | None) -> ox.Element | None:
    return deepcopy(element) if element is not None else None


def language_tag(language: str) -> str:
    """A Word language tag (``en`` → ``en-US``, as the PDF's hyphenation
    patterns; tags with a region are kept)."""
    return language if "-" in language else LANGUAGE_TAGS.get(language.lower(), language)


def east_asia_family(main: str, template: Template) -> str:
    """The family Word should use for Hangul next to ``main``."""
    last = template.fonts.fallback[-1] if template.fonts.fallback else main
    try:  # with no Hangul font installed, the template's last fallback (its CJK family)
        return family_for(HANGUL_PROBE, (main, *template.fonts.fallback)) or last
    except FontError:
        return last


def _fonts(template: Template, family: str) -> ox.Element:
    return ox.fonts(family, east_asia_family(family, template))


def _heading(template: Template, level: int) -> StyleDef:
    h = template.headings
    before = h.space_before * (1.3 if level == 1 else 1.0)  # as the PDF
    rule = None
    if level == 1 and h.rule_below_level1:
        rule = ox.borders("w:pBdr", [ox.border_side("bottom", template.colours.rule, 0.75, 3)])
    return StyleDef(
        f"Heading{level}", f"heading {level}", next_style="Normal", ui_priority=9, qformat=True,
        ppr=(ox.el("w:keepNext"), ox.el("w:keepLines"), rule, NO_HYPHENS,
             leading(before, h.space_after, h.size(level), 1.25), ox.val("w:jc", "left"),
             ox.val("w:outlineLvl", level - 1)),
        rpr=(_fonts(template, template.fonts.heading), ox.el("w:b"), ox.el("w:bCs"),
             ox.el("w:caps") if level == 1 and h.uppercase_level1 else None,
             ox.colour(h.colour), *ox.size(h.size(level))))


def leading(before: float, after: float, size: float, factor: float) -> ox.Element:
    """Paragraph spacing with the PDF's leading (``size × factor`` points) as the
    least line height: both formats compute lines from the same template values
    (Word's "multiple" spacing is relative to the font's own line gap, ~15% looser)."""
    element = ox.spacing(before, after)
    element.set(qn("w:line"), str(ox.twips(size * factor)))
    element.set(qn("w:lineRule"), "atLeast")
    return element


def _body_styles(t: Template) -> list[StyleDef]:
    size, c = t.fonts.size, t.colours
    small = max(size - 1.5, 7)  # the PDF's small, caption and note size
    item_after = max(t.paragraph_space - 3, 2)
    jc = ox.val("w:jc", "both" if t.justify else "left")
    return [
        StyleDef("Normal", "Normal", based_on=None, qformat=True,
                 ppr=(ox.el("w:widowControl"),
                      leading(0, t.paragraph_space, size, t.fonts.line_spacing), jc),
                 rpr=(_fonts(t, t.fonts.body), ox.colour(c.text), *ox.size(size))),
        *(_heading(t, level) for level in range(1, 7)),
        StyleDef("ListBullet", "List Bullet", ppr=(ox.spacing(after=item_after),)),
        StyleDef("ListNumber", "List Number", ppr=(ox.spacing(after=item_after),)),
        StyleDef("Quote", "Quote", next_style="Normal", qformat=True,
                 ppr=(ox.borders("w:pBdr", [ox.border_side("left", c.rule, 2.5, 10)]),
                      ox.ind(left=12.5, right=12)),
                 rpr=(ox.colour(c.muted),)),
        StyleDef("Caption", "caption", next_style="Normal", qformat=True,
                 ppr=(ox.el("w:keepNext"), NO_HYPHENS,
                      leading(3, t.paragraph_space + 4, small, 1.3), ox.val("w:jc", "left")),
                 rpr=(ox.colour(c.muted), *ox.size(small))),
        StyleDef("SourceCode", "Source Code", ppr=(
            ox.borders("w:pBdr", [ox.border_side(s, "#D5DAE1", 0.5, 4)
                                  for s in ("top", "left", "bottom", "right")]),
            ox.shading("#F5F6F8"), ox.spacing(4, 10, 1.0), ox.ind(left=5, right=5),
            ox.val("w:jc", "left")),
            rpr=(_fonts(t, t.fonts.mono), *ox.size(size * 0.85))),
        StyleDef("VerbatimChar", "Verbatim Char", kind="character", based_on=None,
                 rpr=(_fonts(t, t.fonts.mono), *ox.size(size * 0.9), ox.shading("#F1F3F5"))),
        StyleDef("Hyperlink", "Hyperlink", kind="character", based_on=None, ui_priority=99,
                 rpr=(ox.colour(c.link), ox.val("w:u", "single"))),
        StyleDef("DefinitionTerm", "Definition Term", next_style="Definition",
                 ppr=(ox.el("w:keepNext"), ox.spacing(after=1), ox.val("w:jc", "left")),
                 rpr=(ox.el("w:b"), ox.el("w:bCs"))),
        StyleDef("Definition", "Definition", ppr=(ox.ind(left=22),)),
        StyleDef("BriefFigure", "Brief Figure", ppr=(ox.el("w:keepNext"), ox.spacing(6, 3, 1.0),
                                               ox.val("w:jc", "center"))),
        StyleDef("BriefSpacer", "Spacer", ppr=(ox.spacing(0, 0, 5, exact=True),),
                 rpr=tuple(ox.size(4))),
        StyleDef("BriefRule", "Horizontal Rule", ppr=(
            ox.borders("w:pBdr", [ox.border_side("bottom", c.rule, 0.75, 1)]),
            ox.spacing(0, 12, 6, exact=True)), rpr=tuple(ox.size(4))),
    ]


def _note_styles(t: Template) -> list[StyleDef]:
    small = max(t.fonts.size - 1.5, 7)  # the PDF's note size, leading and hanging number
    note_ppr = (leading(0, 1.5, small, 1.25), ox.ind(left=12, hanging=12),
                ox.val("w:jc", "left"))
    return [
        StyleDef("FootnoteText", "footnote text", ppr=note_ppr, rpr=tuple(ox.size(small))),
        StyleDef("FootnoteReference", "footnote reference", kind="character", based_on=None,
                 rpr=(ox.val("w:vertAlign", "superscript"),)),
        StyleDef("EndnoteText", "endnote text", ppr=note_ppr, rpr=tuple(ox.size(small))),
        StyleDef("EndnoteReference", "endnote reference", kind="character", based_on=None,
                 rpr=(ox.val("w:vertAlign", "superscript"),)),
    ]


def _opening_styles(t: Template) -> list[StyleDef]:
    c, size, heading_font = t.colours, t.fonts.size, _fonts(t, t.fonts.heading)
    title_size = t.headings.size(1) + 9  # the PDF's title and subtitle sizes
    return [
        StyleDef("Title", "Title", next_style="Subtitle", qformat=True,
                 ppr=(ox.el("w:keepNext"), NO_HYPHENS, ox.spacing(0, 6, 1.0),
                      ox.val("w:jc", "left")),
                 rpr=(heading_font, ox.el("w:b"), ox.el("w:bCs"), ox.colour(c.primary),
                      *ox.size(title_size))),
        StyleDef("Subtitle", "Subtitle", next_style="Normal", qformat=True,
                 ppr=(ox.el("w:keepNext"), NO_HYPHENS, ox.spacing(0, 10, 1.1),
                      ox.val("w:jc", "left")),
                 rpr=(_fonts(t, t.fonts.heading), ox.colour(c.muted),
                      *ox.size(size + 3))),
        StyleDef("BriefByline", "Byline", ppr=(NO_HYPHENS, ox.spacing(0, 2, 1.1),
                                               ox.val("w:jc", "left")),
                 rpr=(_fonts(t, t.fonts.heading), ox.colour(c.text), *ox.size(size - 0.5))),
        StyleDef("BriefClassification", "Classification Marking",
                 ppr=(ox.spacing(4, 8, 1.0), ox.val("w:jc", "left")),
                 rpr=(_fonts(t, t.fonts.heading), ox.el("w:b"), ox.el("w:bCs"),
                      ox.el("w:caps"), ox.colour(t.classification.colour), *ox.size(size))),
        StyleDef("BriefBanner", "Classification Banner",
                 ppr=(ox.spacing(0, 0, 1.0), ox.val("w:jc", "center")),
                 rpr=(_fonts(t, t.fonts.heading), ox.el("w:b"), ox.el("w:bCs"), ox.el("w:caps"),
                      ox.colour(t.classification.colour), *ox.size(9))),
        StyleDef("BriefOpeningRule", "Opening Rule", ppr=(
            ox.borders("w:pBdr", [ox.border_side("bottom", c.primary, 1.5, 1)]),
            ox.spacing(0, 14, 6, exact=True)), rpr=tuple(ox.size(4))),
        StyleDef("BriefCalloutTitle", "Callout Title", next_style="Normal",
                 ppr=(ox.el("w:keepNext"), NO_HYPHENS, ox.spacing(0, 4, 1.1),
                      ox.val("w:jc", "left")),
                 rpr=(heading_font, ox.el("w:b"), ox.el("w:bCs"), *ox.size(size + 0.5))),
    ]


def _running_styles(t: Template) -> list[StyleDef]:
    tw = t.page.text_width
    stops = ox.tabs([("center", tw / 2), ("right", tw)])
    common = dict(ppr=(stops, NO_HYPHENS, ox.spacing(0, 0, 1.0), ox.val("w:jc", "left")),
                  rpr=(_fonts(t, t.fonts.heading), ox.colour(t.colours.muted), *ox.size(8)))
    return [StyleDef("Header", "header", **common), StyleDef("Footer", "footer", **common)]


def _table_styles(t: Template) -> list[StyleDef]:
    c, size = t.colours, t.fonts.size
    cell = (NO_HYPHENS, leading(0, 0, size - 1, 1.25), ox.val("w:jc", "left"))
    table_borders = ox.borders("w:tblBorders", [
        ox.border_side("top", c.primary, 1.0, 0), ox.border_side("bottom", c.primary, 1.0, 0),
        ox.border_side("insideH", c.rule, 0.5, 0), ox.border_side("left", "", kind="nil"),
        ox.border_side("right", "", kind="nil"), ox.border_side("insideV", "", kind="nil")])
    return [
        StyleDef("BriefTable", "Brief Table", kind="table", based_on=None, tblpr=(
            table_borders, ox.cell_margins("w:tblCellMar", 3, 5.5, 3, 5.5))),
        StyleDef("BriefTableText", "Table Text", ppr=cell, rpr=tuple(ox.size(size - 1))),
        StyleDef("BriefTableHeading", "Table Heading", based_on="BriefTableText",
                 ppr=(ox.el("w:keepNext"),),
                 rpr=(_fonts(t, t.fonts.heading), ox.el("w:b"), ox.el("w:bCs"),
                      ox.colour("#FFFFFF"))),
    ]


def _toc_rpr(t: Template, level: int) -> tuple:
    """A contents entry's run properties: level 1 bold, and in capitals where the template
    draws its level-1 headings so (as the PDF's contents shows them)."""
    if level != 1:
        return ()
    return (ox.el("w:b"), ox.el("w:caps")) if t.headings.uppercase_level1 else (ox.el("w:b"),)


def _toc_styles(t: Template) -> list[StyleDef]:
    tw = t.page.text_width
    toc = [StyleDef(f"TOC{n}", f"toc {n}", next_style="Normal", ui_priority=39, ppr=(
        ox.tabs([("right", tw)], leader="dot"), NO_HYPHENS,
        ox.spacing(6 if n == 1 else 0, 2, 1.1),
        ox.ind(left=14 * (n - 1)), ox.val("w:jc", "left")),
        rpr=_toc_rpr(t, n)) for n in range(1, max(3, t.toc.depth) + 1)]
    h = t.headings
    return [StyleDef("TOCHeading", "TOC Heading", next_style="Normal", ui_priority=39, ppr=(
        ox.el("w:keepNext"), NO_HYPHENS, ox.spacing(h.space_before, h.space_after * 1.5, 1.0),
        ox.val("w:jc", "left")),
        rpr=(_fonts(t, t.fonts.heading), ox.el("w:b"), ox.colour(h.colour),
             *ox.size(h.size(1)))), *toc]


def style_defs(template: Template) -> list[StyleDef]:
    """Every style the writer refers to."""
    return [*_body_styles(template), *_note_styles(template), *_opening_styles(template),
            *_running_styles(template), *_table_styles(template), *_toc_styles(template)]


def _strip_theme_fonts(root: ox.Element) -> None:
    for r_fonts in root.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            r_fonts.attrib.pop(qn(attr), None)


def _doc_defaults(root: ox.Element, template: Template, language: str, overwrite: bool) -> None:
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = ox.el("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = ox.el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    old = rpr_default.find(qn("w:rPr"))
    tag = language_tag(language)
    east_asia = "ko-KR" if tag.lower().startswith("ko") else tag
    lang = ox.lang(tag, east_asia)
    if overwrite or old is None:
        children = [_fonts(template, template.fonts.body), *ox.size(template.fonts.size), lang]
    else:
        children = [c for c in old if c.tag != qn("w:lang")] + [lang]
    if old is not None:
        rpr_default.remove(old)
    rpr_default.append(ox.rpr(*children))
    if overwrite:
        for ppr_default in defaults.findall(qn("w:pPrDefault")):
            defaults.remove(ppr_default)
        defaults.append(ox.el("w:pPrDefault", None, [ox.ppr(ox.spacing(0, 0, 1.0))]))


def apply_styles(root: ox.Element, template: Template, language: str, *, overwrite: bool) -> None:
    """Define our styles in ``styles.xml`` (``root``).  ``overwrite``: replace
    existing definitions (built-in base); else only add missing ones."""
    _doc_defaults(root, template, language, overwrite)
    existing = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    for definition in style_defs(template):
        new = definition.build()
        old = existing.get(definition.sid)
        if old is None:
            root.append(new)
        elif overwrite:
            old.addnext(new)
            root.remove(old)
    if overwrite:
        _strip_theme_fonts(root)


SETTINGS_AFTER = ("writeProtection view zoom removePersonalInformation removeDateAndTime "
                  "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
                  "printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
                  "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins "
                  "alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter "
                  "gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle "
                  "proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
                  "stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
                  "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
                  "styleLockTheme styleLockQFSet defaultTabStop").split()
"""``w:settings`` children that come before the hyphenation settings (ECMA-376)."""


def hyphenation_settings(settings: ox.Element, template: Template, language: str) -> None:
    """Word's hyphenation settings in ``settings.xml``, the same rules as the
    PDF's (briefgen.hyphenation): on when the template hyphenates and the
    language has patterns, at most two hyphenated lines in a row, never in
    capitalised words, and a hyphenation zone as wide as the PDF's penalty."""
    from ..hyphenation import MAX_CONSECUTIVE, RAGGED_ZONE, patterns

    names = ("autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps")
    for name in names:
        for old in settings.findall(qn(f"w:{name}")):
            settings.remove(old)
    on = template.pdf.hyphenate and patterns(language) is not None
    new = [ox.flag("w:autoHyphenation", on), ox.val("w:consecutiveHyphenLimit", MAX_CONSECUTIVE),
           ox.val("w:hyphenationZone", ox.twips(template.page.text_width * RAGGED_ZONE)),
           ox.el("w:doNotHyphenateCaps")]
    before = [c for c in settings if c.tag in {qn(f"w:{n}") for n in SETTINGS_AFTER}]
    if before:
        anchor = before[-1]
        for element in reversed(new):
            anchor.addnext(element)
    else:
        for element in reversed(new):
            settings.insert(0, element)


def justification_settings(settings: ox.Element) -> None:
    """A justified line that ends in a manual line break is not stretched
    (``w:doNotExpandShiftReturn``), as in the PDF."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        return
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, ox.el("w:doNotExpandShiftReturn"))  # first in CT_Compat's order
