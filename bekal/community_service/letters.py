"""The letters of an order as PDF (``community_service/documents/letter.html`` through the one engine): the warning
to the client, the report to the prosecutor and the completion report, on the Bapas's letterhead with the number from
its register, the place and date, the right addressee and the chosen official's signature."""

from django.utils.translation import gettext as _

from bekal.community_service.models import ComplianceStep, StepKind
from bekal.community_service.selectors.ledger import Progress
from bekal.core.documents import render_pdf
from bekal.core.formats import duration
from bekal.organizations import documents as paperwork
from bekal.organizations.time import long_date


def _addressee(step: ComplianceStep) -> list[str]:
    """Return the lines of the address: the client for a warning, the head of the prosecutor's office otherwise."""
    order = step.order
    if step.kind == StepKind.WARNING:
        return [
            _("Mr/Ms %(name)s") % {"name": order.period.person.full_name},
            _("Client of %(unit)s") % {"unit": order.period.unit.name},
        ]
    office = order.prosecutor_office
    return [_("Head of %(office)s") % {"office": office.name}, *([office.address] if office.address else [])]


def _body(step: ComplianceStep) -> str:
    order = step.order
    if step.kind == StepKind.WARNING:
        day = step.session.date if step.session else step.issued_on
        return _(
            "On %(date)s you failed without a valid reason to do the community service the court ordered. This is "
            "warning %(number)s. If it happens again, your probation officer will report it to the prosecutor, who may "
            "apply the sanction the court ordered (KUHP Pasal 85)."
        ) % {"date": long_date(day), "number": step.number}
    if step.kind == StepKind.REPORT:
        return _(
            "After the warnings issued, the client below again failed without a valid reason to do the community "
            "service ordered. We ask the prosecutor to apply the sanction the court ordered (KUHP Pasal 85)."
        )
    return _("The client below has completed all %(hours)s hours of community service the court ordered.") % {
        "hours": order.hours_ordered
    }


def step_pdf(step: ComplianceStep, *, progress: Progress) -> bytes:
    """Return the step's letter as a PDF."""
    order = step.order
    period = order.period
    unit = period.unit
    subject = {
        StepKind.WARNING: _("Warning %(number)s on community service") % {"number": step.number},
        StepKind.REPORT: _("Report on failure to do community service"),
        StepKind.COMPLETION: _("Report on the completion of community service"),
    }[StepKind(step.kind)]
    rows = [
        (_("Client"), period.person.full_name),
        (_("Court decision"), f"{order.court}, {order.decision_number} ({long_date(order.decision_date)})"),
        (_("Hours ordered"), str(order.hours_ordered)),
        (_("Hours done"), duration(progress.completed + progress.adjusted)),
        (_("Hours remaining"), duration(progress.remaining)),
        (_("Complete by"), long_date(order.complete_by)),
        (_("Sanction if not done"), str(order.get_sanction_display())),
    ]
    decision = ""
    if step.decision and step.decided_on:
        decision = _("Decision: %(decision)s (%(date)s)") % {
            "decision": step.get_decision_display(),
            "date": long_date(step.decided_on),
        }
    context = {
        "title": f"{subject} {step.letter_number}".strip(),
        "kop": paperwork.kop(unit),
        "number": step.letter_number or "-",
        "subject": subject,
        "place_date": paperwork.place_date(unit, step.issued_on),
        "addressee": _addressee(step),
        "body": _body(step),
        "rows": rows,
        "decision": decision,
        "signatory": step.signatory,
        "fallback_position": _("Head of %(unit)s") % {"unit": unit.name},
        "officer": period.officer,
    }
    return render_pdf("community_service/documents/letter.html", context)
