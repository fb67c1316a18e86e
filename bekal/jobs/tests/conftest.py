"""A kind of job of the tests' own (the jobs app may not import the apps that register the real ones)."""

from typing import Any

import pytest

from bekal.accounts.access import Capability, require
from bekal.jobs import registry
from bekal.jobs.registry import JobResult

KIND = "tests.echo"


class WorkerCrash(BaseException):
    """A worker dying mid-job: not an error the runner may catch and record (the process is gone)."""


def prepare(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    require(user, Capability.KPI_VIEW)
    return {"rows": int(params.get("rows", 5)), "fail": str(params.get("fail", ""))}


def run(job: Any, progress: Any) -> JobResult:
    for done in range(1, job.params["rows"] + 1):
        progress(done, job.params["rows"])
    if job.params["fail"] == "crash":
        raise RuntimeError("disk on fire")
    if job.params["fail"] == "worker":
        raise WorkerCrash
    return JobResult("echo.txt", f"rows for {job.user.username}\n".encode(), [f"{job.params['rows']} rows"])


@pytest.fixture
def echo_kind():
    registry.register(KIND, "Echo", run, prepare=prepare)
    yield KIND
    registry.KINDS.pop(KIND, None)
