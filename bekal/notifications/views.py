"""The inbox pages: any signed-in user, their own notices only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bekal.accounts.types import AuthedRequest
from bekal.core.pagination import paginate
from bekal.notifications import selectors, services
from bekal.notifications.forms import PreferenceForm


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """List the user's notices, newest first, the unread marked."""
    context = paginate(request, selectors.notices_for(request.user))
    context["unread"] = selectors.unread_count(request.user)
    return render(request, "notifications/list.html", context)


@login_required
def notice_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to the record it concerns (the inbox when it links nowhere)."""
    notice = selectors.get_notice_for_user(request.user, pk)
    services.notice_mark_read(notice=notice, actor=request.user)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    """Mark every unread notice of the user read."""
    count = services.notices_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s notices marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def preference_edit(request: AuthedRequest) -> HttpResponse:
    """Switch the user's notice emails on or off and choose their language (the form is on the account page)."""
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.notification_preference_set(user=request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Notification preference saved."))
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect("accounts:profile")
