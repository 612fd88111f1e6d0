"""Tables from CSV files: a fenced block ```` ```{.table source="data/x.csv" caption="…"} ````.

The block is empty; its attributes say where the rows come from:

``source``   the CSV file, relative to the file holding the block (UTF-8, with or
             without a BOM; comma-separated, ``"`` quotes); its first row is the header
``caption``  the table's caption
``columns``  which columns to show, in order (``columns="Quarter,TEU"``)
``format``   how numbers are shown: a Python format spec for every numeric column
             (``format=",.0f"``), or per column (``format="TEU:,.0f;Share:.1f"``)

A column whose every filled cell is a number is right-aligned.  The file is a
build input (depfiles).  A missing file, a bad encoding or a ragged row is an
error naming the file and row; a block with text inside, an unknown attribute,
column or bad format is an error at the block.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import BriefError, Reporter, did_you_mean
from ..source import decode, sanitise

_NUMBER = re.compile(r"^[+\-\u2212]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$")
TABLE_KEYS = ("source", "caption", "columns", "format", "id", "class")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A CSV file read: the header, the rows, and where each row starts in the file."""

    shown: Path
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]


def check_block(where: tuple[Path, int, int], kind: str, attrs: dict[str, str],
                keys: tuple[str, ...], takes: str, content: str, what: str) -> None:
    """A ``{.table}`` or ``{.chart}`` block's attributes are known and its body is empty."""
    for key in attrs:
        if key not in keys:
            raise BriefError(*where, f"unknown {kind} attribute '{key}'"
                             f"{did_you_mean(key, keys)} (a {kind} takes {takes})")
    if content.strip():
        raise BriefError(*where, f"a {{.{kind}}} block takes its {what} from its source file; "
                         "leave the block empty")


def is_number(text: str) -> bool:
    """Whether a cell holds a number (``1,200``, ``-3.5``, ``12%``)."""
    text = text.strip()
    return bool(text) and any(c.isdigit() for c in text) and bool(_NUMBER.match(text))


def number(text: str) -> float:
    """The value of a cell :func:`is_number` accepts (a percentage stays as written: 12)."""
    return float(text.strip().replace(",", "").replace("\u2212", "-").rstrip("%"))


@dataclass(slots=True)
class DataFiles:
    """Reads the data files of one brief; ``files`` are its build inputs."""

    brief: Path
    root: Path
    reporter: Reporter
    allow_outside: bool
    files: list[Path] = field(default_factory=list)

    def sheet(self, source: str, pos: m.Pos) -> Sheet:
        """The CSV file ``source`` named by a block at ``pos``; bad input raises BriefError."""
        file = pos.path or self.brief
        raw = Path(source)
        path = (raw if raw.is_absolute() else file.resolve().parent / raw).resolve()
        shown = Path(os.path.normpath(raw if raw.is_absolute() else file.parent / raw))
        if not self.allow_outside and not path.is_relative_to(self.root):
            raise BriefError(file, pos.line, pos.col, f"data file '{source}' is outside the "
                             f"project folder {self.root} (use --allow-outside to permit it)")
        if not path.is_file():
            raise BriefError(file, pos.line, pos.col, f"data file not found: {source}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BriefError(file, pos.line, pos.col, f"cannot read data file {source}: "
                             f"{exc.strerror}") from None
        if path not in self.files:
            self.files.append(path)
        return read_csv(shown, sanitise(decode(shown, data), shown, self.reporter))


def read_csv(shown: Path, text: str) -> Sheet:
    """The header and rows of CSV ``text``; a ragged row is an error at its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(tuple(cell.strip() for cell in row))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BriefError(shown, reader.line_num, 1, f"not valid CSV: {exc}") from None
    if not rows:
        raise BriefError(shown, 1, 1, "the data file is empty (its first row must name the "
                         "columns)")
    header = rows[0]
    for row, line in zip(rows[1:], lines[1:]):
        if len(row) != len(header):
            raise BriefError(shown, line, 1, f"row {line} has {len(row)} cell(s), the header "
                             f"has {len(header)}")
    return Sheet(shown, header, tuple(rows[1:]), tuple(lines[1:]))


def select(sheet: Sheet, columns: str | None, where: tuple[Path, int, int]) -> list[int]:
    """Indexes of the ``columns=`` chosen (all when ``None``)."""
    if columns is None:
        return list(range(len(sheet.header)))
    out = []
    for name in (c.strip() for c in columns.split(",")):
        if name not in sheet.header:
            raise BriefError(*where, f"column '{name}' is not in {sheet.shown}"
                             f"{did_you_mean(name, sheet.header)} (its columns: "
                             f"{', '.join(sheet.header)})")
        out.append(sheet.header.index(name))
    return out


def formats(spec: str | None, names: list[str], where: tuple[Path, int, int]) -> dict[str, str]:
    """``format=`` as a spec per column name (``""``: shown as written)."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in (p.strip() for p in spec.split(";") if ":" in spec and p.strip()):
        name, _, fmt = part.rpartition(":")
        if name not in names:
            raise BriefError(*where, f"format names column '{name}', which the table does not "
                             f"show{did_you_mean(name, names)}")
        out[name] = fmt
    if ":" not in spec or spec.startswith(":"):
        out = {name: spec.lstrip(":") for name in names}
    for name, fmt in out.items():
        try:
            format(1234.5, fmt)
        except ValueError:
            raise BriefError(*where, f"format '{fmt}' for column '{name}' is not a number "
                             "format (try ',.0f' or '.1f')") from None
    return out


def shown_value(text: str, fmt: str | None) -> str:
    """A cell as printed: numbers in ``fmt`` when given, minus signs typeset."""
    if fmt and is_number(text) and not text.endswith("%"):
        text = format(number(text), fmt)
    if is_number(text) and text.startswith("-"):
        text = "\u2212" + text[1:]
    return text


def table(sheet: Sheet, attrs: dict[str, str], pos: m.Pos, file: Path) -> m.Table:
    """The model table of ``sheet`` as the block's ``attrs`` ask."""
    where = (file, pos.line, pos.col)
    chosen = select(sheet, attrs.get("columns"), where)
    names = [sheet.header[i] for i in chosen]
    specs = formats(attrs.get("format"), names, where)
    numeric = [all(is_number(r[i]) for r in sheet.rows if r[i]) and any(r[i] for r in sheet.rows)
               for i in chosen]
    aligns = tuple(m.Align.RIGHT if n else None for n in numeric)
    header = (tuple(m.TableCell((m.Text(sheet.header[i]),) if sheet.header[i] else (),
                                m.Pos(1, 1, sheet.shown)) for i in chosen),)
    rows = tuple(tuple(_cell(shown_value(row[i], specs.get(sheet.header[i])),
                             m.Pos(line, 1, sheet.shown)) for i in chosen)
                 for row, line in zip(sheet.rows, sheet.lines))
    caption = attrs.get("caption")
    return m.Table(aligns, header, rows, (m.Text(caption),) if caption else None, pos,
                   id=attrs.get("id"))


def _cell(text: str, pos: m.Pos) -> m.TableCell:
    return m.TableCell((m.Text(text),) if text else (), pos)


@dataclass(slots=True)
class DataBlocks:
    """Turns ``{.table source=…}`` and ``{.chart …}`` fenced blocks into model tables and
    charts (the reader's hook)."""

    files: DataFiles

    def __call__(self, info: str, content: str, pos: m.Pos | None) -> list[m.Block] | None:
        """The blocks a data block makes (``[]`` after an error); ``None``: not a data block."""
        attrs = block_attrs(info)
        if attrs is None:
            return None
        pos = pos or m.Pos(1, 1)
        file = pos.path or self.files.brief
        try:
            if "chart" in attrs.get("class", "").split():
                from .charts import chart
                return [chart(self.files, attrs, content, pos, file)]
            return [self._table(attrs, content, pos, file)]
        except BriefError as exc:
            self.files.reporter.add(exc.diagnostic)
            return []

    def _table(self, attrs: dict[str, str], content: str, pos: m.Pos, file: Path) -> m.Block:
        where = (file, pos.line, pos.col)
        check_block(where, "table", attrs, TABLE_KEYS, "source, caption, columns and format",
                    content, "rows")
        if not attrs.get("source"):
            raise BriefError(*where, 'a {.table} block needs source="file.csv"')
        return table(self.files.sheet(attrs["source"], pos), attrs, pos, file)


def block_attrs(info: str) -> dict[str, str] | None:
    """The attributes of a ``{.table …}``/``{.chart …}`` fenced block's info, or ``None``."""
    from mdit_py_plugins.attrs.parse import ParseError
    from mdit_py_plugins.attrs.parse import parse as parse_attrs

    info = info.strip()
    if not info.startswith("{") or (".table" not in info and ".chart" not in info):
        return None
    try:
        _, attrs = parse_attrs(info)
    except ParseError:
        return None
    if not {"table", "chart"} & set(str(attrs.get("class", "")).split()):
        return None
    return {str(k): str(v) for k, v in attrs.items()}
