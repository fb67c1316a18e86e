"""The mixed load of ``manage.py bench``: each simulated user is one of the bench users (its session cookie comes
from the plan file the bench writes) and opens its pages in random order, thinking BENCH_THINK seconds between
pages (a range "low,high"; default 2 to 8 s, an officer reading a page before the next)."""

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: list[dict[str, Any]] = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
_next = iter(range(10**9))
THINK = [float(x) for x in os.environ.get("BENCH_THINK", "2,8").split(",")]


class Officer(HttpUser):
    wait_time = between(THINK[0], THINK[-1])

    def on_start(self) -> None:
        entry = PLAN[next(_next) % len(PLAN)]
        self.urls: list[str] = entry["urls"]
        self.headers = {"Cookie": entry["cookie"], "Accept-Language": "id"}
        self.rng = random.Random(entry["user"])  # noqa: S311 - load pattern, not security

    @task
    def open_page(self) -> None:
        url = self.rng.choice(self.urls)
        name = url.split("?")[0].rstrip("/").rsplit("/", 1)[0] + "/..." if url.count("/") > 2 else url
        with self.client.get(url, headers=self.headers, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
