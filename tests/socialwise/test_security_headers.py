import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "<script>" not in response.content.decode()


def test_django_admin_is_not_exposed(client, django_user_model):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/admin/auth/user/").status_code in {302, 404}


@pytest.mark.parametrize(
    ("role", "expected"),
    # managers reach the admin for their team's reports only (see tests/reports for what they may see there); a
    # learner signed in gets the page saying they have no access (403)
    [(None, 302), ("learner", 403), ("manager", 200), ("trainer", 200), ("hr", 200)],
)
def test_wagtail_admin_is_for_staff_roles_only(client, request, role, expected):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == expected
    if expected == 302:
        assert "/admin/login/" in response["Location"] or "/accounts/login/" in response["Location"]


def test_static_assets_are_served_from_our_own_origin(client):
    content = client.get("/accounts/login/").content.decode()
    assert "https://" not in content.split("<body")[0]
