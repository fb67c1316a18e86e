"""Every page and every GET endpoint is either covered by a query-count test or exempted here with a reason.

The routes are walked from the URL resolver (pages, by URL name) and from the OpenAPI schema (endpoints, as
"GET /api/v1/..."), so a new view fails this test until it gets a query-count test (`@covers(...)` on a test in its
app's `tests/test_query_counts.py`, found by name) or a line below saying why it lists nothing that grows.
A new app (e.g. `bekal/kpis`) needs nothing here beyond its own `tests/test_query_counts.py` or exemptions.
"""

import importlib
import pkgutil
import sys
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

import bekal
from bekal.api import api

# Pages that show one record, a form, a file or a redirect: nothing on them grows with rows beyond a bounded set.
EXEMPT_PAGES: dict[str, str] = {
    "ops:healthz": "no query",
    "ops:readyz": "one probe per dependency, no rows",
    "ops:metrics": "the process's counters, no rows",
    "ops:service-worker": "a static script, no query",
    "community_service:session-void": "form: one session and its order",
    "training:attendance-void": "form: one mark",
    "training:holiday-list": "redirect to the year's page",
    "training:holiday-remove": "POST only, one holiday",
    "training:holiday-import": "upload form (its dry run lists the file's rows and the year's, a year at most)",
    "placement:todo-kind-create": "form",
    "placement:todo-kind-edit": "form for one kind",
    "placement:todo-kind-active": "POST only, one kind",
    "training:enrollment-reopen": "form: one enrolment",
    "accounts:login": "form",
    "kpis:table-xlsx": "starts a job for a file (the same selector as the dashboard's table, covered there)",
    "kpis:people-xlsx": "starts a job for a file (the same selector as kpis:people, covered there)",
    "kpis:quarterly-pdf": "starts a job for a file for one unit and quarter",
    "accounts:logout": "redirect",
    "accounts:profile": "the user's own roles and tokens, a handful per user",
    "accounts:token-revoke": "form",
    "accounts:otp-setup": "form (one device of the user's own)",
    "accounts:otp-verify": "form",
    "accounts:otp-remove": "form",
    "accounts:password-change": "form",
    "accounts:password-reset": "form",
    "accounts:password-reset-done": "a message",
    "accounts:password-reset-confirm": "form",
    "accounts:password-reset-complete": "a message",
    "accounts:unit-user-password-reset": "form (one user)",
    "accounts:unit-user-otp-remove": "form (one user)",
    "accounts:user-create": "form",
    "accounts:user-edit": "form for one user",
    "accounts:user-active": "POST only, one user",
    "accounts:user-reset-link": "POST only, one user",
    "organizations:create": "form",
    "organizations:edit": "form for one organisation",
    "organizations:active": "POST only, one organisation",
    "people:create": "form",
    "people:handover-create": "form for one custody period",
    "people:handover-accept": "POST only",
    "people:handover-cancel": "POST only",
    "people:import": "form (its report lists refused rows of the upload, not records)",
    "people:edit": "form",
    "people:nik-reveal": "one NIK",
    "people:subject-json": "a file: one person's records",
    "people:subject-pdf": "a file: one person's records",
    "people:custody-create": "form",
    "people:custody-edit": "form",
    "people:custody-release": "form",
    "people:supervision-create": "form",
    "people:supervision-edit": "form",
    "training:batch-create": "form",
    "training:batch-move": "form",
    "training:batch-day": "form (htmx) for one day",
    "training:instructor-add": "form",
    "training:plan-approve": "POST only, one plan",
    "training:plan-line-remove": "POST only, one plan line",
    "kpis:plan-realisation-xlsx": "a file (the selector of kpis:plan-realisation, covered there)",
    "training:enrollment-decide": "form",
    "training:enrollment-step": "form",
    "training:enrollment-end": "form",
    "training:incident-create": "form",
    "training:training-certificate": "one PDF",
    "training:escort-assign": "form for one day",
    "training:escort-remove": "POST only",
    "training:programme-create": "form",
    "training:programme-import": "upload form",
    "training:programme-edit": "form for one programme",
    "community_service:site-edit": "form for one site",
    "training:programme-active": "POST only, one programme",
    "training:agreement-create": "form",
    "training:agreement-move": "form",
    "training:agreement-renew": "form",
    "training:agreement-document": "upload form",
    "training:agreement-download": "one file",
    "training:agreement-edit": "form for one agreement",
    "training:agreement-attach": "upload form (POST only)",
    "training:agreement-attachment": "one file",
    "training:enrollment-interest": "form for one enrolment",
    "certification:assessment-create": "form",
    "certification:assessment-record": "form for one participant",
    "certification:bnsp-export": "starts a job for a spreadsheet, not a page",
    "certification:bnsp-certificates": "upload form",
    "certification:bnsp-certificates-check": "one dry run: one assessment's candidates, read from its file",
    "people:sdp-import": "upload form",
    "people:sdp-check": "one dry run: its first rows, read from its file",
    "placement:karirhub": "starts a job for a spreadsheet, not a page",
    "jobs:audit-export": "starts a job for a file, not a page",
    "community_service:create": "form",
    "community_service:session-create": "form",
    "community_service:adjustment-create": "form",
    "community_service:placement-create": "form",
    "community_service:placement-end": "form",
    "community_service:placement-move": "form",
    "community_service:training-counts": "htmx fragment with one order's counts",
    "community_service:letter": "one PDF",
    "community_service:letter-sign": "POST only",
    "training:attendance-sheet": "one PDF (participants, marks, instructors and escorts read in one query each)",
    "training:batch-summary": "one PDF (participants and their attendance counts read in one query each)",
    "training:certificate-revoke": "POST only",
    "organizations:paperwork": "forms, with the unit's handful of officials",
    "verify-certificate": "one certificate, public",
    "community_service:step-decide": "form",
    "community_service:site-create": "form",
    "community_service:site-day-record": "form for one order",
    "community_service:litmas-document": "one document",
    "community_service:litmas-attach": "POST only",
    "community_service:sentence-create": "form",
    "community_service:report-create": "form",
    "community_service:breach-create": "form",
    "community_service:breach-advance": "form",
    "placement:readiness": "form",
    "placement:todos": "form with the fixed to-do kinds",
    "placement:referral-create": "form",
    "placement:internship-create": "form",
    "placement:placement-create": "form",
    "placement:referral": "form for one referral",
    "placement:internship": "form for one internship",
    "placement:follow-up": "form for one follow-up",
    "placement:employer-create": "form",
    "placement:employer-edit": "form",
    "placement:vacancy-create": "form",
    "placement:vacancy-edit": "form",
    "outcomes:identity-decide": "form for one pair",
    "notifications:open": "marks one notice read and redirects to its record",
    "notifications:read-all": "form (POST)",
    "notifications:preferences": "form (POST) for the caller's own preference",
    "set_language": "redirect",
    "kpis:facts-job": "starts a job and redirects",
    "jobs:detail": "one job",
    "jobs:download": "a file",
    "partnerships:partnership-create": "form",
    "partnerships:step-record": "form for one step",
    "partnerships:step-document": "one file",
    "partnerships:meeting-create": "form",
    "partnerships:meeting-status": "form for one meeting",
    "partnerships:meeting-edit": "form for one meeting and its attendees",
    "partnerships:forum-edit": "form for one forum",
    "partnerships:meeting-minutes-upload": "upload form",
    "partnerships:meeting-minutes": "one PDF",
    "partnerships:action-create": "form",
    "partnerships:action-status": "form for one action",
    "partnerships:forum-create": "form",
    "partnerships:forum-member-add": "form",
    "partnerships:commitment-create": "form",
    "partnerships:commitment-status": "form for one commitment",
    "partnerships:award-create": "form",
    "partnerships:award-document": "one PDF",
    "partnerships:award-minutes": "one file",
}

# GET endpoints that answer one record or a fixed-size figure.
EXEMPT_ENDPOINTS: dict[str, str] = {
    "GET /api/v1/partnerships/meetings/{meeting_id}/minutes.pdf": "one PDF",
    "GET /api/v1/partnerships/pipeline/{partnership_id}/steps/{kind}/document": "one file",
    "GET /api/v1/partnerships/awards/{award_id}/document.pdf": "one PDF",
    "GET /api/v1/people/{person_id}/subject": "a file: one person's records",
    "GET /api/v1/me": "the caller",
    "GET /api/v1/notifications/preferences": "the caller's own preference",
    "GET /api/v1/organizations/{org_id}": "one organisation",
    "GET /api/v1/users/{user_id}": "one user",
    "GET /api/v1/custody-periods/{period_id}": "one period",
    "GET /api/v1/supervision-periods/{period_id}": "one period",
    "GET /api/v1/programmes/{programme_id}": "one programme",
    "GET /api/v1/agreements/{agreement_id}": "one agreement",
    "GET /api/v1/batches/{batch_id}": "one batch",
    "GET /api/v1/instructors/{instructor_id}": "one instructor and their certificates (prefetched)",
    "GET /api/v1/training-plans/{plan_id}": "one plan and its lines (prefetched)",
    "GET /api/v1/certification-rate": "one figure per unit, computed by aggregation",
    "GET /api/v1/community-service/supervision-sentences/{sentence_id}": "one sentence",
    "GET /api/v1/placement/placements/{placement_id}": "one placement",
    "GET /api/v1/vacancies/{vacancy_id}": "one vacancy",
    "GET /api/v1/agreements/{agreement_id}/document": "a file",
    "GET /api/v1/agreements/{agreement_id}/attachments/{attachment_id}": "a file",
    "GET /api/v1/community-service/litmas/{litmas_id}/document": "a file",
    "GET /api/v1/enrollments/{enrollment_id}/certificate.pdf": "a file",
    "GET /api/v1/jobs/{job_id}": "one job",
    "GET /api/v1/jobs/{job_id}/file": "a file",
}

# URL namespaces that are not Bekal's pages: Django's admin, and the API (walked from its schema instead).
SKIPPED_NAMESPACES = ("admin", "api-v1")


def page_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns, "") if name}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def get_endpoints() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"GET {path}" for path, operations in schema["paths"].items() if "get" in operations}


def covered_routes() -> set[str]:
    """Collect `@covers(...)` from every app's `tests/test_query_counts.py`."""
    routes: set[str] = set()
    for app in pkgutil.iter_modules(bekal.__path__):
        name = f"bekal.{app.name}.tests.test_query_counts"
        try:
            module = sys.modules.get(name) or importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue  # the app has no query-count tests
            raise
        for value in vars(module).values():
            for test in [value, *vars(value).values()] if isinstance(value, type) else [value]:
                routes.update(getattr(test, "covers", ()))
    return routes


def test_every_list_page_has_a_query_count_test():
    pages = page_names()
    covered = covered_routes()
    missing = sorted(pages - covered - set(EXEMPT_PAGES))
    assert not missing, f"pages with neither a query-count test nor an exemption: {missing}"


def test_every_get_endpoint_has_a_query_count_test():
    endpoints = get_endpoints()
    covered = covered_routes()
    missing = sorted(endpoints - covered - set(EXEMPT_ENDPOINTS))
    assert not missing, f"GET endpoints with neither a query-count test nor an exemption: {missing}"


def test_the_lists_name_only_routes_that_exist():
    """A renamed or removed route must leave the covered set and the exemptions too."""
    known = page_names() | get_endpoints()
    stale = sorted((covered_routes() | set(EXEMPT_PAGES) | set(EXEMPT_ENDPOINTS)) - known)
    assert not stale, f"covered or exempted routes that no longer exist: {stale}"


def test_nothing_is_both_covered_and_exempted():
    both = sorted(covered_routes() & (set(EXEMPT_PAGES) | set(EXEMPT_ENDPOINTS)))
    assert not both, f"covered routes still exempted: {both}"
