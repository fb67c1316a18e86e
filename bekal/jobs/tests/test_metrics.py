"""The jobs' figures on /metrics: jobs by kind and status (queued: the queue as Bekal sees it; failed: failures)."""

from django.urls import reverse

from bekal.jobs.models import Job


def test_metrics_count_jobs_by_kind_and_status(client, users):
    Job.objects.create(kind="tests.echo", user=users.officer)
    Job.objects.create(kind="tests.echo", user=users.officer)
    Job.objects.create(kind="tests.echo", user=users.officer, status="failed", error="x")
    body = client.get(reverse("ops:metrics"), REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'bekal_jobs{kind="tests.echo",status="queued"} 2.0' in body
    assert 'bekal_jobs{kind="tests.echo",status="failed"} 1.0' in body
