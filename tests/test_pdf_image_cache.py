"""Images are decoded and compressed once per process, and every PDF still gets the
whole image (read back with pikepdf), transparency included."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
from pdf_sample import meta, para, render, template  # noqa: E402

from briefgen import model as m  # noqa: E402
from briefgen.pdf import figures  # noqa: E402


def picture(path: Path, mode: str) -> Path:
    image = PILImage.new(mode, (640, 360), (20, 90, 160, 128) if mode == "RGBA" else (20, 90, 160))
    for x in range(0, 640, 8):
        image.putpixel((x, x * 360 // 640), (250, 250, 250, 255) if mode == "RGBA" else (250,) * 3)
    image.save(path)
    return path


def doc_with(path: Path) -> m.Document:
    image = m.Image(path.name, "A test chart", path, (640, 360), None, (m.Text("Caption"),))
    return m.Document(meta(), (para("Before the picture."), image, para("After it.")))


def images(data: bytes) -> list[tuple[int, int, bytes, bool]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(int(obj.Width), int(obj.Height), obj.read_bytes(), "/SMask" in obj)
                for page in pdf.pages for obj in page.get_images().values()]


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_image_encoded_once_for_several_documents(tmp_path: Path, mode: str,
                                                  monkeypatch) -> None:  # noqa: ANN001
    from reportlab.pdfbase import pdfdoc

    path = picture(tmp_path / f"chart-{mode}.png", mode)
    made = []
    original = pdfdoc.PDFImageXObject.__init__

    def counting(self, name, source=None, mask=None):  # noqa: ANN001
        made.append(name)
        original(self, name, source, mask)

    monkeypatch.setattr(pdfdoc.PDFImageXObject, "__init__", counting)
    monkeypatch.setattr(figures, "_ENCODED", type(figures._ENCODED)())
    first, _ = render(doc_with(path), template())
    second, _ = render(doc_with(path), template())
    encoded = len(made)
    assert encoded == (2 if mode == "RGBA" else 1)  # the image (and its soft mask) once
    for data in (first, second):
        found = images(data)
        assert len(found) == 1
        width, height, pixels, has_mask = found[0]
        assert (width, height) == (640, 360)
        assert len(pixels) == 640 * 360 * 3
        assert has_mask == (mode == "RGBA")
    assert images(first)[0][2] == images(second)[0][2]


def test_changed_file_is_encoded_again(tmp_path: Path) -> None:
    import os

    path = picture(tmp_path / "chart.png", "RGB")
    first, _ = render(doc_with(path), template())
    PILImage.new("RGB", (640, 360), (200, 30, 30)).save(path)
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    second, _ = render(doc_with(path), template())
    assert images(first)[0][2] != images(second)[0][2]
    assert set(images(second)[0][2][:3]) == {200, 30}
