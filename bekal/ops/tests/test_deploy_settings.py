"""Issue 16, item 7: production settings pass ``manage.py check --deploy`` with no warning (HTTPS redirect, HSTS,
secure cookies, secret key, hosts), and turn https on by themselves when debug is off."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEKAL_", "DJANGO_", "DATABASE_URL"))}
    return env | {
        "BEKAL_VAR_DIR": str(tmp_path),
        "BEKAL_DEBUG": "0",
        "BEKAL_SECRET_KEY": secrets.token_urlsafe(50),
        "BEKAL_ALLOWED_HOSTS": "bekal.example.go.id",
        "BEKAL_CSRF_TRUSTED_ORIGINS": "https://bekal.example.go.id",
        "BEKAL_NIK_KEYS": "tz3Yq0gWJ0lq2aV1mU6gq5G4i7Gm0Zb3b6Wc0sR2y1E=",
        "BEKAL_NIK_HASH_KEY": secrets.token_urlsafe(32),
        **extra,
    }


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_settings_fail_the_deploy_check(tmp_path):
    """The check is not silenced wholesale: with https off (a loopback test setup) it names what is missing."""
    result = _manage(_production_env(tmp_path, BEKAL_HTTPS="0"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
