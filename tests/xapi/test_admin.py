"""The outbox in the admin: Administrators look (status, attempts, the LRS's reason); nobody edits."""

from django.contrib.auth.models import Group

import pytest

from courses import services as course_services
from people import roles
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from xapi.models import StatementOutbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    user = UserFactory(email="it@tarnwick.example")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


@pytest.fixture
def refused_statement(learner, settings):
    settings.XAPI_ENABLED = True
    settings.XAPI_ENDPOINT = "http://127.0.0.1:1/xAPI/"
    _course, (module,) = make_course_with_modules(1, title="Your feed on a bad day")
    course_services.record_module_visit(user=learner, module=module)
    row = StatementOutbox.objects.get()
    StatementOutbox.objects.filter(pk=row.pk).update(
        status=StatementOutbox.Status.REJECTED, attempts=1, last_error="The LRS answered 400: bad verb"
    )
    return row


@pytest.mark.parametrize(("role", "expected"), [("administrator", 200), ("hr", 302), ("trainer", 302)])
def test_only_administrators_see_the_xapi_outbox(client, request, refused_statement, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/xapi_statements/")
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Refused by the LRS" in html
        assert "The LRS answered 400: bad verb" in html
        assert "/admin/xapi_statements/new/" not in html


def test_nobody_can_add_or_edit_an_outbox_row(client, administrator, refused_statement):
    client.force_login(administrator)
    assert client.get("/admin/xapi_statements/new/").status_code == 302
    assert client.get(f"/admin/xapi_statements/edit/{refused_statement.pk}/").status_code == 302
    assert client.get(f"/admin/xapi_statements/inspect/{refused_statement.pk}/").status_code == 200
