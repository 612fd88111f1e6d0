"""Draw the example briefs' figures and the public template's logo.

Run from the repository root::

    .venv/bin/python tools/make_figures.py

It writes

* ``sources/images/unsc-dprk-sanctions-resolutions.png`` — UN Security Council
  resolutions imposing or tightening sanctions on the DPRK, by year, 2006–2017
  (the ten resolutions the Council's 1718 Committee lists);
* ``templates/assets/briefgen-logo.png`` — the wordmark of the public template.

Output is deterministic: no timestamps or random state are written, so the
same Pillow version produces the same bytes on every run.  Both files are
checked in; rerun this script only when the drawing code changes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DPI = (200, 200)

# Resolutions 1718 (2006), 1874 (2009), 2087 and 2094 (2013), 2270 and 2321
# (2016), 2356, 2371, 2375 and 2397 (2017).  Years without one show zero.
RESOLUTIONS: dict[int, tuple[str, ...]] = {
    2006: ("1718",), 2007: (), 2008: (), 2009: ("1874",), 2010: (), 2011: (), 2012: (),
    2013: ("2087", "2094"), 2014: (), 2015: (), 2016: ("2270", "2321"),
    2017: ("2356", "2371", "2375", "2397"),
}

NAVY = (31, 58, 95)
TEXT = (26, 26, 26)
MUTED = (90, 98, 112)
GRID = (218, 223, 230)
WHITE = (255, 255, 255)


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A DejaVu face (``DejaVuSans``, ``DejaVuSans-Bold`` …) at ``size`` px."""
    return ImageFont.truetype(str(FONT_DIR / f"{name}.ttf"), size)


def centred(draw: ImageDraw.ImageDraw, x: float, y: float, text: str,
            face: ImageFont.FreeTypeFont, fill: tuple[int, int, int]) -> None:
    """Draw ``text`` centred horizontally on ``x`` with its top at ``y``."""
    width = draw.textlength(text, font=face)
    draw.text((x - width / 2, y), text, font=face, fill=fill)


def draw_axes(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: int) -> float:
    """Gridlines and y labels from 0 to ``top``; returns pixels per unit."""
    left, upper, right, lower = box
    step = (lower - upper) / top
    label = font("DejaVuSans", 24)
    for value in range(top + 1):
        y = round(lower - value * step)
        draw.line([(left, y), (right, y)], fill=GRID if value else MUTED, width=2)
        text = str(value)
        width = draw.textlength(text, font=label)
        draw.text((left - 18 - width, y - 15), text, font=label, fill=MUTED)
    return step


def draw_bars(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], step: float) -> None:
    """One bar per year, labelled with its count and resolution numbers."""
    left, _, right, lower = box
    slot = (right - left) / len(RESOLUTIONS)
    bar = slot * 0.62
    year_face, count_face = font("DejaVuSans", 26), font("DejaVuSans-Bold", 30)
    number_face = font("DejaVuSans", 21)
    for index, (year, numbers) in enumerate(RESOLUTIONS.items()):
        centre = left + slot * (index + 0.5)
        centred(draw, centre, lower + 14, str(year), year_face, TEXT)
        if not numbers:
            continue
        height = round(len(numbers) * step)
        draw.rectangle([round(centre - bar / 2), lower - height,
                        round(centre + bar / 2), lower - 1], fill=NAVY)
        centred(draw, centre, lower - height - 42, str(len(numbers)), count_face, TEXT)
        for row, number in enumerate(numbers):
            centred(draw, centre, lower - height + 12 + row * 31, number, number_face, WHITE)


def sanctions_chart() -> Image.Image:
    """The bar chart of sanctions resolutions by year (1600 × 900 px)."""
    image = Image.new("RGB", (1600, 900), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((80, 48), "UN Security Council sanctions resolutions on the DPRK",
              font=font("DejaVuSans-Bold", 40), fill=NAVY)
    draw.text((80, 104), "Resolutions adopted each year, 2006–2017; "
              "resolution numbers shown inside the bars",
              font=font("DejaVuSans", 26), fill=MUTED)
    box = (150, 210, 1540, 760)
    step = draw_axes(draw, box, top=4)
    draw_bars(draw, box, step)
    draw.text((80, 838), "Source: UN Security Council, 1718 Sanctions Committee "
              "(list of resolutions).", font=font("DejaVuSans", 22), fill=MUTED)
    return image


def logo() -> Image.Image:
    """The briefgen wordmark: a folded page in a rounded tile, then the name.

    The mark sits on an opaque white plate with rounded corners, so it reads
    as well on a dark cover band as on a white page.  Drawn at four times the
    size and reduced, so curves are smooth.
    """
    s, teal, amber, slate = 4, (0, 105, 92), (230, 145, 30), (60, 72, 88)
    bold, regular = font("DejaVuSans-Bold", 112 * s), font("DejaVuSans", 112 * s)
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    brief_width = probe.textlength("brief", font=bold)
    width = round(212 + (brief_width + probe.textlength("gen", font=regular)) / s + 36)
    image = Image.new("RGBA", (width * s, 200 * s), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, width * s - 1, 200 * s - 1], radius=28 * s, fill=WHITE)
    draw.rounded_rectangle([18 * s, 18 * s, 182 * s, 182 * s], radius=32 * s, fill=teal)
    page = [(58 * s, 40 * s), (118 * s, 40 * s), (146 * s, 68 * s),
            (146 * s, 160 * s), (58 * s, 160 * s)]
    draw.polygon(page, fill=WHITE)
    draw.polygon([(118 * s, 40 * s), (118 * s, 68 * s), (146 * s, 68 * s)], fill=(178, 214, 209))
    for row, bar in enumerate((64, 64, 44)):
        y = (92 + row * 20) * s
        draw.rounded_rectangle([70 * s, y, (70 + bar) * s, y + 8 * s], radius=4 * s,
                               fill=amber if row == 0 else teal)
    draw.text((212 * s, 30 * s), "brief", font=bold, fill=teal)
    draw.text((212 * s + brief_width, 30 * s), "gen", font=regular, fill=slate)
    return image.resize((width, 200), Image.Resampling.LANCZOS)


def save(image: Image.Image, relative: str) -> None:
    """Write ``image`` as PNG at ``ROOT / relative`` with the house DPI."""
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", dpi=DPI, optimize=False)
    print(f"wrote {relative} ({image.width}×{image.height} px)")


def main() -> None:
    """Draw and write every figure."""
    save(sanctions_chart(), "sources/images/unsc-dprk-sanctions-resolutions.png")
    save(logo(), "templates/assets/briefgen-logo.png")


if __name__ == "__main__":
    main()
