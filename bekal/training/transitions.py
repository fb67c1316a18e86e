"""Allowed status moves, as data: {from: {to, ...}}. Services consult these; nothing assigns a status freely."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bekal.training.models import AgreementStatus as A
from bekal.training.models import BatchStatus as B
from bekal.training.models import EnrollmentStatus as E

AGREEMENT: dict[str, set[str]] = {
    A.DRAFT: {A.PROPOSED, A.TERMINATED},
    A.PROPOSED: {A.DRAFT, A.ACTIVE, A.TERMINATED},
    A.ACTIVE: {A.EXPIRING, A.EXPIRED, A.RENEWED, A.TERMINATED},
    A.EXPIRING: {A.EXPIRED, A.RENEWED, A.TERMINATED},
    A.EXPIRED: {A.RENEWED},
    A.RENEWED: set(),
    A.TERMINATED: set(),
}

BATCH: dict[str, set[str]] = {
    B.DRAFT: {B.OPEN, B.CANCELLED},
    B.OPEN: {B.RUNNING, B.CANCELLED, B.DRAFT},
    B.RUNNING: {B.FINISHED, B.CANCELLED},
    B.FINISHED: {B.CLOSED},
    B.CLOSED: set(),
    B.CANCELLED: set(),
}

ENROLLMENT: dict[str, set[str]] = {
    E.NOMINATED: {E.SELECTED, E.WAITLISTED, E.NOT_SELECTED},
    E.WAITLISTED: {E.SELECTED, E.NOT_SELECTED},
    E.SELECTED: {E.ENROLLED, E.NOT_SELECTED, E.DROPPED_OUT},
    E.ENROLLED: {E.COMPLETED, E.DROPPED_OUT, E.NOT_COMPLETED},
    E.COMPLETED: set(),
    E.DROPPED_OUT: set(),
    E.NOT_SELECTED: set(),
    E.NOT_COMPLETED: set(),
}


def check_move(table: dict[str, set[str]], choices: type, current: str, new: str, *, field: str = "status") -> None:
    """Raise a ValidationError naming both statuses unless the table allows the move."""
    if new not in table.get(current, set()):
        raise ValidationError(
            {
                field: _("Status cannot change from %(old)s to %(new)s")
                % {"old": choices(current).label, "new": choices(new).label}
            }
        )
