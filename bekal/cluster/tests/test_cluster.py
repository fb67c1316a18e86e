"""Two web servers behind no proxy share what a national service must share: sessions (Redis) and documents (S3)."""

import re

import boto3
import pytest
import requests

from bekal.cluster.conftest import BUCKET, Cluster
from bekal.cluster.seed import AGREEMENT_NUMBER, PASSWORD, USERNAME

# django_db: the test database is created and migrated; the cluster copies it (conftest.postgres_url).
pytestmark = [pytest.mark.cluster, pytest.mark.django_db]


def _login(http: requests.Session, base: str) -> None:
    page = http.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    response = http.post(
        f"{base}/accounts/login/",
        data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
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
