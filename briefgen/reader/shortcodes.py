"""Variables: ``{{< meta key >}}`` (front matter) and ``{{< var a.b >}}`` (``_variables.yml``).

Quarto's shortcodes.  The parser rule (:func:`shortcode_rule`) turns each
shortcode in running text into a ``shortcode`` token placed at its column;
:class:`Variables` gives its value, which the inline reader shows as plain
text (a value is never read as Markdown).  Inside inline code a shortcode is
shown as written.  ``_variables.yml`` is looked for in the brief's folder,
then each parent up to the project root (``includes.project_root``); the
nearest one wins.  An unknown key is an error at the shortcode's place.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it.rules_inline import StateInline

from .. import yamlread
from .. import model as m
from ..diagnostics import BriefError, Reporter, did_you_mean
from ..source import Source
from .includes import project_root

_SHORTCODE = re.compile(r"\{\{<[ \t]*([A-Za-z][\w-]*)(?:[ \t]+([^\s>]+))?[ \t]*>\}\}")
VARIABLES_FILE = "_variables.yml"
KINDS = ("include", "meta", "var")

Report = Callable[[m.Pos | None, str], None]


def shortcode_rule(state: StateInline, silent: bool) -> bool:
    """``{{< kind arg >}}`` → a ``shortcode`` token (``meta``: kind, arg)."""
    if not state.src.startswith("{{<", state.pos):
        return False
    match = _SHORTCODE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = match.group(0)
        token.meta = {"kind": match.group(1), "arg": match.group(2) or ""}
    state.pos = match.end()
    return True


def find_variables(brief: Path, root: Path) -> Path | None:
    """The nearest ``_variables.yml`` from the brief's folder up to ``root``."""
    folder = brief.resolve().parent
    while True:
        candidate = folder / VARIABLES_FILE
        if candidate.is_file():
            return candidate
        if folder == root or folder.parent == folder or not folder.is_relative_to(root):
            return None
        folder = folder.parent


def load_variables(path: Path, shown: Path) -> dict:
    """The mapping in ``path`` (named ``shown`` in errors)."""
    try:
        data = yamlread.load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise BriefError(shown, 1, 1, "not valid UTF-8 (save the file as UTF-8)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise BriefError(shown, line, col, f"not valid YAML: {exc.problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefError(shown, 1, 1, "must be a mapping of names to values (name: value)")
    return data


@dataclass(slots=True)
class Variables:
    """Values for the shortcodes of one brief; errors go to ``error``."""

    meta: dict
    variables_file: Path | None
    """The nearest ``_variables.yml`` (read when a ``var`` shortcode first needs it)."""
    reporter: Reporter
    error: Report
    variables: dict | None = field(default=None)

    def inputs(self) -> list[Path]:
        """``_variables.yml`` when a shortcode read it (a build input of the brief)."""
        return [self.variables_file.resolve()] if self.variables is not None \
            and self.variables_file else []

    def __call__(self, kind: str, arg: str, pos: m.Pos | None) -> str | None:
        """The text of shortcode ``{{< kind arg >}}`` at ``pos``; ``None`` after an error."""
        if kind == "include":
            self.error(pos, f"an include must stand alone on its line: {{{{< include {arg} >}}}}")
            return None
        if kind not in ("meta", "var"):
            self.error(pos, f"unknown shortcode '{kind}'{did_you_mean(kind, KINDS)} "
                       "(briefgen knows include, meta and var)")
            return None
        if not arg:
            self.error(pos, f"shortcode '{kind}' needs a key: {{{{< {kind} name >}}}}")
            return None
        if kind == "meta":
            return self._lookup(self.meta, arg, pos, "front matter key", "")
        if self.variables_file is None:
            self.error(pos, f"unknown variable '{arg}': there is no {VARIABLES_FILE} in the "
                       "brief's folder or above it")
            return None
        if self.variables is None:
            try:
                self.variables = load_variables(self.variables_file, _shown(self.variables_file))
            except BriefError as exc:
                self.reporter.add(exc.diagnostic)
                self.variables = {}
                return None
        return self._lookup(self.variables, arg, pos, "variable",
                            f" in {_shown(self.variables_file)}")

    def _lookup(self, data: dict, key: str, pos: m.Pos | None, what: str, where: str
                ) -> str | None:
        value: object = data
        for name in key.split("."):
            if not isinstance(value, dict) or name not in value:
                keys = _keys(data)
                self.error(pos, f"unknown {what} '{key}'{where}{did_you_mean(key, keys)}")
                return None
            value = value[name]
        if isinstance(value, (dict, list)) or value is None:
            self.error(pos, f"{what} '{key}'{where} is not a single value (a text, number or date)")
            return None
        return _text(value)


def _keys(data: dict, prefix: str = "") -> list[str]:
    """Every dotted key path in ``data``."""
    out: list[str] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        out.append(name)
        if isinstance(value, dict):
            out += _keys(value, f"{name}.")
    return out


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def variables_for(source: Source, reporter: Reporter, error: Report) -> Variables:
    """The shortcode values of the brief ``source``."""
    meta = yamlread.load(source.front_matter or "") or {}  # read_meta has checked it
    found = find_variables(source.path, project_root(source.path))
    return Variables(meta if isinstance(meta, dict) else {}, found, reporter, error)


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it."""
    here = Path.cwd().resolve()
    return path.relative_to(here) if path.is_relative_to(here) else path
