"""The job page, My downloads and the file, on the pages and the API: only the job's owner sees any of them."""

from django.urls import reverse

from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start
from bekal.jobs.tests.conftest import KIND


def done_job(user, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=user, kind=KIND, params=params)
    job.refresh_from_db()
    return job


class TestTheLadder:
    def test_anonymous_is_sent_to_login_or_gets_401(self, client_for, users, echo_kind):
        job = job_start(actor=users.officer, kind=KIND, params={})
        for name, args in [("jobs:list", []), ("jobs:detail", [job.pk]), ("jobs:download", [job.pk])]:
            response = client_for(None).get(reverse(name, args=args))
            assert response.status_code == 302 and "/accounts/login" in response["Location"], name
        for url in ["/api/v1/jobs", f"/api/v1/jobs/{job.pk}", f"/api/v1/jobs/{job.pk}/file"]:
            assert client_for(None).get(url).status_code == 401, url

    def test_a_role_without_the_kinds_capability_gets_403_when_starting(self, client_for, users, echo_kind):
        response = client_for(users.partner).post("/api/v1/jobs", {"kind": KIND}, content_type="application/json")
        assert response.status_code == 403 and not Job.objects.exists()

    def test_another_users_job_is_404(self, client_for, users, echo_kind, django_capture_on_commit_callbacks):
        job = done_job(users.officer, django_capture_on_commit_callbacks)
        other = client_for(users.head)  # same unit, still not their job
        for name in ("jobs:detail", "jobs:download"):
            assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
        for url in [f"/api/v1/jobs/{job.pk}", f"/api/v1/jobs/{job.pk}/file"]:
            assert other.get(url).status_code == 404, url
        assert str(job.pk) not in other.get(reverse("jobs:list")).content.decode().split('id="jobs"')[1]

    def test_the_owner_sees_the_job_and_downloads_its_file(
        self, client_for, users, echo_kind, django_capture_on_commit_callbacks
    ):
        job = done_job(users.officer, django_capture_on_commit_callbacks)
        client = client_for(users.officer)
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert '<progress max="100" value="100">' in page and 'id="job-download"' in page
        assert "hx-trigger" not in page  # done: the page stops polling
        download = client.get(reverse("jobs:download", args=[job.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"rows for officer\n"
        assert 'filename="echo.txt"' in download["Content-Disposition"]
        listing = client.get(reverse("jobs:list")).content.decode()
        assert "Unduhan saya" in listing and reverse("jobs:download", args=[job.pk]) in listing


def test_a_queued_job_polls_every_second_with_htmx(client_for, users, echo_kind):
    job = job_start(actor=users.officer, kind=KIND, params={})  # on_commit never fires in a test: still queued
    client = client_for(users.officer)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page and "Dalam antrean" in page
    fragment = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"') and "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=40, total=80)
    fragment = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert '<progress max="100" value="50">' in fragment and "40 dari 80" in fragment


def test_a_failed_job_shows_its_reason(client_for, users, echo_kind, django_capture_on_commit_callbacks):
    job = done_job(users.officer, django_capture_on_commit_callbacks, fail="crash")
    page = client_for(users.officer).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'id="job-error"' in page and "Pekerjaan berhenti" in page and 'id="job-download"' not in page


def test_my_downloads_is_in_the_menu(client_for, users):
    assert 'href="/jobs/"' in client_for(users.partner).get(reverse("home:home")).content.decode()


def test_the_api_starts_a_job_with_202_and_follows_it(client_for, users, echo_kind, django_capture_on_commit_callbacks):
    client = client_for(users.officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/jobs", {"kind": KIND, "params": {"rows": 2}}, content_type="application/json")
    assert started.status_code == 202
    job_id = started.json()["id"]
    assert started.json() == {"id": job_id, "url": f"/api/v1/jobs/{job_id}"}
    job = client.get(started.json()["url"]).json()
    assert job["status"] == "done" and job["percent"] == 100 and job["summary"] == ["2 rows"]
    assert job["download_url"] == f"/api/v1/jobs/{job_id}/file" and job["page_url"] == f"/jobs/{job_id}/"
    assert b"".join(client.get(job["download_url"]).streaming_content) == b"rows for officer\n"
    mine = client.get("/api/v1/jobs").json()
    assert mine["count"] == 1 and mine["items"][0]["id"] == job_id
    unknown = client.post("/api/v1/jobs", {"kind": "nope"}, content_type="application/json")
    assert unknown.status_code == 422 and "nope" in str(unknown.json())
