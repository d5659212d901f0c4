import zlib

from django import template

from wagtail.models import Page

register = template.Library()


@register.filter
def editable_by(page, user) -> bool:
    """Whether `user` may edit this Wagtail page: only then does a page show Wagtail's userbar. Learner pages stay
    learner pages for managers and HR, who may open the admin but edit no course."""
    if not isinstance(page, Page) or not getattr(user, "is_authenticated", False):
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    return page.permissions_for_user(user).can_edit()


AVATAR_TONES = 6


@register.filter
def avatar_tone(name: str) -> int:
    """1 to 6, the same for a name on every page and every run (a checksum, not Python's salted hash()): a mock post's
    avatar colour, so one person keeps one colour through a scenario's feed."""
    return zlib.crc32((name or "").strip().casefold().encode()) % AVATAR_TONES + 1
