"""The three demo courses and their modules as published pages, each with its own drawing from static/img/covers/."""

from __future__ import annotations

from courses.blocks import ModuleBodyStreamBlock
from courses.models import Audience, CourseIndexPage, CoursePage, Illustration, ModulePage
from demo.loaders.base import Report, courses_content

ILLUSTRATIONS = {"A": Illustration.LEADERSHIP, "B": Illustration.CONVERSATION, "C": Illustration.CRISIS}
BODY_BLOCK_TYPES = {"heading", "text", "key_points", "callout", "social_post", "quote", "reflection"}


def module_body(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Validate demo body blocks with the same block definitions the editor uses, so the demo cannot hold content an
    editor could not save."""
    stream_block = ModuleBodyStreamBlock()
    for block_type, _value in blocks:
        if block_type not in BODY_BLOCK_TYPES:
            raise ValueError(f"Unknown demo block type {block_type!r}")
    value = stream_block.to_python([{"type": t, "value": _raw(t, v)} for t, v in blocks])
    stream_block.clean(value)
    return [(t, _raw(t, v)) for t, v in blocks]


def _raw(block_type: str, value):
    if block_type == "social_post":
        return {"quoted": "", "image_alt": "", **value}
    return value


def load_courses(report: Report) -> dict[str, CoursePage]:
    """Create the demo courses and modules that do not exist yet (looked up by slug); never re-publishes existing
    pages, so a second run adds no revision."""
    index = CourseIndexPage.objects.get()
    courses: dict[str, CoursePage] = {}
    for data in courses_content():
        course = CoursePage.objects.child_of(index).filter(slug=data["slug"]).first()
        if course is None:
            course = CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                intro=data["intro"],
                audience=data["audience"],
                outcomes=[("outcome", outcome) for outcome in data["outcomes"]],
                illustration=ILLUSTRATIONS[data["code"]],
                valid_months=12 if data["code"] == "C" else None,
            )
            index.add_child(instance=course)
            course.save_revision().publish()
            report.add("courses")
        courses[data["code"]] = course
        for module_data in data["modules"]:
            if ModulePage.objects.child_of(course).filter(slug=module_data["slug"]).exists():
                continue
            module = ModulePage(
                title=module_data["title"],
                slug=module_data["slug"],
                summary=module_data["summary"],
                minutes=module_data["minutes"],
                written_for=", ".join(str(Audience(a).label) for a in module_data["audiences"]),
                body=module_body(module_data["body"]),
            )
            course.add_child(instance=module)
            module.save_revision().publish()
            report.add("modules")
    return courses


def modules_by_code() -> dict[str, ModulePage]:
    """Demo modules keyed by their code (A1…C5), found by the slugs the content gives them."""
    index = CourseIndexPage.objects.get()
    found: dict[str, ModulePage] = {}
    for data in courses_content():
        course = CoursePage.objects.child_of(index).get(slug=data["slug"])
        slugs = {m["slug"]: m["code"] for m in data["modules"]}
        for module in ModulePage.objects.child_of(course).filter(slug__in=slugs):
            found[slugs[module.slug]] = module
    return found


def load_review_workflow(report: Report, *, reviewers: list) -> None:
    """A moderation workflow on the course tree: a trainer submits, a member of "Course reviewers" approves."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    index = CourseIndexPage.objects.get()
    group, created = Group.objects.get_or_create(name="Course reviewers")
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for codename in ["change_page", "publish_page"]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
            )
        report.add("groups")
    group.user_set.add(*reviewers)
    workflow, created = Workflow.objects.get_or_create(name="Course review")
    if not workflow.workflow_tasks.exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name="Learning lead approves")
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        report.add("workflows")
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
