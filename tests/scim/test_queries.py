"""Query counts of a PUT, pinned: a full sync sends one PUT per person (10,000 in the benchmark), so a query more per
PUT is 10,000 more round trips. A PUT restating a person as they are is answered from one read, with no lock, no
write and no audit entry; a PUT that changes something writes it once, audited with the client's name."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from people import provisioning, roles
from people import services as people_services
from people.models import AuditLog, Department, Profile, User
from people.selectors import DepartmentResolver, with_group_names, with_row_version
from tests.scim.test_provisioning import ENTERPRISE, new_user, org, scim  # noqa: F401 (fixtures)

# Unchanged: 1 the token's client, 2 the person with profile, SCIM link and the names of their groups (an ARRAY
# subquery; the manager by id, not read), 3 the departments' fingerprint (to resolve the department sent and name the
# person's: the departments themselves are read again only when it differs from the last ones this process read).
# Elsewhere than on PostgreSQL (SQLite, the embedded default) each read of a person reads their groups in a query of
# its own (people.selectors.with_group_names), and every request reads the departments themselves.
SEPARATE_GROUPS = 0 if connection.vendor == "postgresql" else 1
UNCHANGED_PUT = 3 + SEPARATE_GROUPS
# A new job title: those three, then 4 BEGIN (a SAVEPOINT inside the test's transaction), 5 the account and its
# profile locked (FOR UPDATE) in one short statement that returns their row versions and the names of the person's
# groups: the same as read in 2, so that read is the one changed (the privilege model decides on what holds now; a
# person changed in between is read again under the lock, see below), 6 the profile's UPDATE, 7 the audit entry,
# 8 COMMIT (RELEASE SAVEPOINT). The answer is built from the rows locked and written, not read again.
CHANGED_PUT = 8 + 2 * SEPARATE_GROUPS  # elsewhere: read unlocked, then read again (select_for_update is PostgreSQL's)
# The first sync of a person by a client (Entra ID and Okta send an externalId): the change above, plus 9 the SCIM
# link written in one upsert, in the same transaction (not one around provision_person's, which adds a savepoint).
FIRST_SYNC_PUT = 9 + 2 * SEPARATE_GROUPS
# GET /Users?filter=userName eq "…": the token, one page (a page that is not full needs no COUNT), the person's
# groups, the departments' fingerprint.
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
    assert response.json() == scim.get(f"Users/{ada['id']}").json()  # built from what was written: the person as stored
    assert Profile.objects.get(user_id=ada["id"]).job_title == "Senior controller"
    entry = AuditLog.objects.filter(subject_id=ada["id"]).latest("pk")
    assert entry.data == {"via": "SCIM", "client": "Entra ID", "changed": ["job_title"]}


def test_the_first_sync_links_the_external_id_in_the_same_write(scim, ada, django_assert_num_queries):  # noqa: F811
    manager = ada[ENTERPRISE]["manager"]["value"]
    body = {**_ada(title="Senior controller", manager=manager), "externalId": "entra-7f3a"}
    with django_assert_num_queries(FIRST_SYNC_PUT):
        response = scim.put(f"Users/{ada['id']}", body)
    assert response.status_code == 200, response.content
    assert response.json()["externalId"] == "entra-7f3a"
    assert response.json() == scim.get(f"Users/{ada['id']}").json()
    assert scim.get('Users?filter=externalId eq "entra-7f3a"').json()["Resources"][0]["id"] == ada["id"]


def test_every_kind_of_change_answers_the_person_as_stored(scim, ada, org):  # noqa: F811
    """The answer to a changing PUT is built from the rows provisioning locked and wrote, not read again: for a new
    department (the person moves), a new manager, a new role, a new name and deactivation it equals a later GET."""
    boss = ada[ENTERPRISE]["manager"]["value"]
    other = scim.post("Users", new_user("linus@tarnwick.example")).json()["id"]
    bodies = [
        _ada(title="Controller", manager=boss, department="Sales"),
        _ada(title="Controller", manager=other, department="Sales"),
        {**_ada(title="Controller", manager=other), "roles": [{"value": "manager"}]},
        {**_ada(title="Controller", manager=other), "name": {"givenName": "Augusta", "familyName": "King"}},
        {**_ada(title="Controller", manager=other), "active": False},
        {**_ada(title="", manager=""), "roles": [], "active": False},
    ]
    for body in bodies:
        response = scim.put(f"Users/{ada['id']}", body)
        assert response.status_code == 200, response.content
        assert response.json() == scim.get(f"Users/{ada['id']}").json(), body
    stored = scim.get(f"Users/{ada['id']}").json()
    assert stored["active"] is False and "roles" not in stored and ENTERPRISE in stored


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


def test_departments_made_or_renamed_meanwhile_are_seen_at_once(scim, ada, org):  # noqa: F811
    """The departments are read again whenever their fingerprint changed (people.selectors.DepartmentResolver.current):
    one made after the last read resolves at once, a rename shows in the next answer, and an unchanged set is not
    read again."""
    manager = ada[ENTERPRISE]["manager"]["value"]
    body = _ada(title="Controller", manager=manager, department="AUD")
    assert scim.put(f"Users/{ada['id']}", body).status_code == 400  # no such department yet
    audit = people_services.create_department(name="Audit", code="AUD")
    response = scim.put(f"Users/{ada['id']}", body)
    assert response.status_code == 200, response.content
    assert response.json()[ENTERPRISE]["department"] == "Audit"
    Department.objects.filter(pk=audit.pk).update(name="Internal audit")
    assert scim.get(f"Users/{ada['id']}").json()[ENTERPRISE]["department"] == "Internal audit"
    if connection.vendor == "postgresql":  # elsewhere every call reads the departments afresh
        assert DepartmentResolver.current() is DepartmentResolver.current()


def _as_scim_reads(pk) -> User:
    return with_row_version(with_group_names(User.objects.select_related("profile"))).get(pk=pk)


@pytest.mark.parametrize("meanwhile", ["profile", "account", "groups"])
def test_a_person_changed_between_the_read_and_the_lock_is_read_again(scim, ada, meanwhile):  # noqa: F811
    """The lock compares the rows' versions (and the groups) with the read the caller made: a change in between, even
    one made earlier in the same transaction, makes provisioning read the person again, so nothing is lost."""
    person = _as_scim_reads(ada["id"])
    if meanwhile == "profile":
        Profile.objects.filter(user_id=ada["id"]).update(job_title="Changed meanwhile")
    elif meanwhile == "account":
        User.objects.filter(pk=ada["id"]).update(last_name="Changed meanwhile")
    else:
        User.objects.get(pk=ada["id"]).groups.add(Group.objects.get(name=roles.MANAGERS))
    done = provisioning.provision_person(
        client=provisioning.Client(name="Entra ID"), user=person, values=provisioning.PersonValues(first_name="Augusta")
    )
    assert done.changed == ["first_name"]
    stored = User.objects.select_related("profile").get(pk=ada["id"])
    assert (stored.first_name, stored.last_name, stored.profile.job_title) == (
        "Augusta",
        "Changed meanwhile" if meanwhile == "account" else "Lovelace",
        "Changed meanwhile" if meanwhile == "profile" else "Controller",
    )
    assert (roles.MANAGERS in done.group_names) == (meanwhile == "groups")
    assert done.user is not person or connection.vendor != "postgresql"


def test_a_person_unchanged_since_the_read_is_not_read_again(scim, ada):  # noqa: F811
    """On PostgreSQL the lock finds the rows as read and the read object is the one changed; elsewhere (no row
    versions) the person is read again."""
    person = _as_scim_reads(ada["id"])
    with CaptureQueriesContext(connection) as run:
        done = provisioning.provision_person(
            client=provisioning.Client(name="Entra ID"), user=person, values=provisioning.PersonValues(first_name="A.")
        )
    assert done.changed == ["first_name"]
    full_reads = [q["sql"] for q in run.captured_queries if '"people_user"."password"' in q["sql"]]
    if connection.vendor == "postgresql":
        assert done.user is person and not full_reads
    else:
        assert done.user is not person and len(full_reads) == 1
    assert User.objects.get(pk=ada["id"]).first_name == "A."
