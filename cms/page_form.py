"""The editing form of every page type (each model's base_form_class)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail.admin.forms.pages import WagtailAdminPageForm


class PageForm(WagtailAdminPageForm):
    """Wagtail's page form, where a new page saved before its slug is filled in gets the slug the editor's script
    would have filled in: the title, slugified. The script fills it a moment after the title is left (a debounce), so
    "Save draft" or Ctrl+S right after typing the title sent an empty slug and got "This field is required" on the
    Promote tab for a field the person never touched. A slug already taken is refused as usual."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        adding = self.instance._state.adding and "slug" in self.fields
        if adding and not self.has_error("slug") and not self.cleaned_data.get("slug"):
            allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
            slug = slugify(self.cleaned_data.get("title") or "", allow_unicode=allow_unicode)
            if slug:
                self.cleaned_data["slug"] = slug
            else:  # no title, or one with nothing a slug can be made of: the slug is needed after all
                self.add_error("slug", ValidationError(self.fields["slug"].error_messages["required"], code="required"))
        return super().clean()
