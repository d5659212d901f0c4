"""Reads for certificates. Each answers in one query whatever the number of certificates."""

from __future__ import annotations

from collections.abc import Iterable

from certificates.models import Certificate, normalise_code


def certificates_by_enrolment(*, enrolment_ids: Iterable[int]) -> dict[int, Certificate]:
    """The certificates of these enrolments keyed by enrolment id, in one query (none for no ids)."""
    ids = [pk for pk in enrolment_ids if pk]
    if not ids:
        return {}
    return {c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=ids)}


def certificate_for_verification(*, code: str) -> Certificate | None:
    """The issued certificate with this code (any case, dashes optional), or None. Pending certificates are not
    found: their code is printed on nothing yet."""
    return Certificate.objects.filter(code=normalise_code(code), issued_at__isnull=False).first()
