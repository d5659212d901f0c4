"""The allowed directions between our apps (docs/architecture.md), checked in the three ways one app can lean on
another: a Python import that runs (hint-only imports under `if TYPE_CHECKING:` do not), a model named by its
label ("reports.ExportJob", `apps.get_model("reports", …)`) or a permission by name
(`has_perm("reports.view_all_reports")`), and a template that loads another app's tag library or
includes or extends another app's template. `reports` only reads: nothing but the wiring names it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each app may use, besides itself. Not transitive: each use is listed where it happens.
BASE = {"cms", "analytics"}
ALLOWED: dict[str, set[str]] = {
    "analytics": set(),
    "cms": set(),
    "xapi": {"people"},  # courses and quizzes hand it plain values; people: its personal-data policy
    "courses": {*BASE, "xapi"},  # higher apps plug in through courses/hooks.py
    "quizzes": {*BASE, "courses", "xapi", "people"},  # people: its personal-data policy and export
    "people": {*BASE, "courses"},  # enrolments only through courses' services
    "certificates": {*BASE, "courses", "people"},  # a completion listener and card note in courses/hooks.py
    "practice": {*BASE, "courses", "quizzes", "people"},
    "reminders": {*BASE, "courses", "quizzes", "people", "practice"},
    "scim": {*BASE, "people"},  # the SCIM protocol; people.provisioning makes the changes
    # goals reads learning time from courses, quizzes and practice; nothing below it knows goals exists (its
    # dashboard panel comes through courses/hooks.py, My team links to its page by URL name only).
    "goals": {*BASE, "courses", "quizzes", "people", "practice"},
    "reports": {*BASE, "courses", "quizzes", "people", "practice", "certificates", "reminders", "xapi", "goals"},
    "demo": {*BASE, "courses", "quizzes", "people", "practice", "certificates", "reminders", "xapi", "goals"},
}
# `socialwise` wires everything (urls, settings, the Celery app); apps may use only its Celery module. `bench` may
# use anything and nothing uses it (bench/settings.py installs it for the benchmarks alone).
WIRING = "socialwise"
WIRING_MODULES_FOR_APPS = {"socialwise.celery"}
OURS = {*ALLOWED, WIRING, "bench"}
# Wagtail's page-tree rules name page types of other apps by label, as the house style asks (never an import).
PAGE_TREE_RULES = {"subpage_types", "parent_page_types"}

LABEL = re.compile(r"^([a-z_]+)\.([A-Z][A-Za-z0-9]*)$")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
TEMPLATE_USE = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")


def python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _called(node: ast.Call) -> str:
    return getattr(node.func, "attr", getattr(node.func, "id", ""))


def uses_in_python(path: Path) -> list[tuple[int, str, str]]:
    """(line, app used, how) for every runtime import of one of our apps and every model label naming one."""
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, in_page_tree_rule: bool = False) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, "import") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, "import"))
        elif isinstance(node, ast.Call) and _called(node) in ("get_model", "has_perm"):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value.split(".")[0], _called(node)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not in_page_tree_rule:
            match = LABEL.match(node.value)
            if match:
                found.append((node.lineno, match.group(1), "label"))
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            in_page_tree_rule = in_page_tree_rule or any(getattr(t, "id", "") in PAGE_TREE_RULES for t in targets)
        for child in ast.iter_child_nodes(node):
            visit(child, in_page_tree_rule)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return [(line, name, how) for line, name, how in found if name.split(".")[0] in OURS]


def tag_libraries() -> dict[str, str]:
    """Template tag library name → the app that defines it."""
    return {
        path.stem: path.parent.parent.name
        for app in OURS
        for path in (ROOT / app).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


def uses_in_template(path: Path, libraries: dict[str, str]) -> list[tuple[int, str, str]]:
    found = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in LOAD.finditer(line):
            words = match.group(1).split()
            names = words[words.index("from") + 1 :] if "from" in words else words
            found.extend(
                (line_number, libraries[name], "{% load " + name + " %}") for name in names if name in libraries
            )
        for match in TEMPLATE_USE.finditer(line):
            if match.group(1) in OURS:
                found.append((line_number, match.group(1), "include/extends"))
    return found


def _allowed(app: str, used: str) -> bool:
    target = used.split(".")[0]
    if target == app or app in (WIRING, "bench"):
        return True
    if target == WIRING:
        return any(used == m or used.startswith(m + ".") for m in WIRING_MODULES_FOR_APPS)
    return target in ALLOWED.get(app, set())


def test_every_app_of_ours_is_placed():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= OURS, f"place {sorted(apps - OURS)} in ALLOWED"


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_python_uses_follow_the_allowed_directions(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {how} {used}"
        for path in python_files(app)
        for line, used, how in uses_in_python(path)
        if not _allowed(app, used)
    ]
    assert wrong == []


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_templates_follow_the_allowed_directions(app):
    libraries = tag_libraries()
    folder = ROOT / "templates" / app
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {how} ({used})"
        for path in sorted(folder.rglob("*.html"))
        for line, used, how in uses_in_template(path, libraries)
        if not _allowed(app, used)
    ]
    assert wrong == []


def private_uses(path: Path, app: str) -> list[tuple[int, str]]:
    """(line, what) for each private name (one leading underscore) of another app of ours that `path` uses: imported
    by name (`from people.services import _descendants`) or reached through an imported module
    (`services._descendants(...)` after `from people import services`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    foreign: dict[str, str] = {}  # local name -> the other app's module it stands for

    def other_app(module: str) -> bool:
        top = module.split(".")[0]
        return top in OURS and top != app

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and other_app(node.module):
            for alias in node.names:
                if private(alias.name):
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
                foreign[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if other_app(alias.name) and alias.asname:
                    foreign[alias.asname] = alias.name
    for node in ast.walk(tree):
        reached = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and private(node.attr)
        if reached and node.value.id in foreign:
            found.append((node.lineno, f"{foreign[node.value.id]}.{node.attr}"))
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_app_reaches_into_another_apps_private_names(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in python_files(app)
        for line, what in private_uses(path, app)
    ]
    assert wrong == []


def test_the_settings_import_no_app():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {used}"
        for path in sorted((ROOT / WIRING / "settings").glob("*.py"))
        for line, used, how in uses_in_python(path)
        if how == "import" and used.split(".")[0] != WIRING
    ]
    assert wrong == []


def test_reports_only_reads():
    assert [app for app, uses in ALLOWED.items() if "reports" in uses] == []


def test_the_checks_catch_each_kind_of_use(tmp_path):
    """The scanners see what they are meant to see (a check that finds nothing proves nothing)."""
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from reports.models import ExportJob\n"
        "from reports import selectors\n"
        "def f(apps):\n"
        "    import certificates.services\n"
        "    return apps.get_model('reports', 'ExportJob'), 'practice.PracticeNote'\n"
        "def g(user):\n"
        "    return user.has_perm('reports.view_all_reports')\n"
        "class Page:\n"
        "    subpage_types = ['quizzes.ScenarioPage']\n"
    )
    assert uses_in_python(source) == [
        (4, "reports", "import"),
        (6, "certificates.services", "import"),
        (7, "reports", "get_model"),
        (7, "practice", "label"),
        (9, "reports", "has_perm"),
    ]
    caller = tmp_path / "caller.py"
    caller.write_text(
        "from people import services\n"
        "from people.selectors import _department_paths, department_paths\n"
        "inside = services._descendants({1}, services.department_parents())\n"
        "own = self._cache\n"
    )
    assert private_uses(caller, "practice") == [
        (2, "people.selectors._department_paths"),
        (3, "people.services._descendants"),
    ]
    assert private_uses(caller, "people") == []
    template = tmp_path / "sample.html"
    template.write_text('{% load i18n course_fragments %}\n{% include "reports/includes/scope.html" %}\n')
    assert uses_in_template(template, {"course_fragments": "courses"}) == [
        (1, "courses", "{% load course_fragments %}"),
        (2, "reports", "include/extends"),
    ]
