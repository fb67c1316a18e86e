"""Allowed status moves of agreements, batches and enrolments, as data (one mechanism: bekal.core.transitions).

Services move a status only through these tables; nothing assigns a status freely.
"""

from bekal.core.transitions import Transitions
from bekal.training.models import AgreementStatus as A
from bekal.training.models import BatchStatus as B
from bekal.training.models import EnrollmentStatus as E

AGREEMENT = Transitions(
    A,
    {
        A.DRAFT: {A.PROPOSED, A.TERMINATED},
        A.PROPOSED: {A.DRAFT, A.ACTIVE, A.TERMINATED},
        A.ACTIVE: {A.EXPIRING, A.EXPIRED, A.RENEWED, A.TERMINATED},
        A.EXPIRING: {A.EXPIRED, A.RENEWED, A.TERMINATED},
        A.EXPIRED: {A.RENEWED},
        A.RENEWED: set(),
        A.TERMINATED: set(),
    },
)

BATCH = Transitions(
    B,
    {
        B.DRAFT: {B.OPEN, B.CANCELLED},
        B.OPEN: {B.RUNNING, B.CANCELLED, B.DRAFT},
        B.RUNNING: {B.FINISHED, B.CANCELLED},
        B.FINISHED: {B.CLOSED},
        B.CLOSED: set(),
        B.CANCELLED: set(),
    },
)

ENROLLMENT = Transitions(
    E,
    {
        E.NOMINATED: {E.SELECTED, E.WAITLISTED, E.NOT_SELECTED},
        E.WAITLISTED: {E.SELECTED, E.NOT_SELECTED},
        E.SELECTED: {E.ENROLLED, E.NOT_SELECTED, E.DROPPED_OUT},
        E.ENROLLED: {E.COMPLETED, E.DROPPED_OUT, E.NOT_COMPLETED},
        # Back to enrolled only through enrollment_reopen: a completion recorded by mistake, with its reason.
        E.COMPLETED: {E.ENROLLED},
        E.DROPPED_OUT: set(),
        E.NOT_SELECTED: set(),
        E.NOT_COMPLETED: set(),
    },
)
