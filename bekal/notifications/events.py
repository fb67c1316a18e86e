"""The audit events the notifications app records (registered in ``apps.NotificationsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Notifications")
EVENTS = {
    "notifications.notice.sent": _("Notice sent"),
    "notifications.preference.set": _("Notification preference changed"),
    "notifications.rule.created": _("Notification rule added"),
    "notifications.rule.updated": _("Notification rule changed"),
    "notifications.rule.deleted": _("Notification rule removed"),
}
