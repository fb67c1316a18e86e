"""Agreements: default PKS term, PDF only, statuses as a table, expiry notice, and the batch agreement check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bekal.training import services
from bekal.training.models import AgreementStatus
from bekal.training.tests.conftest import END, START


def make(world, users, **kwargs):
    values = {
        "actor": users.officer,
        "unit": world.martapura,
        "partners": [world.blk],
        "kind": "pks",
        "number": "PKS/9/2026",
        "title": "Kerja sama pelatihan",
        "start_date": date(2026, 2, 1),
    } | kwargs
    return services.agreement_create(**values)


def test_a_pks_runs_two_years_by_default(world, users):
    assert make(world, users).end_date == date(2028, 1, 31)


def test_only_a_pdf_is_accepted(world, users):
    with pytest.raises(ValidationError) as error:
        make(world, users, document=SimpleUploadedFile("x.pdf", b"hello"))
    assert "document" in error.value.message_dict
    agreement = make(world, users, document=SimpleUploadedFile("pks.pdf", b"%PDF-1.4 test"))
    assert agreement.document.name.endswith(".pdf")


def test_statuses_follow_the_table(world, users):
    agreement = make(world, users)
    with pytest.raises(ValidationError):
        services.agreement_move(
            actor=users.head, agreement=agreement, status=AgreementStatus.ACTIVE, on=date(2026, 1, 1)
        )
    services.agreement_move(
        actor=users.officer, agreement=agreement, status=AgreementStatus.PROPOSED, on=date(2026, 1, 5)
    )
    services.agreement_move(
        actor=users.head,
        agreement=agreement,
        status=AgreementStatus.ACTIVE,
        on=date(2026, 1, 20),
        signing_date=date(2026, 1, 16),
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE and agreement.signing_date == date(2026, 1, 16)


def test_only_the_head_activates(world, users):
    agreement = make(world, users)
    services.agreement_move(
        actor=users.officer, agreement=agreement, status=AgreementStatus.PROPOSED, on=date(2026, 1, 5)
    )
    with pytest.raises(Exception, match="approve"):
        services.agreement_move(
            actor=users.officer, agreement=agreement, status=AgreementStatus.ACTIVE, on=date(2026, 1, 5)
        )


def test_refresh_marks_expiring_within_the_notice_and_expired_after_the_end(world, users, agreement):
    assert services.agreements_refresh(actor=None, today=date(2026, 10, 1)) == 0
    assert services.agreements_refresh(actor=None, today=date(2026, 10, 10)) == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRING
    services.agreements_refresh(actor=None, today=date(2027, 1, 1))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED


def test_a_batch_without_an_active_agreement_is_refused(world, users, programme):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            actor=users.officer, programme=programme, units=[world.martapura], name="X", start_date=START, end_date=END
        )
    assert "UPTD BLK Lubuklinggau" in error.value.message_dict["programme"][0]


def test_a_batch_without_an_agreement_is_warned_when_the_setting_allows(world, users, programme, settings):
    settings.BEKAL_AGREEMENT_REQUIRED = False
    args = {
        "actor": users.officer,
        "programme": programme,
        "units": [world.martapura],
        "name": "X",
        "start_date": START,
        "end_date": END,
    }
    with pytest.raises(ValidationError):
        services.batch_create(**args)
    batch = services.batch_create(**args, confirm_without_agreement=True)
    assert "UPTD BLK Lubuklinggau" in batch.agreement_warning


def test_a_renewal_is_a_new_draft_with_the_same_parties(world, users, agreement):
    new = services.agreement_renew(
        actor=users.sysadmin, agreement=agreement, number="PKS/02/2027", start_date=date(2027, 1, 1)
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.RENEWED and new.renewal_of == agreement
    assert list(new.partners.all()) == [world.blk] and new.end_date == date(2028, 12, 31)
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=users.sysadmin, agreement=agreement, number="PKS/03/2027", start_date=date(2027, 1, 1)
        )
