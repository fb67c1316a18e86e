"""The REST API, version 1, at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json.

Endpoints call the same selectors and services as the pages; errors come back in the caller's language
(Accept-Language), with the rule and the value named.
"""

from typing import Any

from django.conf import settings
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from bekal.accounts.services import TokenRefused, api_token_authenticate
from bekal.api import errors
from bekal.api.bounds import bound_api
from bekal.api.modules import request_module


class SessionAuth(APIKeyCookie):
    """The browser's session; unsafe methods also need the CSRF token, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise HttpError(403, _("The CSRF check failed: send the CSRF token with the session cookie"))
        return request.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token made on the account page. A token that cannot be used is
    answered at once, with the reason: 401 when unknown, revoked or expired, 403 when read only and the request
    writes, or when limited to other modules than the operation's."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = api_token_authenticate(
                token, write=request.method not in ("GET", "HEAD", "OPTIONS"), module=request_module(request)
            )
        except TokenRefused as refused:
            raise HttpError(refused.status, refused.message) from refused
        request.user = user
        return user


api = errors.BekalAPI(
    title="Bekal API",
    version="1",
    description="Training, certification, placement and community service for Indonesian corrections.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api-v1",
)


errors.install(api)


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # A unique constraint stopped a second request writing what the first just wrote, where the service had no
    # refusal of its own for it (core.races.refuse_duplicate gives one): a conflict to retry, never a 500.
    detail = _("Another request changed the same record at the same time; reload it and try again")
    return api.create_response(request, {"detail": detail}, status=409)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the schema let through but its database column cannot hold (text that fits a wider column of the same
    name, a number past a small column): refused, never a 500. The request's writes were rolled back with it."""
    message = _("A value is too long or out of range for its field.")
    return api.create_response(request, {"detail": {"__all__": [message]}}, status=422)


def _register() -> None:
    from bekal.accounts.api import router as accounts_router
    from bekal.accounts.users_api import router as users_router
    from bekal.certification.api import router as certification_router
    from bekal.community_service.api import router as community_service_router
    from bekal.community_service.api_supervision import router as community_service_supervision_router
    from bekal.jobs.api import router as jobs_router
    from bekal.kpis.api import outcomes_router as recidivism_router
    from bekal.kpis.api import router as kpis_router
    from bekal.notifications.api import router as notifications_router
    from bekal.organizations.api import router as organizations_router
    from bekal.outcomes.api import router as outcomes_router
    from bekal.partnerships.api import router as partnerships_router
    from bekal.people.api import router as people_router
    from bekal.placement.api import router as placement_router
    from bekal.placement.api_todo_kinds import router as placement_todo_kinds_router
    from bekal.rules.api import router as rules_router
    from bekal.training.api import router as training_router
    from bekal.training.api_agreements import router as training_agreements_router
    from bekal.training.api_holidays import router as training_holidays_router
    from bekal.training.api_records import router as training_records_router
    from bekal.training.api_registry import router as training_registry_router

    api.add_router("/", accounts_router)
    api.add_router("/", users_router)
    api.add_router("/", organizations_router)
    api.add_router("/", people_router)
    api.add_router("/", training_records_router)
    api.add_router("/", training_agreements_router)
    api.add_router("/", training_router)
    api.add_router("/", training_holidays_router)
    api.add_router("/", training_registry_router)
    api.add_router("/", certification_router)
    api.add_router("/community-service/", community_service_router)
    api.add_router("/community-service/", community_service_supervision_router)
    api.add_router("/", placement_router)
    api.add_router("/", placement_todo_kinds_router)
    api.add_router("/", outcomes_router)
    api.add_router("/", recidivism_router)
    api.add_router("/kpis/", kpis_router)
    api.add_router("/", jobs_router)
    api.add_router("/", notifications_router)
    api.add_router("/", rules_router)
    api.add_router("/partnerships/", partnerships_router)


_register()
bound_api(api)
