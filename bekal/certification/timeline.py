"""The certification app's part of a person's path: the LSP's decisions and the certificates that follow."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can
from bekal.certification.models import Decision
from bekal.core.registry import TimelineEntry
from bekal.training.selectors import batches_visible_to


def person_timeline(user: Any, person: Any) -> list[TimelineEntry]:
    """Decisions of assessments of the batches the user may see, each with its certificate when one was issued."""
    if not can(user, Capability.TRAINING_VIEW):
        return []
    decisions = (
        Decision.objects.filter(enrollment__person=person, event__batch__in=batches_visible_to(user).values("pk"))
        .select_related("event__batch__programme", "event__lsp", "certificate")
        .order_by("decided_on", "pk")
    )
    entries = []
    for decision in decisions:
        event = decision.event
        url = reverse("certification:assessment-detail", args=[event.pk])
        entries.append(
            TimelineEntry(
                on=decision.decided_on,
                stage="certification",
                title=_("Assessment: %(verdict)s") % {"verdict": decision.get_verdict_display()},
                detail=_("%(programme)s, by %(lsp)s") % {"programme": event.batch.programme, "lsp": event.lsp},
                url=url,
            )
        )
        certificate = getattr(decision, "certificate", None)
        if certificate is not None:
            entries.append(
                TimelineEntry(
                    on=certificate.issued_on,
                    end=certificate.valid_until,
                    stage="certification",
                    title=_("Certificate %(number)s") % {"number": certificate.number},
                    detail=certificate.scheme,
                    url=url,
                )
            )
    return entries
