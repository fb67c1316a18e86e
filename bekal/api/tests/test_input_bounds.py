"""Every input the API takes is bounded in its published schema, so no value can reach the database out of range.

Text (body fields and query/path parameters) has a maximum length and refuses NUL bytes (PostgreSQL cannot store them);
integers have a minimum and a maximum (an id past the database's integer range, a page number of 10^27, a year of
-84 all gave a 500); decimals are bounded (on SQLite ``amount=1e40`` was stored and broke the budget list).
"""

import json
from typing import Any

import pytest
from django.test import Client

from bekal.accounts.models import TokenScope
from bekal.accounts.services import api_token_issue
from bekal.api import api

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _leaves(schema: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    schema = _resolve(schema)
    if "anyOf" in schema:
        return [leaf for option in schema["anyOf"] for leaf in _leaves(option, where)]
    if schema.get("type") == "object":
        return [leaf for name, sub in schema.get("properties", {}).items() for leaf in _leaves(sub, f"{where}.{name}")]
    if schema.get("type") == "array":
        items = [*schema.get("prefixItems", []), schema.get("items", {})]
        return [leaf for item in items if item for leaf in _leaves(item, f"{where}[]")]
    return [(where, schema)]


def _unbounded(where: str, schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if kind == "string" and schema.get("format") in ("date", "date-time", "binary"):
        return None
    if kind == "string" and "enum" not in schema and ("maxLength" not in schema or "pattern" not in schema):
        return f"{where}: text without maxLength and a pattern refusing NUL"
    if kind in ("integer", "number") and ("maximum" not in schema or "minimum" not in schema):
        return f"{where}: {kind} without minimum and maximum"
    return None


def _inputs() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                found += _leaves(parameter["schema"], f"{label} {parameter['in']} {parameter['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found += _leaves(media["schema"], f"{label} body")
    return found


def test_every_input_is_bounded() -> None:
    inputs = _inputs()
    assert len(inputs) > 200
    assert [problem for where, schema in inputs if (problem := _unbounded(where, schema))] == []


@pytest.fixture
def admin_headers(users: Any) -> dict[str, str]:
    user = users.sysadmin
    token = api_token_issue(user=user, name="bounds", actor=user, scope=TokenScope.WRITE)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("get", "/api/v1/people?q=a%00b", None, "q"),
        ("get", "/api/v1/programmes?page=2203400778086850358870540288", None, "page"),
        ("get", "/api/v1/certification-rate?year=-84", None, "year"),
        ("get", "/api/v1/people/99999999999999999999999", None, "person_id"),
        ("post", "/api/v1/budget", {"unit": 1, "year": 2026, "amount": 1e40}, "amount"),
        ("post", "/api/v1/budget", {"unit": 1, "year": 2026, "amount": -5}, "amount"),
        ("patch", "/api/v1/people/1", {"full_name": "x" * 5000}, "full_name"),
        ("patch", "/api/v1/people/1", {"phone": "08\u0000"}, "phone"),
    ],
)
def test_out_of_bounds_is_a_422_naming_the_field(
    admin_headers: dict[str, str], method: str, path: str, body: Any, field: str
) -> None:
    client = Client()
    if body is None:
        response = getattr(client, method)(path, **admin_headers)
    else:
        response = getattr(client, method)(path, json.dumps(body), content_type="application/json", **admin_headers)
    assert response.status_code == 422, response.content
    assert field in response.content.decode()


PATCHES = [
    ("/api/v1/people/{person}", ["full_name", "other_names", "nik", "birth_date", "sex", "education", "phone"]),
    ("/api/v1/custody-periods/{custody}", ["unit", "register_number", "admission_date", "offence_category"]),
    ("/api/v1/custody-periods/{custody}", ["sentence_years", "sentence_months", "sentence_days", "register_class"]),
]


@pytest.mark.parametrize(("template", "fields"), PATCHES)
def test_a_null_in_a_patch_is_a_422_or_leaves_the_field(
    admin_headers: dict[str, str], make_person: Any, world: Any, template: str, fields: list[str]
) -> None:
    person = make_person(unit=world.martapura, custody=True)
    path = template.format(person=person.pk, custody=person.custody_periods.get().pk)
    for field in fields:
        body = json.dumps({field: None})
        response = Client().patch(path, body, content_type="application/json", **admin_headers)  # type: ignore[arg-type]
        assert response.status_code in (200, 422), (field, response.content)
