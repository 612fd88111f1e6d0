"""Golden snapshot: poppler's reading of one brief's structure tree.

`make golden` (BRIEFGEN_UPDATE_GOLDEN=1) rewrites the snapshot after a deliberate change;
review its diff like code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "pact-exam-answer-exam.struct.txt"


def test_struct_tree_matches_the_snapshot(built) -> None:  # noqa: ANN001
    out, _ = built
    pdf = out / "pact-exam-answer-exam.pdf"
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    text = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    if os.environ.get("BRIEFGEN_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert text == expected
    tags = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert {"Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Note", "Reference",
            "Link"} <= tags
