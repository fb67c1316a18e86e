"""The BNSP sheet from the page: a refused export shows the refusal, never a 500 (the API answers 422)."""

from django.contrib.messages import get_messages
from django.urls import reverse

from bekal.certification.tests.test_certification import completed, event  # noqa: F401 - fixtures
from bekal.jobs.models import Job


def test_a_blk_user_asking_for_the_bnsp_sheet_of_their_own_batch_is_told_why(client_for, users, event):  # noqa: F811
    assert event.batch.provider_id == users.partner.organization_id  # the BLK's own batch
    url = reverse("certification:bnsp-export", args=[event.pk])
    response = client_for(users.partner).post(url)
    assert response.status_code == 302
    assert response.url == reverse("certification:assessment-detail", args=[event.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] != []
    assert not Job.objects.exists()
    assert client_for(users.partner).post(f"/api/v1/assessments/{event.pk}/bnsp-export").status_code == 422


def test_the_ladder_of_the_bnsp_sheet_page(client_for, users, event):  # noqa: F811
    url = reverse("certification:bnsp-export", args=[event.pk])
    assert client_for(None).post(url).status_code == 302  # to the sign-in page
    assert client_for(users.other_officer).post(url).status_code == 404
    response = client_for(users.officer).post(url)
    assert response.status_code == 302 and "/jobs/" in response.url
