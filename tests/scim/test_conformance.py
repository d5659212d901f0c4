"""scim2-tester, a SCIM conformance checker we did not write, run once against the live endpoint over HTTP.

The checker fills every writable attribute with random values, or with a field's `examples` where the model it is
given has them. Three of ours take only some values: userName is a sign-in email address (a fresh one each time, or
the checker's users would collide), department names a department that exists, and roles are role names (the
server's own model carries those examples). So the checker is given the server's models with these examples, which
is what "the client already describes the server" means to scim2-tester; everything else it discovers and checks on
its own."""

from __future__ import annotations

import uuid
from typing import Annotated

import pytest

from people.models import Department
from scim import resources, services

httpx2 = pytest.importorskip("httpx2")
scim2_tester = pytest.importorskip("scim2_tester")


class _FreshEmails(list):
    """Examples that are a new address at every pick: random.choice asks for a length and an index. Empty underneath,
    so pydantic's schema building, which walks the list itself, sees no examples."""

    def __len__(self):
        return 1_000_000

    def __getitem__(self, index):
        return f"tester-{uuid.uuid4().hex}@example.com"


def _described_models():
    from pydantic import Field
    from scim2_models import Required, Uniqueness

    class User(resources.User):
        user_name: Annotated[str | None, Uniqueness.server, Required.true] = Field(None, examples=_FreshEmails())

    class EnterpriseUser(resources.EnterpriseUser):
        department: str | None = Field(None, examples=["Operations", "Operations/Control room"])

    return User, EnterpriseUser


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scim2_tester_passes_every_check(live_server):
    from scim2_client.engines.httpx2 import SyncSCIMClient
    from scim2_models import ResourceType, ScimProvider
    from scim2_tester import Status, check_server

    operations = Department.objects.create(name="Operations", code="OPS")
    Department.objects.create(name="Control room", code="CTRL", parent=operations)
    _client, token = services.create_client(name="scim2-tester", actor=None, requests_per_minute=100_000)
    User, EnterpriseUser = _described_models()
    provider = ScimProvider(
        models=[User, EnterpriseUser, resources.Group],
        resource_types=[
            ResourceType.from_resource(User[EnterpriseUser]),
            ResourceType.from_resource(resources.Group),
        ],
        config=resources.service_provider_config(f"{live_server.url}/scim/v2"),
        policy=resources.POLICY,
    )
    import time

    t0 = time.monotonic()
    with httpx2.Client(
        base_url=f"{live_server.url}/scim/v2".replace("localhost", "127.0.0.1"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ) as http:
        results = check_server(SyncSCIMClient(http, provider=provider))
    print("check_server took", time.monotonic() - t0)  # noqa: T201
    for r in results:
        print(  # noqa: T201
            r.status.name, r.resource_type, r.title, (r.reason or "")[:300].replace("\n", " ")
        )
    failed = [r for r in results if r.status in (Status.ERROR, Status.CRITICAL)]
    assert failed == []
