import io
import json
import logging
import logging.config
import re

from django.conf import settings as django_settings
from django.urls import reverse

from bekal.ops.logging import mask_nik


def test_the_request_id_of_the_caller_is_returned(client):
    response = client.get(reverse("ops:healthz"), HTTP_X_REQUEST_ID="proxy-abc-123")
    assert response["X-Request-ID"] == "proxy-abc-123"


def test_a_request_without_a_usable_id_gets_a_new_one(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get(reverse("ops:healthz"))["X-Request-ID"])
    injected = client.get(reverse("ops:healthz"), HTTP_X_REQUEST_ID="x\ninjected line")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", injected)


def test_a_nik_never_reaches_the_log_but_other_numbers_do():
    assert mask_nik("NIK 1608015705900001 di baris 12") == "NIK **************** di baris 12"
    assert mask_nik("telepon 081234567890, rekening 12345678901234567") == (
        "telepon 081234567890, rekening 12345678901234567"
    )


def _json_logger(stream: io.StringIO) -> logging.Logger:
    config = {**django_settings.LOGGING, "incremental": False, "disable_existing_loggers": False}
    config["handlers"] = {
        "capture": {
            "class": "logging.StreamHandler",
            "stream": stream,
            "filters": ["context", "mask_nik"],
            "formatter": "json",
        }
    }
    config["root"] = {"handlers": [], "level": "INFO"}
    config["loggers"] = {"bekal.test.json": {"handlers": ["capture"], "level": "INFO", "propagate": False}}
    logging.config.dictConfig(config)
    return logging.getLogger("bekal.test.json")


def test_a_json_line_carries_time_level_logger_message_and_the_request(client, db, users, monkeypatch):
    stream = io.StringIO()
    logger = _json_logger(stream)
    try:
        from bekal.ops import middleware

        monkeypatch.setattr(middleware, "logger", logger)
        client.force_login(users.officer)
        client.get(reverse("ops:healthz"), HTTP_X_REQUEST_ID="req-42")
        try:
            raise ValueError("bad NIK 1608015705900001")
        except ValueError:
            logger.exception("refused %s", "1608015705900001")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    request_line, error_line = (json.loads(line) for line in stream.getvalue().splitlines())
    assert {"time", "level", "logger", "message"} <= request_line.keys()
    assert request_line["level"] == "INFO" and request_line["logger"] == "bekal.test.json"
    assert request_line["request_id"] == "req-42"
    assert request_line["user_id"] == str(users.officer.pk)
    assert request_line["unit_id"] == str(users.officer.organization_id)
    assert request_line["message"].startswith("GET /healthz 200")
    assert error_line["request_id"] == "-" and error_line["message"] == "refused ****************"
    assert "1608015705900001" not in stream.getvalue()
