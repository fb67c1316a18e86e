from django.urls import reverse

from bekal.core.testing import assert_flat_queries, covers
from bekal.jobs.models import Job


@covers("jobs:list", "GET /api/v1/jobs")
def test_my_downloads_list_in_a_fixed_number_of_queries(client_for, users):
    def grow(n):
        start = Job.objects.count()
        for i in range(start, start + n):
            Job.objects.create(kind="tests.echo", user=users.officer, input_name=f"upload-{i:03d}.csv")
            yield f"upload-{i:03d}.csv"

    client = client_for(users.officer)
    assert_flat_queries(client, reverse("jobs:list"), grow, ceiling=8)

    def grow_ids(n):
        return [
            f'"id":{job.pk}' for job in [Job.objects.create(kind="tests.echo", user=users.officer) for _ in range(n)]
        ]

    assert_flat_queries(client, "/api/v1/jobs", lambda n: [m.replace(":", ": ") for m in grow_ids(n)], ceiling=8)
