"""Verdicts start empty: the assessment page preselects no "Kompeten", and a form sent without a verdict is refused
with the reason, saving nothing."""

from django.urls import reverse

from bekal.certification import services
from bekal.certification.models import Decision, UnitResult
from bekal.training import services as training
from bekal.training.tests.conftest import END, TODAY, mark_all


def test_no_verdict_is_preselected_and_an_empty_one_is_refused(
    client_for, users, enrolled, open_batch, lsp, time_machine
):
    mark_all(open_batch, enrolled, users.officer)
    training.enrollment_complete(actor=users.officer, enrollment=enrolled)
    time_machine.move_to(TODAY)
    event = services.assessment_create(
        actor=users.officer, batch=open_batch, lsp=lsp, assessor="Asesor", test_site="ad_hoc", date=END
    )
    client = client_for(users.officer)
    page = client.get(reverse("certification:assessment-detail", args=[event.pk])).content.decode()
    assert " selected" not in page and 'required><option value="">' in page
    units = list(open_batch.programme.units.all())
    url = reverse("certification:assessment-record", args=[event.pk, enrolled.pk])
    response = client.post(url, {f"unit_{units[0].pk}": "K", f"unit_{units[1].pk}": "", "decision": "K"}, follow=True)
    assert "verdict" in response.content.decode() or "putusan" in response.content.decode().lower()
    assert not Decision.objects.exists() and not UnitResult.objects.exists()
