"""Housekeeping of the page tree that belongs to no one app."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page, PageLogEntry, WorkflowState


def _is_placeholder(title: str) -> bool:
    placeholders = {t.strip().casefold() for t in settings.STRAY_DRAFT_PLACEHOLDER_TITLES}
    return (title or "").strip().casefold() in placeholders | {""}


def _stray_queryset(*, cutoff):
    placeholders = [t.strip() for t in settings.STRAY_DRAFT_PLACEHOLDER_TITLES if t.strip()]
    titled_as_placeholder = Q(title__regex=r"^\s*$")
    for title in placeholders:
        titled_as_placeholder |= Q(title__iexact=title)
    ever_in_a_workflow = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=OuterRef("pk_text")
    )
    return (
        Page.objects.filter(
            titled_as_placeholder,
            depth__gt=2,  # never the root or a site's home
            live=False,
            live_revision__isnull=True,
            first_published_at__isnull=True,
            last_published_at__isnull=True,
            numchild=0,
            latest_revision_created_at__lt=cutoff,
        )
        .annotate(pk_text=Cast("pk", CharField()))
        .exclude(Exists(ever_in_a_workflow))
        .exclude(Exists(PageLogEntry.objects.filter(page=OuterRef("pk"), action="wagtail.publish")))
        .order_by("path")
    )


def stray_drafts(*, older_than: timedelta | None = None, now=None) -> list[Page]:
    """Pages an abandoned "add page" form may leave behind that are safe to delete: never published (not live, no
    live revision, no publication date, no publication in its history), never submitted to a workflow, without child
    pages, untouched for `older_than` (`STRAY_DRAFT_HOURS`), and with a title, live and draft, that is empty or a
    placeholder (`STRAY_DRAFT_PLACEHOLDER_TITLES`). A page someone gave a title is never one of them."""
    return [page for page in _stray_queryset(cutoff=_cutoff(older_than, now)) if _untitled(page)]


def _cutoff(older_than: timedelta | None, now):
    older_than = older_than if older_than is not None else timedelta(hours=settings.STRAY_DRAFT_HOURS)
    return (now or timezone.now()) - older_than


def _untitled(page: Page) -> bool:
    return _is_placeholder(page.title) and _is_placeholder(page.draft_title)


def delete_stray_drafts(*, older_than: timedelta | None = None, now=None) -> list[int]:
    """Delete every stray draft (see `stray_drafts`), each in its own transaction after locking it and checking it
    again, so a draft someone titles, publishes or submits meanwhile is kept. Wagtail logs each deletion
    ("wagtail.delete", by no user). Returns the ids deleted; running it again deletes nothing more."""
    cutoff = _cutoff(older_than, now)
    deleted = []
    for found in stray_drafts(older_than=older_than, now=now):
        with transaction.atomic():
            locked = Page.objects.select_for_update().filter(pk=found.pk).values_list("pk", flat=True)
            page = _stray_queryset(cutoff=cutoff).filter(pk__in=list(locked)).first()
            if page is None or not _untitled(page):
                continue
            DeletePageAction(page.specific, user=None).execute(skip_permission_checks=True)
            deleted.append(page.pk)
    return deleted


# The addresses cms/migrations/0002_create_homepage.py gives the two Site records, fit for `make run` only.
INITIAL_WAGTAIL_SITE = ("localhost", 80)
INITIAL_DJANGO_SITE_DOMAIN = "127.0.0.1:8000"


def sites_follow_base_url(**_kwargs) -> None:
    """Point the Site records that mails take their links from at WAGTAILADMIN_BASE_URL, the deployment's public
    address: allauth signs its mails with Django's Site and Wagtail links review mails to its default Site. Run after
    every `migrate`; a record an administrator has changed from its initial value is left as it is."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site as DjangoSite

    from wagtail.models import Site

    url = urlsplit(settings.WAGTAILADMIN_BASE_URL or "")
    if not url.hostname:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    domain = url.netloc.rsplit("@", 1)[-1]
    DjangoSite.objects.filter(pk=settings.SITE_ID, domain=INITIAL_DJANGO_SITE_DOMAIN).update(domain=domain)
    Site.objects.filter(is_default_site=True, hostname=INITIAL_WAGTAIL_SITE[0], port=INITIAL_WAGTAIL_SITE[1]).update(
        hostname=url.hostname, port=port
    )
