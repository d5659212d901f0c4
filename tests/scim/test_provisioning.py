"""SCIM provisioning through the real endpoints (Django's test client, the whole middleware stack): what Entra ID and
Okta send (their documented request shapes), the organisation's rules (the same services as the CSV import and
single sign-on), the privilege model, deprovisioning, tokens, the rate limit and hostile input."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from courses.models import Enrolment
from people import roles, services
from people.models import AuditLog, Cohort, CohortMembership, Department, User
from people.selectors import report_ids
from scim import services as scim_services
from scim.models import ScimClient
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    """A SCIM client speaking to /scim/v2/ with one bearer token."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def _call(self, method, path, body=None, token=None, raw=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token or self.token}"}
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        call = getattr(self.client, method)
        if data is None:
            return call(f"/scim/v2/{path}", **headers)
        return call(f"/scim/v2/{path}", data, content_type="application/scim+json", **headers)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, body=None, **kw):
        return self._call("post", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self._call("put", path, body, **kw)

    def patch(self, path, operations, **kw):
        return self._call("patch", path, {"schemas": [PATCH], "Operations": operations}, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


def new_user(email, **extra):
    return {"schemas": [USER, ENTERPRISE], "userName": email, "active": True, **extra}


@pytest.fixture
def org(db):
    ops = services.create_department(name="Operations", code="OPS")
    control = services.create_department(name="Control room", code="CTRL", parent=ops)
    sales = services.create_department(name="Sales", code="SALES")
    course, _modules = make_course_with_modules(1, title="Crisis response")
    services.create_assignment(course=course, departments=[ops], due_rule="after_hire", due_days=30)
    return {"ops": ops, "control": control, "sales": sales, "course": course}


@pytest.fixture
def scim(client, db):
    _client, token = scim_services.create_client(name="Entra ID", actor=None)
    return Scim(client, token)


def _error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    return body


# --- Entra ID's documented shapes ---------------------------------------------------------------------------------------
def test_entra_id_lifecycle_follows_the_organisation_rules(scim, org):
    """Entra ID: look the user up by userName, create, PATCH with capitalised ops and string booleans, move them, give
    them a manager, deactivate. Assignments come and go exactly as for a CSV-imported person."""
    assert scim.get('Users?filter=userName eq "Ada.Lovelace@tarnwick.example"').json()["totalResults"] == 0
    boss = scim.post("Users", new_user("grace.hopper@tarnwick.example", name={"givenName": "Grace"})).json()
    created = scim.post(
        "Users",
        new_user(
            "Ada.Lovelace@tarnwick.example",
            externalId="8a1f-entra",
            name={"givenName": "Ada", "familyName": "Lovelace", "formatted": "Ada Lovelace"},
            title="Controller",
            emails=[{"value": "ada.lovelace@tarnwick.example", "type": "work", "primary": True}],
            phoneNumbers=[{"value": "+44 20 7946 0000", "type": "work"}],  # not kept: ignored
            **{ENTERPRISE: {"department": "Operations/Control room", "employeeNumber": "701"}},
        ),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"] == body["meta"]["location"]
    ada = User.objects.get(pk=body["id"])
    assert ada.email == "ada.lovelace@tarnwick.example" and ada.has_usable_password() is False
    assert ada.profile.department == org["control"] and ada.profile.job_title == "Controller"
    assert set(ada.groups.values_list("name", flat=True)) == {roles.LEARNERS}
    # The Operations assignment reaches the Control room below it, assigned today, due 30 days after hire/joining.
    enrolment = Enrolment.objects.get(user=ada, course=org["course"])
    assert enrolment.required
    assert body[ENTERPRISE]["department"] == "Operations/Control room"
    found = scim.get('Users?filter=userName eq "ADA.LOVELACE@tarnwick.example"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == str(ada.pk)
    assert scim.get('Users?filter=externalId eq "8a1f-entra"').json()["Resources"][0]["id"] == str(ada.pk)

    # Entra ID's PATCH: capitalised ops, emails[type eq "work"].value, the manager as a bare id, a move.
    response = scim.patch(
        f"Users/{ada.pk}",
        [
            {"op": "Replace", "path": "title", "value": "Senior controller"},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "ada@elsewhere.example"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss["id"]},
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "SALES"},
            {"op": "Replace", "path": "name.familyName", "value": "King"},
        ],
    )
    assert response.status_code == 200, response.content
    ada.refresh_from_db()
    assert (ada.last_name, ada.profile.job_title, ada.email) == ("King", "Senior controller", ada.email)
    assert ada.profile.department == org["sales"]
    # My team follows: Grace now has Ada in her team.
    assert ada.pk in report_ids(manager=User.objects.get(pk=boss["id"]))
    # Moved out of Operations: the requirement ends, the enrolment (and its progress) stays.
    enrolment.refresh_from_db()
    assert not enrolment.required
    assert response.json()[ENTERPRISE]["manager"]["value"] == boss["id"]

    # Deactivate as Entra ID does: the string "False".
    session = scim.client.session
    ada.rotate_security_stamp()
    ada.save()
    stamp = ada.security_stamp
    response = scim.patch(f"Users/{ada.pk}", [{"op": "Replace", "path": "active", "value": "False"}])
    assert response.status_code == 200 and response.json()["active"] is False
    ada.refresh_from_db()
    assert ada.is_active is False and ada.security_stamp != stamp  # every session ended
    assert Enrolment.objects.filter(user=ada).exists()  # learning history kept
    assert session is not None
    # The manager removed, Entra ID's way.
    response = scim.patch(f"Users/{ada.pk}", [{"op": "Remove", "path": f"{ENTERPRISE}:manager"}])
    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.profile.manager_id is None
    # Every change is in the audit log with the client's name.
    summaries = list(AuditLog.objects.filter(subject=ada).values_list("summary", flat=True))
    assert any("Entra ID" in s and "deactivated" in s for s in summaries)
    assert all(entry.data.get("client") == "Entra ID" for entry in AuditLog.objects.filter(data__via="SCIM"))


def test_okta_shapes_users_and_groups(scim, org):
    """Okta: PATCH without a path to deactivate, PUT of the whole user, group push with member add and remove."""
    ann = scim.post("Users", new_user("ann@tarnwick.example", name={"givenName": "Ann", "familyName": "Lee"})).json()
    bob = scim.post("Users", new_user("bob@tarnwick.example", name={"givenName": "Bob", "familyName": "Ray"})).json()
    put = scim.put(
        f"Users/{ann['id']}",
        new_user(
            "ann@tarnwick.example",
            id=ann["id"],
            name={"givenName": "Ann", "familyName": "Lee-Smith"},
            title="Agent",
            **{ENTERPRISE: {"department": "OPS"}},
        ),
    )
    assert put.status_code == 200, put.content
    assert put.json()["name"]["familyName"] == "Lee-Smith" and put.json()[ENTERPRISE]["department"] == "Operations"

    group = scim.post("Groups", {"schemas": [GROUP], "displayName": "Night shift", "members": []})
    assert group.status_code == 201, group.content
    gid = group.json()["id"]
    cohort = Cohort.objects.get(pk=gid)
    added = scim.patch(
        f"Groups/{gid}",
        [{"op": "add", "path": "members", "value": [{"value": ann["id"], "display": "Ann"}, {"value": bob["id"]}]}],
    )
    assert added.status_code == 200, added.content
    assert set(CohortMembership.objects.filter(cohort=cohort).values_list("user_id", flat=True)) == {
        int(ann["id"]),
        int(bob["id"]),
    }
    removed = scim.patch(f"Groups/{gid}", [{"op": "remove", "path": f'members[value eq "{bob["id"]}"]'}])
    assert removed.status_code == 200, removed.content
    # Okta renames with the group's id in the value; Entra ID removes a member by value.
    renamed = scim.patch(f"Groups/{gid}", [{"op": "replace", "value": {"id": gid, "displayName": "Night crew"}}])
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["displayName"] == "Night crew"
    # Entra ID: add and remove members with "$ref": null, capitalised.
    entra_add = [{"op": "Add", "path": "members", "value": [{"$ref": None, "value": bob["id"]}]}]
    assert scim.patch(f"Groups/{gid}", entra_add).status_code == 200
    entra_remove = [{"op": "Remove", "path": "members", "value": [{"$ref": None, "value": bob["id"]}]}]
    assert scim.patch(f"Groups/{gid}", entra_remove).status_code == 200
    scim.patch(f"Groups/{gid}", [{"op": "Remove", "path": "members", "value": [{"value": ann["id"]}]}])
    assert not CohortMembership.objects.filter(cohort=cohort).exists()
    assert scim.get('Groups?filter=displayName eq "night crew"').json()["totalResults"] == 1

    okta_off = scim.patch(f"Users/{bob['id']}", [{"op": "replace", "value": {"active": False}}])
    assert okta_off.status_code == 200 and okta_off.json()["active"] is False
    assert not User.objects.get(pk=bob["id"]).is_active

    # DELETE: kept, deactivated, gone for SCIM (404); creating the same userName again brings the person back.
    assert scim.delete(f"Users/{ann['id']}").status_code == 204
    assert User.objects.get(pk=ann["id"]).is_active is False
    _error(scim.get(f"Users/{ann['id']}"), 404)
    assert scim.get('Users?filter=userName eq "ann@tarnwick.example"').json()["totalResults"] == 0
    again = scim.post("Users", new_user("ann@tarnwick.example"))
    assert again.status_code == 201 and again.json()["id"] == ann["id"] and again.json()["active"] is True
    assert scim.delete(f"Groups/{gid}").status_code == 204
    assert Cohort.objects.filter(pk=gid).exists()  # the cohort and its history stay for HR
    _error(scim.get(f"Groups/{gid}"), 404)


def test_paging_and_filters(scim, org):
    for n in range(5):
        scim.post("Users", new_user(f"p{n}@tarnwick.example"))
    page = scim.get("Users?startIndex=2&count=2").json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert scim.get("Users?startIndex=100000000000000000000&count=100000000000000000000").status_code == 200
    assert scim.get("Users?startIndex=-5&count=-1").json()["itemsPerPage"] == 0
    _error(scim.get("Users?count=ten"), 400)
    assert scim.get('Users?filter=userName sw "p1" or userName eq "p2@tarnwick.example"').json()["totalResults"] == 2
    assert scim.get('Users?filter=active eq true and not (userName co "p4")').json()["totalResults"] == 4
    assert _error(scim.get('Users?filter=nickName eq "x"'), 400)["scimType"] == "invalidFilter"
    assert _error(scim.get('Users?filter=userName eq "x" and ('), 400)["scimType"] == "invalidFilter"
    assert _error(scim.get("Users?filter=" + "a" * 100_000), 400)["scimType"] == "invalidFilter"
    only = scim.get("Users?count=1&attributes=userName").json()["Resources"][0]
    assert set(only) <= {"schemas", "id", "userName"}
    search = scim.post("Users/.search", {"schemas": [], "filter": 'userName eq "p3@tarnwick.example"'})
    assert search.status_code == 200 and search.json()["totalResults"] == 1


@pytest.mark.parametrize("kind", ["Users", "Groups"])
def test_a_huge_count_is_the_largest_page_and_a_start_past_the_end_is_an_empty_page(scim, org, monkeypatch, kind):
    """RFC 7644 §3.4.2.4: a count above the maximum page size gets the maximum page (a 20-digit number included, by
    GET and by POST …/.search); a startIndex past the results gets no Resources and the right totalResults. The
    maximum is lowered to 2 so that three resources exceed it."""
    from scim import resources

    monkeypatch.setattr(resources, "MAX_COUNT", 2)
    for n in range(3):
        body = new_user(f"p{n}@tarnwick.example") if kind == "Users" else {"schemas": [GROUP], "displayName": f"G{n}"}
        assert scim.post(kind, body).status_code == 201
    total = 3
    huge = "9" * 20
    for answer in (
        scim.get(f"{kind}?count={huge}").json(),
        scim.post(f"{kind}/.search", {"schemas": [], "count": int(huge)}).json(),
        scim.post(f"{kind}/.search", {"schemas": [], "count": huge}).json(),
    ):
        assert (answer["totalResults"], answer["startIndex"], answer["itemsPerPage"]) == (total, 1, 2), answer
        assert len(answer["Resources"]) == 2
    for start in (total + 1, int(huge)):
        past = scim.get(f"{kind}?startIndex={start}&count=2").json()
        assert (past["totalResults"], past["itemsPerPage"], past["Resources"]) == (total, 0, []), past
        assert past["startIndex"] == min(start, 2**31 - 1)
    last = scim.get(f"{kind}?startIndex={total}&count=2").json()  # a short last page: its total is still right
    assert (last["totalResults"], last["itemsPerPage"]) == (total, 1)
    none = scim.get(f"{kind}?count=0").json()
    assert (none["totalResults"], none["itemsPerPage"], none["Resources"]) == (total, 0, [])


# --- The privilege model -------------------------------------------------------------------------------------------------
def test_scim_never_grants_administrator_nor_touches_one(scim, org, client):
    admin = UserFactory(email="it@tarnwick.example")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    root = UserFactory(email="root@tarnwick.example", is_superuser=True)
    assert _error(scim.post("Users", new_user("eve@tarnwick.example", roles=[{"value": "administrator"}])), 400)
    assert not User.objects.filter(email="eve@tarnwick.example").exists()
    for target in (admin, root):
        for operations in (
            [{"op": "Replace", "path": "active", "value": "False"}],
            [{"op": "Replace", "path": "title", "value": "Gone"}],
            [{"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "SALES"}],
        ):
            _error(scim.patch(f"Users/{target.pk}", operations), 403)
        _error(scim.delete(f"Users/{target.pk}"), 403)
        target.refresh_from_db()
        assert target.is_active
    assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=admin).exists()
    # A group push leaves the Administrator's membership as it is.
    group = scim.post("Groups", {"schemas": [GROUP], "displayName": "All staff", "members": [{"value": str(admin.pk)}]})
    assert group.status_code == 201
    assert not CohortMembership.objects.filter(user=admin).exists()


def test_hr_only_where_the_token_allows_it(scim, org, client):
    _error(scim.post("Users", new_user("hr@tarnwick.example", roles=[{"value": "hr"}])), 403)
    hr = UserFactory(email="helen@tarnwick.example")
    hr.groups.add(Group.objects.get(name=roles.HR))
    _error(scim.patch(f"Users/{hr.pk}", [{"op": "replace", "path": "active", "value": False}]), 403)
    trainer = scim.post("Users", new_user("tr@tarnwick.example", roles=[{"value": "Trainer"}]))
    assert trainer.status_code == 201 and trainer.json()["roles"] == [{"value": "trainer"}]

    _client, token = scim_services.create_client(name="Workday", actor=None, may_grant_hr=True)
    workday = Scim(client, token)
    made = workday.post("Users", new_user("hr@tarnwick.example", roles=[{"value": "hr"}]))
    assert made.status_code == 201, made.content
    assert User.objects.get(email="hr@tarnwick.example").groups.filter(name=roles.HR).exists()
    assert workday.patch(f"Users/{hr.pk}", [{"op": "replace", "path": "active", "value": False}]).status_code == 200


# --- Tokens, rate limit, hostile input -----------------------------------------------------------------------------------
def test_tokens(scim, client, db):
    for token in ("", "wrong", "scim_" + "x" * 43, "y" * 10_000):
        _error(scim.get("Users", token=token or " "), 401)
    assert client.get("/scim/v2/Users").status_code == 401  # no header at all
    assert client.get("/scim/v2/Users", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    record = ScimClient.objects.get(name="Entra ID")
    assert record.token_hash != scim.token and scim.token not in json.dumps(
        list(ScimClient.objects.values()), default=str
    )
    assert scim.get("Users").status_code == 200
    scim_services.revoke_client(client=record, actor=None)
    _error(scim.get("Users"), 401)


def test_rate_limit_answers_429_with_retry_after(client, db):
    _record, token = scim_services.create_client(name="Okta", actor=None, requests_per_minute=3)
    okta = Scim(client, token)
    assert [okta.get("Users").status_code for _ in range(3)] == [200, 200, 200]
    response = okta.get("Users")
    body = _error(response, 429)
    assert body["scimType"] == "tooMany" and 1 <= int(response["Retry-After"]) <= 61


def test_hostile_values_are_400_never_500(scim, org):
    uid = scim.post("Users", new_user("z@tarnwick.example")).json()["id"]
    bodies = [
        "{not json",
        "[1, 2]",
        json.dumps(new_user("nul\u0000@tarnwick.example")),
        json.dumps(new_user("a@tarnwick.example", title="x\u0000y")),
        json.dumps(new_user("not-an-email")),
        json.dumps(new_user("b@tarnwick.example", title="t" * 5000)),
        json.dumps(new_user("c@tarnwick.example", **{ENTERPRISE: {"department": "Nowhere"}})),
        json.dumps(new_user("d@tarnwick.example", **{ENTERPRISE: {"manager": {"value": "10" * 20}}})),
        json.dumps(new_user("e@tarnwick.example", **{ENTERPRISE: {"manager": {"value": "-1"}}})),
        json.dumps({"schemas": [USER], "userName": 12}),
        json.dumps({"schemas": [USER]}),
        "\xff\xfe",
    ]
    for body in bodies:
        response = scim.post("Users", raw=body)
        assert response.status_code == 400, (body[:60], response.content)
        assert response.json()["schemas"] == [ERROR]
    assert _error(scim.post("Users", new_user("z@tarnwick.example")), 409)["scimType"] == "uniqueness"
    for operations in (
        [{"op": "jump", "path": "title", "value": "x"}],
        [{"op": "replace", "path": "title[", "value": "x"}],
        [{"op": "replace", "path": "emails[", "value": "x"}],  # emails are ignored, an unreadable path is not (QA F29)
        [{"op": "replace", "path": 'emails[type eq "work" and (', "value": "x"}],
        [{"op": "replace", "path": "active", "value": "maybe"}],
        [{"op": "replace", "path": f"{ENTERPRISE}:manager", "value": uid}],  # their own manager
        [],
    ):
        assert scim.patch(f"Users/{uid}", operations).status_code == 400, operations
    assert scim.patch(f"Users/{uid}", [{"op": "replace", "path": "nickName", "value": "x"}]).status_code in (200, 400)
    _error(scim.get("Users/99999999999999999999999"), 404)
    _error(scim.get("Users/abc"), 404)
    _error(scim.put(f"Users/{uid}", raw="{"), 400)
    _error(scim.get('Groups?filter=members eq "10000000000000000000000"&startIndex=1e3'), 400)
    assert scim.get("Nope").status_code == 404


def test_bodies_json_accepts_but_nothing_can_store_are_400_and_write_nothing(scim, org):
    """QA's F20-F22: arrays nested 100,000 deep (json.loads' RecursionError), an unpaired surrogate escape (valid JSON,
    no UTF-8: psycopg refused it) and an externalId longer than its column were each a 500."""
    uid = scim.post("Users", new_user("z@tarnwick.example")).json()["id"]
    patch = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":'
    deep = patch + "[" * 100_000 + "]" * 100_000 + "}"
    assert _error(scim.patch(f"Users/{uid}", None, raw=deep), 400)["scimType"] == "invalidSyntax"
    nested = patch + "[" * 25 + "]" * 25 + "}"  # parses, but deeper than any SCIM resource
    assert "deeper" in _error(scim.patch(f"Users/{uid}", None, raw=nested), 400)["detail"]
    lone = patch + '[{"op":"replace","path":"title","value":"\\ud800"}]}'
    assert "surrogate" in _error(scim.patch(f"Users/{uid}", None, raw=lone), 400)["detail"]
    assert (
        "surrogate"
        in _error(scim.post("Users", raw=json.dumps(new_user("s@tarnwick.example", title="\ud800"))), 400)["detail"]
    )
    assert scim.get(f"Users/{uid}").json().get("title", "") == ""

    too_long = new_user("long@tarnwick.example", externalId="e" * 256)
    assert "externalId" in _error(scim.post("Users", too_long), 400)["detail"]
    assert not User.objects.filter(email="long@tarnwick.example").exists()  # the person's row rolled back with it
    _error(scim.put(f"Users/{uid}", new_user("z@tarnwick.example", externalId="e" * 100_000)), 400)
    _error(scim.post("Groups", {"schemas": [GROUP], "displayName": "Long", "externalId": "g" * 256}), 400)
    assert not Cohort.objects.filter(name="Long").exists()
    ok = scim.post("Users", new_user("fits@tarnwick.example", externalId="e" * 255))
    assert ok.status_code == 201 and ok.json()["externalId"] == "e" * 255


def test_csrf_exempt_only_with_a_token(org, db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    _record, token = scim_services.create_client(name="CSRF", actor=None)
    made = strict.post(
        "/scim/v2/Users",
        json.dumps(new_user("csrf@tarnwick.example")),
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert made.status_code == 201
    assert strict.post("/scim/v2/Users", "{}", content_type="application/scim+json").status_code == 401


def test_last_used_is_noted_at_most_once_a_minute(scim, db):
    scim.get("Users")
    record = ScimClient.objects.get(name="Entra ID")
    first = record.last_used_at
    assert first is not None
    scim.get("Users")
    record.refresh_from_db()
    assert record.last_used_at == first
    ScimClient.objects.filter(pk=record.pk).update(last_used_at=first - timedelta(minutes=2))
    scim.get("Users")
    record.refresh_from_db()
    assert record.last_used_at > first - timedelta(minutes=1)
    assert record.last_used_at <= timezone.now()


def test_department_unknown_is_a_clear_error_and_nothing_is_written(scim, org):
    response = scim.post("Users", new_user("x@tarnwick.example", **{ENTERPRISE: {"department": "Marketing"}}))
    assert "Marketing" in _error(response, 400)["detail"]
    assert not User.objects.filter(email="x@tarnwick.example").exists()
    assert Department.objects.count() == 3


@pytest.mark.parametrize("may_grant_hr", [False, True])
def test_the_privilege_table_for_a_scim_client(client, org, may_grant_hr):
    """Every target role × both token settings, as docs/security.md writes it: a client covers Learner, Manager and
    Trainer, HR only when allowed, never an Administrator or a superuser; a refusal writes nothing and is audited."""
    _record, token = scim_services.create_client(name=f"IdP {may_grant_hr}", actor=None, may_grant_hr=may_grant_hr)
    idp = Scim(client, token)
    covered = {roles.LEARNERS, roles.MANAGERS, roles.TRAINERS} | ({roles.HR} if may_grant_hr else set())
    for n, role in enumerate([roles.LEARNERS, roles.MANAGERS, roles.TRAINERS, roles.HR, roles.ADMINISTRATORS, "root"]):
        target = UserFactory(email=f"target{n}@tarnwick.example", is_superuser=role == "root")
        target.groups.add(Group.objects.get(name=roles.ADMINISTRATORS if role == "root" else role))
        response = idp.patch(f"Users/{target.pk}", [{"op": "replace", "path": "active", "value": False}])
        target.refresh_from_db()
        if role in covered:
            assert response.status_code == 200 and not target.is_active, role
        else:
            _error(response, 403)
            assert target.is_active, role
            assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=target).exists()


def test_a_client_sees_and_changes_only_the_groups_it_created(scim, org, client):
    """HR's cohorts carry course assignments: no SCIM client may list, rename or empty them, and one client's groups
    are not another's (QA renamed and emptied HR's leaders' cohort through /Groups/1)."""
    hr_cohort = Cohort.objects.create(code="LEADERS", name="Leaders, spring intake")
    member = scim.post("Users", new_user("lena@tarnwick.example", name={"givenName": "Lena", "familyName": "Berg"}))
    CohortMembership.objects.create(cohort=hr_cohort, user_id=int(member.json()["id"]))
    services.create_assignment(course=org["course"], cohorts=[hr_cohort])
    own = scim.post("Groups", {"schemas": [GROUP], "displayName": "Night shift", "members": []}).json()

    assert [g["id"] for g in scim.get("Groups").json()["Resources"]] == [own["id"]]
    assert scim.get('Groups?filter=displayName eq "Leaders, spring intake"').json()["totalResults"] == 0
    _error(scim.get(f"Groups/{hr_cohort.pk}"), 404)
    _error(scim.patch(f"Groups/{hr_cohort.pk}", [{"op": "replace", "value": {"displayName": "Renamed"}}]), 404)
    _error(scim.put(f"Groups/{hr_cohort.pk}", {"schemas": [GROUP], "displayName": "Renamed", "members": []}), 404)
    _error(scim.delete(f"Groups/{hr_cohort.pk}"), 404)
    hr_cohort.refresh_from_db()
    assert hr_cohort.name == "Leaders, spring intake" and hr_cohort.memberships.count() == 1

    _other, token = scim_services.create_client(name="Okta", actor=None)
    other = Scim(client, token)
    assert other.get("Groups").json()["totalResults"] == 0
    _error(other.delete(f"Groups/{own['id']}"), 404)
    assert scim.get(f"Groups/{own['id']}").status_code == 200


def test_scim_moves_and_deactivation_keep_every_managers_team_counts_equal_to_the_live_scan(scim, org):
    """QA, issues 21 and 22 together: a manager moved by SCIM takes their whole line with them in the team counts that
    every manager's reports read (the CEO's and the old and new managers'), and a person deactivated by SCIM leaves
    them; checked cell by cell against the live scan after each change."""
    from django.utils import timezone

    from reports import selectors as report_selectors
    from reports import services as report_services
    from reports.filters import Enrolments, GroupBy, ReportFilters

    ids: dict[str, str] = {}

    def make(name, manager=None, department="Operations"):
        extension = {"department": department, **({"manager": {"value": ids[manager]}} if manager else {})}
        response = scim.post("Users", new_user(f"{name}@tarnwick.example", **{ENTERPRISE: extension}))
        assert response.status_code == 201, response.content
        ids[name] = response.json()["id"]

    for name, manager, department in (
        ("ceo", None, "Operations"),
        ("lead", "ceo", "Operations"),
        ("other", "ceo", "Operations"),
        ("mgr", "lead", "Operations"),
        ("a", "mgr", "Operations"),
        ("b", "mgr", "Sales"),  # no assignment in Sales: in the line, but no enrolment to count
    ):
        make(name, manager, department)

    def team_enrolments() -> dict[str, int]:
        """Each person's manager-scoped completion report (read from the team counts): enrolments in their line."""
        today = timezone.localdate()
        report_services.fold_completion_deltas(today=today)
        assert report_services.stored_completion_cells(
            report_services.TEAM_COUNTS
        ) == report_selectors.live_completion_cells(today=today, group="team")
        assert report_services.stored_headcounts() == report_selectors.live_headcounts()
        tree = report_selectors.department_tree()
        filters = ReportFilters(group_by=GroupBy.COURSE, enrolments=Enrolments.ALL)
        enrolled = {}
        for name, pk in ids.items():
            scope = report_selectors.ReportScope(everyone=False, manager_id=int(pk))
            assert report_selectors.counts_can_answer(scope=scope, filters=filters)
            rows = report_selectors.counted_completion(filters=filters, today=today, tree=tree, scope=scope)
            enrolled[name] = sum(row["enrolled"] for row in rows)
        return enrolled

    # Everyone in Operations is enrolled in the assigned course; a manager's line excludes themselves.
    assert team_enrolments() == {"ceo": 4, "lead": 2, "other": 0, "mgr": 1, "a": 0, "b": 0}
    moved = scim.patch(
        f"Users/{ids['mgr']}", [{"op": "replace", "path": f"{ENTERPRISE}:manager", "value": ids["other"]}]
    )
    assert moved.status_code == 200, moved.content
    assert team_enrolments() == {"ceo": 4, "lead": 0, "other": 2, "mgr": 1, "a": 0, "b": 0}
    assert scim.patch(f"Users/{ids['a']}", [{"op": "replace", "path": "active", "value": False}]).status_code == 200
    assert team_enrolments() == {"ceo": 3, "lead": 0, "other": 1, "mgr": 0, "a": 0, "b": 0}
