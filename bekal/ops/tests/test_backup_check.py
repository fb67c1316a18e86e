import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db(transaction=True)
def test_the_backup_check_restores_the_database_and_the_documents(world, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL only: make test runs this in its PostgreSQL pass")
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("agreements/2026/pks.pdf", ContentFile(b"%PDF-1.4 signed"))
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "BEKAL_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    result = subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [sys.executable, str(ROOT / "scripts/backup_check.py"), "--keep", str(tmp_path / "backup")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "backup-check: ok" in result.stdout
    assert "1 objects restored and checked" in result.stdout
    assert (tmp_path / "backup/objects/objects/agreements/2026/pks.pdf").read_bytes() == b"%PDF-1.4 signed"
