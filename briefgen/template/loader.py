"""Load ``templates/<name>.yaml`` into a validated :class:`Template`.

The YAML is composed into nodes (so every value keeps its line and column),
``extends`` chains are merged deeply (child over parent, loops reported), and
the merged tree is converted field by field into the dataclasses of
``briefgen.template.model``.  Unknown keys, wrong types and bad values raise
:class:`BriefError` naming the file, line, column and key.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml

from .. import yamlread

from ..diagnostics import BriefError, did_you_mean
from . import model
from .model import Template

def _shipped_dir() -> Path:
    """The templates shipped with briefgen: inside the installed package
    (``briefgen/templates``, mapped from the repository's ``templates/`` when the
    wheel is built), else the repository's ``templates/`` (a source checkout)."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "templates"
    return inside if inside.is_dir() else package.parent / "templates"


TEMPLATE_DIR = _shipped_dir()
"""The templates shipped with briefgen."""
LOOKUP_ORDER = ("--templates-dir DIR (each, in order)", "./templates",
                "BRIEFGEN_TEMPLATE_PATH (each folder, in order)", "briefgen's own templates")
"""Where a template name is looked up, first match wins (README: "Templates")."""


def default_dirs() -> tuple[Path, ...]:
    """Where templates are looked for: ``./templates`` first (the user's project), then
    the folders of ``BRIEFGEN_TEMPLATE_PATH``, then the shipped ones."""
    env = [Path(p).expanduser() for p in os.environ.get("BRIEFGEN_TEMPLATE_PATH", "").split(
        os.pathsep) if p]
    folders = [Path("templates"), *env, TEMPLATE_DIR]
    out: list[Path] = []
    for folder in folders:
        if folder.resolve() not in [f.resolve() for f in out]:
            out.append(folder)
    return tuple(out)


_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")
_UNITS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, None: 1.0}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Fields whose float values are lengths (accept "25mm").
_LENGTH_FIELDS = {"top", "bottom", "left", "right", "logo_width", "space_before", "space_after",
                  "paragraph_space", "separator_weight"}


_SCALARS = yaml.SafeLoader("")
"""One safe constructor reused for scalar nodes (no code ever runs)."""


@dataclass(slots=True)
class Located:
    """A YAML value with where it was written."""

    value: Any
    path: Path
    line: int
    col: int
    key_line: int = 0
    key_col: int = 0
    """Where the key of a mapping entry was written (0: not an entry)."""


def template_path(name: str, search: tuple[Path, ...]) -> Path:
    """The file of template ``name``: a path, or ``<dir>/<name>.yaml`` in ``search``."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        return Path(name)
    for folder in search:
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return search[0] / f"{name}.yaml" if search else Path(f"{name}.yaml")


def available(search: tuple[Path, ...] = (TEMPLATE_DIR,)) -> list[str]:
    """Names of the templates found in ``search``."""
    names = {p.stem for folder in search if folder.is_dir() for p in folder.glob("*.yaml")}
    return sorted(names)


def load_template(name: str, search: tuple[Path, ...] = (TEMPLATE_DIR,),
                  where: tuple[str, int, int] | None = None) -> Template:
    """Load and validate template ``name``.

    ``where`` is the place (path, line, col) that asked for the template, used
    for the "unknown template" error; ``None``: the template file itself.
    """
    path = template_path(name, search)
    if not path.is_file():
        place = where or (str(path), 0, 0)
        looked = ", ".join(str(f) for f in search) or "nowhere"
        names = ", ".join(available(search)) or "none"
        raise BriefError(*place, f"unknown template '{name}'{did_you_mean(name, available(search))}"
                         f" (looked in: {looked}; templates there: {names})")
    merged, chain = _load_chain(path, search, [])
    inputs = list(chain)
    values = _convert_mapping(model.Template, merged, path, inputs, skip={"name", "description",
                                                                           "path", "inputs"})
    if "callouts" in values:
        values["callouts"] = {**model._default_callouts(), **values["callouts"]}
    name_value = merged.get("name")
    desc = merged.get("description")
    for item, key in ((name_value, "name"), (desc, "description")):
        if item is not None and not isinstance(item.value, str):
            _fail(item, key, "a string")
    return Template(
        name=str(name_value.value) if name_value else path.stem,
        description=str(desc.value) if desc else "",
        path=path.resolve(),
        inputs=tuple(dict.fromkeys(p.resolve() for p in inputs)),
        **values,
    )


def _load_chain(path: Path, search: tuple[Path, ...], seen: list[Path],
                where: tuple[Path, int, int] | None = None) -> tuple[dict, list[Path]]:
    """The merged mapping of ``path`` and everything it extends, and the files read.

    ``where`` is the ``extends`` line that led here (``None`` for the first file)."""
    resolved = path.resolve()
    if resolved in seen:
        loop = " -> ".join(p.stem for p in seen + [resolved])
        raise BriefError(*(where or (path, 1, 1)), f"template 'extends' loop: {loop}")
    tree = _read_yaml(path)
    chain = [path]
    parent_ref = tree.pop("extends", None)
    if parent_ref is None:
        return tree, chain
    if not isinstance(parent_ref.value, str):
        raise BriefError(path, parent_ref.line, parent_ref.col, "'extends' must be a template name")
    parent_path = template_path(parent_ref.value, (path.parent,) + search)
    if not parent_path.is_file():
        raise BriefError(path, parent_ref.line, parent_ref.col,
                         f"unknown template '{parent_ref.value}' in 'extends'"
                         f"{did_you_mean(parent_ref.value, available((path.parent,) + search))}")
    parent, parent_chain = _load_chain(parent_path, search, seen + [resolved],
                                       (path, parent_ref.line, parent_ref.col))
    return _merge(parent, tree), chain + parent_chain


def _merge(base: dict, over: dict) -> dict:
    """Deep merge: mappings merge key by key, everything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if old is not None and isinstance(old.value, dict) and isinstance(value.value, dict):
            out[key] = Located(_merge(old.value, value.value), value.path, value.line, value.col)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BriefError(path, 1, 1, f"template is not UTF-8 (byte {exc.start})") from None
    try:
        node = yamlread.compose(text)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote is reported where it opens, not where the parser gave up.
        quoted = exc.context is not None and "quoted" in exc.context
        mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise BriefError(path, line, col, f"YAML syntax error: {exc.problem or exc}") from None
    if node is None:
        raise BriefError(path, 1, 1, "template is empty")
    located = _locate(node, path)
    if not isinstance(located.value, dict):
        raise BriefError(path, located.line, located.col, "a template must be a YAML mapping")
    return located.value


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def _locate(node: yaml.Node, path: Path) -> Located:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _PLAIN_TAGS:
        raise BriefError(path, line, col, f"YAML tag {node.tag} is not allowed in a template")
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in mapping:
                raise BriefError(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                 f"duplicate key '{key}'")
            entry = _locate(value_node, path)
            entry.key_line = key_node.start_mark.line + 1
            entry.key_col = key_node.start_mark.column + 1
            mapping[str(key)] = entry
        return Located(mapping, path, line, col)
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(n, path) for n in node.value], path, line, col)
    return Located(_SCALARS.construct_object(node), path, line, col)


def _convert_mapping(cls: type, data: dict, path: Path, inputs: list[Path],
                     skip: set[str] = frozenset(), dotted: str = "") -> dict[str, Any]:
    """Convert ``data`` into keyword arguments for dataclass ``cls``."""
    hints = typing.get_type_hints(cls, vars(model))
    names = [f.name for f in dataclasses.fields(cls) if f.name not in skip]
    allowed = names + (["name", "description", "extends"] if cls is model.Template else [])
    out: dict[str, Any] = {}
    for key, item in data.items():
        if key not in allowed:
            raise BriefError(item.path, item.key_line or item.line, item.key_col or item.col,
                             f"unknown template key '{dotted}{key}'{did_you_mean(key, allowed)}")
        if key in skip or key == "extends":
            continue
        out[key] = _convert(hints[key], item, f"{dotted}{key}", inputs)
    return out


def _convert(hint: Any, item: Located, key: str, inputs: list[Path]) -> Any:
    """Convert one located value to the type ``hint`` of field ``key``."""
    origin, args = get_origin(hint), get_args(hint)
    value = item.value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, item, key, inputs)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            _fail(item, key, "a mapping")
        return hint(**_convert_mapping(hint, value, item.path, inputs, dotted=f"{key}."))
    if origin is Literal:
        if value not in args:
            _fail(item, key, "one of " + ", ".join(repr(a) for a in args))
        return value
    if origin is tuple:
        if not isinstance(value, list):
            _fail(item, key, "a list")
        return tuple(_convert(args[0], v, key, inputs) for v in value)
    if origin is dict:
        if not isinstance(value, dict):
            _fail(item, key, "a mapping")
        return {k: _convert(args[1], v, f"{key}.{k}", inputs) for k, v in value.items()}
    return _scalar(hint, item, key, inputs)


def _scalar(hint: Any, item: Located, key: str, inputs: list[Path]) -> Any:
    value, leaf = item.value, key.rsplit(".", 1)[-1]
    if hint is bool:
        if not isinstance(value, bool):
            _fail(item, key, "true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            _fail(item, key, "a whole number ≥ 0")
        return value
    if hint is float:
        if leaf.endswith("_share") and _number(item, key) > 1:
            _fail(item, key, "a share of the text width, at most 1")
        return _length(item, key) if leaf in _LENGTH_FIELDS else _number(item, key)
    if hint is Path:
        if not isinstance(value, str):
            _fail(item, key, "a file path")
        asset = (item.path.parent / value).resolve()
        if not asset.is_file():
            raise BriefError(item.path, item.line, item.col, f"'{key}': file not found: {value}")
        inputs.append(asset)
        return asset
    if hint is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            _fail(item, key, "a string")
        text = str(value)
        if (leaf in {"colour", "background", "border", "title_colour", "band_colour"}
                or key.startswith("colours.")) and not _COLOUR.match(text):
            _fail(item, key, "a colour '#RRGGBB'")
        if key == "citations.style":
            from ..citations.styles import style_file

            return style_file(text, item.path, item.line, item.col, inputs)
        return text
    raise TypeError(f"unsupported template field type {hint!r} for {key}")


def _number(item: Located, key: str) -> float:
    if isinstance(item.value, bool) or not isinstance(item.value, (int, float)) or item.value <= 0:
        _fail(item, key, "a positive number")
    return float(item.value)


def _length(item: Located, key: str) -> float:
    match = _LENGTH.match(str(item.value)) if not isinstance(item.value, bool) else None
    if not match or float(match.group(1)) < 0:
        _fail(item, key, "a length such as 25mm, 1in, 12pt or a number of points")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _fail(item: Located, key: str, expected: str) -> typing.NoReturn:
    raise BriefError(item.path, item.line, item.col,
                     f"'{key}' must be {expected}, not {item.value!r}")
