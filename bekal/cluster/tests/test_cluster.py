"""Two web servers behind no proxy share what a national service must share: sessions (Redis), documents (S3) and
background work (Celery on Redis). A job started on one server runs on the worker and is watched and downloaded through
the other; a worker killed mid-job leaves nothing half-written and the job runs once after restart; the daily jobs sent
through the broker (as beat sends them) move an expiring agreement and tell its head of unit in the inbox and by
email."""

import io
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from typing import Any

import boto3
import psycopg
import pytest
import requests
from openpyxl import load_workbook

from bekal.cluster.conftest import BIN, BUCKET, ROOT, Cluster, Service, Services, start_celery
from bekal.cluster.seed import AGREEMENT_NUMBER, EXPIRING_NUMBER, HEAD, HEAD_EMAIL, NATIONAL, PASSWORD, USERNAME

# django_db: the test database is created and migrated; the cluster copies it (conftest.postgres_url).
pytestmark = [pytest.mark.cluster, pytest.mark.django_db]


def _login(http: requests.Session, base: str, username: str = USERNAME) -> None:
    page = http.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    response = http.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]


def _agreement_pk(http: requests.Session, base: str) -> int:
    listing = http.get(f"{base}/training/agreements/", timeout=10)
    assert listing.status_code == 200 and AGREEMENT_NUMBER in listing.text
    match = re.search(r'href="/training/agreements/(\d+)/"', listing.text)
    assert match, listing.text[:1000]
    return int(match.group(1))


def test_each_server_is_ready_with_every_dependency(cluster: Cluster):
    for base in cluster.web:
        response = requests.get(f"{base}/readyz", timeout=10)
        assert response.status_code == 200, response.text
        assert response.json()["checks"] == {
            "database": "ok",
            "cache": "ok",
            "broker": "ok",
            "storage": "ok",
            "migrations": "ok",
        }


def test_a_login_made_on_one_server_works_on_the_other(cluster: Cluster):
    server_a, server_b = cluster.web
    http = requests.Session()  # cookies are kept per host, not per port: B receives A's session cookie
    _login(http, server_a)
    home = http.get(f"{server_b}/", allow_redirects=False, timeout=10)
    assert home.status_code == 200 and "/accounts/login/" not in home.headers.get("Location", "")
    assert home.headers["X-Request-ID"]


def test_a_document_uploaded_through_one_server_is_downloaded_through_the_other(cluster: Cluster):
    server_a, server_b = cluster.web
    http = requests.Session()
    _login(http, server_a)
    pk = _agreement_pk(http, server_a)
    detail = http.get(f"{server_a}/training/agreements/{pk}/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail.text)
    assert token
    signed = b"%PDF-1.4\n% signed in the cluster\n"
    upload = http.post(
        f"{server_a}/training/agreements/{pk}/document/",
        data={"csrfmiddlewaretoken": token.group(1)},
        files={"document": ("pks-signed.pdf", signed, "application/pdf")},
        allow_redirects=False,
        timeout=10,
    )
    assert upload.status_code == 302
    download = http.get(f"{server_b}/training/agreements/{pk}/document.pdf", timeout=10)
    assert download.status_code == 200 and download.content == signed
    # The bytes live in the bucket, privately: not on either server's disk, not readable without credentials.
    s3 = boto3.client(
        "s3",
        endpoint_url=cluster.env["BEKAL_S3_ENDPOINT_URL"],
        aws_access_key_id=cluster.env["BEKAL_S3_ACCESS_KEY"],
        aws_secret_access_key=cluster.env["BEKAL_S3_SECRET_KEY"],
        region_name=cluster.env["BEKAL_S3_REGION"],
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(key.startswith("agreements/") and key.endswith(".pdf") for key in keys)
    assert requests.get(f"{server_b}/media/{keys[0]}", timeout=10).status_code == 404
    anonymous = requests.get(f"{server_b}/training/agreements/{pk}/document.pdf", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302 and signed not in anonymous.content


WAIT_SECONDS = 60.0
IMPORT_ROWS = 30_000


def _session(base: str, username: str) -> requests.Session:
    http = requests.Session()
    _login(http, base, username)
    return http


def _until(what: str, ready: Callable[[], Any], seconds: float = WAIT_SECONDS, every: float = 0.2) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = ready()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"{what}: not within {seconds:.0f} s")


def _sql(cluster: Cluster, query: str, *params: Any) -> Any:
    with psycopg.connect(cluster.env["DATABASE_URL"]) as conn:
        row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def _job(http: requests.Session, base: str, pk: int) -> dict[str, Any]:
    response = http.get(f"{base}/api/v1/jobs/{pk}", timeout=10)
    assert response.status_code == 200, response.text[:500]
    return dict(response.json())


def test_an_export_started_on_one_server_is_watched_and_downloaded_on_the_other(
    cluster: Cluster, celery_worker_process: Service
):
    server_a, server_b = cluster.web
    http = _session(server_a, NATIONAL)
    start = http.get(
        f"{server_a}/kpis/people.xlsx", params={"kpi": "completion", "part": "denominator"}, allow_redirects=False
    )
    assert start.status_code == 302, start.text[:500]
    found = re.search(r"/jobs/(\d+)/", start.headers["Location"])
    assert found, start.headers["Location"]
    pk = int(found.group(1))
    seen: list[str] = []

    def finished() -> dict[str, Any] | None:
        job = _job(http, server_b, pk)  # watched on the other server, with the session made on the first
        seen.append(job["status"])
        return job if job["status"] in ("done", "failed") else None

    job = _until("the export", finished)
    assert job["status"] == "done", job
    page = http.get(f"{server_b}{job['page_url']}", timeout=10)
    assert page.status_code == 200 and f"/jobs/{pk}/file/" in page.text  # finished: the page offers the file
    download = http.get(f"{server_b}{job['download_url']}", timeout=30)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
    rows = sum(1 for _row in sheet.iter_rows(values_only=True))  # a streamed (write-only) sheet states no size
    assert rows > 1000, rows  # thousands of people: a national-scale export, not a page
    assert "running" in seen or "queued" in seen or len(seen) == 1  # the worker, not the web server, ran it


def _import_csv(count: int) -> bytes:
    def letters(n: int) -> str:
        out = ""
        for _ in range(4):
            n, r = divmod(n, 26)
            out = "abcdefghijklmnopqrstuvwxyz"[r] + out
        return out.capitalize()

    lines = ["full_name,birth_date,sex"]
    lines += [
        f"Impor {letters(i)} Klaster,19{70 + i % 30}-0{1 + i % 9}-1{i % 9},{'M' if i % 2 else 'F'}"
        for i in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def _kill(service: Service) -> None:
    os.killpg(service.popen.pid, signal.SIGKILL)  # the worker and its pool child, as a machine crash would
    service.popen.wait(timeout=10)


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_once_after_restart(
    services: Services, cluster: Cluster
):
    worker = start_celery(services, cluster, "worker", name="worker-killed")
    server_a, server_b = cluster.web
    http = _session(server_a, USERNAME)
    unit = _sql(cluster, "SELECT organization_id FROM accounts_user WHERE username = %s", USERNAME)
    before = _sql(cluster, "SELECT count(*) FROM people_person")
    response = http.post(
        f"{server_a}/api/v1/people/import",
        data={"registered_unit": str(unit)},
        files={"file": ("register.csv", _import_csv(IMPORT_ROWS), "text/csv")},
        headers={"X-CSRFToken": str(http.cookies.get("csrftoken", ""))},
        timeout=30,
    )
    assert response.status_code == 202, response.text[:500]
    pk = response.json()["id"]
    job = _until(
        "the import under way",
        lambda: (j := _job(http, server_b, pk))["status"] in ("running", "done", "failed") and j,
        every=0.05,
    )
    assert job["status"] == "running", f"the import ended before the worker could be killed: {job}"
    _kill(worker)
    assert _sql(cluster, "SELECT count(*) FROM people_person") == before  # the rolled-back transaction wrote nothing
    assert _job(http, server_b, pk)["status"] == "running"
    start_celery(services, cluster, "worker", name="worker-restarted")
    job = _until(
        "the import after restart", lambda: (j := _job(http, server_b, pk))["status"] in ("done", "failed") and j
    )
    assert job["status"] == "done", job
    assert _sql(cluster, "SELECT count(*) FROM people_person") == before + IMPORT_ROWS  # each row once
    assert _sql(cluster, "SELECT count(*) FROM people_person WHERE full_name LIKE %s", "Impor % Klaster") == IMPORT_ROWS


def test_the_daily_jobs_sent_through_the_broker_move_an_expiring_agreement_and_tell_its_head(
    cluster: Cluster, celery_worker_process: Service, celery_beat_process: Service
):
    assert celery_beat_process.popen.poll() is None  # beat holds the daily schedule
    agreement = _sql(cluster, "SELECT id FROM training_agreement WHERE number = %s", EXPIRING_NUMBER)
    assert _sql(cluster, "SELECT status FROM training_agreement WHERE id = %s", agreement) == "active"
    # The task beat sends at 01:00, sent now through the same broker.
    subprocess.run(
        [str(BIN / "celery"), "-A", "bekal", "call", "bekal.jobs.tasks.run_daily_jobs"],
        env=cluster.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    _until(
        "the agreement expiring",
        lambda: _sql(cluster, "SELECT status FROM training_agreement WHERE id = %s", agreement) == "expiring",
    )
    head = _session(cluster.web[1], HEAD)

    def notice() -> dict[str, Any] | None:
        body = head.get(f"{cluster.web[1]}/api/v1/notifications", timeout=10).json()
        items = body["items"] if isinstance(body, dict) else body
        return next((n for n in items if n["object_id"] == str(agreement)), None)

    item = _until("the head's inbox item", notice)
    assert EXPIRING_NUMBER in item["title"] + item["body"] or item["link"].endswith(f"/agreements/{agreement}/")
    mail = _until(
        "the head's email",
        lambda: next((m for m in cluster.mailbox.messages if HEAD_EMAIL in str(m.get("To", ""))), None),
    )
    assert mail["Subject"]
