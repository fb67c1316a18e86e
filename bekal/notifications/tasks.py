"""The email of a notice, sent by a Celery task after the notice is committed.

``queue_notice_email`` is what ``notify`` hands to ``transaction.on_commit``. With no broker configured the task runs
in the process that queued it (``CELERY_TASK_ALWAYS_EAGER``), so a fresh ``make run`` needs no worker; a failure is
logged by Celery and leaves the notice in the inbox with ``emailed_at`` empty, never a server error for the page
that caused it.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bekal.notifications.models import Notice, NotificationPreference

logger = logging.getLogger(__name__)


def queue_notice_email(notice_id: int) -> None:
    """Send the notice's email through Celery: in this process when tasks run eagerly, else on a worker."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        deliver_notice_email.apply(args=[notice_id])
    else:
        deliver_notice_email.delay(notice_id)


@shared_task(name="bekal.notifications.deliver_notice_email")
def deliver_notice_email(notice_id: int) -> bool:
    """Email the notice to its recipient, once; return whether an email went out.

    Nothing is sent when the notice was already emailed (a task delivered twice), the recipient switched emails off
    since, or has no address. The notice is claimed (``emailed_at`` set) before sending and released if the mail
    server refuses, so two workers never send the same notice and a failed one can be sent again.
    """
    notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None or notice.emailed_at is not None or not notice.recipient.email:
        return False
    preference = NotificationPreference.objects.filter(user_id=notice.recipient_id).first()
    if preference is not None and not preference.email_enabled:
        return False
    if not Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return False
    language = preference.language if preference else settings.LANGUAGE_CODE
    site = settings.BEKAL_SITE_URL
    with translation.override(language):
        body = render_to_string(
            "notifications/email/message.txt",
            {
                "notice": notice,
                "url": f"{site}{notice.link}" if notice.link else "",
                "account_url": f"{site}{reverse('accounts:profile')}",
            },
        )
    try:
        send_mail(notice.title, body.strip() + "\n", None, [notice.recipient.email])
    except Exception:
        Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
        raise
    return True
