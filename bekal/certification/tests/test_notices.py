"""Certification's daily notice job: certificates entering their expiry notice, told to the training officers of the
unit that enrolled the person, once per certificate."""

from datetime import date, timedelta

import pytest

from bekal.certification import services as cert
from bekal.certification.models import Certificate, Decision
from bekal.certification.notices import certificates_notify
from bekal.notifications.models import Notice
from bekal.training import services
from bekal.training.models import Enrollment, EnrollmentStatus
from bekal.training.tests.conftest import END

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def certify(nominate, users, open_batch, lsp):
    event = cert.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="A", test_site="ad_hoc", date=END
    )

    def make(name, *, valid_until):
        enrollment = nominate(name)
        services.enrollment_decide(actor=users.officer, enrollment=enrollment, selected=True, reason="Berminat")
        Enrollment.objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.COMPLETED)
        decision = Decision.objects.create(event=event, enrollment=enrollment, verdict="K", decided_on=END)
        return Certificate.objects.create(
            decision=decision,
            enrollment=enrollment,
            number=f"SERT-{name}",
            scheme="Skema Barista",
            issued_on=valid_until - timedelta(days=1000),
            valid_until=valid_until,
        )

    return make


def test_the_training_officer_of_the_unit_is_told_once(certify, users, world, make_user):
    certificate = certify("Andi", valid_until=TODAY + timedelta(days=30))
    certify("Budi", valid_until=TODAY + timedelta(days=400))  # outside the notice period
    certify("Candra", valid_until=TODAY - timedelta(days=1))  # already expired
    make_user(world.bandar_lampung, "training_officer")
    assert certificates_notify(today=TODAY) == 1
    assert certificates_notify(today=TODAY) == 0
    notice = Notice.objects.get()
    assert notice.recipient == users.officer and notice.kind == "certificate_expiring"
    assert notice.object_id == str(certificate.pk) and notice.unit == world.martapura
    assert notice.link == f"/people/{certificate.enrollment.person_id}/"
    assert "Andi" in notice.title
