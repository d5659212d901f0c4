"""The course catalogue page under the home page, and what the Trainers group may do there: create, edit and
publish pages in the course tree only, and manage images and documents of the "Course media" collection."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")

    home = Page.objects.get(depth=2, slug="home")
    content_type, _ = ContentType.objects.get_or_create(model="courseindexpage", app_label="courses")
    catalogue = CourseIndexPage.objects.filter(depth=3, slug="courses").first()
    if catalogue is None:
        catalogue = CourseIndexPage.objects.create(
            title="Courses",
            draft_title="Courses",
            slug="courses",
            content_type=content_type,
            path=f"{home.path}{home.numchild + 1:04d}",
            depth=3,
            numchild=0,
            url_path="/home/courses/",
            live=True,
            locale_id=home.locale_id,
            intro="<p>Short courses on social media at work. Filter by who they are written for.</p>",
        )
        home.numchild += 1
        home.save(update_fields=["numchild"])

    trainers = Group.objects.get(name="Trainers")
    for codename in ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=trainers, page=catalogue, permission=permission)

    root_collection = Collection.objects.get(depth=1)
    media = Collection.objects.filter(name="Course media").first()
    if media is None:
        media = Collection.objects.create(
            name="Course media",
            path=f"{root_collection.path}{root_collection.numchild + 1:04d}",
            depth=2,
            numchild=0,
        )
        root_collection.numchild += 1
        root_collection.save(update_fields=["numchild"])
    for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
        for action in ["add", "change", "choose", "delete"]:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            GroupCollectionPermission.objects.get_or_create(group=trainers, collection=media, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_initial"),
        ("cms", "0002_create_homepage"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
