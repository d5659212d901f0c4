"""What Socialwise serves at /scim/v2/, as scim2-models resources: the attributes it keeps, and only those, so a client
reading /Schemas knows exactly what round-trips. Conversions between a person (or a cohort) and its SCIM form.

Users: userName is the sign-in email address; name.givenName and name.familyName; displayName (read-only, the full
name); title (job title); active; emails (read-only: the sign-in address, as "work" and primary); roles (learner,
manager, trainer, hr); externalId; and the enterprise extension's department (a path, name or code of a department
that exists) and manager (the manager's id). Groups are cohorts: displayName, members (people), externalId."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Union

from pydantic import EmailStr, Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Meta,
    Mutability,
    Pagination,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models.resources.resource import AnyExtension

if TYPE_CHECKING:
    from people.models import Cohort
    from people.models import User as Person

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
MAX_COUNT = 1000  # the most resources one page holds (ServiceProviderConfig's filter.maxResults)
DEFAULT_COUNT = 100


# --- Users ------------------------------------------------------------------------------------------------------------
class Name(ComplexAttribute):
    family_name: str | None = None
    given_name: str | None = None


class Email(ComplexAttribute):
    """The sign-in address, repeated here for clients that map emails: read-only, set through userName."""

    value: Annotated[EmailStr | None, Mutability.read_only] = None
    type: Annotated[str | None, Mutability.read_only] = None
    primary: Annotated[bool | None, Mutability.read_only] = None


class Role(ComplexAttribute):
    value: Annotated[str | None, Required.true] = Field(None, examples=["manager", "trainer"])
    """learner, manager, trainer or hr (hr only where the client's token allows it)."""


class Manager(ComplexAttribute):
    value: Annotated[str | None, CaseExact.true] = None
    """The id of the manager's User."""

    ref: Reference["User"] | None = Field(  # type: ignore[type-arg]
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    """Accepted and answered, never read: `value` names the manager."""


class EnterpriseUser(Extension):
    __schema__ = URN(ENTERPRISE)

    department: str | None = None
    """A department that exists in Socialwise: its path ("Operations/Control room"), name or code."""

    manager: Manager | None = None


class User(Resource[AnyExtension]):
    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """The sign-in email address."""

    name: Name | None = None
    Name: ClassVar[type[ComplexAttribute]] = Name

    display_name: Annotated[str | None, Mutability.read_only] = None
    title: str | None = None
    active: Annotated[bool | None, Required.true] = None
    """Required so that it cannot be removed (set it to false); a creation that leaves it out is active."""

    emails: Annotated[list[Email] | None, Mutability.read_only] = None
    Emails: ClassVar[type[ComplexAttribute]] = Email

    roles: list[Role] | None = None
    Roles: ClassVar[type[ComplexAttribute]] = Role


# --- Groups -----------------------------------------------------------------------------------------------------------
class GroupMember(ComplexAttribute):
    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[
        Reference[Union["User"]] | None,  # type: ignore[type-arg]
        Mutability.immutable,
    ] = Field(None, serialization_alias="$ref", validation_alias="$ref")
    type: Annotated[str | None, Mutability.immutable] = Field(None, examples=["User"])


class Group(Resource[Any]):
    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:Group")

    display_name: Annotated[str | None, Required.true] = None
    members: list[GroupMember] | None = None
    Members: ClassVar[type[ComplexAttribute]] = GroupMember


UserResource = User[EnterpriseUser]

# Clients send attributes we keep nowhere (phone numbers, addresses…) in their default mappings: they are ignored,
# never refused. Entra ID sends a PATCH "remove" with a value to take one member out of a group.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


def service_provider_config(base_url: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_COUNT),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        pagination=Pagination(cursor=False, index=True, default_page_size=DEFAULT_COUNT, max_page_size=MAX_COUNT),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token an Administrator creates in the admin (Settings → SCIM clients).",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{base_url}/ServiceProviderConfig"),
    )


def provider(base_url: str = "") -> ScimProvider:
    return ScimProvider(
        models=[User, EnterpriseUser, Group],
        resource_types=[ResourceType.from_resource(UserResource), ResourceType.from_resource(Group)],
        config=service_provider_config(base_url),
        policy=POLICY,
    )


# --- A person and a cohort as SCIM resources -------------------------------------------------------------------------
ROLE_VALUE = {"Managers": "manager", "Trainers": "trainer", "HR": "hr", "Administrators": "administrator"}


def _meta(kind: str, location: str, created: datetime | None, modified: datetime | None) -> Meta:
    return Meta(resource_type=kind, created=created, last_modified=modified or created, location=location)


def user_resource(
    person: "Person",
    *,
    base_url: str,
    role_names: set[str],
    external_id: str = "",
    manager_id: int | None = None,
    department: str | None = None,
) -> Any:
    """The SCIM form of a person (profile and department path already loaded by the caller; the manager by id)."""
    profile = getattr(person, "profile", None)
    full = person.get_full_name()
    extension = EnterpriseUser(
        department=department or None,
        manager=Manager(value=str(manager_id), ref=f"{base_url}/Users/{manager_id}") if manager_id else None,
    )
    resource = UserResource(
        id=str(person.pk),
        external_id=external_id or None,
        user_name=person.email,
        name=Name(given_name=person.first_name or None, family_name=person.last_name or None) if full else None,
        display_name=full or person.email,
        title=(profile.job_title if profile is not None else "") or None,
        active=person.is_active,
        emails=[Email(value=person.email, type="work", primary=True)],
        roles=[Role(value=ROLE_VALUE[name]) for name in sorted(role_names) if name in ROLE_VALUE] or None,
        meta=_meta(
            "User",
            f"{base_url}/Users/{person.pk}",
            person.date_joined,
            getattr(profile, "updated_at", None),
        ),
    )
    if extension.department or extension.manager:
        resource[EnterpriseUser] = extension
    return resource


def group_resource(cohort: "Cohort", *, base_url: str, members: "list[Person]", external_id: str = "") -> Group:
    return Group(
        id=str(cohort.pk),
        external_id=external_id or None,
        display_name=cohort.name,
        members=[GroupMember(value=str(p.pk), ref=f"{base_url}/Users/{p.pk}", type="User") for p in members] or None,
        meta=_meta("Group", f"{base_url}/Groups/{cohort.pk}", None, None),
    )
