"""The servers the bench starts: gunicorn on the loopback address with production settings, and the wait for it."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from bekal.people.nik_store import nik_key_env


def server_env() -> dict[str, str]:
    """The environment of a server the bench starts: production settings on plain http over loopback, the NIK keys
    of this process; the plan's Kanwil users hold sessions made in-process, with no second factor."""
    plain = {"BEKAL_DEBUG": "0", "BEKAL_HTTPS": "0", "BEKAL_OTP_REQUIRED": "0", "BEKAL_SECRET_KEY": settings.SECRET_KEY}
    return {**os.environ, **plain, **nik_key_env()}


def bench_workers() -> int:
    """Return the workers of a benched server: BENCH_WORKERS, else production's default (``gunicorn.conf.py``:
    twice the cores plus one), so that the bench measures the server as it is deployed."""
    return int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))


def start_gunicorn(*, env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    """Start our own gunicorn on the loopback address, Django loaded once before the workers fork."""
    bindir = Path(sys.executable).parent
    return subprocess.Popen(  # noqa: S603 - our own gunicorn on the loopback address
        [
            str(bindir / "gunicorn"),
            "bekal.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--preload",  # Django is loaded once, before the workers fork
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
    )


def wait_for_port(port: int, *, seconds: float) -> None:
    """Return once 127.0.0.1:port accepts a connection, or after the seconds given."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            break
        time.sleep(0.3)
