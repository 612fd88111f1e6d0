"""Front matter: YAML between ``---`` lines, validated into :class:`briefgen.model.Meta`.

Only ``yaml.SafeLoader`` is used, aliases are refused (an alias bomb cannot
expand), and every error names the line and column in the brief's file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from . import yamlread

from .diagnostics import BriefError, did_you_mean
from .model import Meta, Pos
from .source import Source

KEYS = ("title", "subtitle", "author", "organisation", "date", "classification", "language",
        "audiences", "keywords", "summary", "status", "history", "bibliography")
_ALIASES = {"authors": "author", "organization": "organisation", "lang": "language",
            "audience": "audiences"}


def read_meta(source: Source) -> Meta:
    """The validated front matter of ``source``; a brief without any is an error (no title)."""
    if source.front_matter is None:
        raise BriefError(source.path, 1, 1, "no front matter: start the brief with '---', "
                         "a line 'title: …' and '---'")
    offset = source.front_matter_line - 1
    root = _compose(source.path, source.front_matter, offset)
    if root is None:
        raise BriefError(source.path, source.front_matter_line, 1, "front matter has no 'title'")
    if not isinstance(root, yaml.MappingNode):
        raise BriefError(source.path, root.start_mark.line + 1 + offset, 1,
                         "front matter must be 'key: value' lines")
    fields: dict[str, tuple[Any, yaml.Node]] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        where = (source.path, key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
        name = _ALIASES.get(key, key)
        if name not in KEYS:
            raise BriefError(*where, f"unknown front-matter key '{key}'{did_you_mean(key, KEYS)}")
        if name in fields:
            raise BriefError(*where, f"front-matter key '{key}' given twice")
        try:
            value = yaml.SafeLoader("").construct_document(value_node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            mark = value_node.start_mark
            raise BriefError(source.path, mark.line + 1 + offset, mark.column + 1,
                             f"front matter YAML: '{key}' has a value that is not valid for "
                             f"its tag {value_node.tag.replace('tag:yaml.org,2002:', '!!')}"
                             ) from None
        fields[name] = (value, value_node)
    return _to_meta(source, fields, offset)


def _compose(path: Path, text: str, offset: int) -> yaml.Node | None:
    try:
        for event in yamlread.events(text) if "*" in text else ():
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise BriefError(path, mark.line + 1 + offset, mark.column + 1,
                                 "YAML aliases (*name) are not allowed in front matter")
        root = yamlread.compose(text)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the fault begins (the opening quote of an
        # unclosed string); the problem mark is where the parser gave up.
        mark = exc.context_mark if exc.context_mark is not None and _scanner(exc) else exc.problem_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (offset + 1, 1)
        problem = exc.problem or "invalid YAML"
        if "\t" in problem or "'\\t'" in problem:
            problem = "a tab character is used for indentation (use spaces)"
        elif exc.context and _scanner(exc):
            problem = f"{problem} {exc.context}"
        raise BriefError(path, line, col, f"front matter YAML: {problem}") from None
    if root is not None:
        _check_tags(path, root, offset)
    return root


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def _check_tags(path: Path, node: yaml.Node, offset: int) -> None:
    """Refuse every explicit tag but the plain ones (``!!python/object`` and the like)."""
    if node.tag not in _PLAIN_TAGS:
        mark = node.start_mark
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise BriefError(path, mark.line + 1 + offset, mark.column + 1,
                         f"front matter YAML: the tag {tag} is not allowed (write plain values)")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_tags(path, key, offset)
            _check_tags(path, value, offset)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_tags(path, item, offset)


def _scanner(exc: yaml.MarkedYAMLError) -> bool:
    return isinstance(exc, yaml.scanner.ScannerError) and exc.context is not None and \
        "quoted" in exc.context


def _text(source: Source, name: str, value: Any, node: yaml.Node, offset: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        _type_error(source, name, node, offset, "a text", value)
    text = str(value).strip()
    if not text:
        _type_error(source, name, node, offset, "a non-empty text", value)
    return text


def _texts(source: Source, name: str, value: Any, node: yaml.Node, offset: int) -> tuple[str, ...]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return (str(value).strip(),)
    if not isinstance(value, list):
        _type_error(source, name, node, offset, "a text or a list of texts", value)
    return tuple(_text(source, name, v, n, offset) for v, n in zip(value, node.value))


def _files(source: Source, value: Any, node: yaml.Node, offset: int
           ) -> tuple[tuple[str, Pos], ...]:
    """``bibliography: refs.yaml`` or a list of files, each with where it is named."""
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    names = _texts(source, "bibliography", value, node, offset)
    return tuple((name, Pos(n.start_mark.line + 1 + offset, n.start_mark.column + 1))
                 for name, n in zip(names, nodes))


def _date(source: Source, value: Any, node: yaml.Node, offset: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    _type_error(source, "date", node, offset, "an ISO date such as 2026-11-25", value)


def _type_error(source: Source, name: str, node: yaml.Node, offset: int, expected: str,
                value: Any) -> None:
    raise BriefError(source.path, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                     f"'{name}' must be {expected}, not {value!r}")


def _to_meta(source: Source, fields: dict[str, tuple[Any, yaml.Node]], offset: int) -> Meta:
    if "title" not in fields:
        raise BriefError(source.path, source.front_matter_line, 1, "front matter has no 'title'")
    args: dict[str, Any] = {}
    for name, (value, node) in fields.items():
        if name == "date":
            args["date"] = _date(source, value, node, offset)
        elif name == "history":
            from .history import read_history
            args["history"] = read_history(source.path, value, node, offset)
        elif name == "bibliography":
            args["bibliography"] = _files(source, value, node, offset)
        elif name in ("author", "keywords", "audiences", "summary"):
            if name == "audiences" and not isinstance(value, (str, list)):
                _type_error(source, name, node, offset, "a list of template names", value)
            key = "authors" if name == "author" else name
            args[key] = _texts(source, name, value, node, offset)
        else:
            args[name] = _text(source, name, value, node, offset)
    return Meta(**args)


def meta_positions(source: Source) -> dict[str, tuple[int, int]]:
    """Line and column of each front-matter key (for later diagnostics)."""
    if source.front_matter is None:
        return {}
    root = yaml.compose(source.front_matter, Loader=yaml.SafeLoader)
    offset = source.front_matter_line - 1
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {_ALIASES.get(str(k.value), str(k.value)):
            (v.start_mark.line + 1 + offset, v.start_mark.column + 1) for k, v in root.value}
