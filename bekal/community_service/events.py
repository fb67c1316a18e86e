"""The audit events the community service app records (registered in ``apps.CommunityServiceConfig.ready``).

A compliance letter records ``community_service.step.<kind>`` and a breach case ``community_service.breach.<stage>``:
those codes come from the choices, so a new kind or stage brings its code and label.
"""

from django.utils.translation import gettext_lazy as _

from bekal.audit.events import choice_events
from bekal.community_service.models import BreachStage, StepKind

GROUP = _("Community service")
EVENTS = {
    "community_service.order.created": _("Community-service order recorded"),
    "community_service.order.training_counts_changed": _("Training days counting toward the hours changed"),
    "community_service.order.completed": _("Community-service order completed"),
    "community_service.order.enforced": _("Community-service order enforced (prison or fine)"),
    "community_service.site.created": _("Work site registered"),
    "community_service.site.updated": _("Work site changed"),
    "community_service.placement.created": _("Placed at a work site"),
    "community_service.placement.ended": _("Placement at a work site ended"),
    "community_service.placement.moved": _("Moved to another work site"),
    "community_service.session.recorded": _("Work session recorded"),
    "community_service.session.withdrawn": _("Work session withdrawn"),
    "community_service.session.voided": _("Work session voided with a reason"),
    "community_service.adjustment.created": _("Hours adjusted"),
    **choice_events("community_service.step", StepKind, _("Compliance letter issued: {status}")),
    "community_service.step.decided": _("Decision on a report to the prosecutor recorded"),
    "community_service.step.signatory_set": _("Signatory of a letter chosen"),
    "community_service.sentence.created": _("Supervision sentence recorded"),
    "community_service.sentence.reported": _("Monthly report recorded"),
    "community_service.breach.advised": _("Breach advised by the PK"),
    **choice_events("community_service.breach", BreachStage, _("Breach: stage set to {status}")),
    "community_service.litmas.created": _("Litmas report recorded"),
    "community_service.litmas.document_attached": _("Litmas PDF attached"),
}
