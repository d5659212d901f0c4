from django import template

from people.selectors import has_reports, works_in_admin

register = template.Library()


@register.filter
def has_team(user) -> bool:
    """Whether to show "My team": the person has someone reporting to them. One query, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, "_has_team"):
        user._has_team = has_reports(user=user)
    return user._has_team


@register.filter
def has_admin_work(user) -> bool:
    """Whether to show "Admin": the person can edit or manage something there (people/selectors.py). Cached on the
    user."""
    if not hasattr(user, "_has_admin_work"):
        user._has_admin_work = works_in_admin(user=user)
    return user._has_admin_work


@register.filter
def signup_open(request) -> bool:
    """Whether the sign-in page may offer a sign-up link: only while the account adapter lets people sign up."""
    from allauth.account.adapter import get_adapter

    return bool(get_adapter(request).is_open_for_signup(request))
