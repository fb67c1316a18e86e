from datetime import date, datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from bekal.accounts.selectors import audit_events_for_user, audit_total
from bekal.accounts.types import AuthedRequest
from bekal.core.api_keyset import KeysetPages, KeysetRows

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    organization_id: int | None
    roles: list[str]


@router.get("/me", response=MeOut)
def me(request: AuthedRequest) -> MeOut:
    """Return the calling user, their organisation and roles."""
    user = request.user
    return MeOut(
        id=user.id,
        username=user.username,
        full_name=str(user),
        organization_id=user.organization_id,
        roles=sorted(user.roles),
    )


class AuditEventOut(Schema):
    id: int
    at: datetime
    code: str
    label: str
    actor: str | None
    unit_id: int | None
    unit: str | None
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_unit(obj: Any) -> str | None:
        return str(obj.unit) if obj.unit else None


@router.get("/audit", response=list[AuditEventOut])
@paginate(KeysetPages)
def audit_list(
    request: AuthedRequest,
    code: str = "",
    actor: str = "",
    unit: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    """The audit trail, newest first: every unit for a system administrator, their own unit for a unit administrator
    (403 for anyone else). ``code`` keeps the codes starting with it; ``actor`` a username; ``unit`` a unit id;
    ``since``/``until`` the days, both included."""
    events = audit_events_for_user(
        request.user, code=code[:80], actor=actor[:150], unit_id=unit, since=since, until=until
    )
    unfiltered = not (code or actor or unit is not None or since or until)
    return KeysetRows(events, total=audit_total(request.user, events, unfiltered=unfiltered))
