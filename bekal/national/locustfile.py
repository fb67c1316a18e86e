"""The mixed load of ``manage.py bench``: each simulated user is one of the bench users (its session cookie comes
from the plan file the bench writes) and opens its pages in random order with a second of thought between."""

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: list[dict[str, Any]] = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
_next = iter(range(10**9))


class Officer(HttpUser):
    wait_time = between(0.5, 1.5)

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
