"""Course pages built with `add_child` on the right parent, as an editor would publish them."""

from __future__ import annotations

from courses.models import Audience, CourseIndexPage, CoursePage, ModulePage


def catalogue() -> CourseIndexPage:
    return CourseIndexPage.objects.get()


def make_course(
    *, title: str = "Crisis response", audience: str = Audience.ALL_STAFF, live: bool = True, **fields
) -> CoursePage:
    course = CoursePage(title=title, summary=f"About {title.lower()}.", audience=audience, live=live, **fields)
    catalogue().add_child(instance=course)
    course.save_revision().publish() if live else course.save_revision()
    return course


def make_module(
    course: CoursePage,
    *,
    title: str = "Your feed on a bad day",
    minutes: int = 6,
    body=None,
    live: bool = True,
    **fields,
) -> ModulePage:
    module = ModulePage(title=title, summary=f"{title}.", minutes=minutes, body=body or [], live=live, **fields)
    course.add_child(instance=module)
    revision = module.save_revision()
    if live:
        revision.publish()
    return module


def make_course_with_modules(n: int = 3, **course_fields) -> tuple[CoursePage, list[ModulePage]]:
    course = make_course(**course_fields)
    modules = [make_module(course, title=f"Module {i}") for i in range(1, n + 1)]
    return course, modules
