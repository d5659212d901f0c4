import pytest

from cms.models import HomePage, OrganisationSettings, StandardPage
from courses.models import CourseIndexPage, CoursePage, ModulePage

pytestmark = pytest.mark.django_db


def test_migrate_alone_gives_a_home_page_and_a_catalogue(client):
    home = HomePage.objects.get()
    assert home.live and home.get_site().is_default_site
    assert CourseIndexPage.objects.child_of(home).live().count() == 1
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("parent", "child", "allowed"),
    [
        (HomePage, CourseIndexPage, True),
        (HomePage, StandardPage, True),
        (HomePage, CoursePage, False),
        (CourseIndexPage, CoursePage, True),
        (CourseIndexPage, ModulePage, False),
        (CoursePage, ModulePage, True),
        (CoursePage, CoursePage, False),
        (ModulePage, ModulePage, False),
        (StandardPage, CoursePage, False),
    ],
)
def test_page_tree_rules(parent, child, allowed):
    assert (child in parent.allowed_subpage_models()) is allowed
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_organisation_settings_appear_in_the_layout(client, site):
    settings = OrganisationSettings.for_site(site)
    settings.organisation_name = "Tarnwick Transit"
    settings.support_email = "learning@tarnwick.example"
    settings.save()
    content = client.get("/").content.decode()
    assert "Tarnwick Transit" in content
    assert 'href="mailto:learning@tarnwick.example"' in content


def test_a_standard_page_renders_its_body(client, home_page):
    page = StandardPage(title="House rules", intro="How we talk on our channels.", body=[("heading", "Be kind")])
    home_page.add_child(instance=page)
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert "<h1>House rules</h1>" in content and "<h2>Be kind</h2>" in content
