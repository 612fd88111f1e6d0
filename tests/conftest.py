"""Shared fixtures: the example briefs built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.build import Options, build
from briefgen.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.md"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reporter]:
    """Every example brief for each of its audiences, built into one folder."""
    out = tmp_path_factory.mktemp("built")
    reporter = Reporter()
    result = build(list(SOURCES), Options(output=out), reporter)
    assert not result.failed, [str(d) for d in reporter.errors]
    return out, reporter
