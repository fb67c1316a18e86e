"""Notifications API: the caller's own inbox and email choice (``/api/v1/notifications``)."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from bekal.accounts.types import AuthedRequest
from bekal.core.api_types import BoundedPages
from bekal.notifications import selectors, services
from bekal.notifications.models import Notice

router = Router(tags=["notifications"])


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    object_type: str
    object_id: str
    unit_id: int | None
    created_at: datetime
    read_at: datetime | None


class ReadAllOut(Schema):
    marked: int


class PreferenceOut(Schema):
    email_enabled: bool
    language: str


class PreferenceIn(Schema):
    email_enabled: bool
    language: str = "id"


@router.get("/notifications", response=list[NoticeOut])
@paginate(BoundedPages)
def notice_list(request: AuthedRequest, unread: bool = False) -> list[Notice]:
    """List the caller's notices, newest first; ``?unread=true`` keeps the unread ones."""
    notices = selectors.notices_for(request.user)
    return notices.filter(read_at__isnull=True) if unread else notices  # type: ignore[return-value]


@router.post("/notifications/read-all", response=ReadAllOut)
def notice_read_all(request: AuthedRequest) -> ReadAllOut:
    """Mark every unread notice of the caller read."""
    return ReadAllOut(marked=services.notices_mark_all_read(actor=request.user))


@router.post("/notifications/{notice_id}/read", response=NoticeOut)
def notice_read(request: AuthedRequest, notice_id: int) -> Notice:
    """Mark one of the caller's notices read; another person's notice answers 404."""
    notice = selectors.get_notice_for_user(request.user, notice_id)
    return services.notice_mark_read(notice=notice, actor=request.user)


@router.get("/notifications/preferences", response=PreferenceOut)
def preference_get(request: AuthedRequest) -> PreferenceOut:
    """Return whether the caller gets notices by email, and in which language."""
    preference = selectors.preference_of(request.user)
    return PreferenceOut(email_enabled=preference.email_enabled, language=preference.language)


@router.put("/notifications/preferences", response=PreferenceOut)
def preference_put(request: AuthedRequest, payload: PreferenceIn) -> PreferenceOut:
    """Switch the caller's notice emails on or off and set their language."""
    preference = services.notification_preference_set(
        user=request.user, actor=request.user, email_enabled=payload.email_enabled, language=payload.language
    )
    return PreferenceOut(email_enabled=preference.email_enabled, language=preference.language)
