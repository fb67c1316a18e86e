"""Certification's daily job that tells people what needs doing (registered in ``apps.CertificationConfig.ready``)."""

from datetime import date, timedelta

from django.urls import reverse

from bekal.certification.models import Certificate
from bekal.notifications.models import NoticeKind
from bekal.notifications.services import notify
from bekal.rules.selectors import rule_int


def certificates_notify(*, today: date) -> int:
    """Tell the training officers of the enrolling unit of each certificate entering its expiry notice (rule
    certification.expiry_notice_days), once per certificate; return the number of notices created."""
    notice_days = rule_int("certification.expiry_notice_days", on=today)
    certificates = Certificate.objects.filter(
        valid_until__range=(today, today + timedelta(days=notice_days))
    ).select_related("enrollment__person", "enrollment__unit")
    told = 0
    for certificate in certificates:
        person = certificate.enrollment.person
        told += len(
            notify(
                kind=NoticeKind.CERTIFICATE_EXPIRING,
                unit=certificate.enrollment.unit,
                obj=certificate,
                key="expiring",
                today=today,
                link=reverse("people:detail", args=[person.pk]),
                context={
                    "certificate": certificate.number,
                    "scheme": certificate.scheme,
                    "person": person.full_name,
                    "valid_until": certificate.valid_until,
                },
            )
        )
    return told
