"""Recording a session that issues a letter (a warning, the report to the prosecutor, the completion report) asks
"check your answers" first: the first post shows the letter and writes nothing; only the confirmation records the
session and issues it, once. A session that issues no letter is recorded on the first post."""

from django.urls import reverse

from bekal.community_service.models import ComplianceStep, Outcome, StepKind, WorkSession

ABSENT = {"date": "2026-03-03", "start": "08:00", "end": "12:00", "outcome": Outcome.UNACCEPTABLE_ABSENCE}


def test_an_absence_that_issues_a_warning_asks_before_recording(client_for, users, order):
    client = client_for(users.pk)
    url = reverse("community_service:session-create", args=[order.pk])
    data = ABSENT | {"idempotency_key": "letter-key-0001"}
    first = client.post(url, data)
    page = first.content.decode()
    assert first.status_code == 200 and 'id="check-answers"' in page
    assert str(StepKind.WARNING.label) in page and 'name="confirm" value="1"' in page
    assert not WorkSession.objects.filter(order=order).exists() and not ComplianceStep.objects.exists()
    done = client.post(url, data | {"confirm": "1"})
    assert done.status_code == 302
    assert WorkSession.objects.filter(order=order).count() == 1
    assert list(ComplianceStep.objects.values_list("kind", flat=True)) == [StepKind.WARNING]


def test_htmx_gets_the_confirmation_in_place_of_the_page(client_for, users, order):
    client = client_for(users.pk)
    url = reverse("community_service:session-create", args=[order.pk])
    answer = client.post(url, ABSENT, HTTP_HX_REQUEST="true")
    assert 'id="confirm-form"' in answer.content.decode()
    assert answer["HX-Retarget"] == "body" and not WorkSession.objects.exists()


def test_a_session_without_a_letter_is_recorded_at_once(client_for, users, order):
    client = client_for(users.pk)
    url = reverse("community_service:session-create", args=[order.pk])
    answer = client.post(url, ABSENT | {"outcome": Outcome.ATTENDED_COMPLIED})
    assert answer.status_code == 302 and WorkSession.objects.filter(order=order).count() == 1


def test_the_site_day_row_asks_before_the_completion_report(client_for, cs, order):
    order.hours_ordered = 4
    order.save(update_fields=["hours_ordered"])
    client = client_for(cs.site_user)
    url = reverse("community_service:site-day-record", args=[cs.site.pk, order.pk])
    row = {f"o{order.pk}-{k}": v for k, v in (ABSENT | {"outcome": Outcome.ATTENDED_COMPLIED}).items()}
    first = client.post(url, row)
    assert str(StepKind.COMPLETION.label) in first.content.decode() and not WorkSession.objects.exists()
    client.post(url, row | {"confirm": "1"})
    assert list(ComplianceStep.objects.values_list("kind", flat=True)) == [StepKind.COMPLETION]


def test_a_queued_session_that_issues_a_letter_is_refused_until_confirmed(client_for, cs, order):
    # The offline queue (site_day.js) sends JSON: an unexcused absence that issues a warning comes back 409 "needs
    # confirmation" with nothing written and no key kept; the same entry with confirm=1 records it and the letter.
    client = client_for(cs.site_user)
    url = reverse("community_service:site-day-record", args=[cs.site.pk, order.pk])
    row = {f"o{order.pk}-{k}": v for k, v in ABSENT.items()}
    key = {"HTTP_ACCEPT": "application/json", "HTTP_IDEMPOTENCY_KEY": "queued-letter-0001"}
    asked = client.post(url, row, **key)
    assert asked.status_code == 409 and asked.json()["confirm"] is True
    assert str(StepKind.WARNING.label) in asked.json()["letters"] and asked.json()["errors"]
    assert not WorkSession.objects.exists() and not ComplianceStep.objects.exists()
    done = client.post(url, row | {"confirm": "1"}, **key)
    assert done.status_code == 200 and done.json()["ok"] is True
    assert list(ComplianceStep.objects.values_list("kind", flat=True)) == [StepKind.WARNING]
    again = client.post(url, row | {"confirm": "1"}, **key)  # the queue resending after a lost answer
    assert again.json()["session"] == done.json()["session"] and ComplianceStep.objects.count() == 1


def test_a_queued_session_without_a_letter_is_recorded_at_once(client_for, cs, order):
    client = client_for(cs.site_user)
    url = reverse("community_service:site-day-record", args=[cs.site.pk, order.pk])
    row = {f"o{order.pk}-{k}": v for k, v in (ABSENT | {"outcome": Outcome.ATTENDED_COMPLIED}).items()}
    answer = client.post(url, row, HTTP_ACCEPT="application/json", HTTP_IDEMPOTENCY_KEY="queued-plain-0001")
    assert answer.status_code == 200 and WorkSession.objects.count() == 1
