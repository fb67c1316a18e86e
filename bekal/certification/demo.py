"""Certification demo data (DOMAIN.md, story 2), written through the services after the training demo.

Lapas Martapura's two 2025 batches with Disnaker OKU Timur have 25 completers; an assessor team of the LSP assesses
them at the end of each batch, 18 are found competent and receive a certificate (72%), and the batches close.
"""

from datetime import date, timedelta
from typing import Any

from bekal.certification import services
from bekal.certification.models import AssessmentEvent, Verdict
from bekal.training import services as training
from bekal.training.models import Batch, BatchStatus, EnrollmentStatus

MARTAPURA_CERTIFIED = {  # batch -> certified completers: 10 + 8 = 18 of 25 (72%, DOMAIN.md, story 2)
    "Pertukangan Kayu WBP Angkatan 1 2025": 10,
    "Pertanian Hortikultura Angkatan 2 2025": 8,
}


def load(*, today: date, users: dict[str, Any]) -> None:
    """Assess, certify and close the Martapura batches once; a second run changes nothing."""
    actor = users["admin"]
    batches = (
        Batch.objects.filter(name__in=MARTAPURA_CERTIFIED).select_related("programme", "lsp").order_by("start_date")
    )
    for number, batch in enumerate(batches, start=1):
        if AssessmentEvent.objects.filter(batch=batch).exists():
            continue
        _assess(actor, batch, number=number, certified=MARTAPURA_CERTIFIED[batch.name], today=today)
        training.batch_move(actor=actor, batch=batch, status=BatchStatus.CLOSED)


def _assess(actor: Any, batch: Batch, *, number: int, certified: int, today: date) -> None:
    event = services.assessment_create(
        actor=actor,
        batch=batch,
        lsp=batch.lsp,
        assessor="Asesor Kompetensi Sumsel",
        test_site="ad_hoc",
        date=batch.end_date,
        assessor_number="MET.000.001234 2019",
    )
    units = list(batch.programme.units.all())
    completers = batch.enrollments.filter(status=EnrollmentStatus.COMPLETED).order_by("id")
    for i, enrollment in enumerate(completers):
        verdict = Verdict.COMPETENT if i < certified else Verdict.NOT_YET
        verdicts: dict[int, str] = {u.id: Verdict.COMPETENT for u in units}
        if verdict == Verdict.NOT_YET:
            verdicts[units[-1].id] = Verdict.NOT_YET
        services.results_record(actor=actor, event=event, enrollment=enrollment, verdicts=verdicts, today=today)
        decision = services.decision_record(
            actor=actor, event=event, enrollment=enrollment, verdict=verdict, on=event.date, today=today
        )
        if verdict == Verdict.COMPETENT:
            services.certificate_issue(
                actor=actor,
                decision=decision,
                number=f"{number:02d}.{i + 1:03d}/LSP-KPS/{event.date.year}",
                issued_on=event.date + timedelta(days=14),
                today=today,
            )
