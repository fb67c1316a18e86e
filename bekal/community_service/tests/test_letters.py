"""Each letter of an order takes a number from the Bapas's register, is signed by one of its officials (chosen on the
order's page) and tells the client's PK it was issued."""

import json
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bekal.community_service.models import Outcome, StepKind
from bekal.community_service.services import ledger as ledger_services
from bekal.community_service.services import noncompliance as noncompliance_services
from bekal.notifications.models import Notice, NoticeKind
from bekal.organizations import documents


def absent(actor, order, day):
    return ledger_services.session_record(
        actor=actor,
        order=order,
        date=date(2026, 3, day),
        start=time(8, 0),
        end=time(12, 0),
        outcome=Outcome.UNACCEPTABLE_ABSENCE,
    )


@pytest.fixture
def officials(users, world):
    documents.letterhead_save(
        actor=users.sysadmin, unit=world.muratara, letter_number_pattern="W6.PAS.PAS.14-PK.01.05.02-{n}/{year}"
    )
    head = documents.official_save(
        actor=users.sysadmin,
        unit=world.muratara,
        name="Hendra Saputra",
        nip="197805122003121001",
        position="Kepala Bapas",
        signs_letters=True,
    )
    deputy = documents.official_save(actor=users.sysadmin, unit=world.muratara, name="Rina", position="Kasubsi")
    return head, deputy


def test_letters_are_numbered_signed_and_told_to_the_pk(users, order, officials):
    head, _deputy = officials
    for day in (2, 3):
        absent(users.pk, order, day)
    steps = list(order.steps.order_by("number"))
    assert [s.letter_number for s in steps] == [
        "W6.PAS.PAS.14-PK.01.05.02-1/2026",
        "W6.PAS.PAS.14-PK.01.05.02-2/2026",
    ]
    assert all(s.signatory == head for s in steps)
    notices = Notice.objects.filter(kind=NoticeKind.LETTER_ISSUED, recipient=users.pk)
    assert notices.count() == 2
    assert "W6.PAS.PAS.14-PK.01.05.02-1/2026" in " ".join(n.body for n in notices)


def test_the_signatory_is_chosen_among_the_units_active_officials(client_for, users, order, officials, cs):
    _head, deputy = officials
    absent(users.pk, order, 2)
    step = order.steps.get(kind=StepKind.WARNING)
    url = reverse("community_service:letter-sign", args=[step.pk])
    assert client_for(None).post(url, {"signatory": deputy.pk}).status_code == 302
    assert client_for(cs.prosecutor_user).post(url, {"signatory": deputy.pk}).status_code == 403
    client_for(users.pk).post(url, {"signatory": deputy.pk})
    step.refresh_from_db()
    assert step.signatory == deputy
    outsider = documents.official_save(actor=users.sysadmin, unit=users.officer.organization, name="X", position="Y")
    with pytest.raises(ValidationError):
        noncompliance_services.step_sign(actor=users.pk, step=step, official=outsider)
    assert "Rina" in client_for(users.pk).get(reverse("community_service:detail", args=[order.pk])).content.decode()


def test_the_signatory_is_chosen_through_the_api_with_the_ladder(client_for, users, order, officials, cs):
    _head, deputy = officials
    absent(users.pk, order, 2)
    step = order.steps.get(kind=StepKind.WARNING)
    url = f"/api/v1/community-service/letters/{step.pk}/signatory"

    def put(user, signatory):
        return client_for(user).put(url, json.dumps({"signatory": signatory}), content_type="application/json")

    assert put(None, deputy.pk).status_code == 401
    assert put(cs.prosecutor_user, deputy.pk).status_code == 403
    assert put(cs.lampung_pk, deputy.pk).status_code == 404
    outsider = documents.official_save(actor=users.sysadmin, unit=users.officer.organization, name="X", position="Y")
    refused = put(users.pk, outsider.pk)
    assert refused.status_code == 422 and "X" in refused.json()["detail"]["signatory"][0]
    assert put(users.pk, 999999).status_code == 422
    response = put(users.pk, deputy.pk)
    assert response.status_code == 200 and response.json()["signatory_id"] == deputy.pk
