"""The SCIM 2.0 endpoints (RFC 7644) at /scim/v2/. Thin: a bearer token names the client (scim.services), scim2-models
reads and writes the payloads, people.provisioning makes the changes under the privilege model. Every answer is
application/scim+json; every failure a SCIM error (status, scimType, detail), never a 500 for a client's input."""

from __future__ import annotations

import json
import logging
from functools import partial, wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt

from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    PatchOp,
    ResponseParameters,
    SCIMException,
    ScimFilter,
)
from scim2_models.path import CompareOperator, Comparison, LogicalExpr, LogicalOperator, Not, Path, Present, ValuePath

from people import privileges, provisioning
from people import selectors as people_selectors
from people.exceptions import AccountChangeRefused
from people.models import Cohort
from people.models import User as Person
from people.provisioning import UNSET, PersonValues
from people.selectors import DepartmentResolver
from scim import resources, services
from scim.resources import ENTERPRISE, EnterpriseUser, Group, UserResource

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/scim+json"
MAX_FILTER_LENGTH = 2000
MAX_INDEX = 2**31 - 1


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type, self.headers = status, detail, scim_type, headers or {}


def _json(payload: dict, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(payload, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _error(status: int, detail: str, scim_type: str | None = None, headers: dict | None = None) -> HttpResponse:
    payload = Error(status=status, scim_type=scim_type, detail=detail[:1000]).model_dump(scim_ctx=Context.DEFAULT)
    return _json(payload, status=status, headers=headers)


def _from_scim_exception(exc: SCIMException) -> HttpResponse:
    error = exc.to_error()
    return _error(int(error.status or 400), error.detail or str(exc), error.scim_type)


def _from_validation_error(exc: ValidationError) -> HttpResponse:
    errors = Error.from_validation_errors(exc)
    first = errors[0] if errors else Error(status=400, detail=str(exc))
    detail = "; ".join(e.detail for e in errors if e.detail) or str(exc)
    return _error(int(first.status or 400), detail, first.scim_type or "invalidValue")


def _django_error_detail(exc: DjangoValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


_MAX_DEPTH = 20  # no SCIM payload nests deeper; a deeper one is refused before anything walks it
_LONE_SURROGATE = "A value contains an unpaired UTF-16 surrogate (\\ud800 to \\udfff), which cannot be stored."


def _unstorable(payload: dict) -> str | None:
    """Why `payload` cannot be stored, or None: nesting no SCIM payload has, a NUL (PostgreSQL's text refuses it) or
    a lone UTF-16 surrogate (`"\\ud800"` is valid JSON but no UTF-8). Walked with a stack, not recursion."""
    stack: list[tuple[Any, int]] = [(payload, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return "A value contains a NUL character, which cannot be stored."
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return _LONE_SURROGATE
        elif isinstance(value, dict | list):
            if depth > _MAX_DEPTH:
                return f"The request nests deeper than {_MAX_DEPTH} levels, which no SCIM resource does."
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return None


def _body(request) -> dict:
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise ScimError(413, "The request body is too large.") from exc
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: arrays nested ~1,000 deep
        raise ScimError(400, "The request body is not JSON.", "invalidSyntax") from exc
    if not isinstance(payload, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    problem = _unstorable(payload)
    if problem is not None:
        raise ScimError(400, problem, "invalidValue")
    return payload


def _refuse_nul_in_query(request) -> None:
    """socialwise.middleware drops a NUL from query parameters, which suits a search box; for SCIM it would widen a
    query (`filter=%00` read as no filter: everyone). A NUL anywhere in the query string as sent is refused instead:
    in the filter `invalidFilter` (RFC 7644 §3.4.2.2), elsewhere `invalidValue`."""
    sent = QueryDict(request.META.get("QUERY_STRING", ""))
    for key, values in sent.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            name = key.replace("\x00", "")[:40]
            if name == "filter":
                raise ScimError(400, "The filter contains a NUL character.", "invalidFilter")
            raise ScimError(400, f"The query parameter “{name}” contains a NUL character.", "invalidValue")


def scim_endpoint(view):
    """Authenticate the bearer token, apply the client's rate limit, and turn every failure into a SCIM error."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sep, token = header.partition(" ")
        client = services.authenticate(token.strip()) if scheme.lower() == "bearer" else None
        if client is None:
            return _error(401, "A valid bearer token is required.", headers={"WWW-Authenticate": 'Bearer realm="SCIM"'})
        decision = services.take_request(client)
        if not decision.allowed:
            return _error(
                429,
                f"More than {client.requests_per_minute} requests a minute: try again in {decision.retry_after} s.",
                "tooMany",
                headers={"Retry-After": str(decision.retry_after)},
            )
        request.scim_owner = client  # the ScimClient row: the groups it created are the ones it may see
        request.scim_client = provisioning.Client(
            name=client.name, may_grant_hr=client.may_grant_hr, send_invitations=client.send_invitations
        )
        request.scim_base = request.build_absolute_uri("/scim/v2").rstrip("/")
        try:
            _refuse_nul_in_query(request)
            with resources.POLICY:
                return view(request, *args, **kwargs)
        except ScimError as exc:
            return _error(exc.status, exc.detail, exc.scim_type, exc.headers)
        except SCIMException as exc:
            return _from_scim_exception(exc)
        except ValidationError as exc:
            return _from_validation_error(exc)
        except AccountChangeRefused as refusal:
            privileges.record_refusal(refusal)  # the change's transaction rolled back; the refusal is kept
            return _error(403, str(refusal))
        except provisioning.PersonExists:
            return _error(409, "Another person already has this userName (email address).", "uniqueness")
        except DjangoValidationError as exc:
            return _error(400, _django_error_detail(exc), "invalidValue")
        except Exception:  # a fault of ours: logged with its traceback, answered in SCIM's form
            logger.exception("SCIM %s %s failed", request.method, request.path)
            return _error(500, "The server failed to handle this request; it was logged.")

    return wrapper


def _method_not_allowed(request) -> HttpResponse:
    return _error(405, f"{request.method} is not supported here.")


# --- Discovery --------------------------------------------------------------------------------------------------------
@scim_endpoint
def service_provider_config(request):
    if request.method != "GET":
        return _method_not_allowed(request)
    return _json(
        resources.service_provider_config(request.scim_base).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    )


def _listed(items, base: str, kind: str) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(items),
        "startIndex": 1,
        "itemsPerPage": len(items),
        "Resources": items,
    }


def _schema_payloads(base: str) -> list[dict]:
    out = []
    for schema in resources.provider(base).schemas:
        data = schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        data.setdefault("meta", {}).update({"resourceType": "Schema", "location": f"{base}/Schemas/{schema.id}"})
        out.append(data)
    return out


def _resource_type_payloads(base: str) -> list[dict]:
    out = []
    for resource_type in resources.provider(base).resource_types:
        data = resource_type.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        data.setdefault("meta", {}).update(
            {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{resource_type.id}"}
        )
        out.append(data)
    return out


def _catalogue(request, items: list[dict], item_id: str | None, kind: str, missing: str) -> HttpResponse:
    """GET of a fixed catalogue (Schemas, ResourceTypes): the list, or one entry by its id."""
    if request.method != "GET":
        return _method_not_allowed(request)
    if item_id is None:
        return _json(_listed(items, request.scim_base, kind))
    found = next((i for i in items if i.get("id") == item_id), None)
    return _json(found) if found else _error(404, missing)


@scim_endpoint
def schemas(request, schema_id: str | None = None):
    return _catalogue(request, _schema_payloads(request.scim_base), schema_id, "Schema", "No such schema.")


@scim_endpoint
def resource_types(request, type_id: str | None = None):
    items = _resource_type_payloads(request.scim_base)
    return _catalogue(request, items, type_id, "ResourceType", "No such resource type.")


@scim_endpoint
def not_found(request, rest: str = ""):
    return _error(404, "There is no SCIM endpoint here.")


# --- Paging, filters and attributes -----------------------------------------------------------------------------------
def _params(request) -> dict:
    """The query's parameters: the URL's for GET, the SearchRequest body's for POST …/.search (RFC 7644 §3.4.3)."""
    if request.method == "GET":
        return _paging_as_sent(request)
    body = _body(request)
    params = {}
    for key, value in body.items():
        if key == "schemas" or value is None:
            continue
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        params[key] = value if isinstance(value, str) else json.dumps(value)
    return params


def _paging_as_sent(request):
    """The URL's parameters with startIndex and count as the client sent them. socialwise.middleware reads a number
    beyond 64 bits as 0 for every view; SCIM's paging needs the number: a huge count is the largest page and a huge
    startIndex an empty one (RFC 7644 §3.4.2.4). NULs are dropped, as the middleware drops them."""
    sent = QueryDict(request.META.get("QUERY_STRING", ""))
    params = request.GET.copy()
    for name in ("startIndex", "count"):
        if name in sent:
            params[name] = sent[name].replace("\x00", "")
    return params


def _int_param(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError as exc:
        raise ScimError(400, f"{name} must be a whole number.", "invalidValue") from exc
    return max(min(value, MAX_INDEX), -1)


def _page(params) -> tuple[int, int]:
    start = max(_int_param(params, "startIndex", 1), 1)  # RFC 7644 §3.4.2.4: less than 1 means 1
    count = min(max(_int_param(params, "count", resources.DEFAULT_COUNT), 0), resources.MAX_COUNT)
    return start, count


def _window(query, start: int, count: int) -> tuple[list, int]:
    """One page of `query` (1-based `start`) and the total. A page that is not full ends the results, so its total
    needs no COUNT: a lookup by userName or externalId (one person, or none) is one query."""
    if not count:
        return [], query.count()
    page = list(query[start - 1 : start - 1 + count])
    if 0 < len(page) < count or (not page and start == 1):
        return page, start - 1 + len(page)
    return page, query.count()


def _response_parameters(params, model):
    attributes = params.get("attributes") or None
    excluded = params.get("excludedAttributes") or None
    if not attributes and not excluded:
        return None
    if len(attributes or "") + len(excluded or "") > MAX_FILTER_LENGTH:
        raise ScimError(400, "attributes is too long.", "invalidValue")
    return ResponseParameters[model].model_validate({"attributes": attributes, "excludedAttributes": excluded})


def _dump(resource, context, params=None) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=params)


class _Unsupported(Exception):
    pass


STRING_LOOKUPS = {
    CompareOperator.eq: "iexact",
    CompareOperator.co: "icontains",
    CompareOperator.sw: "istartswith",
    CompareOperator.ew: "iendswith",
}


def _string_q(field: str, op, value) -> Q:
    if not isinstance(value, str):
        raise _Unsupported(f"compare {field} with a string")
    if op == CompareOperator.ne:
        return ~Q(**{f"{field}__iexact": value})
    if op not in STRING_LOOKUPS:
        raise _Unsupported(f"the operator {op.value} on this attribute")
    return Q(**{f"{field}__{STRING_LOOKUPS[op]}": value})


def _exact_q(field: str, op, value) -> Q:
    if op == CompareOperator.eq:
        return Q(**{field: value})
    if op == CompareOperator.ne:
        return ~Q(**{field: value})
    raise _Unsupported(f"the operator {op.value} on this attribute")


def _id_q(field: str, op, value) -> Q:
    try:
        pk = int(str(value))
    except ValueError:
        return Q(pk__in=[])
    if not 0 < pk <= MAX_INDEX:
        return Q(pk__in=[])
    return _exact_q(field, op, pk)


def _attr_name(attr_path) -> str:
    uri = (attr_path.uri or "").lower()
    name = attr_path.attr.lower() + (f".{attr_path.sub_attr.lower()}" if attr_path.sub_attr else "")
    return (
        f"{uri}:{name}"
        if uri and uri != resources.User.__schema__.lower() and uri != Group.__schema__.lower()
        else name
    )


USER_FIELDS = {
    "username": ("email", _string_q),
    "emails": ("email", _string_q),
    "emails.value": ("email", _string_q),
    "externalid": ("scim__external_id", _exact_q),
    "id": ("pk", _id_q),
    "name.givenname": ("first_name", _string_q),
    "name.familyname": ("last_name", _string_q),
    "title": ("profile__job_title", _string_q),
}
GROUP_FIELDS = {
    "displayname": ("name", _string_q),
    "externalid": ("scim__external_id", _exact_q),
    "id": ("pk", _id_q),
    "members": ("memberships__user_id", _id_q),
    "members.value": ("memberships__user_id", _id_q),
}


def _to_q(node, fields: dict) -> Q:
    if isinstance(node, LogicalExpr):
        qs = [_to_q(term, fields) for term in node.terms]
        combined = qs[0]
        for q in qs[1:]:
            combined = combined & q if node.op == LogicalOperator.and_ else combined | q
        return combined
    if isinstance(node, Not):
        return ~_to_q(node.expr, fields)
    if isinstance(node, Present):
        name = _attr_name(node.attr_path)
        if name == "active" and fields is USER_FIELDS:
            return Q()
        if name not in fields:
            raise _Unsupported(name)
        field, _kind = fields[name]
        return (
            Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})
            if _kind is _string_q
            else Q(**{f"{field}__isnull": False})
        )
    if isinstance(node, Comparison):
        name = _attr_name(node.attr_path)
        if name == "active" and fields is USER_FIELDS:
            if not isinstance(node.value, bool):
                raise _Unsupported("active compared with anything but true or false")
            return _exact_q("is_active", node.op, node.value)
        if name not in fields:
            raise _Unsupported(name)
        field, make = fields[name]
        return make(field, node.op, node.value)
    if isinstance(node, ValuePath):
        name = _attr_name(node.attr_path)
        inner = node.val_filter
        if name == "emails" and isinstance(inner, Comparison) and _attr_name(inner.attr_path) == "value":
            return _string_q("email", inner.op, inner.value)
        if name == "members" and isinstance(inner, Comparison) and _attr_name(inner.attr_path) == "value":
            return _id_q("memberships__user_id", inner.op, inner.value)
        raise _Unsupported(str(node))
    raise _Unsupported(str(node))


def _filter_q(params, model, fields: dict) -> Q:
    text = params.get("filter")
    if text is None:
        return Q()
    if not text.strip():  # present but empty: an unreadable filter, not "no filter" (RFC 7644 §3.4.2.2)
        raise ScimError(400, "The filter is empty.", "invalidFilter")
    if len(text) > MAX_FILTER_LENGTH:
        raise ScimError(400, f"The filter is longer than {MAX_FILTER_LENGTH} characters.", "invalidFilter")
    try:
        parsed = ScimFilter[model](text)
    except (SCIMException, ValidationError, ValueError) as exc:
        raise ScimError(400, f"The filter cannot be read: {exc}"[:500], "invalidFilter") from exc
    try:
        return _to_q(parsed.ast, fields)
    except _Unsupported as exc:
        raise ScimError(
            400,
            f"Filtering on {exc} is not supported. Filter on userName, externalId, id, emails, name, title or active"
            if fields is USER_FIELDS
            else f"Filtering on {exc} is not supported. Filter on displayName, externalId, id or members",
            "invalidFilter",
        ) from exc


# --- Users ------------------------------------------------------------------------------------------------------------
def _people():
    """The people SCIM serves (all but those a client deleted), with profile and SCIM link: one query. Their groups
    are `people.selectors.group_names`; the manager is named by id, so it is not read."""
    return Person.objects.filter(scim__deleted_at__isnull=True).select_related("profile", "scim")


def _department_paths() -> dict[int, str]:
    """Each department's path by id (the departments as they are now, people.selectors.DepartmentResolver.current)."""
    return DepartmentResolver.current().paths


def _user_resource(
    person: Person,
    base: str,
    group_names: set[str],
    paths: dict[int, str] | None = None,
    external_id: str | None = None,
):
    """The SCIM form of `person` as _people() loaded it (or as provisioning left it, with `external_id` then given)."""
    profile = getattr(person, "profile", None)
    department = None
    if profile is not None and profile.department_id:
        paths = paths if paths is not None else _department_paths()
        department = paths.get(profile.department_id)
    if external_id is None:
        link = getattr(person, "scim", None)
        external_id = link.external_id if link is not None else ""
    return resources.user_resource(
        person,
        base_url=base,
        role_names=group_names,
        external_id=external_id,
        manager_id=profile.manager_id if profile is not None else None,
        department=department,
    )


def _get_person(pk: str) -> Person:
    """One person SCIM serves, with profile, SCIM link and (on PostgreSQL) their groups' names and the rows' versions
    (for provisioning's lock) in the same query."""
    try:
        number = int(pk)
    except ValueError:
        number = 0
    try:
        if not 0 < number <= MAX_INDEX:
            raise Person.DoesNotExist
        return people_selectors.with_row_version(people_selectors.with_group_names(_people())).get(pk=number)
    except Person.DoesNotExist:
        raise ScimError(404, f"No User has the id “{pk[:100]}”.") from None


def _manager_id(value: Any):
    if value is None:
        return None
    raw = getattr(value, "value", value)
    if raw in (None, ""):
        return None
    try:
        number = int(str(raw))
    except ValueError as exc:
        raise ScimError(400, f"manager: no User has the id “{str(raw)[:100]}”.", "invalidValue") from exc
    if not 0 < number <= MAX_INDEX:
        raise ScimError(400, f"manager: no User has the id “{str(raw)[:100]}”.", "invalidValue")
    return number


def _values(resource, *, roles_given: bool, active_given: bool) -> PersonValues:
    """Replace semantics: what the resource leaves out is cleared, except roles and active, which change only when
    sent (a client whose mappings leave them out must not strip an Administrator-given role or reactivate)."""
    try:
        extension = resource[EnterpriseUser]
    except (KeyError, TypeError):
        extension = None
    name = resource.name
    return PersonValues(
        email=resource.user_name or "",
        first_name=(name.given_name if name else None) or "",
        last_name=(name.family_name if name else None) or "",
        job_title=resource.title or "",
        active=resource.active if active_given and resource.active is not None else UNSET,
        department=(extension.department if extension else None) or None,
        manager_id=_manager_id(extension.manager if extension else None),
        roles=[r.value for r in resource.roles or [] if r.value] if roles_given else UNSET,
    )


@scim_endpoint
def users(request):
    if request.method == "GET":
        return _list_users(request)
    if request.method == "POST":
        return _create_user(request)
    return _method_not_allowed(request)


@scim_endpoint
def users_search(request):
    if request.method != "POST":
        return _method_not_allowed(request)
    return _list_users(request)


def _list_users(request):
    query_params = _params(request)
    start, count = _page(query_params)
    params = _response_parameters(query_params, UserResource)
    query = _people().filter(_filter_q(query_params, UserResource, USER_FIELDS)).order_by("pk")
    page, total = _window(query, start, count)
    paths = _department_paths() if page else {}
    names = people_selectors.group_names(user_ids=[p.pk for p in page]) if page else {}
    items = [
        _dump(_user_resource(p, request.scim_base, names.get(p.pk, set()), paths), Context.SEARCH_RESPONSE, params)
        for p in page
    ]
    return _json(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    )


def _has_key(payload: dict, name: str) -> bool:
    return any(isinstance(k, str) and k.lower() == name for k in payload)


def _create_user(request):
    payload = _with_strict_active(_body(request))
    if not _has_key(payload, "active"):
        payload["active"] = True  # required (so it cannot be removed), active unless said otherwise
    resource = UserResource.model_validate(payload, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    values = _values(resource, roles_given=resource.roles is not None, active_given=True)
    client = request.scim_client
    with transaction.atomic():
        # Someone the client deleted comes back as they were, reactivated: their history was kept.
        existing = Person.objects.filter(
            email__iexact=(resource.user_name or "").strip(), scim__deleted_at__isnull=False
        ).first()
        if existing is not None and values.active is UNSET:
            values.active = True
        done = provisioning.provision_person(client=client, user=existing, values=values)
        services.set_user_external_id(user_id=done.user.pk, external_id=resource.external_id)
    person = _people().get(pk=done.user.pk)
    data = _dump(_user_resource(person, request.scim_base, done.group_names), Context.RESOURCE_CREATION_RESPONSE)
    return _json(data, status=201, headers={"Location": data["meta"]["location"]})


@scim_endpoint
def user(request, pk: str):
    person = _get_person(pk)
    if request.method == "DELETE":
        with transaction.atomic():
            provisioning.provision_person(client=request.scim_client, user=person, values=PersonValues(active=False))
            services.mark_user_deleted(user_id=person.pk, client_name=request.scim_client.name)
        return HttpResponse(status=204)
    if request.method not in ("GET", "PUT", "PATCH"):
        return _method_not_allowed(request)
    group_names = people_selectors.group_names_of(person)
    if request.method == "GET":
        params = _response_parameters(request.GET, UserResource)
        resource = _user_resource(person, request.scim_base, group_names)
        return _json(_dump(resource, Context.RESOURCE_QUERY_RESPONSE, params))
    if request.method == "PUT":
        payload = _with_strict_active(_body(request))
        active_given = _has_key(payload, "active")
        if not active_given:
            payload["active"] = person.is_active
        resource = UserResource.model_validate(payload, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        values = _values(resource, roles_given=resource.roles is not None, active_given=active_given)
        return _save_user(
            request, person, group_names, values, resource.external_id, Context.RESOURCE_REPLACEMENT_RESPONSE
        )
    # PATCH
    body = _body(request)
    body_operations = body.get("Operations")
    payload = _normalise_patch(body)
    before = _user_resource(person, request.scim_base, group_names)
    after = before.model_copy(deep=True)
    if payload.get("Operations") != [] or body_operations == []:  # only ignored writes: the resource as is
        patch = PatchOp[UserResource].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
        patch.patch(after)
    values = _values(
        after,
        roles_given=_role_values(after) != _role_values(before),
        active_given=after.active != before.active,
    )
    return _save_user(request, person, group_names, values, after.external_id, Context.RESOURCE_PATCH_RESPONSE)


def _link(user: Person, *, external_id: str) -> None:
    services.set_user_external_id(user_id=user.pk, external_id=external_id)


def _role_values(resource) -> set[str]:
    return {str(r.value).lower() for r in resource.roles or [] if r.value}


def _save_user(request, person, group_names, values, external_id, context):
    """Apply a PUT or PATCH to `person` (as _people() loaded it, in the groups named). A full sync restates most
    people as they are: that is answered from what was read, with no lock, no write and no audit entry; anything else
    goes through provisioning.provision_person (locked, checked, audited), and is answered from the person as it left
    them (the rows it locked and wrote), not read a third time."""
    resolver = DepartmentResolver.current()
    paths = resolver.paths
    link = getattr(person, "scim", None)
    external_id = external_id or ""
    same_external_id = (link.external_id if link is not None else "") == external_id
    if same_external_id and not provisioning.pending_changes(
        user=person, group_names=group_names, values=values, resolver=resolver
    ):
        return _json(_dump(_user_resource(person, request.scim_base, group_names, paths), context))
    # One transaction, provision_person's: the link is written in it (a transaction around it would add a savepoint).
    done = provisioning.provision_person(
        client=request.scim_client,
        user=person,
        values=values,
        resolver=resolver,
        also=None if same_external_id else partial(_link, external_id=external_id),
    )
    resource = _user_resource(done.user, request.scim_base, done.group_names, paths, external_id=external_id)
    return _json(_dump(resource, context))


READ_ONLY_MIRRORS = ("emails", "urn:ietf:params:scim:schemas:core:2.0:user:emails")


ACTIVE_PATHS = ("active", "urn:ietf:params:scim:schemas:core:2.0:user:active")
EMAIL_TYPES = {"value": str, "type": str, "display": str, "primary": bool}


def _active(value):
    """`active` as sent: true or false, or Entra ID's strings "True" and "False". pydantic would also read "yes", 1
    or "off" as a boolean; SCIM's type is boolean, so anything else is 400 invalidValue (RFC 7644 §3.12)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ScimError(400, f"active must be true or false, not {json.dumps(value)[:100]}.", "invalidValue")


def _with_strict_active(payload: dict) -> dict:
    return {
        k: _active(v) if isinstance(k, str) and k.lower() == "active" and v is not None else v
        for k, v in payload.items()
    }


def _email_sub_attribute(path: str) -> str:
    """The sub-attribute an `emails…` path names ("value" of `emails[type eq "work"].value`), or "" for all."""
    rest = path.strip().lower().rsplit(":", 1)[-1].removeprefix("emails")
    if rest.startswith("["):
        rest = rest.partition("]")[2]
    return rest.lstrip(".")


def _check_emails(sub: str, value) -> None:
    """Writes to `emails` are ignored (they mirror userName), but one of the wrong type is still refused: a number
    where the address goes is the client's error, 400 invalidValue, not a 200 that changed nothing."""

    def fail():
        raise ScimError(400, f"emails: {json.dumps(value)[:100]} is not a valid value here.", "invalidValue")

    if sub:
        expected = EMAIL_TYPES.get(sub)
        if expected is not None and value is not None and not isinstance(value, expected):
            fail()
        return
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            fail()
        for key, sub_value in item.items():
            expected = EMAIL_TYPES.get(key.lower() if isinstance(key, str) else key)
            if expected is not None and sub_value is not None and not isinstance(sub_value, expected):
                fail()


def _check_value_types(items: list) -> None:
    """Every `value` sub-attribute this server keeps (members, roles, emails, manager) is a string (an id is "42"):
    any other type is 400 invalidValue, whether the operation adds or removes (a removal filter by a number would
    otherwise read as an unreadable filter)."""
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, sub_value in item.items():
            if (
                isinstance(key, str)
                and key.lower() == "value"
                and sub_value is not None
                and not isinstance(sub_value, str)
            ):
                raise ScimError(400, f"value must be a string, not {json.dumps(sub_value)[:100]}.", "invalidValue")


def _normalise_patch(payload: dict) -> dict:
    """Shapes identity providers send that the PatchOp schema does not describe: Entra ID's manager as a bare id
    ("value": "42" where the enterprise extension has a complex manager) and its members with a null $ref, Okta's
    group rename carrying the group's own read-only id in its value, and writes to `emails`, which mirror userName here (read-only) and are dropped. Only
    these are rewritten; every other operation goes to scim2-models as sent. An empty list of operations left is
    answered with the resource unchanged."""
    operations = payload.get("Operations")
    if not isinstance(operations, list):
        return payload
    fixed = []
    for operation in operations:
        if isinstance(operation, dict):
            operation = dict(operation)
            path = operation.get("path")
            value = operation.get("value")
            if isinstance(path, str) and path.lower().lstrip().startswith(READ_ONLY_MIRRORS):
                Path(path)  # unreadable (`emails[`) is still the client's error: 400 invalidPath, as on any attribute
                if "value" in operation:
                    _check_emails(_email_sub_attribute(path), value)
                continue  # emails mirror userName: Entra ID's default mapping writes them, and they are ignored
            if path is None and isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str) and key.lower() == "emails":
                        _check_emails("", item)
                value = {k: v for k, v in value.items() if not (isinstance(k, str) and k.lower() in ("emails",))}
                operation["value"] = value
            if isinstance(path, str) and path.strip().lower() in ACTIVE_PATHS and "value" in operation:
                operation["value"] = value = _active(value)
            if path is None and isinstance(value, dict):
                operation["value"] = value = _with_strict_active(value)
            if isinstance(value, list):
                # Entra ID sends members as {"$ref": null, "value": "…"}: a null says nothing, and as a removal filter
                # it would match no member (ours carry their $ref).
                value = [
                    {k: v for k, v in item.items() if v is not None} if isinstance(item, dict) else item
                    for item in value
                ]
                _check_value_types(value)
                operation["value"] = value
            if isinstance(path, str) and path.lower().endswith(":manager") and isinstance(value, str | int):
                operation["value"] = {"value": str(value)}
            if path is None and isinstance(value, dict):
                operation["value"] = {k: v for k, v in value.items() if not (isinstance(k, str) and k.lower() == "id")}
                manager_key = f"{ENTERPRISE}:manager".lower()
                for key, item in list(operation["value"].items()):
                    if isinstance(key, str) and key.lower() == manager_key and isinstance(item, str | int):
                        operation["value"][key] = {"value": str(item)}
        fixed.append(operation)
    return {**payload, "Operations": fixed}


# --- Groups -----------------------------------------------------------------------------------------------------------
def _cohorts(client):
    """The cohorts `client` created as groups and has not deleted (models.ScimGroup)."""
    return Cohort.objects.filter(scim__client=client, scim__deleted_at__isnull=True).select_related("scim")


def _members(cohort_ids) -> dict[int, list[Person]]:
    from people.models import CohortMembership

    out: dict[int, list[Person]] = {pk: [] for pk in cohort_ids}
    for membership in (
        CohortMembership.objects.filter(cohort_id__in=cohort_ids).select_related("user").order_by("user_id")
    ):
        out[membership.cohort_id].append(membership.user)
    return out


def _group_resource(cohort, base, members=None):
    members = members if members is not None else _members([cohort.pk])[cohort.pk]
    link = getattr(cohort, "scim", None)
    return resources.group_resource(
        cohort, base_url=base, members=members, external_id=link.external_id if link is not None else ""
    )


def _get_cohort(pk: str, client) -> Cohort:
    try:
        number = int(pk)
    except ValueError:
        number = 0
    cohort = _cohorts(client).filter(pk=number).first() if 0 < number <= MAX_INDEX else None
    if cohort is None:
        raise ScimError(404, f"No Group has the id “{pk[:100]}”.")
    return cohort


def _member_ids(resource) -> list[int]:
    ids = []
    for member in resource.members or []:
        try:
            number = int(str(member.value))
        except (TypeError, ValueError) as exc:
            raise ScimError(400, f"members: no User has the id “{str(member.value)[:100]}”.", "invalidValue") from exc
        if not 0 < number <= MAX_INDEX:
            raise ScimError(400, f"members: no User has the id “{str(member.value)[:100]}”.", "invalidValue")
        ids.append(number)
    return ids


@scim_endpoint
def groups_search(request):
    if request.method != "POST":
        return _method_not_allowed(request)
    return _list_groups(request)


@scim_endpoint
def search_all(request):
    return _error(
        501, "Search several resource types at once is not supported: POST /Users/.search or /Groups/.search."
    )


@scim_endpoint
def groups(request):
    if request.method == "GET":
        return _list_groups(request)
    if request.method == "POST":
        return _create_group(request)
    return _method_not_allowed(request)


def _list_groups(request):
    query_params = _params(request)
    start, count = _page(query_params)
    params = _response_parameters(query_params, Group)
    query = _cohorts(request.scim_owner).filter(_filter_q(query_params, Group, GROUP_FIELDS)).distinct().order_by("pk")
    page, total = _window(query, start, count)
    members = _members([c.pk for c in page])
    items = [_dump(_group_resource(c, request.scim_base, members[c.pk]), Context.SEARCH_RESPONSE, params) for c in page]
    return _json(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    )


def _create_group(request):
    resource = Group.model_validate(_body(request), scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    with transaction.atomic():
        cohort, _refused = provisioning.provision_cohort(
            client=request.scim_client, cohort=None, name=resource.display_name, member_ids=_member_ids(resource)
        )
        services.claim_group(cohort_id=cohort.pk, client=request.scim_owner)
        services.set_group_external_id(cohort_id=cohort.pk, external_id=resource.external_id)
    cohort = _cohorts(request.scim_owner).get(pk=cohort.pk)
    data = _dump(_group_resource(cohort, request.scim_base), Context.RESOURCE_CREATION_RESPONSE)
    return _json(data, status=201, headers={"Location": data["meta"]["location"]})


@scim_endpoint
def group(request, pk: str):
    cohort = _get_cohort(pk, request.scim_owner)
    if request.method == "GET":
        params = _response_parameters(request.GET, Group)
        return _json(_dump(_group_resource(cohort, request.scim_base), Context.RESOURCE_QUERY_RESPONSE, params))
    if request.method in ("PUT", "PATCH"):
        if request.method == "PUT":
            after = Group.model_validate(_body(request), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
            context = Context.RESOURCE_REPLACEMENT_RESPONSE
        else:
            patch = PatchOp[Group].model_validate(
                _normalise_patch(_body(request)), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
            after = _group_resource(cohort, request.scim_base)
            patch.patch(after)
            context = Context.RESOURCE_PATCH_RESPONSE
        with transaction.atomic():
            provisioning.provision_cohort(
                client=request.scim_client, cohort=cohort, name=after.display_name, member_ids=_member_ids(after)
            )
            services.set_group_external_id(cohort_id=cohort.pk, external_id=after.external_id)
        cohort = _cohorts(request.scim_owner).get(pk=cohort.pk)
        return _json(_dump(_group_resource(cohort, request.scim_base), context))
    if request.method == "DELETE":
        with transaction.atomic():
            provisioning.empty_cohort(client=request.scim_client, cohort=cohort)
            services.mark_group_deleted(cohort_id=cohort.pk, client_name=request.scim_client.name)
        return HttpResponse(status=204)
    return _method_not_allowed(request)
