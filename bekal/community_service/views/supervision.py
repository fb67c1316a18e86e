"""Supervision-sentence pages (pidana pengawasan): permission, lookup, form, one service call, message, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.accounts.types import AuthedRequest
from bekal.community_service.forms import BreachAdvanceForm, BreachForm, MonthlyReportForm, SentenceForm
from bekal.community_service.models import BreachCase
from bekal.community_service.selectors import supervision as selectors
from bekal.community_service.services import supervision as services
from bekal.community_service.transitions import BREACH
from bekal.core.forms import form_add_service_errors
from bekal.organizations.models import OrganizationKind
from bekal.organizations.scope import scoped_units
from bekal.organizations.time import unit_today
from bekal.people import selectors as people_selectors


@login_required
def sentence_list(request: AuthedRequest) -> HttpResponse:
    """List the supervision sentences the user may see, with missed monthly reports and suspensions."""
    rows = selectors.sentence_rows(user=request.user, today=timezone.localdate())
    return render(request, "community_service/sentence_list.html", {"rows": rows})


@login_required
def sentence_create(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """Record a supervision sentence for a person, with its supervision period."""
    require(request.user, Capability.COMMUNITY_EDIT)
    person = people_selectors.get_person_for_user(request.user, person_pk)
    units = scoped_units(request.user).filter(kind=OrganizationKind.BAPAS).order_by("name")
    form = SentenceForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, officer, start = data.pop("unit"), data.pop("officer"), data.pop("start_date")
        try:
            sentence = services.sentence_create(
                actor=request.user, person=person, unit=unit, officer=officer, start_date=start, **data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Supervision sentence recorded."))
            return redirect("community_service:sentence-detail", pk=sentence.pk)
    return render(
        request,
        "community_service/form.html",
        {"form": form, "title": _("New supervision sentence"), "back": person},
    )


@login_required
def sentence_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a supervision sentence: conditions, monthly reports, missed months, breaches."""
    sentence = selectors.get_sentence_for_user(request.user, pk)
    today = unit_today(sentence.period.unit)
    can_edit = can(request.user, Capability.COMMUNITY_EDIT)
    breaches = list(sentence.breaches.all())
    return render(
        request,
        "community_service/sentence_detail.html",
        {
            "sentence": sentence,
            "missed": selectors.missed_months(sentence, today=today),
            "suspended_by": selectors.suspended_by(sentence, on=today),
            "breaches": [{"case": b, "next": BREACH.next_of(b.stage)} for b in breaches],
            "can_edit": can_edit,
            "report_form": MonthlyReportForm(initial={"month": today.replace(day=1), "reported_on": today}),
        },
    )


@login_required
def report_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a monthly report (wajib lapor)."""
    require(request.user, Capability.COMMUNITY_EDIT)
    sentence = selectors.get_sentence_for_user(request.user, pk)
    form = MonthlyReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.monthly_report_record(actor=request.user, sentence=sentence, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Monthly report recorded."))
            return redirect("community_service:sentence-detail", pk=sentence.pk)
    return render(
        request, "community_service/form.html", {"form": form, "title": _("Monthly report"), "sentence": sentence}
    )


@login_required
def breach_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Open a breach of a special condition with the PK's advice."""
    require(request.user, Capability.COMMUNITY_EDIT)
    sentence = selectors.get_sentence_for_user(request.user, pk)
    form = BreachForm(request.POST or None, initial={"advised_on": unit_today(sentence.period.unit)})
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_open(actor=request.user, sentence=sentence, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Breach recorded."))
            return redirect("community_service:sentence-detail", pk=sentence.pk)
    return render(
        request,
        "community_service/form.html",
        {"form": form, "title": _("PK advice on a breach"), "sentence": sentence},
    )


@login_required
def breach_advance(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the next stage of a breach: the prosecutor's proposal, then the court's decision."""
    require(request.user, Capability.COMMUNITY_EDIT)
    case = get_object_or_404(BreachCase, pk=pk, sentence__in=selectors.sentences_visible_to(request.user))
    stage = BREACH.next_of(case.stage)
    form = BreachAdvanceForm(
        request.POST or None, initial={"stage": stage, "on": unit_today(case.sentence.period.unit)}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.breach_advance(actor=request.user, case=case, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Breach updated."))
            return redirect("community_service:sentence-detail", pk=case.sentence_id)
    return render(
        request,
        "community_service/form.html",
        {"form": form, "title": _("Next stage of the breach"), "sentence": case.sentence},
    )
