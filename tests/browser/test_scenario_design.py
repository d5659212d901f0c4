"""The scenario step and the result page as designed for issue 19, in a real browser at 1280×800 and 375×740: what is
on the first screen, what lines up, what the colours say, and that each screen is axe clean, has no console error and
does not scroll sideways at 320 px."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, longest_full_line
from tests.browser.test_learner_experience import screen
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import make_demo_scenario
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENS = ((1280, 800), (375, 740))
BEST_PATH = (
    "Pause the 19:00 promotion",
    "Reply in public: sorry, please press the help point",
    "Answer Bea first with the taxi rule",
)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _token(page, selector: str, name: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).getPropertyValue('{name}').trim()")


# The fill a meter's bar is drawn in (its --meter colour), and the colour of a key's dot, as the browser computes them.
_FILL = "e => getComputedStyle(e.closest('.meter')).getPropertyValue('--meter').trim()"


def _legend_dot(page, kind: str) -> str:
    """The key's dot for `kind` (good, fair, poor) as #rrggbb."""
    rgb = page.locator(f".meter-legend__item--{kind}").first.evaluate(
        "e => getComputedStyle(e, '::before').backgroundColor"
    )
    return "#{:02x}{:02x}{:02x}".format(*(int(n) for n in re.findall(r"\d+", rgb)[:3]))


def _visible_text(locator) -> str:
    """The text a sighted person reads: visually hidden and aria-hidden-only words aside, spaces collapsed."""
    return locator.evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('.visually-hidden').forEach(n => n.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )


def _dots(page) -> list[str]:
    """The step indicator's dots by state (done, current, todo, maybe), after checking each is drawn and only the
    optional ones (met on some ways on, not all) are open rings."""
    dots = page.locator(".step-track__dot").evaluate_all(
        "els => els.map(e => { const s = getComputedStyle(e); return [e.className.replace(/.*--/, ''),"
        " e.offsetWidth > 0, s.backgroundColor === 'rgba(0, 0, 0, 0)' && s.boxShadow !== 'none']; })"
    )
    assert all(seen for _state, seen, _open in dots), dots
    assert all(is_open == (state == "maybe") for state, _seen, is_open in dots), dots
    return [state for state, _seen, _open in dots]


def _empty_below_content(page, selector: str) -> float:
    """Pixels between the last child's bottom and the box's bottom (its padding included)."""
    return page.locator(selector).evaluate(
        "e => e.getBoundingClientRect().bottom - Math.max(...[...e.children].map(c => c.getBoundingClientRect().bottom))"
    )


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def scenario(home_page):
    _course, (module, _next) = make_course_with_modules(2)
    return make_demo_scenario(module, "S1")  # public trust (higher is better) at 50, unanswered mentions (lower) at 10


def test_a_scenario_step_puts_the_post_and_the_choices_on_the_first_screen(browser, live_server, scenario):
    for width, height in SCREENS:
        learner = make_person(f"step{width}@tarnwick.example", first_name="Jordan", last_name="Ellis")
        with screen(browser, live_server, width, height) as page:
            log_in(page, learner)
            page.goto(scenario.url)
            page.get_by_role("button", name="Start the scenario").click()
            expect(page.get_by_role("heading", name="Stuck at Hollin", level=1)).to_be_visible()
            # "Decision 1" and a dot per decision; this story is 3 decisions whichever way it goes, so no dot is
            # optional, and a screen reader hears "Decision 1 of 3".
            decision = page.get_by_role("heading", name="Decision 1 of 3. Story time: Tue 18:52", level=2)
            expect(decision).to_be_visible()
            expect(decision.locator(".step-head__number")).to_have_text("Decision 1")
            assert _visible_text(decision) == "Decision 1 Tue 18:52"
            assert _dots(page) == ["current", "todo", "todo"]
            scene = page.locator(".step__scene").bounding_box()
            decide = page.locator(".step__decide").bounding_box()
            post = page.locator(".feed-section .social-post").first.bounding_box()
            choices = page.locator(".choices__item")
            if width == 1280:
                # Two panels of one width side by side, top-aligned, each as tall as what it holds (the scene's tint
                # ends under its last post, not ~100 px lower), the post as wide as its panel's inside, the button on
                # the first screen.
                assert decide["x"] > scene["x"] + scene["width"]
                assert abs(scene["width"] - decide["width"]) <= 1
                assert abs(scene["y"] - decide["y"]) <= 1
                assert _empty_below_content(page, ".step__scene") <= 25
                assert _empty_below_content(page, ".step__decide") <= 25
                assert scene["x"] < post["x"] and post["x"] + post["width"] < scene["x"] + scene["width"]
                assert post["width"] >= scene["width"] - 50
                button = page.get_by_role("button", name="Confirm my choice").bounding_box()
                assert button["y"] + button["height"] <= height
            else:
                # One column: where things stand, the situation, the post, then the choices. Even under this step's
                # five-line situation the post is whole on the first screen and the choices start on it.
                assert decide["y"] >= scene["y"] + scene["height"]
                assert post["y"] + post["height"] <= height, f"the post ends at {post['y'] + post['height']}"
                first = choices.first.bounding_box()
                assert first["y"] + 40 <= height, f"the first choice starts at {first['y']}"
            # The meters are one strip: labels, bars and values each in one column, whatever a label's length.
            for part in (".meter__label", ".meter__bar"):
                lefts = {
                    round(b["x"]) for b in (e.bounding_box() for e in page.locator(f".meters--strip {part}").all())
                }
                assert len(lefts) == 1, f"{part} starts at {lefts} at {width} px"
            rights = {
                round(b["x"] + b["width"])
                for b in (e.bounding_box() for e in page.locator(".meters--strip .meter__value").all())
            }
            assert len(rights) == 1
            # Coloured by meaning: middling trust amber, few unanswered mentions green, each 3:1 against the track.
            track = _token(page, ".meters--strip", "--meter-track")
            fair = _token(page, ".meter--fair", "--meter")
            good = _token(page, ".meter--good", "--meter")
            assert fair != good
            assert min(_contrast(fair, track), _contrast(good, track)) >= 3
            expect(page.locator(".meter--good .meter__means")).to_have_text("Lower is better")
            # The colours' key stays at both widths (on a phone small, on the strip's first line), each dot the fill
            # of the meters it names.
            legend = page.locator(".step-meters .meter-legend")
            expect(legend).to_be_visible()
            expect(legend).to_have_text(re.compile(r"good\s+middling\s+poor"))
            assert _legend_dot(page, "fair") == page.locator(".meter--fair .meter__bar").evaluate(_FILL)
            assert _legend_dot(page, "good") == page.locator(".meter--good .meter__bar").evaluate(_FILL)
            legend_box, strip = legend.bounding_box(), page.locator(".meters--strip").bounding_box()
            assert legend_box["y"] + legend_box["height"] <= strip["y"] + 1, "the key sits above the meters"
            # The post reads as a feed's: a platform mark, reply, share and like icons, the words for screen readers.
            post_card = page.get_by_role("article", name="Post by Amara Kessie on the microblog")
            expect(post_card.locator(".social-post__platform svg")).to_have_count(1)
            expect(post_card.locator(".social-post__counts li svg")).to_have_count(3)
            expect(post_card.locator(".social-post__counts")).to_contain_text("14 replies")
            assert _sideways(page) <= 0
            assert_accessible(page)
            page.set_viewport_size({"width": 320, "height": 640})
            assert _sideways(page) <= 0, "the step scrolls sideways at 320 px"


def test_a_story_whose_length_varies_says_decision_n_and_draws_the_extra_decision_as_optional(
    browser, live_server, home_page
):
    """QA: "Decision 1 of 3 or 4" read like a bug. "Six weeks for a refund" takes 3 decisions, or 4 after asking for
    personal details in public: the heading says "Decision 1", the dots show 3 and a fourth drawn open, and a screen
    reader hears the whole truth."""
    _course, (module, _next) = make_course_with_modules(2)
    refund = make_demo_scenario(module, "S2")
    for width, height in SCREENS:
        learner = make_person(f"refund{width}@tarnwick.example", first_name="Marcus", last_name="Bello")
        with screen(browser, live_server, width, height) as page:
            log_in(page, learner)
            page.goto(refund.url)
            page.get_by_role("button", name="Start the scenario").click()
            decision = page.get_by_role(
                "heading", name="Decision 1 of 3 or 4, depending on your choices. Story time: Tue 08:20", level=2
            )
            expect(decision).to_be_visible()
            assert _visible_text(decision) == "Decision 1 Tue 08:20"
            assert _dots(page) == ["current", "todo", "todo", "maybe"]
            # Words, dots and the story time on one line, the dots a compact row after the words.
            words = decision.locator(".step-head__number").bounding_box()
            track = decision.locator(".step-track").bounding_box()
            assert (
                track["x"] > words["x"] + words["width"]
                and abs((track["y"] + track["height"] / 2) - (words["y"] + words["height"] / 2)) <= 3
            )
            assert track["width"] <= 90, track
            assert_accessible(page)
            # Answering in public the right way leads on to a story of exactly 3: no optional dot is left.
            page.get_by_label(re.compile("^Reply in public within the hour")).check()
            page.get_by_role("button", name="Confirm my choice").click()
            expect(page.get_by_role("heading", name="What happened")).to_be_visible()
            page.get_by_role("link", name="Continue", exact=True).click()
            expect(page.get_by_role("heading", name="Decision 2 of 3. Story time: 09:05", level=2)).to_be_visible()
            assert _dots(page) == ["done", "current", "todo"]
            assert _sideways(page) <= 0
            page.set_viewport_size({"width": 320, "height": 640})
            assert _sideways(page) <= 0, "the step scrolls sideways at 320 px"


def test_the_result_is_a_finish_moment_with_the_score_once_and_the_next_step_first(browser, live_server, scenario):
    for width, height in SCREENS:
        learner = make_person(f"result{width}@tarnwick.example", first_name="Jordan", last_name="Ellis")
        with screen(browser, live_server, width, height) as page:
            log_in(page, learner)
            page.goto(scenario.url)
            page.get_by_role("button", name="Start the scenario").click()
            for label in BEST_PATH:
                page.get_by_label(label).check()
                page.get_by_role("button", name="Confirm my choice").click()
                expect(page.get_by_role("heading", name="What happened")).to_be_visible()
                link = page.get_by_role("link", name="Continue", exact=True)
                if link.count():
                    link.click()
            page.get_by_role("link", name="See how it ended").click()
            card = page.locator(".reward")
            expect(card.get_by_role("heading", level=1)).to_have_text("Passengers kept informed")
            expect(card.locator(".reward__outcome")).to_have_text("A good ending")
            # The score once: the ring's points, a sentence for screen readers, the verdict; no pass mark after a pass.
            expect(card.locator(".score-ring__points")).to_have_text("30")
            expect(card.locator(".score-ring__of")).to_have_text("of 30")
            assert page.locator("main").text_content().count("30 out of 30") == 1
            expect(card.locator(".score-card__badge")).to_have_text("Passed · full marks")
            expect(card).not_to_contain_text("pass mark")
            # The way here at a glance: a pill per decision with its points, named for screen readers.
            path = card.get_by_role("list", name="Your decisions")
            expect(path.get_by_role("listitem")).to_have_count(3)
            expect(path.get_by_role("listitem").first).to_have_text("Decision 1: +10")
            assert [_visible_text(item) for item in path.get_by_role("listitem").all()] == ["+10", "+10", "+10"]
            expect(path.locator(".reward__step--up")).to_have_count(3)
            if width == 1280:
                # A balanced card: the headline's column (eyebrow, headline, points) stands as tall as the score
                # beside it and centred on it, not a lone line in white space.
                story = card.locator(".reward__story > *").evaluate_all(
                    "els => [Math.min(...els.map(e => e.getBoundingClientRect().top)),"
                    " Math.max(...els.map(e => e.getBoundingClientRect().bottom))]"
                )
                score_box = card.locator(".score-card").bounding_box()
                assert story[1] - story[0] >= 0.7 * score_box["height"], (story, score_box)
                middle = score_box["y"] + score_box["height"] / 2
                assert abs((story[0] + story[1]) / 2 - middle) <= 12, (story, score_box)
            # "How it played out" reads at the module's measure, about 60 to 75 characters a line (90 before), at
            # 1280 px beside "Where things ended" (the two cards share the reward card's edges) and stacked at 800 px.
            if width == 1280:
                for tablet in (False, True):
                    if tablet:
                        page.set_viewport_size({"width": 800, "height": height})
                    longest = longest_full_line(page.locator(".ending .prose p, .ending li"))
                    assert 58 <= longest <= 76, longest
                    reward, ending = card.bounding_box(), page.locator(".ending").bounding_box()
                    meters = page.locator(".result-meters").bounding_box()
                    assert abs(ending["x"] - reward["x"]) <= 1
                    right = meters if not tablet else ending
                    assert abs(right["x"] + right["width"] - reward["x"] - reward["width"]) <= 1, (right, reward)
                    if tablet:
                        assert meters["y"] >= ending["y"] + ending["height"]
                        assert _sideways(page) <= 0
                        assert_accessible(page)
                page.set_viewport_size({"width": width, "height": height})
            # The key's colours are the meters' own, as on the step.
            assert _legend_dot(page, "good") == page.locator(".result-meters .meter--good .meter__bar").first.evaluate(
                _FILL
            )
            # The finished module as a moment: a drawing (decoration), a heading, its place in the course.
            moment = card.get_by_role("region", name="Module complete")
            expect(moment).to_be_visible()
            expect(moment).to_contain_text("1 of 2 modules of")
            art = moment.locator("img.finish__art")
            assert art.get_attribute("alt") == ""
            assert art.evaluate("img => img.complete && img.naturalWidth > 0")
            # The next step is the one main button, "Try again" and the way back quieter.
            buttons = page.get_by_role("navigation", name="What next").locator(".button")
            expect(buttons.first).to_have_text("Next module: Module 2")
            assert buttons.first.get_attribute("class") == "button"
            expect(page.get_by_role("button", name="Try again")).to_have_class("button button--secondary")
            # The headline on one line at 1280 (a wide measure), balanced lines on a phone.
            if width == 1280:
                lines = card.locator(".reward__title").evaluate(
                    "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
                )
                assert lines == 1, f"the headline wraps onto {lines} lines"
            # Few unanswered mentions ended at 0, the best for a lower-is-better value: the plain track with a green
            # dot where the bar starts, not a full pale bar.
            best_bar = page.locator(".result-meters .meter--best .meter__bar")
            expect(best_bar).to_have_count(1)
            picture = Image.open(io.BytesIO(best_bar.screenshot()))
            middle = picture.height // 2
            start, rest = picture.getpixel((3, middle))[:3], picture.getpixel((picture.width * 3 // 4, middle))[:3]
            assert start[1] > start[0] + 40 and start[1] > start[2] + 40, f"no green start dot: {start}"
            assert _contrast("#{:02x}{:02x}{:02x}".format(*rest), "#eceef3") < 1.1, f"the track is not plain: {rest}"
            ring = card.locator(".score-ring").bounding_box()
            points = card.locator(".score-ring__points").bounding_box()
            assert points["width"] <= ring["width"] * 0.6, "the points touch the ring"
            if width == 375:
                # Stacked full-width buttons with centred labels, the whole card on the first screen.
                nav = page.locator(".quiz-after ul").bounding_box()
                for control in buttons.all():
                    box = control.bounding_box()
                    assert abs(box["width"] - nav["width"]) <= 1
                    assert control.evaluate("el => getComputedStyle(el).textAlign") == "center"
                    assert control.evaluate("el => getComputedStyle(el).justifyContent") == "center"
                primary = buttons.first.bounding_box()
                assert primary["y"] + primary["height"] <= height
                # The way back is one unit: its arrow runs with the words and every line is centred on the link.
                back = page.get_by_role("link", name="Back to “Module 1”")
                expect(back).to_have_class(re.compile("button--back"))
                offsets = back.evaluate(
                    "e => { const box = e.getBoundingClientRect(); const r = document.createRange();"
                    " r.selectNodeContents(e); return [...r.getClientRects()].map(l =>"
                    " Math.abs((l.left + l.right) / 2 - (box.left + box.right) / 2)); }"
                )
                assert offsets and max(offsets) <= 14, offsets
            assert _sideways(page) <= 0
            assert_accessible(page)
            page.set_viewport_size({"width": 320, "height": 640})
            assert _sideways(page) <= 0, "the result scrolls sideways at 320 px"
            badge, score = card.locator(".score-card__badge").bounding_box(), card.locator(".score-card").bounding_box()
            assert badge["x"] + badge["width"] <= score["x"] + score["width"], "the verdict runs past its card"


def test_a_missed_pass_leads_with_another_try_and_celebrates_nothing(browser, live_server, scenario):
    for width, height in SCREENS:
        learner = make_person(f"miss{width}@tarnwick.example", first_name="Kwame", last_name="Mensah")
        with screen(browser, live_server, width, height) as page:
            log_in(page, learner)
            page.goto(scenario.url)
            page.get_by_role("button", name="Start the scenario").click()
            while not page.get_by_role("link", name="See how it ended").count():
                page.locator(".choices__item input").last.check()  # the last choice at every step
                page.get_by_role("button", name="Confirm my choice").click()
                expect(page.get_by_role("heading", name="What happened")).to_be_visible()
                link = page.get_by_role("link", name="Continue", exact=True)
                if link.count():
                    link.click()
            page.get_by_role("link", name="See how it ended").click()
            card = page.locator(".reward")
            expect(card.locator(".score-card__miss")).to_have_text("Not passed this time.")
            # The points per decision say where it went wrong: a minus sign, not only a red pill.
            lost = card.get_by_role("list", name="Your decisions").locator(".reward__step--down")
            expect(lost.first).to_have_text(re.compile(r"^Decision \d: \u2212\d+$"))
            expect(card).to_contain_text("The pass mark is 15 points.")
            expect(card.get_by_role("region", name="Module complete")).to_have_count(0)
            expect(card.locator(".reward__next--finish")).to_have_count(0)
            buttons = page.get_by_role("navigation", name="What next").locator(".button")
            expect(buttons.first).to_have_text("Try again")
            expect(buttons.first).to_have_class("button")
            expect(page.get_by_role("link", name="Back to “Module 1”")).to_have_class("button button--secondary")
            assert _sideways(page) <= 0
            assert_accessible(page)


def test_a_long_meter_name_at_its_best_keeps_the_step_and_its_feedback_on_a_phone(browser, live_server, home_page):
    """QA: "The bus in the depot" (one lower-is-better meter, "Confidentiality risk", at 0: "Best possible · Lower is
    better") scrolled the step 31 px and its feedback 97 px sideways at 320 px; the strip's name column would not
    shrink."""
    _course, (module, _next) = make_course_with_modules(2)
    depot = make_demo_scenario(module, "S3")
    for width, height in ((375, 740), (320, 640)):
        learner = make_person(f"depot{width}@tarnwick.example", first_name="Fatima", last_name="Haddad")
        with screen(browser, live_server, width, height) as page:
            log_in(page, learner)
            page.goto(depot.url)
            page.get_by_role("button", name="Start the scenario").click()
            expect(page.locator(".step-meters")).to_contain_text("Best possible")
            assert _sideways(page) <= 0, f"the step scrolls sideways at {width} px"
            page.locator(".choices__item input").first.check()
            page.get_by_role("button", name="Confirm my choice").click()
            expect(page.get_by_role("heading", name="What happened")).to_be_visible()
            assert _sideways(page) <= 0, f"the feedback scrolls sideways at {width} px"
            assert_accessible(page)
