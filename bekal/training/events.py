"""The audit events the training app records (registered in ``apps.TrainingConfig.ready``).

A batch, an agreement or an enrolment that changes status records ``<entity>.<new status>``: those codes come from
the status choices, so a new status brings its code and label.
"""

from django.utils.translation import gettext_lazy as _

from bekal.audit.events import choice_events
from bekal.training.models import AgreementStatus, BatchStatus, EnrollmentStatus

GROUP = _("Training")
EVENTS = {
    "training.programme.created": _("Programme created"),
    "training.certificate.issued": _("Training certificate issued"),
    "training.certificate.revoked": _("Training certificate revoked"),
    "training.programme.updated": _("Programme changed"),
    "training.programme.retired": _("Programme retired"),
    "training.programme.reactivated": _("Programme reactivated"),
    "training.agreement.created": _("Agreement recorded"),
    "training.agreement.updated": _("Agreement changed"),
    "training.agreement.attachment_added": _("Agreement attachment added"),
    "training.agreement.document_uploaded": _("Agreement document uploaded"),
    **choice_events("training.agreement", AgreementStatus, _("Agreement: status set to {status}")),
    "training.batch.created": _("Batch created"),
    "training.batch.day_changed": _("Batch calendar changed"),
    **choice_events("training.batch", BatchStatus, _("Batch: status set to {status}")),
    "training.instructor.added": _("Instructor added to a batch"),
    "training.instructor.registered": _("Instructor registered"),
    "training.instructor.updated": _("Instructor changed"),
    "training.instructor.certificate_added": _("Instructor certificate recorded"),
    "training.plan.created": _("Training plan started"),
    "training.plan.line_set": _("Training plan programme set"),
    "training.plan.line_removed": _("Training plan programme removed"),
    "training.plan.approved": _("Training plan approved"),
    "training.enrollment.interest_recorded": _("Interest statement recorded"),
    **choice_events("training.enrollment", EnrollmentStatus, _("Enrolment: status set to {status}")),
    "training.enrollment.reopened": _("Completion reopened as a mistake, with its reason"),
    "training.attendance.voided": _("Attendance mark voided with a reason"),
    "training.attendance.recorded": _("Attendance recorded"),
    "training.escort.assigned": _("Escort assigned"),
    "training.escort.removed": _("Escort removed"),
    "training.incident.recorded": _("Disciplinary incident recorded"),
    "training.budget.allocated": _("Budget allocated"),
    "training.budget.realised": _("Budget spending recorded"),
    "training.holiday.created": _("Holiday added"),
    "training.holiday.updated": _("Holiday changed"),
    "training.holiday.deleted": _("Holiday removed"),
    "training.holiday.imported": _("Holidays of a year imported"),
}
