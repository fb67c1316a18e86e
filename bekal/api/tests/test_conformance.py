"""The API keeps the contract it publishes: schemathesis over every operation of /api/v1/openapi.json.

Three callers on the demo data (the system administrator, a Lapas training officer, a Bapas PK), each with a token made
by the token service. For every operation, requests generated from the published schema (positive mode: sent as
documented) must give
- no 5xx,
- no response that does not match the schema (status-specific body, content type),
- no refusal as malformed: a documented request that fails the API's own schema validation (a ninja 422 on the shape
  of the request, as opposed to a business rule's refusal, which names the rule).

The run is bounded by examples per operation and by seconds: past the time budget the remaining operations still get
one example each, so every operation is tried. The number of operations and examples is printed.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from ninja.errors import ValidationError as NinjaValidationError
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from bekal.accounts.models import TokenScope, User
from bekal.accounts.services import api_token_issue
from bekal.api import api

ROLES = ("admin", "martapura.bimker", "muratara.pk")
EXAMPLES_PER_OPERATION = 3
BUDGET_SECONDS = 60.0


@contextmanager
def _schema_refusals() -> Iterator[list[str]]:
    """Record each request that ninja refused on its own schema validation (the malformed-request 422)."""
    refused: list[str] = []
    handlers = api._exception_handlers
    original: Callable[..., Any] = handlers[NinjaValidationError]

    def recording(request: Any, exc: NinjaValidationError) -> Any:
        refused.append(f"{request.method} {request.path}: {exc.errors}")
        return original(request, exc)

    handlers[NinjaValidationError] = recording  # type: ignore[assignment]
    try:
        yield refused
    finally:
        handlers[NinjaValidationError] = original


@contextmanager
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection across the WSGI requests, as Django's test client does: a finished
    request otherwise closes it, and the test's transaction (the demo, the tokens) with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_operation(operation: Any, headers: dict[str, str], examples: int, failures: list[str]) -> int:
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        nonlocal sent
        sent += 1
        response = case.call(headers=headers)
        if response.status_code == 405:  # a documented method the URL does not take (two routers, one path)
            failures.append(f"{operation.label} [405]: the documented method is not allowed")
        try:
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
                headers=headers,
            )
        except BaseExceptionGroup as group:  # every failure is collected and reported at the end
            detail = " | ".join(str(error).splitlines()[0] for error in group.exceptions)
            failures.append(f"{operation.label} [{response.status_code}] {detail}: {case.as_curl_command()[:300]}")

    check()
    return sent


def test_api_conforms_to_its_schema(demo: dict[str, User], capsys: Any) -> None:
    tokens = {
        role: api_token_issue(user=demo[role], name="schemathesis", actor=demo[role], scope=TokenScope.WRITE)[1]
        for role in ROLES
    }
    failures: list[str] = []
    examples: Counter[str] = Counter()
    with _connection_kept(), _schema_refusals() as refused:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
        started = time.monotonic()
        for role, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"}
            for operation in operations:
                over_budget = time.monotonic() - started > BUDGET_SECONDS
                n = 1 if over_budget else EXAMPLES_PER_OPERATION
                examples[role] += _run_operation(operation, headers, n, failures)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(operations)} operations, {sum(examples.values())} examples "
            f"({', '.join(f'{role} {n}' for role, n in examples.items())}) in {elapsed:.0f} s"
        )
    assert len(operations) > 90
    assert not failures, "\n".join(failures)
    assert not refused, "\n".join(refused)
