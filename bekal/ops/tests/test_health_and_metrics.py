import pytest
from django.urls import reverse

from bekal.ops import checks


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: a query here would raise.
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_each_dependency(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "skipped", "storage": "ok", "migrations": "ok"},
    }
    assert list(tmp_path.rglob("*.txt")) == []  # the probe object is deleted


def test_readyz_answers_503_when_a_dependency_fails(client, db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def broken() -> None:
        raise OSError("disk full")

    monkeypatch.setattr(checks, "check_storage", broken)
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["storage"] == "fail: OSError: disk full"
    assert body["checks"]["database"] == "ok"


def test_readyz_checks_the_broker_when_redis_is_configured(client, db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BEKAL_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("ops:readyz"))
    assert response.status_code == 503 and response.json()["checks"]["broker"].startswith("fail: ConnectionError")


@pytest.mark.parametrize(
    ("meta", "status"),
    [
        ({"REMOTE_ADDR": "10.1.2.3"}, 403),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.1.2.3"}, 403),
        ({"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer wrong"}, 403),
        ({"REMOTE_ADDR": "127.0.0.1"}, 200),
        ({"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer s3cret-token"}, 200),
    ],
)
def test_metrics_answer_a_local_scraper_or_the_token_holder_only(client, db, settings, meta, status):
    settings.BEKAL_METRICS_TOKEN = "s3cret-token"
    response = client.get(reverse("ops:metrics"), **meta)
    assert response.status_code == status
    if status == 200:
        assert b"django_http_requests_total_by_method_total" in response.content
    else:
        assert b"django_http" not in response.content


def test_metrics_without_a_token_configured_refuse_every_remote_caller(client, db, settings):
    settings.BEKAL_METRICS_TOKEN = ""
    assert client.get(reverse("ops:metrics"), REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer ").status_code == 403
