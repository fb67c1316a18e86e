"""The audit events the partnerships app records (registered in ``apps.PartnershipsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Partnerships")
EVENTS = {
    "partnerships.meeting.created": _("Meeting recorded"),
    "partnerships.meeting.held": _("Meeting marked held"),
    "partnerships.meeting.cancelled": _("Meeting cancelled"),
    "partnerships.meeting.minutes_uploaded": _("Meeting minutes uploaded"),
    "partnerships.meeting.updated": _("Meeting changed"),
    "partnerships.action.created": _("Follow-up action added"),
    "partnerships.action.status_changed": _("Follow-up action status changed"),
    "partnerships.partnership.created": _("Partnership started"),
    "partnerships.step.recorded": _("Partnership step recorded"),
    "partnerships.forum.created": _("Forum founded"),
    "partnerships.forum.updated": _("Forum changed"),
    "partnerships.forum.member_added": _("Forum member added"),
    "partnerships.commitment.created": _("Forum decision or commitment recorded"),
    "partnerships.commitment.status_changed": _("Forum commitment status changed"),
    "partnerships.award.created": _("Award recorded"),
    "partnerships.award.documents_attached": _("Award documents attached"),
}
