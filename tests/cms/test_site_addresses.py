"""Mails take their links from the Site records: after `migrate` they follow WAGTAILADMIN_BASE_URL, so a production
password-reset mail is not signed "127.0.0.1:8000" and a review mail does not link to http://localhost/ (QA)."""

from __future__ import annotations

from django.contrib.sites.models import Site as DjangoSite

from wagtail.models import Site

import pytest

from cms import services

pytestmark = pytest.mark.django_db


def _reset_to_initial():
    DjangoSite.objects.filter(pk=1).update(domain=services.INITIAL_DJANGO_SITE_DOMAIN)
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)


def test_the_sites_follow_the_public_address(settings):
    _reset_to_initial()
    settings.WAGTAILADMIN_BASE_URL = "https://learning.tarnwick.example"
    services.sites_follow_base_url()
    assert DjangoSite.objects.get(pk=1).domain == "learning.tarnwick.example"
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("learning.tarnwick.example", 443)
    assert site.root_page.full_url == "https://learning.tarnwick.example/"


def test_a_site_an_administrator_changed_is_left_alone(settings):
    _reset_to_initial()
    Site.objects.filter(is_default_site=True).update(hostname="learn.example.org", port=8443)
    settings.WAGTAILADMIN_BASE_URL = "https://learning.tarnwick.example:8443"
    services.sites_follow_base_url()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("learn.example.org", 8443)
    assert DjangoSite.objects.get(pk=1).domain == "learning.tarnwick.example:8443"
