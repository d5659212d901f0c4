"""Course cover pictures drawn with Pillow: abstract shapes with no text, so alt text can describe them fully."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

PALETTES = {
    "A": [(11, 92, 173), (255, 191, 71), (232, 241, 251), (8, 63, 120)],
    "B": [(23, 97, 51), (255, 255, 255), (201, 208, 218), (11, 92, 173)],
    "C": [(164, 22, 26), (255, 244, 214), (55, 71, 79), (255, 191, 71)],
}


def cover_png(code: str, *, width: int = 1200, height: int = 500) -> bytes:
    """A deterministic picture for course `code`: the same bytes every run, so re-seeding changes nothing."""
    rng = random.Random(f"socialwise-{code}")  # noqa: S311 - decoration, not security
    background, accent, light, dark = PALETTES.get(code, PALETTES["A"])
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    # Speech bubbles of several sizes: the conversations the course is about.
    for _ in range(9):
        w = rng.randint(140, 360)
        h = rng.randint(70, 150)
        x = rng.randint(-40, width - w + 40)
        y = rng.randint(-20, height - h + 20)
        colour = rng.choice([accent, light, dark])
        draw.rounded_rectangle([x, y, x + w, y + h], radius=28, fill=colour)
        tail = [(x + 40, y + h), (x + 70, y + h), (x + 30, y + h + 30)]
        draw.polygon(tail, fill=colour)
        for line in range(rng.randint(1, 3)):
            ly = y + 24 + line * 26
            if ly + 10 < y + h - 10:
                draw.rounded_rectangle([x + 24, ly, x + w - rng.randint(30, 90), ly + 10], radius=5, fill=background)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


COVER_ALT = {
    "A": "Blue and yellow speech bubbles overlapping, like a busy conversation.",
    "B": "Green, white and blue speech bubbles, like many teams talking at once.",
    "C": "Red, cream and dark speech bubbles crowding together, like a busy feed on a bad day.",
}
