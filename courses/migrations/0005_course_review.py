"""One review per course: Trainers no longer publish in the course tree; the "Course reviewers" group does, through
the "Course review" workflow on the catalogue (a trainer submits a course, its modules and quizzes with it, and a
reviewer approves or asks for changes once)."""

from django.db import migrations

PAGE_CODENAMES = ["change_page", "publish_page", "lock_page", "unlock_page"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    catalogue = CourseIndexPage.objects.filter(depth=3, slug="courses").first()
    if catalogue is None:
        return
    GroupPagePermission.objects.filter(
        group__name="Trainers", permission__content_type__app_label="wagtailcore", permission__codename="publish_page"
    ).delete()

    reviewers, _ = Group.objects.get_or_create(name="Course reviewers")
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in PAGE_CODENAMES:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=reviewers, page_id=catalogue.pk, permission=permission)

    workflow, _ = Workflow.objects.get_or_create(name="Course review", defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.filter(name="Learning lead approves").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Learning lead approves", active=True, content_type=task_type)
        task.groups.add(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    WorkflowPage.objects.get_or_create(page_id=catalogue.pk, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    catalogue = CourseIndexPage.objects.filter(depth=3, slug="courses").first()
    trainers = Group.objects.filter(name="Trainers").first()
    if catalogue is not None and trainers is not None:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
        GroupPagePermission.objects.get_or_create(group=trainers, page_id=catalogue.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_paced_release"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
