from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def autosave_needs_title():
    """No autosave of a new page before it has a title (static/js/autosave_needs_title.js says why)."""
    return format_html('<script src="{}" defer></script>', static("js/autosave_needs_title.js"))


@hooks.register("insert_editor_js")
def autosave_before_submit():
    """A person's own save waits for an autosave under way, and stops later ones (static/js/autosave_before_submit.js
    says why: on a new page both would create it)."""
    return format_html('<script src="{}" defer></script>', static("js/autosave_before_submit.js"))
