"""Prometheus metrics of the background jobs, read when `/metrics` is scraped: jobs by kind and status (queued is the
queue's length as Bekal sees it, failed the failures), and the broker queue's length when a Redis broker is set."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from bekal.jobs.models import Job

QUEUE = "celery"  # Celery's default queue, where run_job and the daily jobs go


class JobCollector(Collector):
    def describe(self) -> Iterator[Any]:
        """Name the metrics without reading them: the registry asks at start-up, before any table exists."""
        yield GaugeMetricFamily("bekal_jobs", "Background jobs by kind and status", labels=["kind", "status"])
        yield GaugeMetricFamily("bekal_job_queue_length", "Messages waiting in the broker's job queue")

    def collect(self) -> Iterator[Any]:
        jobs = GaugeMetricFamily("bekal_jobs", "Background jobs by kind and status", labels=["kind", "status"])
        for row in Job.objects.values("kind", "status").order_by().annotate(n=Count("id")):
            jobs.add_metric([row["kind"], row["status"]], row["n"])
        yield jobs
        if settings.BEKAL_REDIS_URL:
            import redis

            length = GaugeMetricFamily("bekal_job_queue_length", "Messages waiting in the broker's job queue")
            try:
                client = redis.Redis.from_url(settings.BEKAL_REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
                length.add_metric([], client.llen(QUEUE))
            except redis.RedisError:
                return
            yield length


_registered: list[JobCollector] = []


def register() -> None:
    """Add the collector to the default registry once (the registry refuses a second copy)."""
    if not _registered:
        collector = JobCollector()
        REGISTRY.register(collector)
        _registered.append(collector)
