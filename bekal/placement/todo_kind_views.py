"""The pre-release to-do kinds page (system administrators): list, add, edit, retire and bring back, each through the
audited services. A kind is never deleted: the to-dos recorded with it are people's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.forms import form_add_service_errors
from bekal.placement import services
from bekal.placement.forms import ToDoKindForm
from bekal.placement.models import ToDoKind


@login_required
def todo_kind_list(request: AuthedRequest) -> HttpResponse:
    """List every kind, retired ones too, with how many to-dos were recorded with it."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kinds = ToDoKind.objects.annotate(uses=Count("todos")).order_by("-is_active", "order", "code")
    return render(request, "placement/todo_kind_list.html", {"kinds": kinds})


def _form_page(request: AuthedRequest, form: ToDoKindForm, title: str) -> HttpResponse:
    back = reverse("placement:todo-kinds")
    context = {"form": form, "title": title, "back": back, "back_label": _("Pre-release to-do kinds")}
    return render(request, "placement/form.html", context)


@login_required
def todo_kind_create(request: AuthedRequest) -> HttpResponse:
    """Add a kind of pre-release item."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    form = ToDoKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.todo_kind_save(actor=request.user, todo_kind=None, is_active=True, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(name)s saved.") % {"name": kind.name})
            return redirect("placement:todo-kinds")
    return _form_page(request, form, _("New pre-release to-do kind"))


@login_required
def todo_kind_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a kind's code, names or order."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kind = get_object_or_404(ToDoKind, pk=pk)
    initial = {"code": kind.code, "name": kind.name, "name_en": kind.name_en, "order": kind.order}
    form = ToDoKindForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.todo_kind_save(actor=request.user, todo_kind=kind, is_active=kind.is_active, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("placement:todo-kinds")
    return _form_page(request, form, _("Edit %(name)s") % {"name": kind.name})


@login_required
@require_POST
def todo_kind_active(request: AuthedRequest, pk: int) -> HttpResponse:
    """Retire a kind (``active=0``) or bring it back (``active=1``)."""
    require(request.user, Capability.TODO_KINDS_EDIT)
    kind = get_object_or_404(ToDoKind, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.todo_kind_set_active(actor=request.user, todo_kind=kind, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Item %(name)s is active again.") if active else _("Item %(name)s is retired.")
        messages.success(request, done % {"name": kind.name})
    return redirect("placement:todo-kinds")
