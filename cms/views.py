"""Small site-wide views that belong to no learning app."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon (hashed in production)."""
    return redirect(static("img/favicon.ico"))
