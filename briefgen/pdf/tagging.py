"""Marked content and the structure record made while reportlab draws.

The structure tree is built with the story, before layout: every block makes
:class:`StructNode` objects (``P``, ``H2``, ``Table`` > ``TR`` > ``TH`` …) in
reading order.  While drawing, :class:`Tagged` wraps a flowable's paint in
``/Tag <</MCID n>> BDC … EMC`` and the :class:`Recorder` notes which node
owns MCID ``n`` of page ``p``; split pieces share their node, so a paragraph
across two pages stays one element.  Link annotations are recorded with the
node being drawn.  ``briefgen.pdf.structure`` turns the record into the
StructTreeRoot after the build.

Inline elements (a Link's text, a Span with /Lang, an abbreviation) are cut
out of their paragraph's marked content by ``onDraw`` marks.  Before a
paragraph is drawn, :func:`briefgen.pdf.drawplan.draw_plan` reads its lines: a
piece of text between two marks that draws nothing gets no marked content (no
empty fragment where a link opens or closes a paragraph), and each link's
annotations go to the Link element whose text was drawn for them (two links to
one target on one line keep their own), each rectangle over the link's words
on its line (reportlab 5.1 starts it without a justified line's word spacing).

Decorations are painted inside :func:`artifact`.  With tagging off the
recorder is disabled and nothing is written.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from collections.abc import Iterator

from reportlab.platypus import Flowable

from .drawplan import Mark, PendingLink, draw_plan


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
        """Link target → the Link element whose text is open (a link across a page)."""
        self._resume: list[StructNode | None] = []
        self._open: list[bool] = []
        """Per begin not yet ended: whether it opened marked content (not deferred)."""
        self.marks: list[Mark] = []
        """The plan of the paragraph being drawn (:func:`draw_plan`), consumed per mark."""
        self._pending: list[PendingLink] = []
        self._inline_nodes: dict[str, StructNode] = {}
        """Inline element id → its element while its text is open (its close not drawn)."""

    def reset(self) -> None:
        """Forget the content of a previous layout pass (multiBuild)."""
        self._mcids.clear()
        self._annots.clear()
        self._last_link.clear()
        self._resume.clear()
        self._pending.clear()
        self._inline_nodes.clear()
        self.marks.clear()
        self._open.clear()
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
              tag: str | None = None, props: str = "", defer: bool = False) -> None:
        """Open marked content for ``node``; ``emit`` writes the operator
        (default: the canvas; a text object's ``_code.append`` inside BT/ET).
        ``actual``: the text in logical order (``/ActualText``), for shaped and
        right-to-left scripts whose glyphs do not map back to it (else the node's own
        ``_actual``, a heading drawn in capitals).  ``tag``/``props``: another
        marked-content tag and more property-list entries (an abbreviation's ``/Span``
        with ``/E``, ``briefgen.pdf.abbreviations``).  ``defer``: the text that follows
        draws nothing (see :func:`draw_plan`), so ``node`` becomes current with no
        marked content opened for it."""
        if not self.enabled:
            return
        self.current = node
        self._open.append(not defer)
        if defer:
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

    def end(self, canv, emit=None) -> None:
        if not self.enabled:
            return
        if not self._open or self._open.pop():
            (emit or canv.addLiteral)("EMC")
        self.current = None

    def next_mark(self) -> Mark:
        """The plan for the ``onDraw`` mark being drawn (an empty one with no plan)."""
        return self.marks.pop(0) if self.marks else Mark(False, 0)

    def continue_inline(self, ident: str, drops: tuple[float, ...]) -> StructNode | None:
        """The element of ``ident`` when a split piece starts inside it (its first piece
        opened it, see :class:`~briefgen.pdf.drawplan.Plan`), with the rest of its link's
        rectangles still to place."""
        node = self._inline_nodes.get(ident)
        tag, target, _attrs = self.inlines.get(ident, ("", "", {}))
        if target:
            self._pending.append(PendingLink(target, ident, 0.0, None, list(drops), node))
        return node

    def paragraph_done(self) -> None:
        """Forget the plan and the pending links of the paragraph just drawn."""
        self.marks.clear()
        self._pending.clear()

    def annotation(self, canv, target: str, rect=None):  # noqa: ANN001, ANN201
        """Called for each link annotation, in page order; returns its rectangle,
        placed over the link's text (:meth:`PendingLink.place`)."""
        page = canv.getPageNumber() - 1
        index = self._annots.get(page, 0)
        self._annots[page] = index + 1
        pending = next((p for p in self._pending if p.target == target), None)
        if pending is not None:
            rect = pending.place(tuple(rect)) if rect is not None else rect
            if pending.closed:
                self._pending.remove(pending)
        if self.enabled:
            self._own_annotation(target, page, index, pending.node if pending else None)
        return rect

    def _own_annotation(self, target: str, page: int, index: int,
                        link: StructNode | None) -> None:
        owner = link or self._last_link.get(target) or self.current
        if owner is None:
            return
        contents = self.describe.get(target, target)
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
        holds its text as well as its annotation, a Span its /Lang); ``close:ID`` goes
        back.  Inside a heading drawn in capitals each piece carries its own
        /ActualText (``_actual``/``_after``, :func:`briefgen.pdf.markup.upper_markup`);
        where the pieces have none, the heading's one /ActualText is not split."""
        empty, spaces, drops = self.next_mark()
        info = getattr(canv, "_curr_tx_info", None)
        if info is None:
            return
        action, _sep, ident = label.partition(":")
        tag, target, attrs = self.inlines.get(ident, ("", "", {}))
        if action == "close":
            self._close_link(ident, target)
        elif target:
            ws = getattr(info["tx"], "_wordSpace", 0) or 0
            self._pending.append(PendingLink(target, ident, info["cur_x"],
                                             info["cur_x"] + spaces * ws, list(drops)))
        if not self.enabled:
            return
        emit = info["tx"]._code.append
        if action == "close":
            self._inline_nodes.pop(ident, None)
            owner = self._resume.pop() if self._resume else None
            if owner is not None and self.current is not None:
                self.end(canv, emit)
                self.begin(canv, owner, emit, attrs.get("_after"), defer=empty)
            return
        owner = self.current
        if owner is None or not tag or "_actual" in owner.attrs and "_actual" not in attrs:
            self._resume.append(None)
            return
        parent = owner.slots.get(target, owner) if target else owner
        child = parent.add(tag, _temp="1", **attrs)
        self._inline_nodes[ident] = child
        if target:
            child.attrs["_target"] = target
            self._last_link[target] = child
            self._pending[-1].node = child
        self.end(canv, emit)
        self._resume.append(owner)
        self.begin(canv, child, emit, defer=empty)

    def _close_link(self, ident: str, target: str) -> None:
        for pending in self._pending:
            if pending.ident == ident:
                pending.closed = True
                if pending.node is not None and self._last_link.get(target) is pending.node:
                    del self._last_link[target]


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
        plan = draw_plan(self.inner)
        rec.marks = list(plan.marks)
        # a piece that starts inside a link broken across the page starts in its Link
        node = rec.continue_inline(plan.inside, plan.inside_drops) or self.node
        rec.begin(canvas, node, actual=self.actual, defer=plan.lead_empty)
        try:
            self.inner.drawOn(canvas, x, y, _sW)
        finally:
            rec.end(canvas)
            rec.paragraph_done()
