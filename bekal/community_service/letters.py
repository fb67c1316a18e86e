"""The letters of an order as PDF (ReportLab): warnings, the report to the prosecutor, the completion report."""

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from bekal.community_service.models import ComplianceStep, StepKind
from bekal.community_service.selectors.ledger import Progress
from bekal.core.durations import hours_minutes
from bekal.core.formats import readable


def step_pdf(step: ComplianceStep, *, progress: Progress) -> bytes:
    """Return the step's letter as a PDF."""
    order = step.order
    period = order.period
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, title=str(step))
    title = {
        StepKind.WARNING: _("Warning letter %(number)s") % {"number": step.number},
        StepKind.REPORT: _("Report to the prosecutor on failure to do community service"),
        StepKind.COMPLETION: _("Report on the completion of community service"),
    }[StepKind(step.kind)]
    rows = [
        [_("From"), str(period.unit)],
        [_("To"), str(order.prosecutor_office)],
        [_("Client"), str(period.person)],
        [_("Court decision"), f"{order.court}, {order.decision_number} ({order.decision_date})"],
        [_("Hours ordered"), str(order.hours_ordered)],
        [_("Hours done"), hours_minutes(progress.completed + progress.adjusted)],
        [_("Hours remaining"), hours_minutes(progress.remaining)],
        [_("Complete by"), str(order.complete_by)],
        [_("Sanction if not done"), str(order.get_sanction_display())],
        [_("Date"), str(step.issued_on)],
    ]
    story = [Paragraph(title, styles["Title"]), Spacer(1, 0.5 * cm), Table(rows, colWidths=[5 * cm, 11 * cm])]
    story.append(Spacer(1, 0.5 * cm))
    if step.kind == StepKind.WARNING:
        body = _(
            "On %(date)s the client failed without a valid reason to do the community service ordered. If this "
            "happens again, the probation officer will report it to the prosecutor (KUHP Pasal 85)."
        ) % readable({"date": step.session.date if step.session else step.issued_on})
    elif step.kind == StepKind.REPORT:
        body = _(
            "After the warnings issued, the client again failed without a valid reason to do the community service "
            "ordered. We ask the prosecutor to apply the sanction the court ordered (KUHP Pasal 85)."
        )
    else:
        body = _("The client has completed all %(hours)s hours of community service ordered.") % {
            "hours": order.hours_ordered
        }
    story.append(Paragraph(body, styles["BodyText"]))
    if step.decision:
        story.append(Spacer(1, 0.3 * cm))
        story.append(
            Paragraph(
                _("Decision: %(decision)s (%(date)s)")
                % readable({"decision": step.get_decision_display(), "date": step.decided_on}),
                styles["BodyText"],
            )
        )
    officer = period.officer
    story += [Spacer(1, 1.5 * cm), Paragraph(_("Probation officer (PK)"), styles["BodyText"])]
    story.append(Paragraph(str(officer) if officer else "", styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()
