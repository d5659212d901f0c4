"""What certificates adds to courses' learner pages, registered in CertificatesConfig.ready() through courses/hooks.py
(courses never imports certificates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext

from certificates import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from courses.models import Enrolment


def certificate_links(*, request: HttpRequest, enrolments: list[Enrolment]) -> dict[int, str]:
    """The certificate link (or its state) on each course card that has a certificate. One query for all cards."""
    certificates = selectors.certificates_by_enrolment(enrolment_ids=[enrolment.pk for enrolment in enrolments])
    return {
        enrolment_id: render_to_string(
            "certificates/includes/certificate_link.html", {"certificate": certificate}, request=request
        )
        for enrolment_id, certificate in certificates.items()
    }


def certificate_award(*, request: HttpRequest, enrolment: Enrolment) -> str:
    """The course-complete link's label when this enrolment earned a certificate (pending or issued)."""
    if selectors.certificates_by_enrolment(enrolment_ids=[enrolment.pk]):
        return gettext("Get your certificate")
    return ""
