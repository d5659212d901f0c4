"""Replace Wagtail's placeholder page with our home page and point the default Site at it, so `migrate` alone gives a
working site."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")
    DjangoSite = apps.get_model("sites.Site")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    locale = apps.get_model("wagtailcore.Locale").objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Socialwise",
        draft_title="Socialwise",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=locale,
        intro="<p>Short, practical lessons in social media for everyone at work: leaders first, then every team.</p>",
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Socialwise"}
    )
    DjangoSite.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Socialwise"})


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
