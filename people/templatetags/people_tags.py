from django import template

from people.selectors import has_reports

register = template.Library()


@register.filter
def has_team(user) -> bool:
    """Whether to show "My team": the person has someone reporting to them. One query, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, "_has_team"):
        user._has_team = has_reports(user=user)
    return user._has_team
