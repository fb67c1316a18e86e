"""Certificates and assessment results do not run a query per participant (see `bekal.core.testing`)."""

import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bekal.certification import services as cert
from bekal.certification.models import Certificate, Decision, UnitResult
from bekal.core.testing import assert_flat_queries, covers
from bekal.training import services
from bekal.training.models import Enrollment, EnrollmentStatus
from bekal.training.tests.conftest import END

_n = itertools.count()


@pytest.fixture
def event(users, open_batch, lsp):
    return cert.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )


@pytest.fixture
def grow_certified(nominate, users, event, open_batch):
    """Complete n more participants, each with a K per unit, a decision and a certificate expiring soon."""
    units = list(open_batch.programme.units.all())

    def grow(n):
        names = []
        for _ in range(n):
            i = next(_n)
            enrollment = nominate(f"Lulusan {i}", birth_date=date(1980, 1, 1) + timedelta(days=i))
            services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
            services.enrollment_enrol(actor=users.officer, enrollment=enrollment)
            Enrollment.objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.COMPLETED)
            for unit in units:
                UnitResult.objects.create(event=event, enrollment=enrollment, unit=unit, verdict="K")
            decision = Decision.objects.create(event=event, enrollment=enrollment, verdict="K", decided_on=END)
            today = timezone.localdate()
            Certificate.objects.create(
                decision=decision,
                enrollment=enrollment,
                number=f"SERT-{i}",
                scheme="Skema Barista",
                issued_on=today - timedelta(days=1000),
                valid_until=today + timedelta(days=30),
            )
            names.append(f"Lulusan {i}")
        return names

    return grow


@pytest.fixture
def lsp_staff(lsp, make_user):
    return make_user(lsp, "partner_staff")


@covers("certification:certificate-list")
@pytest.mark.parametrize("role", ["officer", "national", "lsp"])
def test_the_certificate_list(client_for, users, lsp_staff, grow_certified, role):
    user = lsp_staff if role == "lsp" else getattr(users, role)
    assert_flat_queries(client_for(user), reverse("certification:certificate-list"), grow_certified, ceiling=14)


@covers("GET /api/v1/certificates")
def test_the_certificate_endpoint(client_for, users, grow_certified):
    def grow(n):
        grow_certified(n)
        return list(Certificate.objects.order_by("-id").values_list("number", flat=True)[:n])

    assert_flat_queries(client_for(users.officer), "/api/v1/certificates", grow, ceiling=10)


@covers("certification:assessment-detail")
def test_an_assessment_with_its_participants(client_for, users, event, grow_certified):
    url = reverse("certification:assessment-detail", args=[event.pk])
    assert_flat_queries(client_for(users.officer), url, grow_certified, ceiling=16)


def test_an_assessment_seen_by_its_lsp(client_for, lsp_staff, event, grow_certified):
    url = reverse("certification:assessment-detail", args=[event.pk])
    assert_flat_queries(client_for(lsp_staff), url, grow_certified, ceiling=16)


@covers("GET /api/v1/certificates/expiring")
def test_the_expiring_certificates_endpoint(client_for, users, grow_certified):
    def grow(n):
        grow_certified(n)
        return list(Certificate.objects.order_by("-id").values_list("number", flat=True)[:n])

    assert_flat_queries(client_for(users.officer), "/api/v1/certificates/expiring", grow, ceiling=10)


@covers("GET /api/v1/assessments/{event_id}")
def test_an_assessment_endpoint_with_its_decisions(client_for, users, event, grow_certified):
    def grow(n):
        grow_certified(n)
        return list(Certificate.objects.order_by("-id").values_list("number", flat=True)[:n])

    assert_flat_queries(client_for(users.officer), f"/api/v1/assessments/{event.pk}", grow, ceiling=10)
