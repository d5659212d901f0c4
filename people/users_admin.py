"""Wagtail's own Users and Groups screens under the privilege model (people/privileges.py).

Wagtail trusts anyone holding `auth.change_user` with every account, superusers included, and lets them tick
"Administrator" (superuser) on anyone else. Here: an account the editor does not cover can be neither opened for
editing nor deleted; only superusers see the superuser box; the groups offered are the roles the editor may give
(plus those the person already holds); an email change signs the account out everywhere like the people admin's.
What a role may do is the privilege model itself, so the Groups screens are for superusers only. HR holds no `auth`
permission, so reaches none of these screens. Installed through `people.apps.WagtailUsersConfig`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.models import Group
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.users.views import bulk_actions as wagtail_user_bulk
from wagtail.users.views import users as wagtail_users

import django_filters

from cms.widgets import DateRangeInput
from people import privileges, roles
from people.exceptions import AccountChangeRefused
from people.privileges import Change

VIA = "users admin"
EDIT_CHANGES = {Change.EMAIL, Change.NAME, Change.ACTIVE, Change.ROLES, Change.PASSWORD}


def _role_names(groups) -> set[str]:
    return {group.name for group in groups if group.name in roles.ALL_ROLES}


def _groups_after(before, after) -> set[str]:
    """The roles held after the save, plus any other group being added (which only a superuser may give)."""
    others_before = {group.name for group in before if group.name not in roles.ALL_ROLES}
    return _role_names(after) | {group.name for group in after if group.name not in roles.ALL_ROLES} - others_before


def _limit_form(form, *, actor, target=None) -> None:
    """Only superusers see the superuser box; the groups offered are the roles the editor may give and, for an
    existing person, the groups they hold (so saving does not silently drop one)."""
    if not actor.is_superuser:
        form.fields.pop("is_superuser", None)
        if "groups" in form.fields:
            held = target.groups.values_list("pk", flat=True) if target is not None else []
            form.fields["groups"].queryset = Group.objects.filter(
                Q(name__in=privileges.grantable_roles(actor)) | Q(pk__in=list(held))
            ).order_by("name")


class _RefusalMixin:
    """A refusal raised while saving (inside Wagtail's transaction) becomes a form error once that has rolled back;
    the audit entry is then written on its own."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AccountChangeRefused as refusal:
            privileges.record_refusal(refusal)
            form.add_error(None, str(refusal))
            # Wagtail's banner lists the form's non-field errors under its title: the refusal as the title too
            # showed it twice (QA).
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class UserCreateView(_RefusalMixin, wagtail_users.CreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        _limit_form(form, actor=self.request.user)
        return form

    def save_instance(self):
        data = self.form.cleaned_data
        changes = {Change.ROLES} | ({Change.SUPERUSER} if data.get("is_superuser") else set())
        privileges.check_account_change(
            actor=self.request.user,
            target=None,
            changes=changes,
            roles_after=_groups_after([], data.get("groups") or []),
            via=VIA,
        )
        return super().save_instance()


class UserEditView(_RefusalMixin, wagtail_users.EditView):
    def _refusal(self):
        if self.object.pk == self.request.user.pk:
            return None
        return privileges.find_refusal(actor=self.request.user, target=self.object, changes=EDIT_CHANGES, via=VIA)

    def _refuse(self, refusal, *, record: bool):
        if record:
            privileges.record_refusal(refusal)
        messages.error(self.request, str(refusal))
        return redirect(reverse(self.index_url_name))

    def get(self, request, *args, **kwargs):
        if refusal := self._refusal():
            return self._refuse(refusal, record=False)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refusal := self._refusal():
            return self._refuse(refusal, record=True)
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        _limit_form(form, actor=self.request.user, target=self.object)
        return form

    def save_instance(self):
        user_model = get_user_model()
        before = user_model.objects.get(pk=self.object.pk)
        data = self.form.cleaned_data
        changes = set()
        new_email = (data.get(user_model.USERNAME_FIELD) or before.email).strip().lower()
        if new_email != before.email:
            changes.add(Change.EMAIL)
        if (data.get("first_name", before.first_name), data.get("last_name", before.last_name)) != (
            before.first_name,
            before.last_name,
        ):
            changes.add(Change.NAME)
        if "is_active" in data and data["is_active"] != before.is_active:
            changes.add(Change.ACTIVE)
        if "is_superuser" in data and data["is_superuser"] != before.is_superuser:
            changes.add(Change.SUPERUSER)
        if data.get("password1"):
            changes.add(Change.PASSWORD)
        roles_after = None
        if "groups" in data:
            before_groups = list(before.groups.all())
            roles_after = _groups_after(before_groups, data["groups"])
            if {g.pk for g in data["groups"]} != {g.pk for g in before_groups}:
                changes.add(Change.ROLES)
        privileges.check_account_change(
            actor=self.request.user, target=before, changes=changes, roles_after=roles_after, via=VIA
        )
        instance = super().save_instance()
        if Change.EMAIL in changes:
            from people.services import end_old_email_address

            end_old_email_address(user=instance, old_email=before.email, actor=self.request.user)
            if instance.pk == self.request.user.pk:
                update_session_auth_hash(self.request, instance)  # the editor's own session stays
        return instance


class UserDeleteView(wagtail_users.DeleteView):
    def post(self, request, *args, **kwargs):
        refusal = privileges.find_refusal(actor=request.user, target=self.object, changes={Change.DELETE}, via=VIA)
        if refusal is not None:
            privileges.record_refusal(refusal)
            messages.error(request, str(refusal))
            return redirect(reverse(self.index_url_name))
        return super().post(request, *args, **kwargs)


class UserFilterSet(wagtail_users.UserFilterSet):
    # Native date inputs: Wagtail's date range picker starts with an inline script the CSP blocks.
    last_login = django_filters.DateFromToRangeFilter(label=gettext_lazy("Last login"), widget=DateRangeInput)


class UserViewSet(wagtail_users.UserViewSet):
    filterset_class = UserFilterSet
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView


class SuperusersOnlyPolicy(ModelPermissionPolicy):
    """Groups are the roles and what each may do: changing them changes the privilege model, so only superusers
    may, whatever `auth` permissions a group holds."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


# --- Wagtail's bulk actions on the Users listing ------------------------------------------------------------------
BULK_CHANGES = {"assign_role": Change.ROLES, "set_active_state": Change.ACTIVE, "delete": Change.DELETE}


class _PlausibleIdsMixin:
    """Wagtail looks the ids of the query string up as they come, so `?id=abc` was a 500: junk matches nobody."""

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [int(i) for i in object_ids if str(i).isdigit() and int(i) < 2**63]
        return super().get_queryset(model, ids)


class AssignRoleBulkAction(_PlausibleIdsMixin, wagtail_user_bulk.AssignRoleBulkAction):
    pass


class DeleteBulkAction(_PlausibleIdsMixin, wagtail_user_bulk.DeleteBulkAction):
    pass


class SetActiveStateBulkAction(_PlausibleIdsMixin, wagtail_user_bulk.SetActiveStateBulkAction):
    pass


# Registered after Wagtail's own (order 1), so these replace them for the same action types.
for action_class in (AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction):
    hooks.register("register_bulk_action", action_class, order=1)


@hooks.register("before_bulk_action")
def refuse_user_bulk_actions_the_privilege_model_refuses(request, action_type, objects, action_class_instance):
    """Assign role, activate/deactivate and delete on Wagtail's Users listing: refused as a whole, with the reason,
    when the privilege model refuses it for anyone selected (each refusal in the audit log)."""
    if getattr(action_class_instance, "model", None) is not get_user_model() or action_type not in BULK_CHANGES:
        return None
    change = BULK_CHANGES[action_type]
    powers = privileges.powers_of(request.user)
    held = privileges.roles_by_user([user.pk for user in objects])
    role = None
    if change == Change.ROLES:
        role = action_class_instance.cleaned_form.cleaned_data["role"]
    refusals = []
    for user in objects:
        refusal = privileges.find_refusal(
            actor=request.user,
            target=user,
            changes={change},
            roles_after=(held[user.pk] - {privileges.SUPERUSER}) | {role.name} if role is not None else None,
            target_roles=held[user.pk],
            actor_powers=powers,
            via=VIA,
        )
        if refusal is not None:
            refusals.append(refusal)
    if not refusals:
        return None
    for refusal in refusals:
        privileges.record_refusal(refusal)
    messages.error(request, _("Nothing was done: %(reason)s") % {"reason": refusals[0]})
    return redirect(action_class_instance.next_url)
