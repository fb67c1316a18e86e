"""Every 4xx body of the API in the caller's language (Accept-Language; Bahasa Indonesia by default), one shape.

``{"detail": ...}``: a sentence for 401, 403, 404 and 409; for 422 ``{field: [message, ...]}``, the same shape as a
service's refusal, each message naming the field and the value, plus ``errors``: one entry per problem with the
field, the value sent, pydantic's error type and the message, for programs. The OpenAPI document lists these
shapes on every operation (``describe_errors``).
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext

# pydantic's error types, by what the value should have been.
_MESSAGES = {
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"), gettext_lazy("%(field)s: %(value)s is not a whole number")
    ),
    **dict.fromkeys(
        ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"),
        gettext_lazy("%(field)s: %(value)s is not a number"),
    ),
    **dict.fromkeys(
        ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        gettext_lazy("%(field)s: %(value)s is not a date (YYYY-MM-DD)"),
    ),
    **dict.fromkeys(("datetime_parsing", "datetime_type"), gettext_lazy("%(field)s: %(value)s is not a date and time")),
    **dict.fromkeys(("time_parsing", "time_type"), gettext_lazy("%(field)s: %(value)s is not a time (HH:MM)")),
    **dict.fromkeys(("bool_parsing", "bool_type"), gettext_lazy("%(field)s: %(value)s is neither true nor false")),
    **dict.fromkeys(("string_type",), gettext_lazy("%(field)s: %(value)s is not text")),
    **dict.fromkeys(("enum", "literal_error"), gettext_lazy("%(field)s: %(value)s is not one of %(expected)s")),
    "missing": gettext_lazy("%(field)s is required"),
    "string_too_long": gettext_lazy("%(field)s: longer than %(max_length)s characters"),
    "string_too_short": gettext_lazy("%(field)s: shorter than %(min_length)s characters"),
    "too_long": gettext_lazy("%(field)s: more than %(max_length)s items"),
    "too_short": gettext_lazy("%(field)s: fewer than %(min_length)s items"),
    "greater_than_equal": gettext_lazy("%(field)s: %(value)s is below the minimum %(ge)s"),
    "greater_than": gettext_lazy("%(field)s: %(value)s must be more than %(gt)s"),
    "less_than_equal": gettext_lazy("%(field)s: %(value)s is above the maximum %(le)s"),
    "less_than": gettext_lazy("%(field)s: %(value)s must be less than %(lt)s"),
    "json_invalid": gettext_lazy("The request body is not valid JSON"),
    "list_type": gettext_lazy("%(field)s: %(value)s is not a list"),
    "model_attributes_type": gettext_lazy("%(field)s: %(value)s is not an object"),
    "dict_type": gettext_lazy("%(field)s: %(value)s is not an object"),
}
_OTHER = gettext_lazy("%(field)s: %(value)s is not valid (%(reason)s)")
_BY_STATUS = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("Sign in or send an API token (Authorization: Bearer <token>)"),
    403: gettext_lazy("You may not do this"),
    404: gettext_lazy("Not found, or not visible to you"),
    405: gettext_lazy("This method is not allowed here"),
    409: gettext_lazy("This conflicts with a record already stored"),
    429: gettext_lazy("Too many requests; try again later"),
}
# ninja's own sentences that reach a caller.
_KNOWN = {"CSRF check failed": gettext_lazy("The CSRF check failed: send the CSRF token with the session cookie")}


class BekalAPI(NinjaAPI):
    """NinjaAPI that keeps the value a caller sent with each validation error, so the message can name it."""

    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> ValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            for item in context.pydantic_validation_error.errors(include_url=False):
                loc = model.__ninja_flatten_map_reverse__.get(item["loc"], item["loc"])
                errors.append(
                    {
                        "loc": [model.__ninja_param_source__, *loc],
                        "type": item["type"],
                        "input": _sent(item),
                        "ctx": {k: str(v) for k, v in (item.get("ctx") or {}).items()},
                        "msg": item["msg"],
                    }
                )
        return ValidationError(errors)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        describe_errors(schema)
        return schema


_MESSAGE_SCHEMA = {
    "title": "ErrorMessage",
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in the caller's language"}},
    "required": ["detail"],
}
_INVALID_SCHEMA = {
    "title": "InvalidRequest",
    "type": "object",
    "properties": {
        "detail": {
            "type": "object",
            "description": "Messages by field (__all__ for the request as a whole), in the caller's language, each "
            "naming the field and the value",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "errors": {
            "type": "array",
            "description": "Type errors only: one entry per problem, for programs",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "value": {"description": "the value sent"},
                    "type": {"type": "string", "description": "pydantic's error type, e.g. int_parsing"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "required": ["detail"],
}
_ERROR_RESPONSES = {
    "401": ("Not signed in and no valid API token", "ErrorMessage"),
    "403": ("The user's role may not do this", "ErrorMessage"),
    "404": ("Not found, or another unit's record", "ErrorMessage"),
    "422": ("A value of the wrong type, or refused by a rule", "InvalidRequest"),
}


def describe_errors(schema: dict[str, Any]) -> None:
    """Add the error shapes to the OpenAPI document: the two schemas, and the 4xx answers on every operation that does
    not describe its own (bodies in the language of Accept-Language, Indonesian by default)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorMessage"] = _MESSAGE_SCHEMA
    components["InvalidRequest"] = _INVALID_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if any(param.get("name") == "cursor" for param in operation.get("parameters", [])):
                operation["responses"].setdefault(
                    "400",
                    {
                        "description": "The cursor is not one this list gave (edited, or another list's)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorMessage"}}},
                    },
                )
            for status, (description, name) in _ERROR_RESPONSES.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    },
                )


def _sent(item: Any) -> Any:
    """Return the value the caller sent, when it is one (a missing field's "input" is the whole request)."""
    value = item.get("input")
    if item["type"] == "missing" or not isinstance(value, str | int | float | bool | list | dict | None):
        return None
    try:
        json.dumps(value)
    except TypeError:
        return None
    return value


def _field(loc: list[Any]) -> str:
    names = [str(part) for part in loc[1:] if part not in ("payload", "body")]
    return ".".join(names) or _("request body")


def _value(value: Any) -> str:
    if isinstance(value, dict | list) or value is None:
        return "–" if value is None else _("(an object)")
    text = str(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def validation_message(error: dict[str, Any]) -> str:
    """Return one validation error as a sentence in the active language, naming the field and the value."""
    params = {
        "field": _field(error["loc"]),
        "value": _value(error.get("input")),
        "reason": error.get("msg", ""),
        **(error.get("ctx") or {}),
    }
    template = _MESSAGES.get(error["type"], _OTHER)
    try:
        return str(template) % params
    except (KeyError, ValueError):
        return str(_OTHER) % params


# ninja's defaults, in English whatever the caller asks: replaced by the status's own sentence.
_NINJA_DEFAULTS = {"Unauthorized", "Forbidden", "Not Found", "Too many requests."}


def _detail(request: HttpRequest, api: NinjaAPI, status: int, message: str | None = None) -> HttpResponse:
    if message in _KNOWN:
        text = str(_KNOWN[message])
    elif not message or message in _NINJA_DEFAULTS:
        text = str(_BY_STATUS.get(status, message or ""))
    else:
        text = message  # Bekal's own, already translated where it was raised
    return api.create_response(request, {"detail": text}, status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers that answer every 4xx in the caller's language."""

    @api.exception_handler(ValidationError)
    def on_invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail: dict[str, list[str]] = {}
        errors = []
        for error in exc.errors:
            message = validation_message(error)
            field = _field(error["loc"])
            detail.setdefault(field, []).append(message)
            errors.append({"field": field, "value": error.get("input"), "type": error["type"], "message": message})
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(DjangoValidationError)
    def on_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _detail(request, api, 403)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _detail(request, api, 404)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _detail(request, api, 401)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _detail(request, api, exc.status_code, exc.message)
