"""A job's status moves. A redelivered message restarts a running job without a move (bekal.jobs.runner)."""

from bekal.core.transitions import Transitions
from bekal.jobs.models import JobStatus

S = JobStatus
JOB = Transitions(
    JobStatus,
    {
        S.QUEUED: {S.RUNNING, S.FAILED},
        S.RUNNING: {S.DONE, S.FAILED},
        S.DONE: set(),
        S.FAILED: set(),
    },
)
