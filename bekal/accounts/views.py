from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bekal.accounts.access import Capability, can
from bekal.accounts.models import ApiToken, TokenModule, TokenScope
from bekal.accounts.second_factor import confirmed_device, second_factor_required
from bekal.accounts.selectors import audit_events_for_user, audit_total
from bekal.accounts.services import api_token_issue, api_token_revoke
from bekal.accounts.types import AuthedRequest
from bekal.audit import events as audit_events
from bekal.audit.display import attach_change_rows
from bekal.core import registry
from bekal.core.forms import form_add_service_errors
from bekal.core.pagination import paginate_keyset


class SignOut(LogoutView):
    """Sign out and tell the browser to drop its HTTP cache of this site ("cache": pages a shared phone kept, with
    participants' names); the sign-in page it lands on deletes the service worker's copies of the field pages
    (bekal/signed_out.js). Not "storage": it would wipe the offline queue's unsent records (localStorage)."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=80)
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"), choices=TokenScope.choices, initial=TokenScope.READ, required=False
    )
    modules = forms.MultipleChoiceField(
        label=gettext_lazy("Modules"),
        choices=TokenModule.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The API modules the token may call; none ticked for all of them"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=settings.BEKAL_API_TOKEN_MAX_DAYS,
        initial=settings.BEKAL_API_TOKEN_DAYS,
    )


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    """Show the user's organisation, roles and API tokens, and issue a new token; other apps' blocks below."""
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_issue(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"] or TokenScope.READ,
                days=form.cleaned_data["days"],
                modules=form.cleaned_data["modules"],
                actor=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Token created. Copy it now: it is not shown again."))
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    # Blocks other apps add to the page (the notifications' email switch), through the registry.
    panels = sorted((p for func in registry.account_panels for p in func(request.user)), key=lambda p: p.order)
    context = {
        "form": form,
        "tokens": tokens,
        "new_token": new_token,
        "panels": panels,
        "second_factor": confirmed_device(request.user) is not None,
        "second_factor_required": second_factor_required(request.user),
        "may_reset_passwords": can(request.user, Capability.PASSWORD_RESET),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:profile")


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Username"), max_length=150, required=False)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    """List who did what at the user's unit, newest first; read-only. ``?code=`` keeps events whose code starts with
    it: the filter offers each app's prefix and each registered code, and a prefix typed in the address still works.
    ``actor``, ``since`` and ``until`` narrow it further; ``?format=csv|xlsx`` downloads the rows kept (audited)."""
    code = request.GET.get("code", "").strip()[:80]
    filters = AuditFilterForm(request.GET)
    kept = filters.cleaned_data if filters.is_valid() else {}
    events = audit_events_for_user(
        request.user,
        code=code,
        actor=kept.get("actor", ""),
        since=kept.get("since"),
        until=kept.get("until"),
    )
    if request.GET.get("format", "") in ("csv", "xlsx"):
        # The download is a background job (bekal.jobs.audit): the rows stream into its file, not through this worker.
        return redirect(f"{reverse('jobs:audit-export')}?{request.GET.urlencode()}")
    unfiltered = not code and not any(kept.values())
    context = paginate_keyset(request, events, total=audit_total(request.user, events, unfiltered=unfiltered))
    attach_change_rows(context["page_obj"])
    groups = audit_events.grouped()
    offered = {g.prefix for g in groups} | {e.code for g in groups for e in g.events}
    context.update(code=code, event_groups=groups, code_offered=not code or code in offered, filters=filters)
    return render(request, "audit/list.html", context)
