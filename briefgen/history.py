"""Document history: the front matter's ``history:`` read, its table placed as the template says.

``history:`` is a list of versions, each ``version``, ``date`` (ISO), ``author``
and ``change`` (``version`` and ``change`` required)::

    history:
      - {version: "0.1", date: 2024-10-01, author: "A. Analyst", change: "First draft"}

:func:`read_history` validates it (every fault at its line and column);
:func:`place` (run by ``assemble``) adds a section titled ``history.title``
holding a Version / Date / Author / Change table at ``history.placement``:
``start`` (before the body's first section), ``end`` (after the body, before
the annexes) or ``none``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from . import model as m
from .annexes import starts_annexes
from .decide import format_date
from .diagnostics import BriefError, did_you_mean
from .template.model import History

FIELDS = ("version", "date", "author", "change")
HISTORY_ID = "document-history"
MADE = m.made("document history")
"""Where the section's blocks come from (the front matter's ``history:``), as
``briefgen verify`` names it."""
COLUMNS = ("Version", "Date", "Author", "Change")


def read_history(path: Path, value: Any, node: yaml.Node, offset: int
                 ) -> tuple[m.HistoryEntry, ...]:
    """The validated entries of ``history:`` (``node`` is its YAML node)."""
    def fail(at: yaml.Node, message: str) -> BriefError:
        return BriefError(path, at.start_mark.line + 1 + offset, at.start_mark.column + 1,
                          message)

    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        raise fail(node, "'history' must be a list of versions (- version: …, date: …, "
                   "author: …, change: …)")
    return tuple(_entry(item, item_node, fail) for item, item_node in zip(value, node.value))


def _entry(item: Any, node: yaml.Node, fail) -> m.HistoryEntry:  # noqa: ANN001
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        raise fail(node, "each 'history' entry must be a mapping: version, date, author, change")
    nodes = {str(k.value): v for k, v in node.value}
    for key_node, _ in node.value:
        if str(key_node.value) not in FIELDS:
            raise fail(key_node, f"unknown 'history' field '{key_node.value}'"
                       f"{did_you_mean(str(key_node.value), FIELDS)} (version, date, author, "
                       "change)")
    for required in ("version", "change"):
        if item.get(required) in (None, ""):
            raise fail(node, f"a 'history' entry needs '{required}'")
    date = item.get("date")
    if date is not None and not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date).strip())
        except ValueError:
            raise fail(nodes["date"], f"'date' must be an ISO date such as 2024-10-01, "
                       f"not {date!r}") from None
    if isinstance(date, dt.datetime):
        date = date.date()
    author = item.get("author")
    return m.HistoryEntry(str(item["version"]).strip(), date,
                          str(author).strip() if author not in (None, "") else None,
                          str(item["change"]).strip())


def table(entries: tuple[m.HistoryEntry, ...], language: str = "en") -> m.Table:
    """The Version / Date / Author / Change table, in the order given; dates written as
    the brief's ``language`` writes them (as its title page does)."""
    def cell(text: str) -> m.TableCell:
        return m.TableCell((m.Text(text),) if text else ())

    rows = tuple((cell(e.version), cell(format_date(e.date, language)),
                  cell(e.author or ""), cell(e.change)) for e in entries)
    return m.Table((None, None, None, None), (tuple(cell(c) for c in COLUMNS),), rows,
                   pos=MADE)


def place(blocks: tuple[m.Block, ...], entries: tuple[m.HistoryEntry, ...], history: History,
          language: str = "en") -> tuple[m.Block, ...]:
    """``blocks`` with the history section where ``history.placement`` says."""
    if not entries or history.placement == "none":
        return blocks
    section = (m.Heading(1, (m.Text(history.title),), HISTORY_ID, pos=MADE),
               table(entries, language))
    if history.placement == "start":
        at = next((i for i, b in enumerate(blocks) if isinstance(b, m.Heading)), 0)
    else:
        at = next((i for i, b in enumerate(blocks) if starts_annexes(b)), len(blocks))
    return blocks[:at] + section + blocks[at:]
