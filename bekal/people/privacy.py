"""Registry privacy (issue 16): what the duplicate check tells an officer about a record outside their units.

The check (registration page, API, import) must find a person already on record anywhere, or the registry would
hold twins; but an officer of another unit learns only *that* a record exists and how to ask for it to be
transferred, never where or whose it is. Each such finding is written to the audit trail (``people.duplicate.
outside_found``, with how many records and by what, never the NIK or name searched), and a user may make at most
``people.duplicate.outside_daily_limit`` of them in 24 hours (a rule); past it, registrations are refused until the
window moves on, so the check cannot be used to walk the national registry.
"""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record
from bekal.rules.selectors import rule_int

OUTSIDE_FOUND = "people.duplicate.outside_found"
LIMIT_RULE = "people.duplicate.outside_daily_limit"
WINDOW = timedelta(hours=24)
HOW_TO_TRANSFER = gettext_lazy(
    "This person is already registered at another unit, outside yours; Bekal registers no one twice. To take the "
    "person over, ask your Kanwil or a system administrator to transfer the record to your unit."
)


def outside_found_recently(actor: Any) -> int:
    """Return how many records outside their units the duplicate check found for the user in the last 24 hours."""
    since = timezone.now() - WINDOW
    events = AuditEvent.objects.filter(code=OUTSIDE_FOUND, actor_id=actor.pk, at__gte=since)
    return sum(int(changes.get("records", 1)) for changes in events.values_list("changes", flat=True))


def check_outside_limit(actor: Any, *, adding: int = 0, field: str = "nik") -> None:
    """Refuse (ValidationError on ``field``) when the user has reached the rule's limit, or would pass it by
    ``adding`` more findings."""
    limit = rule_int(LIMIT_RULE)
    found = outside_found_recently(actor)
    if found + adding > limit or (adding == 0 and found >= limit):
        raise ValidationError(
            {
                field: _(
                    "The duplicate check has found %(found)s records outside your units in the last 24 hours "
                    "(%(adding)s more in this request); the limit is %(limit)s (rule %(rule)s). Try again later or "
                    "ask a system administrator."
                )
                % {"found": found, "adding": adding, "limit": limit, "rule": LIMIT_RULE}
            }
        )


def record_outside_found(*, actor: Any, unit: Any, records: int, by: str) -> None:
    """Write one finding of records outside the user's units to the audit trail (inside the caller's transaction)."""
    audit_record(
        code="people.duplicate.outside_found", actor=actor, unit=unit, obj=actor, changes={"records": records, "by": by}
    )
