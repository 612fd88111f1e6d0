"""Marked content and the structure record made while reportlab draws.

The structure tree is built with the story, before layout: every block makes
:class:`StructNode` objects (``P``, ``H2``, ``Table`` > ``TR`` > ``TH`` …) in
reading order.  While drawing, :class:`Tagged` wraps a flowable's paint in
``/Tag <</MCID n>> BDC … EMC`` and the :class:`Recorder` notes which node
owns MCID ``n`` of page ``p``; split pieces share their node, so a paragraph
across two pages stays one element.  Link annotations are recorded with the
node being drawn.  ``briefgen.pdf.structure`` turns the record into the
StructTreeRoot after the build.

Decorations are painted inside :func:`artifact`.  With tagging off the
recorder is disabled and nothing is written.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from collections.abc import Iterator

from reportlab.platypus import Flowable


LINK_MARK = "briefgen_link"
"""Name of the canvas callback that the ``onDraw`` marks around a link's text call."""


@dataclass(slots=True, eq=False)
class StructNode:
    """One structure element.  ``attrs`` become entries of its dictionary
    (``Alt``, ``ID``, ``Scope`` …); ``content`` is filled while drawing."""

    tag: str
    parent: StructNode | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[StructNode] = field(default_factory=list)
    content: list[tuple[str, int, int]] = field(default_factory=list)
    """``("mcid", page index, mcid)`` and ``("annot", page index, annot index)``."""
    order: list[int] = field(default_factory=list)
    """When each item of ``content`` was drawn (a count over the build), so inline
    children (Link, Reference) take their place among the parent's own content."""
    slots: dict[str, StructNode] = field(default_factory=dict)
    """Link target → the child (a Reference) that receives that link's element."""

    def add(self, tag: str, **attrs: str) -> StructNode:
        child = StructNode(tag, self, dict(attrs))
        self.children.append(child)
        return child


class Recorder:
    """Per-build record of marked content and link annotations."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.root = StructNode("Document")
        self._mcids: dict[int, int] = {}
        self._annots: dict[int, int] = {}
        self.current: StructNode | None = None
        self.describe: dict[str, str] = {}
        """Link target (URL or destination name) → text for the annotation's /Contents."""
        self.inlines: dict[str, tuple[str, str, dict[str, str]]] = {}
        """Inline element id (see :meth:`inline_id`) → (tag, link target or "", attrs)."""
        self._seq = 0
        self._last_link: dict[str, StructNode] = {}
        self._resume: list[StructNode | None] = []

    def reset(self) -> None:
        """Forget the content of a previous layout pass (multiBuild)."""
        self._mcids.clear()
        self._annots.clear()
        self._last_link.clear()
        self._resume.clear()
        self.current = None
        stack = [self.root]
        while stack:
            node = stack.pop()
            node.content.clear()
            node.order.clear()
            node.attrs.pop("_bbox", None)
            node.children[:] = [c for c in node.children if "_temp" not in c.attrs]
            stack.extend(node.children)

    def begin(self, canv, node: StructNode, emit=None, actual: str | None = None, *,
              tag: str | None = None, props: str = "") -> None:
        """Open marked content for ``node``; ``emit`` writes the operator
        (default: the canvas; a text object's ``_code.append`` inside BT/ET).
        ``actual``: the text in logical order (``/ActualText``), for shaped and
        right-to-left scripts whose glyphs do not map back to it (else the node's own
        ``_actual``, a heading drawn in capitals).  ``tag``/``props``: another
        marked-content tag and more property-list entries (an abbreviation's ``/Span``
        with ``/E``, ``briefgen.pdf.abbreviations``)."""
        if not self.enabled:
            return
        page = canv.getPageNumber() - 1
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        if actual is None and not node.content:
            actual = node.attrs.get("_actual")
        node.content.append(("mcid", page, mcid))
        node.order.append(self._tick())
        extra = f" /ActualText {pdf_text(actual)}" if actual is not None else ""
        (emit or canv.addLiteral)(f"/{tag or _role(node.tag)} <</MCID {mcid}{extra}{props}>> BDC")
        self.current = node

    def end(self, canv, emit=None) -> None:
        if not self.enabled:
            return
        (emit or canv.addLiteral)("EMC")
        self.current = None

    def annotation(self, canv, target: str) -> None:
        """Called for each link annotation, in page order."""
        page = canv.getPageNumber() - 1
        index = self._annots.get(page, 0)
        self._annots[page] = index + 1
        if not self.enabled:
            return
        owner = self.current
        if owner is None:
            return
        contents = self.describe.get(target, target)
        if target in self._last_link:
            owner = self._last_link[target]  # the link whose text was drawn last
        if owner.tag == "Link" and owner.attrs.get("_target", target) == target:
            owner.attrs.setdefault("Contents", contents)
            owner.content.append(("annot", page, index))
            owner.order.append(self._tick())
            return
        link = owner.slots.get(target, owner).add("Link", Contents=contents, _temp="1")
        link.content.append(("annot", page, index))
        link.order.append(self._tick())

    def _tick(self) -> int:
        self._seq += 1
        return self._seq

    def inline_id(self, tag: str, target: str = "", **attrs: str) -> str:
        """Register an inline element of the markup (a ``Link`` to ``target``, a ``Span``
        with a ``Lang``); its id labels the ``onDraw`` marks around its text."""
        ident = str(len(self.inlines))
        self.inlines[ident] = (tag, target, attrs)
        return ident

    def on_draw(self, canv, _kind: str, label: str) -> None:  # noqa: ANN001
        """reportlab ``onDraw`` callback inside a paragraph's text: ``open:ID`` ends the
        paragraph's marked content and starts the inline element's (so a Link element
        holds its text as well as its annotation, a Span its /Lang); ``close`` goes back.
        Inside a heading drawn in capitals (one /ActualText) nothing is split."""
        info = getattr(canv, "_curr_tx_info", None)
        if not self.enabled or info is None:
            return
        emit = info["tx"]._code.append
        action, _sep, ident = label.partition(":")
        if action == "close":
            owner = self._resume.pop() if self._resume else None
            if owner is not None and self.current is not None:
                self.end(canv, emit)
                self.begin(canv, owner, emit)
            return
        owner = self.current
        if owner is None or ident not in self.inlines or "_actual" in owner.attrs:
            self._resume.append(None)
            return
        tag, target, attrs = self.inlines[ident]
        parent = owner.slots.get(target, owner) if target else owner
        child = parent.add(tag, _temp="1", **attrs)
        if target:
            child.attrs["_target"] = target
            self._last_link[target] = child
        self.end(canv, emit)
        self._resume.append(owner)
        self.begin(canv, child, emit)


def _page_box(canvas, x: float, y: float, w: float, h: float) -> str:  # noqa: ANN001
    """``x y w h`` in the canvas's current space as a page-space box "x0 y0 x1 y1"."""
    a, _b, _c, d, e, f = canvas._currentMatrix
    x0, y0 = a * x + e, d * y + f
    return f"{x0:.2f} {y0:.2f} {x0 + a * w:.2f} {y0 + d * h:.2f}"


def pdf_text(text: str) -> str:
    """``text`` as a PDF text string literal (UTF-16BE with its byte-order mark, in hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _role(tag: str) -> str:
    """The marked-content tag for a structure type (its own name)."""
    return tag


@contextmanager
def artifact(canv, recorder: Recorder, kind: str = "Layout") -> Iterator[None]:
    """Paint decorations as an /Artifact (``Pagination`` or ``Layout``)."""
    if recorder.enabled:
        canv.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
    try:
        yield
    finally:
        if recorder.enabled:
            canv.addLiteral("EMC")


class Tagged(Flowable):
    """Wraps a flowable so its paint becomes marked content of ``node``.

    ``artifact_if_repeated``: a second drawing of the same node (a table
    header repeated on the next page) is painted as an artifact instead.
    """

    def __init__(self, inner: Flowable, node: StructNode, recorder: Recorder,
                 artifact_if_repeated: bool = False, actual: str | None = None) -> None:
        super().__init__()
        self.actual = actual
        """The logical text (``/ActualText``) of an unsplit paragraph, or ``None``."""
        self.inner = inner
        self.node = node
        self.recorder = recorder
        self.artifact_if_repeated = artifact_if_repeated
        for attr in ("keepWithNext", "hAlign", "vAlign"):
            if hasattr(inner, attr):
                setattr(self, attr, getattr(inner, attr))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        w, h = self.inner.wrapOn(self.canv, aW, aH) if hasattr(self, "canv") else self.inner.wrap(aW, aH)
        self.width, self.height = w, h
        return w, h

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if hasattr(self, "canv"):
            pieces = self.inner.splitOn(self.canv, aW, aH)
        else:
            pieces = self.inner.split(aW, aH)
        return [Tagged(p, self.node, self.recorder, self.artifact_if_repeated) for p in pieces]
        # a split piece has no ActualText: the glyphs of each piece stand for themselves

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self) -> bool:
        return self.inner.getKeepWithNext()

    def minWidth(self) -> float:
        return self.inner.minWidth()

    def identity(self, maxLen: int | None = None) -> str:
        return f"Tagged[{self.node.tag}]({self.inner.identity(maxLen)})"

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        rec = self.recorder
        if self.artifact_if_repeated and self.node.content:
            with artifact(canvas, rec, "Pagination"):
                self.inner.drawOn(canvas, x, y, _sW)
            return
        if self.node.tag == "Figure" and "_bbox" not in self.node.attrs:
            self.node.attrs["_bbox"] = _page_box(canvas, x, y, self.width, self.height)
        rec.begin(canvas, self.node, actual=self.actual)
        try:
            self.inner.drawOn(canvas, x, y, _sW)
        finally:
            rec.end(canvas)
