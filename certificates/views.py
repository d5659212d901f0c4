"""The learner's download and the public verification page. Each view checks who asks and calls one selector."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import selectors
from certificates.models import Certificate, CertificateStatus, normalise_code


@login_required
@require_GET
@never_cache
def download(request, certificate_id: int):
    """The PDF, for its holder while it stands, and for HR (who may view certificates) always. Anyone else gets
    the same 404 as for a certificate that does not exist."""
    certificate = Certificate.objects.select_related("enrolment").filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404(_("No such certificate."))
    is_holder = certificate.enrolment.user_id == request.user.pk
    is_hr = request.user.has_perm("certificates.view_certificate")
    if not is_hr and not (is_holder and certificate.revoked_at is None):
        raise Http404(_("No such certificate."))
    if not certificate.issued_at:
        raise Http404(_("This certificate is still being prepared."))
    try:
        handle = certificate.pdf.open("rb")
    except (FileNotFoundError, ValueError) as error:  # no PDF in storage (a restore without the files)
        raise Http404(_("This certificate's PDF is missing. Ask HR to issue it again.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"certificate-{slugify(certificate.course_title) or 'course'}.pdf",
        content_type="application/pdf",
    )
    return response  # never_cache marks it private, no-store


@require_GET
@never_cache
def verify(request, code: str):
    """Public, no login: whether the certificate with this code is valid, expired or revoked, for whom and for which
    course. Nothing else (no email, no reason for revoking, no score) — see the README."""
    certificate = selectors.certificate_for_verification(code=code)
    if certificate is None:
        response = render(request, "certificates/verify.html", {"code": code[:40]}, status=404)
    else:
        response = render(
            request,
            "certificates/verify.html",
            {"certificate": certificate, "status": certificate.status(timezone.now()), "Status": CertificateStatus},
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify_form(request):
    """Where someone types the code printed on a certificate; the QR code leads straight to the result instead."""
    code = normalise_code(request.GET.get("code", ""))[:40]
    if code:
        return redirect("certificates:verify", code=code)
    error = _("Enter the code printed on the certificate.") if "code" in request.GET else ""
    return render(request, "certificates/verify_form.html", {"error": error})
