"""The README's and docs/screenshots/ pictures: the dashboard, a module, a scenario step, the result page and My team
at 1280 and 375 px, taken from a running demo (`make run`, or any server with `seed_demo` loaded).

    .venv/bin/python -m tests.browser.screenshots http://127.0.0.1:8000

It signs in as demo people and plays one scenario (a new attempt each run, written to that server's database)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
STYLESHEET = ROOT / "static" / "css" / "socialwise.css"
PASSWORD = "socialwise-demo"
LEARNER = "priya.nair@tarnwick.example"
MANAGER = "helena.adeyemi@tarnwick.example"  # the chief executive: the whole organisation reports to her
MODULE = "/courses/every-function-is-on-social/customer-service-in-public/"
SCENARIO = MODULE + "six-weeks-for-a-refund/"


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")


def shoot(page, name: str, width: int) -> None:
    page.wait_for_load_state("networkidle")
    path = OUT / f"{name}-{width}.png"
    page.screenshot(path=path, full_page=False)
    to_palette(Image.open(path)).save(path, optimize=True)


def design_colours() -> list[tuple[int, int, int]]:
    """Every colour the stylesheet names (#rrggbb): the tokens, the meters' fills, the tints."""
    found = dict.fromkeys(h.lower() for h in re.findall(r"#[0-9a-fA-F]{6}\b", STYLESHEET.read_text()))
    return [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in found]


def to_palette(picture: Image.Image) -> Image.Image:
    """A 256-colour picture that keeps the design's own colours exact. A palette of median cuts alone merged small
    areas into their neighbours: the step's and the result's "middling" meter read as two colours (amber, yellow)."""
    picture = picture.convert("RGB")
    exact = design_colours()[:128]
    cuts = picture.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT).getpalette()
    cuts = (cuts or [])[: 3 * (256 - len(exact))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(
        [channel for colour in exact for channel in colour] + cuts + [0] * (768 - 3 * len(exact) - len(cuts))
    )
    reduced = picture.quantize(palette=palette, dither=Image.Dither.NONE)
    # Pillow maps colours through a coarse lookup, so two near colours can share an entry: pixels of a design colour
    # take its own entry (one of the first) here.
    own = {colour: index for index, colour in reversed(list(enumerate(exact)))}
    pixels = picture.tobytes()
    reduced.frombytes(
        bytes(
            own.get(rgb, index)
            for rgb, index in zip(zip(*[iter(pixels)] * 3, strict=True), reduced.tobytes(), strict=True)
        )
    )
    return reduced


def main(base_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for width, height in ((1280, 800), (375, 740)):
            context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
            page = context.new_page()
            sign_in(page, LEARNER)
            page.goto("/learning/")  # without the "signed in" message
            shoot(page, "dashboard", width)
            page.goto(MODULE)
            shoot(page, "module", width)
            page.goto(SCENARIO)
            page.locator("form[action$='/start/'] button").first.click()
            page.locator(".choice-form").wait_for()
            shoot(page, "scenario-step", width)
            for _ in range(20):  # first choice at every step until the story ends
                if page.locator(".choice-form").count():
                    page.locator(".choices__item input").first.check()
                    page.get_by_role("button", name="Confirm my choice").click()
                elif page.get_by_role("link", name="See how it ended").count():
                    page.get_by_role("link", name="See how it ended").click()
                    break
                else:
                    page.get_by_role("link", name="Continue", exact=True).click()
            page.locator(".score-card").wait_for()
            shoot(page, "result", width)
            context.close()
            context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
            page = context.new_page()
            sign_in(page, MANAGER)
            page.goto("/team/")
            shoot(page, "my-team", width)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
