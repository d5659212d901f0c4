"""The certificate as a one-page A4 landscape PDF (reportlab), with a QR code (qrcode) to its verification page."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

import qrcode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    from certificates.models import Certificate

# DejaVu covers Latin, Greek and Cyrillic names (Debian's fonts-dejavu-core); reportlab's bundled Vera is the
# fallback when it is missing. The standard PDF fonts would print only Latin-1.
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]
INK = colors.HexColor("#1d2433")
ACCENT = colors.HexColor("#2f5bd3")


@cache
def _fonts() -> tuple[str, str]:
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    candidates = [*FONT_CANDIDATES, (str(bundled / "Vera.ttf"), str(bundled / "VeraBd.ttf"))]
    for regular, bold in candidates:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("Certificate", regular))
            pdfmetrics.registerFont(TTFont("Certificate-Bold", bold))
            return "Certificate", "Certificate-Bold"
    return "Helvetica", "Helvetica-Bold"


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y")


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits `width` (long names and titles shrink)."""
    while size > 10 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The PDF's bytes. Deterministic apart from the PDF's own timestamp, so re-rendering gives the same page."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setTitle(_("Certificate of completion: %(course)s") % {"course": certificate.course_title})
    pdf.setAuthor(certificate.organisation_name)
    pdf.setSubject(certificate.course_title)

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    centre, text_width = width / 2, width - 60 * mm

    pdf.setFillColor(ACCENT)
    pdf.setFont(bold, 16)
    pdf.drawCentredString(centre, height - 38 * mm, certificate.organisation_name)
    pdf.setFillColor(INK)
    pdf.setFont(regular, 30)
    pdf.drawCentredString(centre, height - 58 * mm, _("Certificate of completion"))
    pdf.setFont(regular, 13)
    pdf.drawCentredString(centre, height - 74 * mm, _("This certifies that"))
    size = _fit(certificate.holder_name, bold, 28, text_width)
    pdf.setFont(bold, size)
    pdf.drawCentredString(centre, height - 90 * mm, certificate.holder_name)
    pdf.setFont(regular, 13)
    pdf.drawCentredString(centre, height - 104 * mm, _("has completed the course"))
    size = _fit(certificate.course_title, bold, 22, text_width)
    pdf.setFont(bold, size)
    pdf.drawCentredString(centre, height - 118 * mm, certificate.course_title)

    pdf.setFont(regular, 12)
    pdf.drawCentredString(
        centre, height - 134 * mm, _("Completed on %(date)s") % {"date": _date(certificate.completed_at)}
    )
    if certificate.expires_at:
        pdf.drawCentredString(
            centre,
            height - 141 * mm,
            _("Valid until %(date)s; recertify before then") % {"date": _date(certificate.expires_at)},
        )

    qr_size = 34 * mm
    image = qrcode.make(verify_url, border=1).get_image()
    pdf.drawImage(ImageReader(image), 24 * mm, 22 * mm, qr_size, qr_size)
    pdf.setFont(regular, 10)
    pdf.drawString(62 * mm, 42 * mm, _("Verification code: %(code)s") % {"code": certificate.code})
    pdf.drawString(62 * mm, 35 * mm, _("Check this certificate at %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
