"""gunicorn settings, read from the environment (the image runs `gunicorn -c gunicorn.conf.py bekal.wsgi`)."""

import multiprocessing
import os
import shutil
from typing import Any

bind = os.environ.get("BEKAL_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("BEKAL_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("BEKAL_THREADS", "1"))
timeout = int(os.environ.get("BEKAL_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak never grows without bound.
max_requests = int(os.environ.get("BEKAL_MAX_REQUESTS", "1000"))
# Django is loaded and warmed (bekal.core.warmup: URL patterns, templates, catalogues, frozen out of the garbage
# collector) once, in the master, before it forks: every worker, a replacement too, starts warm. Without it each new
# worker spent some 1.25 s of CPU warming itself while the others served, every 1,000 requests.
preload_app = True
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-*; only these addresses are believed.
forwarded_allow_ips = os.environ.get("BEKAL_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application writes one JSON line per request itself (bekal.request); gunicorn's own messages go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("BEKAL_LOG_LEVEL", "INFO").lower()
proc_name = "bekal"

# Metrics of several worker processes: each writes its figures to this folder and /metrics sums them.
PROMETHEUS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server: Any) -> None:
    if PROMETHEUS_DIR:
        shutil.rmtree(PROMETHEUS_DIR, ignore_errors=True)
        os.makedirs(PROMETHEUS_DIR, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    if PROMETHEUS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
