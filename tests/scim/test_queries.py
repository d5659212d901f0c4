"""Query counts of a PUT, pinned: a full sync sends one PUT per person (10,000 in the benchmark), so a query more per
PUT is 10,000 more round trips. A PUT restating a person as they are is answered from one read, with no lock, no
write and no audit entry; a PUT that changes something writes it once, audited with the client's name."""

from __future__ import annotations

import pytest

from people.models import AuditLog, Profile, User
from tests.scim.test_provisioning import ENTERPRISE, new_user, org, scim  # noqa: F401 (fixtures)

# Unchanged: the token, the person with profile, manager and SCIM link, their groups, the departments.
UNCHANGED_PUT = 4
# A new job title: those four, the account locked (profile in the same read), its roles, the profile locked and
# updated, the audit entry, the person read again with their groups; plus the savepoints of the test's transaction.
CHANGED_PUT = 15
# GET /Users?filter=userName eq "…": the token, one page (a page that is not full needs no COUNT), the person's
# groups, the departments.
LOOKUP = 4


@pytest.fixture
def ada(scim, org):  # noqa: F811
    boss = scim.post("Users", new_user("grace@tarnwick.example")).json()
    body = _ada(title="Controller", manager=boss["id"])
    response = scim.post("Users", body)
    assert response.status_code == 201, response.content
    return response.json()


def _ada(*, title: str, manager: str, department: str = "Operations/Control room") -> dict:
    return new_user(
        "ada@tarnwick.example",
        externalId="ada-1",
        name={"givenName": "Ada", "familyName": "Lovelace"},
        title=title,
        **{ENTERPRISE: {"department": department, "manager": {"value": manager}}},
    )


def test_a_put_restating_the_person_is_cheap_and_writes_nothing(scim, ada, django_assert_num_queries):  # noqa: F811
    manager = ada[ENTERPRISE]["manager"]["value"]
    audit_before = AuditLog.objects.count()
    updated_before = Profile.objects.get(user_id=ada["id"]).updated_at
    with django_assert_num_queries(UNCHANGED_PUT):
        response = scim.put(f"Users/{ada['id']}", _ada(title="Controller", manager=manager))
    assert response.status_code == 200, response.content
    assert response.json() == scim.get(f"Users/{ada['id']}").json()  # the answer is the person as stored
    assert AuditLog.objects.count() == audit_before
    assert Profile.objects.get(user_id=ada["id"]).updated_at == updated_before


def test_a_put_that_changes_the_person_writes_once_and_is_audited(scim, ada, django_assert_num_queries):  # noqa: F811
    manager = ada[ENTERPRISE]["manager"]["value"]
    with django_assert_num_queries(CHANGED_PUT):
        response = scim.put(f"Users/{ada['id']}", _ada(title="Senior controller", manager=manager))
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Senior controller"
    assert Profile.objects.get(user_id=ada["id"]).job_title == "Senior controller"
    entry = AuditLog.objects.filter(subject_id=ada["id"]).latest("pk")
    assert entry.data == {"via": "SCIM", "client": "Entra ID", "changed": ["job_title"]}


def test_restating_after_a_change_elsewhere_still_applies_it(scim, ada, org):  # noqa: F811
    """The unchanged answer compares with the person as read in the same request: a change made meanwhile (here by HR,
    outside SCIM) is seen, and the client's PUT puts its values back, audited."""
    manager = ada[ENTERPRISE]["manager"]["value"]
    Profile.objects.filter(user_id=ada["id"]).update(department=org["sales"])
    response = scim.put(f"Users/{ada['id']}", _ada(title="Controller", manager=manager))
    assert response.status_code == 200 and response.json()[ENTERPRISE]["department"] == "Operations/Control room"
    assert User.objects.get(pk=ada["id"]).profile.department == org["control"]
    assert AuditLog.objects.filter(subject_id=ada["id"]).latest("pk").data["changed"] == ["department"]


def test_a_username_lookup_is_four_queries(scim, ada, django_assert_num_queries):  # noqa: F811
    with django_assert_num_queries(LOOKUP):
        found = scim.get('Users?filter=userName eq "ADA@tarnwick.example"').json()
    assert (found["totalResults"], found["Resources"][0]["id"]) == (1, ada["id"])
    with django_assert_num_queries(LOOKUP - 2):  # nobody: no groups, no departments
        assert scim.get('Users?filter=userName eq "nobody@tarnwick.example"').json()["totalResults"] == 0
