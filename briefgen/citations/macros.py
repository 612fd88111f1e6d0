"""citeproc-py walks a style's element tree far more than it needs to: it finds a macro
with an XPath search each time it renders a ``<text macro="…"/>``, and asks the whole
subtree of a group whether it calls a variable each time the group renders.  For the
legal brief that was 64,000 searches, 250,000 calls and more than half of the build.
A style does not change once loaded, so both answers are kept per element."""

from __future__ import annotations

from collections.abc import Callable

from citeproc import model as csl_model


def memoise_style_walks() -> None:
    """Make citeproc-py remember macro lookups and ``calls_variable`` (idempotent)."""
    element = csl_model.CitationStylesElement
    if getattr(element, "_briefgen_memo", False):
        return
    search = element.get_macro
    macros: dict[tuple[object, str], object] = {}

    def get_macro(self, name):  # noqa: ANN001, ANN202 - citeproc's signature
        key = (self.get_root(), name)  # the root is held by its style: the same object
        if key not in macros:
            macros[key] = search(self, name)
        return macros[key]

    element.get_macro = get_macro
    for cls in (csl_model.Parent, csl_model.Text):
        cls.calls_variable = _remembered(cls.calls_variable)
    element._briefgen_memo = True


def _remembered(method: Callable[[object], bool]) -> Callable[[object], bool]:
    known: dict[object, bool] = {}  # element → answer (keeps lxml's element object alive)

    def calls_variable(self) -> bool:  # noqa: ANN001
        if self not in known:
            known[self] = method(self)
        return known[self]

    return calls_variable
