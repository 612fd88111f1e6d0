"""`briefgen watch` rebuilds a brief's outputs when one of its inputs changes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from briefgen.build import Options
from briefgen.diagnostics import Reporter
from briefgen.watch import watch


def test_watch_rebuilds_on_change(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("---\ntitle: Watched\n---\n\n## One\n\nFirst version.\n")
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("watching"):
            brief.write_text("---\ntitle: Watched\n---\n\n## One\n\nSecond version.\n")
            later = time.time() + 2
            os.utime(brief, (later, later))

    options = Options(output=tmp_path / "out", formats=("docx",), templates=("default",))
    watch([brief], options, Reporter(), say, interval=0.01, rounds=3)
    assert said.count(f"wrote {tmp_path / 'out' / 'b-default.docx'}") == 2
    assert any(line.startswith("changed: ") for line in said)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / "b-default.docx")).paragraphs)
    assert "Second version." in text
