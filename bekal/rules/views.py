"""The legal figures pages: every rule with its figure in force and legal basis, and one rule's history with the form
that puts a new figure in force from a date (system administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, require
from bekal.accounts.types import AuthedRequest
from bekal.core.formats import readable
from bekal.core.forms import form_add_service_errors
from bekal.organizations.time import unit_today
from bekal.rules import selectors, services
from bekal.rules.forms import RuleValueForm


@login_required
def rule_list(request: AuthedRequest) -> HttpResponse:
    """List every rule with its figure in force today, its legal basis and the next figure scheduled."""
    require(request.user, Capability.RULES_EDIT)
    query = request.GET.get("q", "")[:80]
    rows = selectors.rules_overview(today=unit_today(None), query=query)
    return render(request, "rules/rule_list.html", {"rows": rows, "q": query})


@login_required
def rule_detail(request: AuthedRequest, code: str) -> HttpResponse:
    """Show one rule's figures over time and put a new one in force from a date."""
    require(request.user, Capability.RULES_EDIT)
    definition = selectors.get_rule_definition(code)
    form = RuleValueForm(request.POST or None)
    form.fields["value"].help_text = services.expected_shape(definition.kind)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.rule_value_set(actor=request.user, code=code, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            done = _("Rule %(code)s: %(value)s from %(date)s saved.")
            messages.success(request, done % readable({"code": code, "value": row.value, "date": row.valid_from}))
            return redirect("rules:detail", code=code)
    today = unit_today(None)
    history = selectors.rule_history(code)
    current = next((r for r in history if r.valid_from <= today), None)
    return render(
        request,
        "rules/rule_detail.html",
        {
            "definition": definition,
            "title": definition.title(),
            "history": [(row, definition.figure(row.value)) for row in history],
            "current": current,
            "now_shown": definition.figure(current.value if current else definition.default),
            "default_shown": definition.figure(definition.default),
            "today": today,
            "form": form,
        },
    )
