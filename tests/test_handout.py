"""Handouts: stamped per-recipient copies, passwords, manifest, one layout for all copies."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefgen.pdf
from briefgen.build import TemplateCache
from briefgen.diagnostics import BriefError, Reporter
from briefgen.handout import make_handouts
from briefgen.template.loader import default_dirs

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def handed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    make_handouts(ROOT / "handouts" / "ministers.yaml", out, TemplateCache(default_dirs()),
                  Reporter(), TODAY)
    return out / "handouts" / "ministers"


def test_every_page_of_every_copy_is_stamped(handed_out: Path) -> None:
    manifest = json.loads((handed_out / "manifest.json").read_text())
    assert len(manifest["copies"]) == 4
    for copy in manifest["copies"]:
        reader = PdfReader(handed_out / copy["file"])
        if reader.is_encrypted:
            continue
        who = f"{copy['recipient']}, {copy['organisation']}"
        stamp = f"Prepared for {who} · Copy {copy['copy']} of {copy['copies']} · 2026-11-25"
        assert len(reader.pages) == copy["pages"]
        for page in reader.pages:
            assert stamp in page.extract_text()


def test_password_copy_opens_only_with_its_password(handed_out: Path) -> None:
    path = handed_out / "pact-legal-analysis-dr-elena-sokolova-copy1.pdf"
    reader = PdfReader(path)
    assert reader.is_encrypted
    assert not reader.decrypt("wrong password")
    reader = PdfReader(path)
    assert reader.decrypt("change-me-2026")
    assert "Prepared for Dr Elena Sokolova" in reader.pages[0].extract_text()


def test_manifest_hashes_match_and_bundle_holds_everything(handed_out: Path) -> None:
    rows = json.loads((handed_out / "manifest.json").read_text())["copies"]
    for row in rows:
        assert hashlib.sha256((handed_out / row["file"]).read_bytes()).hexdigest() == row["sha256"]
    csv_lines = (handed_out / "manifest.csv").read_text().splitlines()
    assert csv_lines[0].startswith("file,recipient,organisation,copy,copies,pages,sha256")
    assert len(csv_lines) == len(rows) + 1
    with zipfile.ZipFile(handed_out.parent / "ministers.zip") as bundle:
        names = set(bundle.namelist())
    assert names == {f"ministers/{r['file']}" for r in rows} | {"ministers/manifest.csv",
                                                                 "ministers/manifest.json"}


def test_stamped_copy_stays_tagged(handed_out: Path) -> None:
    import pikepdf

    with pikepdf.open(handed_out / "pact-legal-analysis-minister-ana-ferreira-copy1.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root
        content = b"".join(pdf.pages[0].Contents.read_bytes() if isinstance(
            pdf.pages[0].Contents, pikepdf.Stream) else [s.read_bytes() for s in pdf.pages[0].Contents])
        assert b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC" in content


def test_stamped_copy_passes_pdf_ua(handed_out: Path) -> None:
    import page

    report = page.validate_pdf(str(handed_out / "pact-legal-analysis-minister-ana-ferreira-copy1.pdf"),
                               profile="ua1")
    assert list(report.failures) == []


def test_one_layout_for_a_hundred_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = briefgen.pdf.render_pdf

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(briefgen.pdf, "render_pdf", counting)
    spec = tmp_path / "many.yaml"
    spec.write_text(f"brief: {ROOT / 'sources' / 'pact-exam-answer.md'}\ntemplate: exam\n"
                    "recipients:\n  - {name: Reader, organisation: Class A, copies: 100}\n")
    written = make_handouts(spec, tmp_path / "out", TemplateCache(default_dirs()), Reporter(), TODAY)
    assert len([p for p in written if p.suffix == ".pdf"]) == 100
    assert len(calls) == 1


def test_bad_list_is_a_clean_error(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("brief: x.md\ntemplate: exam\nrecipients:\n  - {name: A, copies: many}\n")
    with pytest.raises(BriefError, match=r"bad.yaml:4:\d+: error: 'copies' must be a whole number"):
        make_handouts(spec, tmp_path, TemplateCache(default_dirs()), Reporter(), TODAY)
