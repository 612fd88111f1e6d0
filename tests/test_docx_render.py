"""DOCX writer: what LibreOffice makes of the file (skipped without soffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.template.model import Running, Toc
from test_docx_helpers import png, render, rich_document, template

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _to_pdf(data: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "brief.docx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    reader = PdfReader(str(tmp_path / "brief.pdf"))
    return [page.extract_text() or "" for page in reader.pages]


def test_libreoffice_renders_notes_fields_and_scripts(tmp_path: Path) -> None:
    t = template(toc=Toc(enabled=True), header=Running(left="{title}", right="{date}"))
    data, _ = render(rich_document(png(tmp_path / "chart.png")), t)
    pages = _to_pdf(data, tmp_path)
    text = "\n".join(pages)
    assert len(pages) >= 2
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Bureau of Statistics" in pages[0]  # a footnote at the foot of page 1
    assert "OFFICIAL-SENSITIVE" in pages[-1]
    assert "Water Security Brief" in pages[-1]  # running header
    for expected in ("Current situation", "AT&T <tag> & more.", "Броня и вода.", "물 안보 정책",
                     "Build a desalination plant", "Storage may fall below 40% by August."):
        assert expected in text
    contents = pages[0][pages[0].index("Contents"):]
    assert "1.1 Current situation" in contents
