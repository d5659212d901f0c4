from django.db import OperationalError

from celery import shared_task


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def delete_stray_drafts() -> int:
    """Delete the drafts abandoned "add page" forms left without a title; safe to repeat."""
    from cms import services

    return len(services.delete_stray_drafts())
