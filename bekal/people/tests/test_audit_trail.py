from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record
from bekal.people.services import person_create


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(users, world):
    with pytest.raises(RuntimeError):
        audit_record(code="people.person.updated", actor=users.officer, obj=world.martapura)


def test_a_failed_write_leaves_no_audit_row(users, world):
    with pytest.raises(ValueError), transaction.atomic():
        person_create(actor=users.officer, unit=world.martapura, full_name="A B", birth_date=date(1990, 1, 1), sex="M")
        raise ValueError("rolled back")
    assert not AuditEvent.objects.exists()


class TestPage:
    @pytest.fixture
    def events(self, users, world):
        person_create(actor=users.officer, unit=world.martapura, full_name="Andi", birth_date=date(1990, 1, 1), sex="M")
        person_create(
            actor=users.other_officer, unit=world.bandar_lampung, full_name="Rudi", birth_date=date(1991, 1, 1), sex="M"
        )

    def test_anonymous_is_sent_to_login(self, client_for, events):
        assert client_for(None).get(reverse("audit:list")).status_code == 302

    def test_officers_and_viewers_get_403(self, client_for, users, events):
        for user in [users.officer, users.regional, users.partner, users.head]:
            assert client_for(user).get(reverse("audit:list")).status_code == 403

    def test_a_unit_admin_sees_their_unit_only(self, client_for, users, events):
        body = client_for(users.unit_admin).get(reverse("audit:list")).content.decode()
        assert "Andi" in body and "Rudi" not in body

    def test_a_system_admin_sees_everything(self, client_for, users, events):
        body = client_for(users.sysadmin).get(reverse("audit:list")).content.decode()
        assert "Andi" in body and "Rudi" in body

    def test_the_page_shows_what_happened_in_words(self, client_for, users, events):
        body = client_for(users.unit_admin).get(reverse("audit:list")).content.decode()
        assert "Orang didaftarkan" in body
        # The code is no text on the page (issue 14), only a tooltip for administrators; changes are in words.
        assert '<span title="people.person.created">Orang didaftarkan</span>' in body
        assert "<code>people.person.created</code>" not in body
        assert "Jenis kelamin</strong>: – → Laki-laki" in body

    def test_the_filter_offers_labels_by_app_and_keeps_prefixes(self, client_for, users, events):
        client = client_for(users.sysadmin)
        body = client.get(reverse("audit:list")).content.decode()
        assert '<optgroup label="Warga binaan &amp; klien">' in body
        assert '<option value="people.person.created">Orang didaftarkan</option>' in body
        chosen = client.get(reverse("audit:list"), {"code": "people.person.created"}).content.decode()
        assert "Andi" in chosen and '<option value="people.person.created" selected>' in chosen
        typed = client.get(reverse("audit:list"), {"code": "people.per"}).content.decode()
        assert "Andi" in typed and '<option value="people.per" selected>' in typed
        other = client.get(reverse("audit:list"), {"code": "training."}).content.decode()
        assert "Andi" not in other

    def test_the_page_offers_no_edit(self, client_for, users, events):
        assert client_for(users.unit_admin).post(reverse("audit:list")).status_code in (200, 405)
        assert AuditEvent.objects.exclude(code__startswith="accounts.signin.").count() == 2

    def test_admin_cannot_change_or_delete_rows(self, client_for, users, events):
        users.sysadmin.is_staff = users.sysadmin.is_superuser = True
        users.sysadmin.save()
        event = AuditEvent.objects.first()
        client = client_for(users.sysadmin)
        assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
        response = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert AuditEvent.objects.exclude(code__startswith="accounts.signin.").count() == 2


def test_times_are_stored_as_hours_and_minutes(users, world):
    from datetime import time

    event = audit_record(
        code="people.person.updated", actor=users.officer, obj=world.martapura, changes={"start": [None, time(8, 30)]}
    )
    event.refresh_from_db()
    assert event.changes == {"start": [None, "08:30"]}
