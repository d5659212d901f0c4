from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from allauth.account.views import logout as allauth_logout

from cms.views import favicon
from courses.views import search
from people import sso_views
from socialwise.health import healthz

# Django's own admin is not installed: staff work in Wagtail's admin at /admin/.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # The admin's "Log out" goes through allauth's sign-out too, so a session single sign-on started also ends at the
    # provider (people/adapters.py).
    path("admin/logout/", allauth_logout),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/personal-data/", include("people.urls_personal_data")),
    # Single sign-on's pages first: they wrap allauth's OpenID Connect views (people/sso_views.py).
    path("accounts/oidc/<str:provider_id>/login/", sso_views.login, name="sso_login"),
    path("accounts/oidc/<str:provider_id>/login/callback/", sso_views.callback, name="sso_callback"),
    path("accounts/signed-out/", sso_views.signed_out, name="sso_signed_out"),
    path("accounts/", include("allauth.urls")),
    path("learning/", include("courses.urls")),
    path("search/", search, name="search"),
    path("quizzes/", include("quizzes.urls")),
    path("certificates/", include("certificates.urls")),
    path("team/", include("people.urls")),
    path("practice/", include("practice.urls")),
    path("reminders/", include("reminders.urls")),
    path("goals/", include("goals.urls")),
    # SCIM 2.0 provisioning for the company's identity provider: bearer tokens, no session, no CSRF (scim/views.py).
    path("scim/v2/", include("scim.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
