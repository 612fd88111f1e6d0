"""Cite positions: the CSL test suite's position cases, and briefgen's own rules on top.

The suite's cases are restated in ``tests/fixtures/csl-positions/cases.yaml`` (see its
README for which cases apply and why the others do not).  Each runs through
briefgen's position rules and citeproc-py with a small note style whose layout prints
the position each cite got.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen import model as m
from briefgen.citations.engine import Engine
from briefgen.citations.positions import Cited, positions
from briefgen.citations.sources import Entry

FIXTURES = Path(__file__).parent / "fixtures" / "csl-positions"
CASES = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))
STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>positions</id><title>positions</title><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation{distance}><layout delimiter="; "><choose>{choose}</choose></layout></citation>
</style>"""
ITEMS = (Entry("A", {"id": "A", "type": "book", "title": "Alpha"}, Path("x.yaml"), m.Pos(1)),
         Entry("B", {"id": "B", "type": "book", "title": "Beta"}, Path("x.yaml"), m.Pos(2)))


def _engine(tmp_path: Path, choose: str, distance: int | None = None) -> Engine:
    style = tmp_path / "positions.csl"
    attr = f' near-note-distance="{distance}"' if distance is not None else ""
    style.write_text(STYLE.format(choose=choose, distance=attr), encoding="utf-8")
    return Engine(style, ITEMS)


def _cite(spec: list[str]) -> m.CiteItem:
    key, *locator = spec
    return m.CiteItem(key, label=locator[0], locator=locator[1]) if locator else m.CiteItem(key)


@pytest.mark.parametrize("case", CASES, ids=[c["suite"] for c in CASES])
def test_csl_suite_position_case(case: dict, tmp_path: Path) -> None:
    engine = _engine(tmp_path, case["choose"], case.get("near_note_distance"))
    citations = [(note, tuple(_cite(c) for c in cites)) for note, cites in case["citations"]]
    got = [m.plain_text(text) for text in engine.render(citations)]
    assert got == case["expect"]


def test_no_ibid_when_a_note_without_citations_stands_between() -> None:
    # citeproc-py alone says "ibid" here: it does not know about notes.
    found = positions([(1, [Cited("a")]), (3, [Cited("a")])])
    assert found[1][0].flags() == {"subsequent", "near-note"}
    assert found[1][0].first_note == 1


def test_no_ibid_when_the_previous_note_cites_another_source_too() -> None:
    found = positions([(1, [Cited("a"), Cited("b")]), (2, [Cited("a")])])
    assert "ibid" not in found[1][0].flags()


def test_no_plain_ibid_after_a_locator_without_one() -> None:
    found = positions([(1, [Cited("a", ("page", "4"))]), (2, [Cited("a")])])
    assert found[1][0].flags() == {"subsequent", "near-note"}


def test_full_form_again_after_the_distance() -> None:
    cites = [(1, [Cited("a")]), (3, [Cited("b")]), (25, [Cited("a")]), (27, [Cited("b")]),
             (28, [Cited("a")])]
    found = positions(cites, full_after=20)
    assert [row[0].first for row in found] == [True, True, True, True, False]
    assert found[4][0].first_note == 25  # "(n 25)": the latest full note


def test_in_text_and_note_streams_are_separate() -> None:
    found = positions([(0, [Cited("a")]), (1, [Cited("b")]), (0, [Cited("a")])])
    assert "ibid" in found[2][0].flags()
