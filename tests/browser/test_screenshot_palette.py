"""The README's screenshots keep the design's colours: tests.browser.screenshots reduces each picture to 256 colours,
and a median-cut palette alone had merged the small "middling" key dot on the result page into the medal's yellow,
so the step's and the result's meters looked two different ambers."""

from __future__ import annotations

from PIL import Image, ImageDraw

from tests.browser.screenshots import design_colours, to_palette


def test_the_screenshot_palette_keeps_every_stylesheet_colour_exact():
    colours = design_colours()
    assert (0xC4, 0x75, 0x00) in colours  # --meter-fair
    assert (0xF4, 0xB7, 0x3D) in colours  # --accent, the yellow it was merged into
    # A busy picture (a gradient of 65,536 colours) with a small swatch of each design colour on it.
    picture = Image.new("RGB", (256, 256))
    picture.putdata([(x, y, (x + y) // 2) for y in range(256) for x in range(256)])
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate(colours):
        x, y = (index % 16) * 16, (index // 16) * 16
        draw.rectangle((x, y, x + 3, y + 3), fill=colour)
    reduced = to_palette(picture)
    assert reduced.mode == "P" and len(reduced.getcolors(256)) <= 256
    shown = reduced.convert("RGB")
    for index, colour in enumerate(colours):
        x, y = (index % 16) * 16, (index // 16) * 16
        assert shown.getpixel((x + 1, y + 1)) == colour
