from pathlib import Path

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from bekal.ops.backup import storage_backup, storage_names, storage_restore

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_uploaded_document_has_no_public_url(client, media, db, users):
    name = default_storage.save("agreements/2026/pks.pdf", ContentFile(b"%PDF-1.4 signed"))
    for who in (client, None):
        if who is None:
            client.force_login(users.sysadmin)
        response = client.get(f"/media/{name}")
        assert response.status_code == 404
        assert b"%PDF-1.4 signed" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_backup_copies_every_object_and_the_restore_puts_it_back(media, tmp_path):
    default_storage.save("agreements/2026/a.pdf", ContentFile(b"%PDF a"))
    default_storage.save("litmas/2026/b.pdf", ContentFile(b"%PDF b"))
    backup = tmp_path / "backup"
    call_command("storage_backup", str(backup))
    assert (backup / "objects/litmas/2026/b.pdf").read_bytes() == b"%PDF b"
    default_storage.delete("litmas/2026/b.pdf")
    call_command("storage_restore", str(backup))
    assert sorted(storage_names(default_storage)) == ["agreements/2026/a.pdf", "litmas/2026/b.pdf"]
    with default_storage.open("litmas/2026/b.pdf") as restored:
        assert restored.read() == b"%PDF b"


def test_a_restore_refuses_a_name_outside_the_storage(media, tmp_path):
    default_storage.save("a.pdf", ContentFile(b"x"))
    storage_backup(default_storage, tmp_path / "backup")
    manifest = tmp_path / "backup/manifest.json"
    manifest.write_text(manifest.read_text().replace('"a.pdf"', '"../escape.pdf"'))
    with pytest.raises(ValueError, match="escape"):
        storage_restore(default_storage, tmp_path / "backup")


def test_the_bucket_command_says_there_is_nothing_to_create_on_disk(capsys):
    call_command("storage_bucket")
    assert "nothing to create" in capsys.readouterr().out


def test_the_compose_file_runs_every_service_of_the_deployment():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis", "s3"} <= services.keys()
    assert services["worker"]["command"][:3] == ["celery", "-A", "bekal"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "bekal", "beat"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["BEKAL_S3_BUCKET"] and env["BEKAL_REDIS_URL"].startswith("redis://")
    # Superseded figure entries are dropped under a memory cap, never the job queues (which carry no expiry).
    redis = services["redis"]["command"]
    assert redis[redis.index("--maxmemory-policy") + 1] == "volatile-lru" and "--maxmemory" in redis
