"""The second design pass of issue 19 on the dashboard, a module, My team and the header, in a real browser at 1280 and
375 px (and 320 px for sideways scrolling): one next action on the dashboard, the module's illustrated header, My
team's summary band, aligned columns and one row of filters, Log out inside a keyboard-operable Account menu, quiet
breadcrumbs. Every page is checked with axe; console errors, CSP violations and server errors fail the test."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from people import roles
from people import services as people_services
from practice import services as practice_services
from practice.models import CohortSession
from tests.browser.conftest import assert_accessible, log_in, text_lines
from tests.browser.test_learner_experience import WIDTHS, screen
from tests.factories.courses import make_course_with_modules, make_module
from tests.goals.conftest import make_objective
from tests.people.conftest import make_person
from tests.practice.conftest import make_cohort

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

KEY_POINTS = [
    ("key_points", {"heading": "In short", "points": ["One public answer helps everyone with the same question."]}),
    ("text", "<p>Read <a href='/courses/'>the catalogue</a> for more.</p>"),
]


# One type scale: every page's h1 is the --title-1 token, 36 px on a desktop and 28 px on a phone.
TITLE_SIZE = {1280: "36px", 375: "28px"}


def _title_size(page) -> str:
    return page.get_by_role("heading", level=1).evaluate("e => getComputedStyle(e).fontSize")


def _phone_trail_has_a_back_chevron(page) -> None:
    """At 640 px and below the breadcrumb is one visible link after a back chevron, for one level or several."""
    visible = page.locator(".breadcrumb li").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).display !== 'none').map(e => {"
        " const mark = getComputedStyle(e, '::before'); return [e.textContent.trim(), mark.content, mark.transform]; })"
    )
    assert len(visible) == 1, visible
    assert visible[0][1] == '""' and visible[0][2] != "none", visible


def _no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# Small print (issue 19, design review): meta text at 14 px or more, nothing visible under 13 px (tags and the kind
# lines over cards are the 13 px labels), on every text node a person can see, decorative or not.
SMALL_PRINT = """() => { const small = [], meta = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.visually-hidden, script, style, .skip-link')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize), text = node.textContent.trim().slice(0, 40);
    if (size < 13) small.push([size, text]);
    if (size < 14 && el.closest('.meta, .card__meta, .card__next, .session-facts, .figure__detail, .team-course__date,'
        + ' .team-table__reports-to, .rail-card__text p:not(.rail-card__kind), .site-footer, .breadcrumb')) meta.push([size, text]);
  }
  return {small, meta}; }"""


def _small_print_is_readable(page) -> None:
    found = page.evaluate(SMALL_PRINT)
    assert found == {"small": [], "meta": []}, found


def _the_brand_is_the_socialwise_mark(page) -> None:
    """The header's mark is the favicon's drawing (the same two bubbles), and the wordmark names the product."""
    brand = page.locator(".site-header__brand")
    expect(brand.locator("svg.brand-mark")).to_be_visible()
    shapes = brand.locator("svg.brand-mark path").evaluate_all("paths => paths.map(p => p.getAttribute('d'))")
    assert len(shapes) == 2, shapes
    icon = page.locator("link[rel='icon'][type='image/svg+xml']").get_attribute("href")
    favicon = page.request.get(icon)
    assert favicon.ok and all(shape in favicon.text() for shape in shapes)
    expect(brand.locator(".wordmark")).to_have_text("Socialwise")
    expect(page.locator(".site-footer svg.brand-mark")).to_be_visible()
    # One line at 320 px too: the brand and the menu button share the header's row.
    assert brand.bounding_box()["height"] <= 48


def test_the_account_menu_holds_log_out_and_works_by_keyboard(browser, live_server):
    make_course_with_modules(1)
    learner = make_person("priya@tarnwick.example", first_name="Priya", last_name="Nair")
    for width in WIDTHS:
        with screen(browser, live_server, width) as page:
            log_in(page, learner)
            page.goto("/learning/")
            log_out = page.get_by_role("button", name="Log out")
            expect(log_out).to_be_hidden()  # not beside the menu any more: inside it
            if width <= 640:
                page.locator("summary.site-menu__toggle").click()
            account = page.locator("summary.account-menu__toggle")
            account.focus()
            page.keyboard.press("Enter")
            expect(log_out).to_be_visible()
            expect(page.get_by_role("link", name="Email preferences")).to_be_visible()
            assert_accessible(page)
            # The keyboard reaches Log out by Tab from the menu's button, and Escape shuts the menu on the button.
            for _ in range(4):
                page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent.trim()") == "Log out"
            page.keyboard.press("Escape")
            expect(log_out).to_be_hidden()
            assert page.evaluate("document.activeElement.matches('summary.account-menu__toggle')")
            page.keyboard.press("Space")
            expect(log_out).to_be_visible()
            log_out.click()
            page.wait_for_load_state()
            page.goto("/learning/")
            expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_dashboard_has_one_next_action_and_a_designed_not_started_state(browser, live_server):
    first, first_modules = make_course_with_modules(2, title="When things go wrong")
    second, _ = make_course_with_modules(3, title="Every function is on social")
    customer_service = people_services.create_department(name="Customer Service", code="CS")
    hr = make_person("fatima@tarnwick.example", role=roles.HR, first_name="Fatima", last_name="Haddad")
    make_objective(actor=hr, department=customer_service)  # the rail's goal card
    learner = make_person("priya@tarnwick.example", department=customer_service, first_name="Priya", last_name="Nair")
    today = timezone.localdate()
    course_services.enrol_user(user=learner, course=first, required=True, due_on=today - timedelta(days=1))
    course_services.enrol_user(user=learner, course=second, required=True, due_on=today + timedelta(days=9))
    practice_services.save_cohort_session(
        session=CohortSession(
            cohort=make_cohort([learner], code="SQUAD"),
            module=first_modules[1],
            starts_at=timezone.now() + timedelta(days=3),
            place="Control room",
        )
    )
    for width in WIDTHS:
        with screen(browser, live_server, width) as page:
            log_in(page, learner)
            page.goto("/learning/")
            assert _title_size(page) == TITLE_SIZE[width]
            up_next = page.get_by_role("region", name="Up next")
            # The course's name on the band: its own line, full white and semibold (it read as faint).
            course_link = up_next.get_by_role("link", name="When things go wrong")
            style = course_link.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight]")
            assert style == ["rgb(255, 255, 255)", "600"], style
            # A live session: start time, module and place on three labelled lines, not "14:00 · Module 2".
            facts = page.locator(".card--session .session-facts")
            expect(facts.locator("dt")).to_have_text(["Starts", "Module", "Where"])
            expect(facts.locator("dd")).to_have_text(
                [re.compile(r"\w+ \d+ \w+, \d{2}:\d{2}$"), first_modules[1].title, "Control room"]
            )
            tops = [box["y"] for box in (dd.bounding_box() for dd in facts.locator("dd").all())]
            assert tops == sorted(tops) and len({round(y) for y in tops}) == 3, tops
            expect(up_next).to_contain_text("Module 1")
            expect(up_next.get_by_text("Overdue", exact=True)).to_be_visible()
            expect(up_next.get_by_text(re.compile(r"Module 1 of 2 · \d+ minutes · not started"))).to_be_visible()
            expect(up_next.locator("progress")).to_have_count(0)  # no empty bar before any progress
            expect(up_next.locator("img.up-next__art")).to_be_visible()
            # One link to the first module (the featured card's Start); the other course keeps its own button.
            expect(page.locator(f"a[href='{first_modules[0].url}']")).to_have_count(1)
            expect(page.get_by_role("heading", name="Also assigned to you")).to_be_visible()
            expect(page.get_by_role("link", name="Start Every function is on social")).to_be_visible()
            expect(page.locator(".ring")).to_have_count(0)
            # The overdue tag on the blue card: dark red on white, not pale text on blue.
            colours = up_next.locator(".tag--overdue").evaluate(
                "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
            )
            assert colours == ["rgb(180, 35, 24)", "rgb(255, 255, 255)"], colours
            if width > 640:
                # The heading starts at the top of the page, not centred against the card; the rail starts level
                # with the "Up next" column, and the drawing is square and whole (its own square crop).
                heading = page.get_by_role("heading", name="My learning", level=1).bounding_box()
                assert heading["y"] < 160, heading
                rail = page.locator(
                    ".dashboard__rail > :first-child"
                ).bounding_box()  # "Keep it fresh" beside "Up next"
                card = up_next.bounding_box()
                assert abs(rail["y"] - card["y"]) < 4, (rail, card)
                art = up_next.locator("img.up-next__art")
                assert "/covers/square/" in art.evaluate("e => e.currentSrc")
                box = art.bounding_box()
                assert abs(box["width"] - box["height"]) < 2, box
                # A disc in soft rings on the band, not a hard-edged square.
                assert art.evaluate("e => getComputedStyle(e).borderRadius") == "50%"
                # The course cards' drawings: the square crop, whole and inset in the card (not a wide drawing cut
                # to a tall strip at the card's edge).
                card = page.locator(".cards--rows .card").first
                card_art = card.locator("img.card__image")
                assert "/covers/square/" in card_art.evaluate("e => e.currentSrc")
                art_box, card_box = card_art.bounding_box(), card.bounding_box()
                assert abs(art_box["width"] - art_box["height"]) < 2, art_box
                assert art_box["x"] - card_box["x"] >= 12 and art_box["y"] - card_box["y"] >= 12, (art_box, card_box)
            else:
                # On a phone the card's drawing is the wide band above its text.
                card_art = page.locator(".cards--rows .card img.card__image").first
                assert "/covers/square/" not in card_art.evaluate("e => e.currentSrc")
            # One type scale: the goal card's text is the course cards' text size.
            sizes = page.evaluate(
                "[document.querySelector('.goals-dashboard p:not(.rail-card__kind)'), document.querySelector('.card__summary')]"
                ".map(e => getComputedStyle(e).fontSize)"
            )
            assert sizes[0] == sizes[1], sizes
            # The rail's cards are one card design whichever app adds them (a live session, a goal): the same
            # surface, edge, corners, shadow and padding, a tile of one width at the left, the same kind line and
            # title; the goal's button is outlined, as a rail action.
            looks = page.locator(".dashboard__rail .card--session, .dashboard__rail .goals-dashboard").evaluate_all(
                "els => els.map(e => { const s = getComputedStyle(e), b = e.matches('.rail-card') ? e : e.querySelector('.rail-card'),"
                " p = getComputedStyle(b), r = e.getBoundingClientRect(); return [s.backgroundColor, s.borderTopWidth,"
                " s.borderTopColor, s.borderRadius, s.boxShadow, p.paddingTop, p.paddingLeft, Math.round(r.left),"
                " Math.round(r.width)]; })"
            )
            assert len(looks) == 2 and looks[0] == looks[1], looks
            tiles = page.locator(".dashboard__rail .date-block, .dashboard__rail .rail-tile").evaluate_all(
                "els => els.map(e => Math.round(e.getBoundingClientRect().width))"
            )
            assert len(tiles) == 2 and tiles[0] == tiles[1], tiles
            for part in (".rail-card__kind", ".rail-card__title"):
                styles = page.locator(f".dashboard__rail {part}").evaluate_all(
                    "els => els.map(e => { const s = getComputedStyle(e); return [s.fontSize, s.fontWeight, s.color]; })"
                )
                assert len(styles) == 2 and styles[0] == styles[1], (part, styles)
            expect(page.locator(".dashboard__rail .rail-card__kind")).to_have_text(
                ["Live session", "Social media goal"]
            )
            goal_button = page.get_by_role("link", name="Set your goal")
            assert goal_button.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
            _small_print_is_readable(page)
            _the_brand_is_the_socialwise_mark(page)
            assert_accessible(page)
            _no_sideways_scroll(page)
            _the_brand_is_the_socialwise_mark(page)


def test_a_learner_with_nothing_due_sees_a_designed_caught_up_card(browser, live_server):
    _course, modules = make_course_with_modules(1, title="Every function is on social")
    learner = make_person("jordan@tarnwick.example", first_name="Jordan", last_name="Ellis")
    course_services.record_module_completion(user=learner, module=modules[0])
    for width in WIDTHS:
        with screen(browser, live_server, width) as page:
            log_in(page, learner)
            page.goto("/learning/")
            clear = page.get_by_role("region", name="All caught up")
            expect(clear.get_by_text("Nothing is due. Well done.")).to_be_visible()
            expect(clear.get_by_role("link", name="Browse the catalogue")).to_be_visible()
            expect(page.get_by_role("heading", name="Completed", level=2)).to_be_visible()
            assert_accessible(page)
            _no_sideways_scroll(page)


LONG_PARAGRAPH = (
    "When you answer a customer on the phone, one person hears it. When you answer in public, everyone with the same "
    "question can see it, and so can the many people who read without ever posting. They decide whether to trust us "
    "partly by how we treat others, so a quick, plain and warm reply does more than close one complaint."
)


def _edges(page, selector: str) -> tuple[int, int]:
    box = page.locator(selector).first.bounding_box()
    return round(box["x"]), round(box["x"] + box["width"])


def test_the_module_page_has_an_illustrated_header_and_key_points_use_the_width(browser, live_server):
    from tests.browser.test_courses import BODY
    from tests.factories.quizzes import make_demo_scenario

    course, _ = make_course_with_modules(1, title="Every function is on social")
    module = make_module(
        course,
        title="Customer service in public",
        body=KEY_POINTS + BODY[1:] + [("text", f"<p>{LONG_PARAGRAPH}</p>")],
        written_for="Operations, Customer service, Brand & communications",
    )
    make_demo_scenario(module, "S1")
    learner = make_person("priya@tarnwick.example", first_name="Priya", last_name="Nair")
    for width in WIDTHS:
        with screen(browser, live_server, width) as page:
            log_in(page, learner)
            page.goto(module.url)
            expect(page.get_by_role("heading", name="Customer service in public", level=1)).to_be_visible()
            assert _title_size(page) == TITLE_SIZE[width]
            art = page.locator("img.module-hero__art")
            expect(art).to_be_visible()
            assert art.evaluate("e => e.naturalWidth") > 0
            # The course's drawing whole, never a window cut out of it: its frame has the drawing's own shape, and
            # nothing is drawn under it (a thick coloured bar read as a stray).
            assert "/img/covers/square/" not in art.get_attribute("src")
            shown, natural = art.bounding_box(), art.evaluate("e => [e.naturalWidth, e.naturalHeight]")
            assert abs(shown["width"] / shown["height"] - natural[0] / natural[1]) < 0.02, (shown, natural)
            visual = page.locator(".module-hero__visual")
            assert visual.evaluate("e => getComputedStyle(e, '::after').boxShadow").count("px") <= 4  # a hairline
            hero = page.locator(".module-hero").bounding_box()
            if width == 1280:
                # Framed inside the header, beside the text, on its right edge.
                assert shown["x"] > hero["x"] + hero["width"] / 2
                assert hero["x"] + hero["width"] - (shown["x"] + shown["width"]) >= 24
                assert (
                    shown["y"] - hero["y"] >= 24 and hero["y"] + hero["height"] - (shown["y"] + shown["height"]) >= 24
                )
                # On the page's grid: the picture's left edge over the course outline's.
                assert abs(shown["x"] - page.locator(".outline").bounding_box()["x"]) <= 1
            else:
                # A band across the top of the header, edge to edge.
                assert abs(shown["x"] - hero["x"]) <= 1 and abs(shown["width"] - hero["width"]) <= 2
                assert shown["y"] - hero["y"] <= 1
            # The title breaks where the words do: on one line at 1280 px, never one word alone on a line at 375
            # and 320 px ("Customer / service in public" read as a mistake).
            lines = text_lines(page.locator(".module-hero h1"))
            if width == 1280:
                assert lines == ["Customer service in public"], lines
            else:
                assert len(lines) == 2 and all(" " in line for line in lines), lines
                page.set_viewport_size({"width": 320, "height": 800})
                lines = text_lines(page.locator(".module-hero h1"))
                assert all(" " in line for line in lines), lines
                page.set_viewport_size({"width": width, "height": 800})
            # A reading measure: a paragraph's full lines hold about 60 to 75 characters at 1280 px (95 before), and on
            # a tablet too (800 px: the outline under the text, both in the reading column; 95 before).
            lines = text_lines(page.locator(".prose p", has_text="When you answer a customer"))
            if width == 1280:
                assert 58 <= max(len(line) for line in lines[:-1]) <= 76, lines
                page.set_viewport_size({"width": 800, "height": 800})
                lines = text_lines(page.locator(".prose p", has_text="When you answer a customer"))
                assert 58 <= max(len(line) for line in lines[:-1]) <= 76, lines
                column = {_edges(page, part) for part in (".prose p", ".key-points", ".module__finish", ".outline")}
                assert len(column) == 1, column
                outline, finish = (
                    page.locator(".outline").bounding_box(),
                    page.locator(".module__finish").bounding_box(),
                )
                assert outline["y"] >= finish["y"] + finish["height"], (outline, finish)
                # The header still spans the page: the column's left edge, the page's right one.
                assert _edges(page, ".module-hero")[0] == _edges(page, ".prose p")[0]
                assert _edges(page, ".module-hero")[1] > _edges(page, ".prose p")[1] + 100
                assert page.evaluate("document.documentElement.scrollWidth") <= 800
                assert_accessible(page)
                page.set_viewport_size({"width": 1280, "height": 800})
            # One column: the text, the post, the callout, the boxes and the finish panel share both edges; the
            # header spans the page's grid above them (the column's left edge, the outline's right edge).
            edges = {
                part: _edges(page, part)
                for part in (
                    ".prose p",
                    ".module .social-post",
                    ".callout",
                    ".key-points",
                    ".reflection",
                    ".module__finish",
                )
            }
            assert len({left for left, _ in edges.values()}) == 1, edges
            assert len({right for _, right in edges.values()}) == 1, edges
            assert _edges(page, ".module-hero")[0] == edges[".prose p"][0]
            assert _edges(page, ".module-hero")[1] == _edges(page, ".outline")[1]
            # The scenario's button says what it starts; the row names its kind and title.
            start = page.get_by_role("link", name="Start the scenario: Stuck at Hollin")
            expect(start).to_have_text("Start the scenario")
            expect(start).to_have_class("button")
            expect(page.locator(".quiz-link").first).to_contain_text("Practice scenario")
            # Reflect: the prompt labels the field, a helper line describes it, focus draws the site's ring.
            field = page.get_by_label("When did a customer last reach your team in public?")
            expect(field).to_have_attribute("aria-describedby", re.compile("reflection-hint-"))
            expect(page.locator(".reflection__hint")).to_have_text(
                "Only you can see your answer. A few honest lines are enough."
            )
            field.focus()
            ring = field.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
            assert ring == ["solid", "3px"], ring
            expect(page.get_by_role("list", name="About this module")).to_contain_text(
                "Written for Operations, Customer service, Brand & communications"
            )
            # The breadcrumb stays a navigation landmark; its links are quiet (underlined on hover), prose links not.
            crumbs = page.get_by_role("navigation", name="Breadcrumb")
            expect(crumbs.get_by_role("link", name="Every function is on social")).to_be_visible()
            decoration = "e => getComputedStyle(e).textDecorationLine"
            assert crumbs.get_by_role("link", name="Every function is on social").evaluate(decoration) == "none"
            assert page.locator(".prose").get_by_role("link", name="the catalogue").evaluate(decoration) == "underline"
            crumbs.get_by_role("link", name="Every function is on social").hover()
            assert crumbs.get_by_role("link", name="Every function is on social").evaluate(decoration) == "underline"
            if width <= 640:
                _phone_trail_has_a_back_chevron(page)  # two levels: My learning › course
            # "In short": the text starts close to the box's edge, not ~85 px in.
            indent = page.evaluate(
                "(() => { const box = document.querySelector('.key-points').getBoundingClientRect();"
                " const r = document.createRange(); r.selectNodeContents(document.querySelector('.key-points li'));"
                " return r.getBoundingClientRect().left - box.left; })()"
            )
            assert indent < 50, indent
            _small_print_is_readable(page)  # the outline's meta lines and the quiz kind included
            assert_accessible(page)
            _no_sideways_scroll(page)
            # A long "Written for" wraps inside the header card instead of running under its clipped edge at 320 px.
            cut = page.locator(".module-hero__fact").evaluate_all(
                "els => els.filter(e => e.getBoundingClientRect().right >"
                " e.closest('.module-hero').getBoundingClientRect().right).map(e => e.textContent.trim())"
            )
            assert not cut, cut


def test_my_team_shows_a_summary_aligned_columns_and_one_row_of_filters(browser, live_server):
    # The demo's longest course title: on one line in its column at 1280 px.
    course, modules = make_course_with_modules(2, title="When things go wrong: crisis response on social channels")
    other, _ = make_course_with_modules(1, title="Social media literacy for leaders")
    ceo = make_person("helena@tarnwick.example", role=roles.MANAGERS, first_name="Helena", last_name="Adeyemi")
    lead = make_person("rafael@tarnwick.example", manager=ceo, first_name="Rafael", last_name="Moreno")
    grace = make_person("grace@tarnwick.example", manager=ceo, first_name="Grace", last_name="Okonkwo")
    daniel = make_person("daniel@tarnwick.example", manager=lead, first_name="Daniel", last_name="Cohen")
    make_person("outside@tarnwick.example", first_name="Not", last_name="Mine")  # outside the team: never counted
    today = timezone.localdate()
    for person in (lead, grace, daniel):
        course_services.enrol_user(user=person, course=course, required=True, due_on=today + timedelta(days=10))
    course_services.enrol_user(user=daniel, course=other, required=True, due_on=today - timedelta(days=2))
    for module in modules:
        course_services.record_module_completion(user=lead, module=module)
    for width in WIDTHS:
        with screen(browser, live_server, width) as page:
            log_in(page, ceo)
            page.goto("/team/")
            assert _title_size(page) == TITLE_SIZE[width]
            summary = page.get_by_role("region", name="Your team at a glance")
            expect(summary.locator(".figure").nth(0)).to_contain_text("3")
            expect(summary.locator(".figure").nth(0)).to_contain_text(
                "People in your team"
            )  # the whole label, also on a phone
            expect(summary.locator(".figure").nth(1)).to_contain_text("25%")  # 1 of 4 required courses done
            expect(summary.locator(".figure").nth(2)).to_contain_text("1")
            rafael = page.get_by_role("row", name=re.compile(r"^Rafael Moreno"))
            expect(rafael.get_by_text(re.compile(r"^Completed \d+ \w{3}"))).to_be_visible()  # the date says what it is
            expect(rafael.locator(".team-course__percent")).to_have_text("100%")  # a finished course reads done
            # Overdue: the status tag (word and shape) and the red date; no red bar down any row.
            daniel = page.get_by_role("row", name=re.compile(r"^Daniel Cohen"))
            expect(daniel.locator(".team-course--overdue .tag--overdue")).to_have_text("Overdue")
            expect(daniel.locator(".team-course--overdue .team-course__date")).to_have_css("color", "rgb(180, 35, 24)")
            bars = page.locator(".team-table tr, .team-table th, .team-table td").evaluate_all(
                "els => els.filter(e => getComputedStyle(e).boxShadow !== 'none'"
                " || parseFloat(getComputedStyle(e).borderLeftWidth) > 0).length"
            )
            assert bars == 0, bars
            # A quiet header: sentence case, small.
            if width > 640:
                head = page.locator(".team-table thead th").first
                assert head.evaluate("e => getComputedStyle(e).textTransform") == "none"
                # The rows keep one rhythm: people with one course each are rows of the same height.
                heights = {
                    round(page.get_by_role("row", name=re.compile(f"^{name}")).bounding_box()["height"])
                    for name in ("Rafael Moreno", "Grace Okonkwo")
                }
                assert max(heights) - min(heights) <= 2, heights
            expect(
                page.get_by_role("row", name=re.compile(r"^Daniel Cohen")).get_by_text("Reports to Rafael Moreno")
            ).to_be_visible()
            groups = [page.get_by_role("group", name=name) for name in ("People", "Show")]
            tops = [g.bounding_box()["y"] for g in groups]
            assert abs(tops[0] - tops[1]) < 2, tops  # one row of filters, at 375 px too
            if width > 640:
                # Status, progress and date start at the same x in every row.
                for part in (".team-course .tag", ".team-course__progress", ".team-course__date"):
                    xs = {round(box["x"]) for box in (e.bounding_box() for e in page.locator(part).all())}
                    assert len(xs) == 1, (part, xs)
                # Progress and date do not run together: a clear gap between the number and the date.
                gaps = page.locator(".team-course").evaluate_all(
                    "els => els.map(e => e.querySelector('.team-course__date').getBoundingClientRect().left"
                    " - e.querySelector('.team-course__percent').getBoundingClientRect().right)"
                )
                assert min(gaps) >= 16, gaps
            # The summary: three cards of one build in one row (at 375 px too), the same size.
            cards = summary.locator(".figure").evaluate_all(
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.top, r.width, r.height]; })"
            )
            assert len(cards) == 3 and all(abs(c[i] - cards[0][i]) <= 1 for c in cards for i in range(3)), cards
            assert all(
                card.evaluate("e => getComputedStyle(e).borderTopWidth") == "1px"
                for card in summary.locator(".figure").all()
            )
            # "Team goals" is plainly a link: link colour, an arrow, and the whole card answers the pointer.
            goals_card = page.locator(".link-card").filter(has=page.get_by_role("link", name="Team goals"))
            link = goals_card.get_by_role("link", name="Team goals")
            assert link.evaluate("e => getComputedStyle(e).color") == "rgb(24, 70, 184)"
            arrow = link.evaluate(
                "e => { const a = getComputedStyle(e, '::after'); return [a.content, a.borderTopWidth]; }"
            )
            assert arrow == ['""', "2px"], arrow
            box = goals_card.bounding_box()
            hit = page.evaluate(
                f"document.elementFromPoint({box['x'] + box['width'] - 6}, {box['y'] + box['height'] - 6})"
                ".closest('a')?.textContent"
            )
            assert hit == "Team goals", hit
            goals_card.hover()
            expect(goals_card).to_have_css("border-top-color", "rgb(24, 70, 184)")
            if width > 640:
                # A designed data table: every heading over its column's content, the numbers right-aligned under
                # a right-aligned "Progress", the bar a real length.
                heads = page.locator(".team-head > span").evaluate_all(
                    "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
                )
                row = page.locator(".team-course").first
                cells = [
                    row.locator(sel).evaluate("e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }")
                    for sel in (".team-course__title", ".tag", ".team-course__percent", ".team-course__date")
                ]
                assert abs(heads[0][0] - cells[0][0]) <= 1 and abs(heads[1][0] - cells[1][0]) <= 1, (heads, cells)
                assert abs(heads[2][1] - cells[2][1]) <= 1, (heads, cells)  # right edges: the number's column
                assert abs(heads[3][0] - cells[3][0]) <= 1, (heads, cells)
                assert row.locator("progress").bounding_box()["width"] >= 80
                lines = page.locator(".team-course__title").evaluate_all(
                    "els => els.map(e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)))"
                )
                assert set(lines) == {1}, lines
            _small_print_is_readable(page)
            assert_accessible(page)
            page.get_by_role("group", name="Show").get_by_role("link", name="Overdue").click()
            expect(page.get_by_role("status")).to_have_text("1 person")
            expect(summary.locator(".figure").nth(0)).to_contain_text("3")  # the figures keep the whole team
            page.get_by_role("group", name="People").get_by_role("link", name="Direct reports").click()
            expect(page.get_by_role("region", name="Your direct reports at a glance")).to_contain_text("2")
            assert_accessible(page)
            _no_sideways_scroll(page)
            # A team member's page: the same title size; on a phone its one-level trail has the back chevron too.
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/team/")
            page.get_by_role("link", name="Grace Okonkwo").click()
            expect(page.get_by_role("heading", name="Grace Okonkwo", level=1)).to_be_visible()
            assert _title_size(page) == TITLE_SIZE[width]
            if width <= 640:
                _phone_trail_has_a_back_chevron(page)
            # One button system: a secondary submit button (Remind) is outlined, as a secondary link is; hovered, a
            # tint, never the primary's fill.
            remind = page.get_by_role("button", name=re.compile(r"^Remind Grace Okonkwo"))
            look = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.borderTopColor]; }"
            assert remind.evaluate(look) == ["rgb(255, 255, 255)", "rgb(24, 70, 184)", "rgb(24, 70, 184)"]
            remind.hover()
            expect(remind).to_have_css("background-color", "rgb(234, 240, 253)")
            assert_accessible(page)


def test_the_header_keeps_one_row_between_phone_and_desktop(browser, live_server):
    """641-960 px, with the most links anyone has (HR: Reports and Admin too): the bar stays one row without
    sideways scrolling, the search keeps a usable width, and Account keeps its name for screen readers."""
    make_course_with_modules(1)
    hr = make_person("fatima@tarnwick.example", role=roles.HR, first_name="Fatima", last_name="Haddad")
    with screen(browser, live_server, 1280) as page:
        log_in(page, hr)
        page.goto("/learning/")
        expect(page.get_by_role("link", name="Admin")).to_be_visible()
        for width in (660, 800, 960, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator(".site-header__inner").bounding_box()["height"] <= 70
            assert page.get_by_role("searchbox").bounding_box()["width"] >= 100
            expect(page.locator("summary.account-menu__toggle")).to_have_accessible_name(re.compile("Account"))
            expect(page.locator(".site-header__brand svg.brand-mark")).to_be_visible()
        page.set_viewport_size({"width": 800, "height": 800})
        assert_accessible(page)
