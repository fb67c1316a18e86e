"""Field corrections and capture: the attendance page of a training day (the plain form, which works with no
JavaScript, and the same URL answering the offline queue of ``training/attendance.js`` in JSON, one mark at a time,
each with its client-made idempotency key), and reopening an enrolment completed by mistake."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.ops import idempotency
from bekal.training import forms, selectors, services
from bekal.training.models import Attendance, AttendanceReason, Enrollment, EnrollmentStatus, TrainingDay
from bekal.training.services.corrections import completed_on


def wants_json(request: AuthedRequest) -> bool:
    """Return True for the offline queue's requests (they accept JSON), False for a browser's form post."""
    return request.headers.get("Accept", "").startswith("application/json")


def _ids(request: AuthedRequest, prefix: str) -> dict[int, str]:
    return {
        int(key.removeprefix(prefix)): str(value)
        for key, value in request.POST.items()
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit()
    }


def _on_the_list(day: TrainingDay) -> list[Enrollment]:
    return [
        e
        for e in selectors.enrollments_of(day.batch)
        if e.status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
    ]


def _record(request: AuthedRequest, day: TrainingDay, enrollments: list[Enrollment], warnings: list[str]) -> Any:
    """Record the posted marks once per idempotency key; return the outcome (raises the service's refusal)."""
    marks = _ids(request, "mark_")
    if request.POST.get("all_present"):
        # One tap for the common case: everyone not yet marked today is present.
        marked = set(day.attendances.filter(voided_at__isnull=True).values_list("enrollment_id", flat=True))
        marks = {
            e.id: "present" for e in enrollments if e.status == EnrollmentStatus.ENROLLED and e.id not in marked
        } | marks
    expected = _ids(request, "base_")

    def write() -> dict[str, Any]:
        services.attendance_record(
            actor=request.user,
            day=day,
            marks=marks,
            today=selectors.batch_today(day.batch),
            warnings=warnings,
            expected=expected,
        )
        return {"marks": {str(k): v for k, v in marks.items()}, "warnings": list(warnings)}

    return idempotency.run_once(
        user=request.user,
        key=idempotency.key_from(request),
        scope="training.attendance",
        payload={"day": day.pk, **idempotency.form_payload(request)},
        write=write,
    )


@login_required
def attendance_day(request: AuthedRequest, pk: int) -> HttpResponse:
    """Take a whole day's attendance: the form saves every mark at once; the offline queue posts one mark at a time
    and reads the answer in JSON (a refusal, e.g. a mark changed meanwhile, answers 409 with the reason)."""
    require(request.user, Capability.ATTENDANCE_RECORD)
    day = selectors.get_day_for_user(request.user, pk)
    enrollments = _on_the_list(day)
    error = ""
    warnings: list[str] = []
    replayed = False
    if request.method == "POST":
        try:
            try:
                outcome = _record(request, day, enrollments, warnings)
            except IntegrityError:
                # Two marks for one participant and day at the same moment: the first stands, this one is refused.
                raise ValidationError(
                    {
                        "marks": [
                            ValidationError(
                                _("Someone else marked this participant at the same moment; reload the day"),
                                code="conflict",
                            )
                        ]
                    }
                ) from None
        except ValidationError as exc:
            if wants_json(request):
                status = 409 if _is_conflict(exc) else 422
                return JsonResponse({"ok": False, "errors": exc.messages, **_counts(day)}, status=status)
            error = " ".join(exc.messages)
        else:
            replayed = outcome.replayed
            warnings = list(outcome.response.get("warnings", []))
            if wants_json(request):
                return JsonResponse({"ok": True, "replayed": replayed, "warnings": warnings, **_counts(day)})
        enrollments = _on_the_list(day)
    return render(
        request,
        "training/_attendance_rows.html" if request.headers.get("HX-Request") else "training/attendance_day.html",
        _context(day, enrollments, error=error, warnings=warnings),
    )


def _is_conflict(exc: ValidationError) -> bool:
    """Return True when the refusal is a mark changed by someone else meanwhile (409), not a rule (422)."""
    return any(error.code == "conflict" for error in getattr(exc, "error_dict", {}).get("marks", []))


def live_marks(day: TrainingDay) -> dict[int, str]:
    """Return the day's marks that stand (not voided): {enrolment id: reason code}."""
    return dict(day.attendances.filter(voided_at__isnull=True).values_list("enrollment_id", "reason__code"))


def _counts(day: TrainingDay) -> dict[str, Any]:
    """Return the day's marks as the server holds them now, and how many are present."""
    marks = {str(k): v for k, v in live_marks(day).items()}
    return {"marks": marks, "present": sum(1 for v in marks.values() if v == "present")}


def _context(day: TrainingDay, enrollments: list[Enrollment], *, error: str, warnings: list[str]) -> dict[str, Any]:
    total = day.batch.days.count()
    marks_now = live_marks(day)
    mark_ids = dict(day.attendances.filter(voided_at__isnull=True).values_list("enrollment_id", "id"))
    rows = [
        {
            "enrollment": e,
            "mark": marks_now.get(e.id, ""),
            "mark_id": mark_ids.get(e.id),
            "rate": selectors.attendance_rate(attended=getattr(e, "attended", 0), total_days=total),
        }
        for e in enrollments
    ]
    days = list(day.batch.days.order_by("date"))
    index = next(i for i, d in enumerate(days) if d.id == day.id)
    return {
        "day": day,
        "rows": rows,
        "reasons": list(AttendanceReason.objects.all()),
        "error": error,
        "warnings": warnings,
        "previous": days[index - 1] if index else None,
        "next": days[index + 1] if index + 1 < len(days) else None,
        "present_today": sum(1 for r in rows if r["mark"] == "present"),
        "read_only": selectors.attendance_is_closed(day.batch),
        "idempotency_key": uuid.uuid4().hex,
    }


@login_required
def enrollment_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    """Reopen an enrolment completed by mistake: the page shows the participant, the completion date and the window
    ("check your answers"), then the reason and the confirmation."""
    require(request.user, Capability.ENROLLMENT_EDIT)
    enrollment = selectors.get_enrollment_for_user(request.user, pk)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_reopen(actor=request.user, enrollment=enrollment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is enrolled again: the completion was reopened.") % {"name": enrollment.person}
            )
            return redirect("training:batch-detail", pk=enrollment.batch_id)
    attended, total = selectors.enrollment_attendance(enrollment)
    return render(
        request,
        "training/enrollment_reopen.html",
        {
            "enrollment": enrollment,
            "form": form,
            "completed_on": completed_on(enrollment),
            "attended": attended,
            "total": total,
        },
    )


@login_required
def attendance_void(request: AuthedRequest, pk: int) -> HttpResponse:
    """Void a mark made by mistake: the page shows the participant, the day and the mark ("check your answers"),
    then the reason and the confirmation."""
    require(request.user, Capability.ATTENDANCE_RECORD)
    found = get_object_or_404(Attendance.objects.only("day_id"), pk=pk)
    day = selectors.get_day_for_user(request.user, found.day_id)
    attendance = day.attendances.select_related("reason", "enrollment__person").get(pk=pk)
    form = forms.VoidMarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_void(actor=request.user, attendance=attendance, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The mark of %(name)s was voided; the participant may be marked again.")
                % {"name": attendance.enrollment.person.full_name},
            )
            return redirect("training:attendance-day", pk=day.pk)
    return render(request, "training/attendance_void.html", {"day": day, "attendance": attendance, "form": form})
