"""YAML read with positions, fast: libyaml's parser (PyYAML's C binding) where it is
installed, and PyYAML's pure-Python parser again for a text it refuses, so every
diagnostic quotes the same wording on every machine.

Callers get PyYAML's own nodes and events (with ``start_mark.line``/``column``) and
construct values with ``yaml.SafeLoader``, as before; only the parsing is faster
(a template or a front matter is parsed several times faster).
"""

from __future__ import annotations

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (``None``: empty); ``yaml.MarkedYAMLError`` as
    ``yaml.compose(text, Loader=yaml.SafeLoader)`` raises it."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass  # worded by the pure-Python parser below
    return yaml.compose(text, Loader=yaml.SafeLoader)


def events(text: str) -> list[yaml.Event]:
    """The parse events of ``text``, errors as :func:`compose` raises them."""
    if _FAST is not None:
        try:
            return list(yaml.parse(text, Loader=_FAST))
        except yaml.YAMLError:
            pass
    return list(yaml.parse(text, Loader=yaml.SafeLoader))


def load(text: str) -> object:
    """The value of ``text`` (safe types only)."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=yaml.SafeLoader)
