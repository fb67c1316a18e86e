"""Every page action beside its API operation, and every API write beside its page: the README's table, from code.

`PAIRS` is the one hand-kept part: which page (URL name) does what which operation does. The rest is read from the
code: the API's write operations (every method but GET) from the ninja router, the page actions from the URL
patterns (a view that reads a POST), and the capability from the ``Capability.X`` the operation's view (else the
page's) requires. `bekal/api/tests/test_surface.py` fails when an operation or a page action is in no pair, when a
pair names one that does not exist, or when the README's table differs from `table()`
(``python scripts/api_pages_table.py --write`` rewrites it).
"""

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from bekal.accounts.access import Capability

# (page URL name or None, "METHOD /api/v1/path" or None, why one side is missing).
PAIRS: list[tuple[str | None, str | None, str]] = [
    ("people:create", "POST /api/v1/people", ""),
    ("people:import", "POST /api/v1/people/import", ""),
    ("people:edit", "PATCH /api/v1/people/{person_id}", ""),
    ("people:nik-reveal", "POST /api/v1/people/{person_id}/nik", ""),
    ("people:custody-create", "POST /api/v1/people/{person_id}/custody-periods", ""),
    ("people:custody-edit", "PATCH /api/v1/custody-periods/{period_id}", ""),
    ("people:custody-release", "POST /api/v1/custody-periods/{period_id}/release", ""),
    ("people:supervision-create", "POST /api/v1/people/{person_id}/supervision-periods", ""),
    ("people:supervision-edit", "PATCH /api/v1/supervision-periods/{period_id}", ""),
    ("training:programme-create", "POST /api/v1/programmes", ""),
    ("training:programme-import", "POST /api/v1/programmes/import", ""),
    ("training:programme-edit", "PATCH /api/v1/programmes/{programme_id}", ""),
    ("training:programme-active", "POST /api/v1/programmes/{programme_id}/retire", ""),
    ("training:programme-active", "POST /api/v1/programmes/{programme_id}/reactivate", ""),
    ("training:agreement-create", "POST /api/v1/agreements", ""),
    ("training:agreement-move", "POST /api/v1/agreements/{agreement_id}/status", ""),
    ("training:agreement-document", "POST /api/v1/agreements/{agreement_id}/document", ""),
    ("training:agreement-renew", "POST /api/v1/agreements/{agreement_id}/renewal", ""),
    ("training:agreement-edit", "PATCH /api/v1/agreements/{agreement_id}", ""),
    ("training:agreement-attach", "POST /api/v1/agreements/{agreement_id}/attachments", ""),
    ("training:enrollment-interest", "POST /api/v1/enrollments/{enrollment_id}/interest", ""),
    ("training:batch-create", "POST /api/v1/batches", ""),
    ("training:batch-day", "PUT /api/v1/batches/{batch_id}/days/{day}", ""),
    ("training:batch-day", "DELETE /api/v1/batches/{batch_id}/days/{day}", ""),
    ("training:instructor-add", "POST /api/v1/batches/{batch_id}/instructors", ""),
    ("training:instructor-list", "POST /api/v1/instructors", ""),
    ("training:instructor-detail", "POST /api/v1/instructors/{instructor_id}/certificates", ""),
    (None, "PATCH /api/v1/instructors/{instructor_id}", "renaming or retiring an instructor: API only for now"),
    ("training:plan-list", "POST /api/v1/training-plans", ""),
    ("training:plan-detail", "PUT /api/v1/training-plans/{plan_id}/lines/{programme_id}", ""),
    ("training:plan-line-remove", "DELETE /api/v1/training-plans/{plan_id}/lines/{programme_id}", ""),
    ("training:plan-approve", "POST /api/v1/training-plans/{plan_id}/approve", ""),
    ("training:batch-move", "POST /api/v1/batches/{batch_id}/status", ""),
    ("training:batch-nominate", "POST /api/v1/batches/{batch_id}/enrollments", ""),
    ("training:batch-nominate-bulk", "POST /api/v1/batches/{batch_id}/enrollments/bulk", ""),
    ("training:enrollment-decide", "POST /api/v1/enrollments/{enrollment_id}/decision", ""),
    ("training:enrollment-step", "POST /api/v1/enrollments/{enrollment_id}/enrol", ""),
    ("training:enrollment-step", "POST /api/v1/enrollments/{enrollment_id}/complete", ""),
    ("training:enrollment-end", "POST /api/v1/enrollments/{enrollment_id}/end", ""),
    ("training:incident-create", "POST /api/v1/enrollments/{enrollment_id}/incidents", ""),
    ("training:attendance-day", "POST /api/v1/days/{day_id}/attendance", ""),
    ("training:escort-assign", "POST /api/v1/days/{day_id}/escorts", ""),
    ("training:escort-remove", "DELETE /api/v1/days/{day_id}/escorts/{escort_id}", ""),
    ("training:budget", "POST /api/v1/budget", ""),
    ("training:allocation-detail", "POST /api/v1/budget/{allocation_id}/realisations", ""),
    ("certification:assessment-create", "POST /api/v1/batches/{batch_id}/assessments", ""),
    ("certification:assessment-record", "POST /api/v1/assessments/{event_id}/participants/{enrollment_id}", ""),
    ("certification:bnsp-export", "POST /api/v1/assessments/{event_id}/bnsp-export", ""),
    ("community_service:create", "POST /api/v1/community-service/orders", ""),
    ("community_service:site-edit", "PATCH /api/v1/community-service/work-sites/{site_id}", ""),
    ("community_service:session-create", "POST /api/v1/community-service/orders/{order_id}/sessions", ""),
    ("community_service:site-day-record", "POST /api/v1/community-service/orders/{order_id}/sessions", ""),
    ("community_service:adjustment-create", "POST /api/v1/community-service/orders/{order_id}/adjustments", ""),
    ("community_service:placement-create", "POST /api/v1/community-service/orders/{order_id}/placements", ""),
    ("community_service:placement-end", "POST /api/v1/community-service/placements/{placement_id}/end", ""),
    ("community_service:placement-move", "POST /api/v1/community-service/placements/{placement_id}/move", ""),
    ("community_service:training-counts", "PUT /api/v1/community-service/orders/{order_id}/training-counts", ""),
    ("community_service:step-decide", "POST /api/v1/community-service/letters/{step_id}/decision", ""),
    ("community_service:site-create", "POST /api/v1/community-service/work-sites", ""),
    ("community_service:litmas", "POST /api/v1/community-service/people/{person_id}/litmas", ""),
    ("community_service:litmas-attach", "POST /api/v1/community-service/litmas/{litmas_id}/document", ""),
    (
        "community_service:sentence-create",
        "POST /api/v1/community-service/people/{person_id}/supervision-sentences",
        "",
    ),
    (
        "community_service:report-create",
        "POST /api/v1/community-service/supervision-sentences/{sentence_id}/reports",
        "",
    ),
    (
        "community_service:breach-create",
        "POST /api/v1/community-service/supervision-sentences/{sentence_id}/breaches",
        "",
    ),
    ("community_service:breach-advance", "POST /api/v1/community-service/breaches/{case_id}/advance", ""),
    ("placement:readiness", "PUT /api/v1/placement/people/{person_id}/readiness", ""),
    ("placement:todos", "PUT /api/v1/placement/people/{person_id}/todos/{kind}", ""),
    ("placement:referral-create", "POST /api/v1/placement/people/{person_id}/referrals", ""),
    ("placement:referral", "POST /api/v1/placement/referrals/{referral_id}/status", ""),
    ("placement:internship-create", "POST /api/v1/placement/people/{person_id}/internships", ""),
    ("placement:internship", "PATCH /api/v1/placement/internships/{internship_id}", ""),
    ("placement:placement-create", "POST /api/v1/placement/people/{person_id}/placements", ""),
    ("placement:placement", "POST /api/v1/placement/placements/{placement_id}/end", ""),
    ("placement:follow-up", "POST /api/v1/placement/follow-ups/{follow_up_id}", ""),
    ("placement:employer-create", "POST /api/v1/employers", ""),
    ("placement:employer-edit", None, "no API operation yet"),
    ("placement:vacancy-create", "POST /api/v1/vacancies", ""),
    ("placement:vacancy-edit", "PATCH /api/v1/vacancies/{vacancy_id}", ""),
    ("outcomes:identity-decide", "POST /api/v1/outcomes/identity-reviews", ""),
    ("notifications:read-all", "POST /api/v1/notifications/read-all", ""),
    ("notifications:open", "POST /api/v1/notifications/{notice_id}/read", ""),
    ("notifications:preferences", "PUT /api/v1/notifications/preferences", ""),
    ("kpis:table-xlsx", "POST /api/v1/jobs", ""),
    ("kpis:people-xlsx", "POST /api/v1/jobs", ""),
    ("kpis:facts-job", "POST /api/v1/jobs", ""),
    ("kpis:quarterly-pdf", "POST /api/v1/jobs", ""),
    ("jobs:audit-export", "POST /api/v1/jobs", ""),
    ("accounts:profile", None, "API tokens are made on the account page only, by design"),
    ("accounts:token-revoke", None, "API tokens are revoked on the account page only, by design"),
    ("people:sdp-check", "POST /api/v1/people/sdp-import/check", ""),
    ("people:sdp-import", "POST /api/v1/people/sdp-import", ""),
    ("certification:bnsp-certificates", "POST /api/v1/assessments/{event_id}/bnsp-certificates/check", ""),
    ("certification:bnsp-certificates-check", "POST /api/v1/assessments/{event_id}/bnsp-certificates", ""),
    ("placement:karirhub", "POST /api/v1/placement/karirhub-export", ""),
    ("people:handover-create", "POST /api/v1/custody-periods/{period_id}/handover", ""),
    ("people:handover-accept", "POST /api/v1/handovers/{handover_id}/accept", ""),
    ("people:handover-cancel", "POST /api/v1/handovers/{handover_id}/cancel", ""),
    ("training:attendance-void", "POST /api/v1/attendance/{attendance_id}/void", ""),
    ("training:enrollment-reopen", "POST /api/v1/enrollments/{enrollment_id}/reopen", ""),
    ("training:certificate-revoke", None, "no API operation yet"),
    ("community_service:session-void", "POST /api/v1/community-service/sessions/{session_id}/void", ""),
    ("community_service:letter-sign", "PUT /api/v1/community-service/letters/{step_id}/signatory", ""),
    ("organizations:paperwork", None, "a unit's letterhead and officials are set on the page only, by the unit admin"),
    ("accounts:otp-setup", None, "a second factor is a person's, enrolled in the browser by design"),
    ("accounts:otp-verify", None, "a second factor is a person's, given in the browser by design"),
    ("accounts:otp-remove", None, "a second factor is a person's, removed in the browser by design"),
    ("accounts:unit-user-otp-remove", "DELETE /api/v1/users/{user_id}/second-factor", ""),
    ("accounts:unit-user-password-reset", "POST /api/v1/users/{user_id}/password-reset", ""),
    ("accounts:user-create", "POST /api/v1/users", ""),
    ("accounts:user-edit", "PATCH /api/v1/users/{user_id}", ""),
    ("accounts:user-active", "POST /api/v1/users/{user_id}/deactivate", ""),
    ("accounts:user-active", "POST /api/v1/users/{user_id}/reactivate", ""),
    ("accounts:user-reset-link", "POST /api/v1/users/{user_id}/reset-link", ""),
    ("organizations:create", "POST /api/v1/organizations", ""),
    ("organizations:edit", "PATCH /api/v1/organizations/{org_id}", ""),
    ("organizations:active", "POST /api/v1/organizations/{org_id}/close", ""),
    ("organizations:active", "POST /api/v1/organizations/{org_id}/reopen", ""),
    ("set_language", None, "the browser session's language; the API reads Accept-Language"),
    ("rules:detail", "POST /api/v1/rules/{code}/values", ""),
    ("training:holiday-year", "POST /api/v1/holidays", ""),
    ("training:holiday-remove", "POST /api/v1/holidays/{holiday_id}/remove", ""),
    ("training:holiday-import", "POST /api/v1/holidays/import", ""),
    ("placement:todo-kind-create", "POST /api/v1/placement/todo-kinds", ""),
    ("placement:todo-kind-edit", "PATCH /api/v1/placement/todo-kinds/{kind_id}", ""),
    ("placement:todo-kind-active", "POST /api/v1/placement/todo-kinds/{kind_id}/retire", ""),
    ("placement:todo-kind-active", "POST /api/v1/placement/todo-kinds/{kind_id}/reactivate", ""),
    ("partnerships:meeting-create", "POST /api/v1/partnerships/meetings", ""),
    ("partnerships:meeting-edit", "PATCH /api/v1/partnerships/meetings/{meeting_id}", ""),
    ("partnerships:meeting-status", "POST /api/v1/partnerships/meetings/{meeting_id}/status", ""),
    ("partnerships:meeting-minutes-upload", "POST /api/v1/partnerships/meetings/{meeting_id}/minutes", ""),
    ("partnerships:action-create", "POST /api/v1/partnerships/meetings/{meeting_id}/actions", ""),
    ("partnerships:action-status", "POST /api/v1/partnerships/actions/{action_id}/status", ""),
    ("partnerships:partnership-create", "POST /api/v1/partnerships/pipeline", ""),
    ("partnerships:step-record", "POST /api/v1/partnerships/pipeline/{partnership_id}/steps", ""),
    ("partnerships:step-record", "POST /api/v1/partnerships/pipeline/{partnership_id}/steps/{kind}/document", ""),
    ("partnerships:forum-create", "POST /api/v1/partnerships/forums", ""),
    ("partnerships:forum-edit", "PATCH /api/v1/partnerships/forums/{forum_id}", ""),
    ("partnerships:forum-member-add", "POST /api/v1/partnerships/forums/{forum_id}/members", ""),
    ("partnerships:commitment-create", "POST /api/v1/partnerships/forums/{forum_id}/commitments", ""),
    ("partnerships:commitment-status", "POST /api/v1/partnerships/commitments/{commitment_id}/status", ""),
    ("partnerships:award-create", "POST /api/v1/partnerships/awards", ""),
    ("partnerships:award-create", "POST /api/v1/partnerships/awards/{award_id}/documents", ""),
]

_CAPABILITY = re.compile(r"Capability\.([A-Z_]+)")
_POST_READERS = ('request.method == "POST"', "require_POST", "request.POST", "require_http_methods")


def _source(func: Callable[..., Any]) -> str:
    try:
        return inspect.getsource(inspect.unwrap(func))
    except (OSError, TypeError):
        return ""


def _pages(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            prefix = str(pattern.pattern)
            if prefix.startswith(("api/", "admin/")):
                continue
            yield from _pages(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern.callback


def pages() -> dict[str, Callable[..., Any]]:
    """Every page by URL name, with its view."""
    return dict(_pages())


def page_actions() -> set[str]:
    """The pages that act: their view reads a POST."""
    return {name for name, view in pages().items() if any(mark in _source(view) for mark in _POST_READERS)}


def operations() -> dict[str, Callable[..., Any]]:
    """Every API operation as "METHOD /api/v1/path", with its view function."""
    from bekal.api import api

    found: dict[str, Callable[..., Any]] = {}
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/api/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            full = re.sub(r"{[^}:]+:", "{", full)
            for operation in path_view.operations:
                for method in operation.methods:
                    found[f"{method} {full}"] = operation.view_func
    return found


def api_writes() -> set[str]:
    return {key for key in operations() if not key.startswith("GET ")}


def _capability(operation: str | None, page: str | None) -> str:
    views = [operations().get(operation or ""), pages().get(page or "")]
    for view in views:
        found = _CAPABILITY.findall(_source(view)) if view is not None else []
        if found:
            return ", ".join(
                f"`{Capability[name].value}`" for name in dict.fromkeys(found) if name in Capability.__members__
            )
    return "checked in the service"


def table() -> str:
    """The README's table: one row per pair, in `PAIRS` order."""
    lines = ["| API operation | Page | Capability |", "| --- | --- | --- |"]
    for page, operation, why in PAIRS:
        api_cell = f"`{operation}`" if operation else f"— ({why})"
        page_cell = f"`{page}`" if page else f"— ({why})"
        lines.append(f"| {api_cell} | {page_cell} | {_capability(operation, page)} |")
    return "\n".join(lines) + "\n"


START = "<!-- api-pages:start (generated by scripts/api_pages_table.py; do not edit) -->"
END = "<!-- api-pages:end -->"


def readme_with_table(readme: str) -> str:
    """Return the README with the table between its markers replaced by `table()`."""
    head, rest = readme.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}{END}{tail}"
