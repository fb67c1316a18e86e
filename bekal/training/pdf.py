"""The training certificate (Sertifikat Pelatihan) as a PDF, drawn with ReportLab."""

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from bekal.training.models import Enrollment


def training_certificate(enrollment: Enrollment) -> bytes:
    """Return a one-page landscape certificate naming the participant, the programme, the provider and the dates."""
    batch, person = enrollment.batch, enrollment.person
    buffer = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"Sertifikat Pelatihan {person.full_name}")
    page.setLineWidth(3)
    page.rect(30, 30, width - 60, height - 60)
    page.setFont("Helvetica-Bold", 30)
    page.drawCentredString(width / 2, height - 120, "SERTIFIKAT PELATIHAN")
    page.setFont("Helvetica", 14)
    page.drawCentredString(width / 2, height - 160, f"No. {batch.pk:04d}/{enrollment.pk:05d}/{batch.end_date.year}")
    page.drawCentredString(width / 2, height - 210, "diberikan kepada")
    page.setFont("Helvetica-Bold", 24)
    page.drawCentredString(width / 2, height - 250, person.full_name)
    page.setFont("Helvetica", 14)
    lines = [
        f"yang telah menyelesaikan pelatihan {batch.programme.name} ({batch.programme.total_jp} JP)",
        f"{batch.name}, {batch.start_date:%d-%m-%Y} s.d. {batch.end_date:%d-%m-%Y}",
        f"diselenggarakan oleh {batch.provider.name}",
    ]
    for i, line in enumerate(lines):
        page.drawCentredString(width / 2, height - 300 - i * 24, line)
    page.drawString(width - 300, 110, f"{batch.provider.name}")
    page.drawString(width - 300, 70, "Kepala")
    page.showPage()
    page.save()
    return buffer.getvalue()
