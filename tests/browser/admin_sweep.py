"""The admin sweep's driver (tests/browser/test_admin_sweep.py): a person of one role opens every item and sub-item of
the live admin menu, each listing's add and edit form, every chooser on those forms (picking something, or uploading
one through the chooser where its library is empty: the demo's image library is), every date and time picker, and
downloads every export in every format, opening it with csv or openpyxl and comparing its rows with the screen. Every HTTP status >= 500, console error, uncaught script error and CSP violation
is recorded.

Pure Playwright: it needs no Django, so it can also be pointed at a running server by hand."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

NEVER_OPEN = ("/logout", "/admin/logout/", "/delete/", "/unpublish/", "/withdraw/", "/erase")
PICKER_INIT = re.compile(r"init(Date|DateTime|Time)Chooser\(\"([^\"]+)\"")


@dataclass
class Sweep:
    browser: object
    base_url: str
    password: str
    page_ids: list[int] = field(default_factory=list)  # one page of each page type, to open its editor
    parent_ids: list[int] = field(default_factory=list)  # pages whose "add child page" choices are opened
    failures: list[str] = field(default_factory=list)
    visited: dict[str, set[str]] = field(default_factory=dict)  # role -> URLs opened
    exercised: set[str] = field(default_factory=set)  # forms, choosers, exports already tried by an earlier role
    exports: int = 0
    choosers: int = 0
    pickers: int = 0

    # --- one role ---------------------------------------------------------------------------------------------------
    def run(self, role: str, email: str) -> None:
        context = self.browser.new_context(base_url=self.base_url, viewport={"width": 1280, "height": 900})
        # As long as the suite's page fixture waits: the scenario editor took over 10 s to load on two loaded cores.
        context.set_default_timeout(15_000)
        page = context.new_page()
        self.role = role
        self.page = page
        self.visited[role] = set()
        page.on("console", lambda msg: self._console(msg))
        page.on("pageerror", lambda error: self.fail(f"script error on {page.url}: {error}"))
        page.on("response", lambda r: self.fail(f"HTTP {r.status} for {r.url}") if r.status >= 500 else None)
        try:
            page.goto("/accounts/login/")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(self.password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            for url in self.menu_urls():
                if self.first_time(f"menu {url}"):
                    if self.open(url):
                        self.listing(url)
                else:
                    self.fetch(url)  # rendered and exercised for an earlier role: the status is what may differ
            for page_id in self.page_ids:
                url = f"/admin/pages/{page_id}/edit/"
                if self.first_time(f"editor {url}") and self.open(url):
                    self.form()
                elif url not in self.visited[self.role]:
                    self.fetch(url)
            for parent_id in self.parent_ids:
                if self.first_time(f"add {parent_id}") and self.open(f"/admin/pages/{parent_id}/add_subpage/"):
                    for href in self._hrefs("main a[href*='/admin/pages/add/']"):
                        if self.open(href):
                            self.form()
        finally:
            context.close()

    def first_time(self, key: str) -> bool:
        """True the first time any role gets to `key`; the role that can open it claims it."""
        return key not in self.exercised

    def fetch(self, url: str) -> None:
        """An HTTP check only, for a screen an earlier role rendered in full."""
        self.visited[self.role].add(url)
        status = self.page.request.get(url, max_redirects=0).status
        if status >= 500:
            self.fail(f"HTTP {status} for {url}")

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.fail(f"console error on {self.page.url}: {msg.text}")

    def fail(self, message: str) -> None:
        self.failures.append(f"[{self.role}] {message}")

    # --- navigation -------------------------------------------------------------------------------------------------
    def menu_urls(self) -> list[str]:
        """Every link of the live sidebar menu, sub-menus included, read from the props Wagtail renders it from."""
        self.page.goto("/admin/")
        props = json.loads(self.page.locator("#wagtail-sidebar-props").text_content())
        urls: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                url = node.get("url")
                if (
                    isinstance(url, str)
                    and url.startswith("/admin/")
                    and not any(n in url for n in NEVER_OPEN)
                    and url not in urls
                ):
                    urls.append(url)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(props)
        return urls

    def open(self, url: str) -> bool:
        """Go to `url`; False (and nothing more to do) when the role may not see it or it is not an HTML page."""
        if any(n in url for n in NEVER_OPEN):
            return False
        self.visited[self.role].add(url)
        response = self.response = self.page.goto(url, wait_until="domcontentloaded")
        if response is None:
            self.fail(f"no response for {url}")
            return False
        if response.status >= 400:
            if response.status not in (403, 404):
                self.fail(f"HTTP {response.status} for {url}")
            return False
        path = urlsplit(url).path
        for key in (f"menu {url}", f"editor {url}", f"menu {path}", f"editor {path}"):
            self.exercised.add(key)
        if "/add_subpage/" in path:
            self.exercised.add("add " + path.split("/")[3])
        return "text/html" in (response.headers.get("content-type") or "")

    def _hrefs(self, selector: str) -> list[str]:
        hrefs = self.page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
        return list(dict.fromkeys(h for h in hrefs if h and not any(n in h for n in NEVER_OPEN)))

    # --- a listing or report ----------------------------------------------------------------------------------------
    def listing(self, url: str) -> None:
        screen_rows = self.page.locator("main table tbody tr").count()
        paginated = self.page.locator("main nav.pagination, main [aria-label='Pagination']").count() > 0
        declared = self.page.locator("main [data-export-rows]")
        if declared.count():  # a report whose downloads hold more than its screen says how many rows, on the screen
            screen_rows, paginated = int(declared.first.get_attribute("data-export-rows")), False
        # The export links sit in a dropdown that Wagtail's script lifts out of the page until it is opened: read them
        # from the HTML as the server sent it.
        sent = self.response.text()
        exports = re.findall(r'href="([^"]*[?&amp;]export=[a-z]+[^"]*)"', sent)
        for href in dict.fromkeys(html.unescape(h) for h in exports):
            key = f"export {urlsplit(href).path}?{urlsplit(href).query}"
            if key not in self.exercised:
                self.exercised.add(key)
                self.export(href, screen_rows=screen_rows, paginated=paginated)
        forms_to_open = []
        for selector in ("main header a[href$='/new/'], main header a[href$='/add/']", "main table a[href*='/edit/']"):
            links = self._hrefs(selector)
            if links:
                forms_to_open.append(urljoin(url, links[0]))
        for form_url in forms_to_open:  # read from the listing first, so it is never loaded twice
            key = "form " + re.sub(r"/\d+/", "/<id>/", urlsplit(form_url).path)
            if key not in self.exercised and self.open(form_url):
                self.exercised.add(key)
                self.form()

    def export(self, href: str, *, screen_rows: int, paginated: bool) -> None:
        url = urljoin(self.page.url, href)
        response = self.page.request.get(url)
        body = response.body()
        fmt = dict(parse_qsl(urlsplit(url).query)).get("export", "")
        self.exports += 1
        if response.status != 200:
            self.fail(f"export {url}: HTTP {response.status}")
            return
        try:
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            elif fmt == "xlsx":
                from openpyxl import load_workbook

                sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
                rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            else:
                self.fail(f"export {url}: unknown format {fmt!r}")
                return
        except Exception as error:  # noqa: BLE001 - any failure to open the file is the finding
            self.fail(f"export {url} does not open as {fmt}: {error!r}")
            return
        if not rows:
            self.fail(f"export {url} has no heading row")
            return
        exported = len(rows) - 1
        if paginated and exported < screen_rows or not paginated and exported != screen_rows:
            self.fail(f"export {url}: {exported} rows, the screen shows {screen_rows}")

    # --- a form: its choosers and date/time pickers -----------------------------------------------------------------
    def form(self) -> None:
        page = self.page
        page_key = re.sub(r"/\d+/", "/<id>/", urlsplit(page.url).path)
        if not page_key.startswith("/admin/pages/"):
            # An add and an edit form of one listing carry the same widgets: exercise them on the first one opened.
            page_key = re.sub(r"/(<id>/)?(new|add|edit)/.*$", "/", page_key)
        seen_kinds: set[str] = set()
        buttons = page.locator("[data-chooser-action-choose]")
        for i in range(buttons.count()):
            button = buttons.nth(i)
            if not button.is_visible():
                continue
            chooser = button.locator("xpath=ancestor::*[@data-chooser-url or contains(@class,'chooser')][1]")
            kind = (chooser.get_attribute("class") or "chooser") if chooser.count() else "chooser"
            kind = next((c for c in kind.split() if c.endswith("-chooser")), kind)
            key = f"chooser {page_key} {kind}"
            if kind in seen_kinds or key in self.exercised:
                continue
            seen_kinds.add(kind)
            self.exercised.add(key)
            self.choose(button, kind)
        pickers: dict[str, str] = {}
        for kind, input_id in PICKER_INIT.findall(page.content()):
            pickers.setdefault(kind, input_id)  # the first of each kind on the form
        for kind, input_id in pickers.items():
            key = f"picker {page_key} {kind}"
            if key not in self.exercised:
                self.exercised.add(key)
                self.pick(input_id, kind)

    def choose(self, button, kind: str) -> None:
        page = self.page
        self.choosers += 1
        button.click()
        modal = page.locator(".modal-content").last
        try:
            modal.wait_for(state="visible")
            for _level in range(4):
                # A page chooser limited to one page type opens at the top of the tree: go down until one is offered.
                choices = modal.locator("[data-chooser-modal-choice], a.choose-page")
                navigate = modal.locator("a.navigate-pages")
                # An empty image or document library offers its upload tab instead: what a person then does.
                upload = modal.locator("a.upload-one-now")
                choices.or_(navigate).or_(upload).first.wait_for(state="visible")
                if choices.count():
                    choices.first.click()
                    break
                if upload.count():
                    self._upload_in_chooser(modal, upload.first)
                    break
                with page.expect_response(lambda r: "/choose" in r.url):
                    navigate.first.click()
                modal.locator("[data-chooser-modal-choice], a.choose-page, a.navigate-pages").first.wait_for(
                    state="visible"
                )
            modal.wait_for(state="hidden")
        except Exception as error:  # noqa: BLE001
            self.fail(f"{kind} on {page.url}: could not open and pick: {type(error).__name__}")
            page.keyboard.press("Escape")

    def _upload_in_chooser(self, modal, upload_link) -> None:
        """Upload a small new file through the chooser's own upload tab; Wagtail then chooses it and closes the modal."""
        upload_link.click()
        form = modal.locator("[data-chooser-modal-creation-form]")
        file_input = form.locator("input[type=file]")
        if "image" in (file_input.get_attribute("accept") or ""):
            name, mime, body = "sweep.png", "image/png", _png()
        else:
            name, mime, body = "sweep.txt", "text/plain", b"Uploaded by the admin sweep.\n"
        file_input.set_input_files({"name": name, "mimeType": mime, "buffer": body})
        title = form.locator("input[name$='-title']")
        if title.count() and not title.input_value():
            title.fill("Uploaded by the admin sweep")
        form.locator("button[type=submit]").click()

    def pick(self, input_id: str, kind: str) -> None:
        page = self.page
        field_ = page.locator(f"[id='{input_id}']")
        if not field_.is_visible():
            return
        self.pickers += 1
        field_.click()
        picker = page.locator(".xdsoft_datetimepicker:visible").first
        try:
            picker.wait_for(state="visible")
            if kind == "Time":
                picker.locator(".xdsoft_time:not(.xdsoft_disabled)").first.click()
            else:
                picker.locator(".xdsoft_date:not(.xdsoft_disabled)").nth(10).click()
            if not field_.input_value():
                self.fail(f"{kind} picker on {page.url} (#{input_id}) left the field empty")
        except Exception as error:  # noqa: BLE001
            self.fail(f"{kind} picker on {page.url} (#{input_id}) did not work: {type(error).__name__}")
        page.keyboard.press("Escape")
        field_.fill("")


def _png() -> bytes:
    """A small PNG of its own colour, so Wagtail's duplicate check never asks which of two identical files to use."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), tuple(os.urandom(3))).save(buffer, format="PNG")
    return buffer.getvalue()
