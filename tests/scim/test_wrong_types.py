"""Values of the wrong type in PATCH, and query parameters the NUL guard would have emptied: each is a clean SCIM
error (RFC 7644 §3.12 invalidValue, §3.4.2.2 invalidFilter) and nothing is written or widened."""

from __future__ import annotations

import pytest

from people.models import AuditLog, Cohort, User
from tests.scim import test_provisioning
from tests.scim.test_provisioning import ENTERPRISE, GROUP, new_user

org, scim = test_provisioning.org, test_provisioning.scim  # the same fixtures: a department tree and an Entra ID token

WRONG_USER_VALUES = [
    {"op": "replace", "path": 'emails[type eq "work"].value', "value": 5},
    {"op": "Replace", "path": 'emails[type eq "work"].primary', "value": "yes"},
    {"op": "add", "path": "emails", "value": 5},
    {"op": "add", "path": "emails", "value": [{"value": 5, "type": "work"}]},
    {"op": "replace", "value": {"emails": [{"value": ["a@example.com"]}]}},
    {"op": "replace", "path": "userName", "value": 5},
    {"op": "replace", "path": "userName", "value": ["ada@example.com"]},
    {"op": "replace", "path": "active", "value": "yes"},
    {"op": "replace", "path": "active", "value": 0},
    {"op": "replace", "path": "active", "value": "off"},
    {"op": "replace", "value": {"active": 1}},
    {"op": "replace", "path": "name.givenName", "value": 5},
    {"op": "replace", "path": "name.givenName", "value": {"x": "y"}},
    {"op": "replace", "path": "name", "value": "Ada"},
    {"op": "replace", "path": "title", "value": 5},
    {"op": "replace", "path": "title", "value": True},
    {"op": "replace", "value": {"title": ["Pilot"]}},
    {"op": "replace", "path": f"{ENTERPRISE}:department", "value": 5},
    {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": True},
    {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": [1]},
    {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": 5.5},
    {"op": "add", "path": "roles", "value": [{"value": 7}]},
]


def _invalid_value(response):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == "400" and body["scimType"] == "invalidValue", body


@pytest.mark.parametrize("operation", WRONG_USER_VALUES)
def test_a_user_patch_value_of_the_wrong_type_is_400_and_nothing_is_written(scim, org, operation):
    ada = scim.post("Users", new_user("ada@example.com", name={"givenName": "Ada", "familyName": "L"}, title="Pilot"))
    person = User.objects.get(pk=ada.json()["id"])
    audits = AuditLog.objects.count()
    # A valid first operation must not be half-applied when the second is refused.
    response = scim.patch(f"Users/{person.pk}", [{"op": "replace", "path": "title", "value": "Captain"}, operation])
    _invalid_value(response)
    person.refresh_from_db()
    person.profile.refresh_from_db()
    assert (person.email, person.first_name, person.is_active) == ("ada@example.com", "Ada", True)
    assert person.profile.job_title == "Pilot"
    assert AuditLog.objects.count() == audits


def test_entra_ids_active_strings_and_its_email_writes_are_still_accepted(scim, org):
    ada = scim.post("Users", new_user("ada@example.com")).json()
    response = scim.patch(
        f"Users/{ada['id']}",
        [
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "ada@example.com"},
            {"op": "Replace", "path": "active", "value": "False"},
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert scim.patch(f"Users/{ada['id']}", [{"op": "replace", "value": {"active": "True"}}]).json()["active"] is True


def test_a_user_put_or_post_with_active_not_a_boolean_is_400(scim, org):
    _invalid_value(scim.post("Users", new_user("bo@example.com", active="yes")))
    assert not User.objects.filter(email="bo@example.com").exists()
    ada = scim.post("Users", new_user("ada@example.com")).json()
    _invalid_value(scim.put(f"Users/{ada['id']}", new_user("ada@example.com", active=0)))
    assert User.objects.get(pk=ada["id"]).is_active


WRONG_GROUP_VALUES = [
    {"op": "replace", "path": "displayName", "value": 5},
    {"op": "replace", "value": {"displayName": ["Pilots"]}},
    {"op": "add", "path": "members", "value": 5},
    {"op": "add", "path": "members", "value": [5]},
    {"op": "add", "path": "members", "value": [{"value": True}]},
    {"op": "add", "path": "members", "value": [{"value": 12}]},
    {"op": "remove", "path": "members", "value": [{"value": 12}]},
]


@pytest.mark.parametrize("operation", WRONG_GROUP_VALUES)
def test_a_group_patch_value_of_the_wrong_type_is_400_and_nothing_is_written(scim, org, operation):
    ada = scim.post("Users", new_user("ada@example.com")).json()
    bo = scim.post("Users", new_user("bo@example.com")).json()
    group = scim.post("Groups", {"schemas": [GROUP], "displayName": "Pilots", "members": [{"value": ada["id"]}]})
    cohort = Cohort.objects.get(pk=group.json()["id"])
    response = scim.patch(
        f"Groups/{cohort.pk}", [{"op": "add", "path": "members", "value": [{"value": bo["id"]}]}, operation]
    )
    _invalid_value(response)
    cohort.refresh_from_db()
    assert cohort.name == "Pilots"
    assert sorted(cohort.memberships.values_list("user_id", flat=True)) == [int(ada["id"])]


@pytest.mark.parametrize(
    ("query", "scim_type"),
    [
        ("filter=%00", "invalidFilter"),
        ("filter=", "invalidFilter"),
        ("filter=%20", "invalidFilter"),
        ("filter=userName%20eq%20%22ada@example.com%22%00", "invalidFilter"),
        ("fil%00ter=userName%20eq%20%22x%22", "invalidFilter"),
        ("sortBy=%00", "invalidValue"),
        ("sortOrder=%00", "invalidValue"),
        ("attributes=%00", "invalidValue"),
        ("excludedAttributes=%00", "invalidValue"),
        ("startIndex=%00", "invalidValue"),
        ("count=1%00", "invalidValue"),
        ("startIndex=one", "invalidValue"),
        ("count=ten", "invalidValue"),
    ],
)
@pytest.mark.parametrize("kind", ["Users", "Groups"])
def test_a_query_the_nul_guard_would_empty_is_400_never_everyone(scim, org, kind, query, scim_type):
    scim.post("Users", new_user("ada@example.com"))
    scim.post("Groups", {"schemas": [GROUP], "displayName": "Pilots"})
    response = scim.get(f"{kind}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["scimType"] == scim_type


def test_a_nul_in_the_query_of_one_resource_or_an_empty_search_filter_is_400(scim, org):
    ada = scim.post("Users", new_user("ada@example.com")).json()
    response = scim.get(f"Users/{ada['id']}?attributes=%00")
    assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    response = scim.post(
        "Users/.search", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": ""}
    )
    assert response.status_code == 400 and response.json()["scimType"] == "invalidFilter"


def test_okta_and_entra_id_lookups_still_answer(scim, org):
    scim.post("Users", new_user("ada@example.com"))
    scim.post("Users", new_user("bo@example.com"))
    for query in (
        'filter=userName eq "ada@example.com"&startIndex=1&count=100',
        'filter=userName+eq+"ada@example.com"',
    ):
        body = scim.get(f"Users?{query}").json()
        assert body["totalResults"] == 1 and body["Resources"][0]["userName"] == "ada@example.com"
