"""Charts from CSV files: ```` ```{.chart source="data/x.csv" type="bar" x="Quarter" y="TEU"} ````.

Attributes: ``source`` (the CSV, as for tables), ``type`` (``bar``, ``line`` or
``stacked-bar``), ``x`` (the column that labels the categories), ``y`` (one or
more columns of numbers, comma-separated: one series each), ``caption``,
``alt`` (the text alternative; when absent it is made from the data: "Bar chart
of TEU by Quarter: Q3 2023 1,200; …") and ``#fig-x``.  A cell of a ``y`` column
that is not a number is an error at its file and row.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from ..chartstyle import number as shown_number
from ..diagnostics import BriefError, did_you_mean
from .data import DataFiles, Sheet, check_block, is_number, number

KINDS = ("bar", "line", "stacked-bar")
CHART_KEYS = ("source", "type", "x", "y", "caption", "alt", "id", "class")
_KIND_NAMES = {"bar": "Bar chart", "line": "Line chart", "stacked-bar": "Stacked bar chart"}


def chart(files: DataFiles, attrs: dict[str, str], content: str, pos: m.Pos,
          file: Path) -> m.Chart:
    """The chart a ``{.chart}`` block asks for; bad input raises BriefError."""
    where = (file, pos.line, pos.col)
    check_block(where, "chart", attrs, CHART_KEYS, "source, type, x, y, caption and alt",
                content, "data")
    for key in ("source", "x", "y"):
        if not attrs.get(key):
            raise BriefError(*where, f'a {{.chart}} block needs {key}="…"')
    kind = attrs.get("type", "bar")
    if kind not in KINDS:
        raise BriefError(*where, f"unknown chart type '{kind}'{did_you_mean(kind, KINDS)} "
                         "(bar, line or stacked-bar)")
    sheet = files.sheet(attrs["source"], pos)
    x = _column(sheet, attrs["x"], where)
    ys = [_column(sheet, name.strip(), where) for name in attrs["y"].split(",")]
    series = tuple(m.Series(sheet.header[y], tuple(_value(sheet, row, line, y)
                                                   for row, line in zip(sheet.rows, sheet.lines)))
                   for y in ys)
    if not sheet.rows:
        raise BriefError(sheet.shown, 1, 1, "the data file has a header but no rows to chart")
    categories = tuple(row[x] for row in sheet.rows)
    caption = attrs.get("caption")
    alt = attrs.get("alt") or alt_text(kind, sheet.header[x], categories, series)
    return m.Chart(kind, categories, series, sheet.header[x], alt,
                   (m.Text(caption),) if caption else None, attrs.get("id"), pos)


def _column(sheet: Sheet, name: str, where: tuple[Path, int, int]) -> int:
    if name not in sheet.header:
        raise BriefError(*where, f"column '{name}' is not in {sheet.shown}"
                         f"{did_you_mean(name, sheet.header)} (its columns: "
                         f"{', '.join(sheet.header)})")
    return sheet.header.index(name)


def _value(sheet: Sheet, row: tuple[str, ...], line: int, column: int) -> float:
    cell = row[column]
    if not is_number(cell):
        raise BriefError(sheet.shown, line, 1, f"row {line}: '{cell}' in column "
                         f"'{sheet.header[column]}' is not a number")
    return number(cell)


def alt_text(kind: str, x_name: str, categories: tuple[str, ...],
             series: tuple[m.Series, ...]) -> str:
    """"Bar chart of TEU by Quarter: Q3 2023 1,200; Q4 2023 1,450." (every value said)."""
    names = [s.name for s in series]
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    points = []
    for index, category in enumerate(categories):
        if len(series) == 1:
            points.append(f"{category} {shown_number(series[0].values[index])}")
        else:
            points.append(f"{category} " + ", ".join(
                f"{s.name} {shown_number(s.values[index])}" for s in series))
    return f"{_KIND_NAMES[kind]} of {what} by {x_name}: {'; '.join(points)}."
