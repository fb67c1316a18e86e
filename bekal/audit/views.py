from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from bekal.audit.selectors import audit_events_for_user
from bekal.core.pagination import paginate
from bekal.core.types import AuthedRequest


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    """List who did what at the user's unit, newest first; read-only."""
    code = request.GET.get("code", "").strip()
    context = paginate(request, audit_events_for_user(request.user, code=code))
    context["code"] = code
    return render(request, "audit/list.html", context)
