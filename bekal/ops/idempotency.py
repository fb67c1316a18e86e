"""Write once per client-made key: the offline queue of the field forms and API clients send an ``Idempotency-Key``
(header, or the ``idempotency_key`` form field); a replay of the key returns the first answer instead of a second row.

``run_once`` claims the key in the transaction of the write: two requests racing with one key end with one write, the
second waiting for the first and then reading its answer (on PostgreSQL the unique index makes it wait; on SQLite the
database lock does). A failed write stores no key, so the client may send it again once the cause is fixed."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bekal.ops.models import IdempotencyKey

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
KEY_SHAPE = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")


@dataclass(frozen=True)
class Outcome:
    """The answer of a write: ``replayed`` when it came from an earlier request with the same key."""

    response: dict[str, Any]
    replayed: bool


def key_from(request: HttpRequest) -> str:
    """Return the request's idempotency key (header first, then the form field), or "" when it sent none."""
    if request.method != "POST":
        return ""
    return (request.headers.get(HEADER) or request.POST.get(FIELD, "")).strip()


def _check_shape(key: str) -> None:
    if not KEY_SHAPE.match(key):
        raise ValidationError(
            {
                FIELD: _("The idempotency key must be 8 to 100 letters, digits or - _ . :; got %(length)s characters")
                % {"length": len(key)}
            }
        )


def fingerprint(payload: Any) -> str:
    """Return a stable hash of what a request asks for (its data, without the key or the CSRF token)."""
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def form_payload(request: HttpRequest) -> dict[str, list[str]]:
    """Return the POST data a fingerprint covers: every field but the key (prefixed or not) and the CSRF token."""
    return {
        name: request.POST.getlist(name)
        for name in sorted(request.POST)
        if not name.endswith(FIELD) and name != "csrfmiddlewaretoken"
    }


def run_once(*, user: Any, key: str, scope: str, payload: Any, write: Callable[[], dict[str, Any]]) -> Outcome:
    """Run ``write`` (which returns a JSON-able answer) once for the user's key; with no key, just run it.

    A replay of the key for the same scope and payload returns the stored answer; the key reused for another entry
    raises a ValidationError naming the key, and nothing is written."""
    if not key:
        return Outcome(write(), replayed=False)
    _check_shape(key)
    print_ = fingerprint(payload)
    found = _stored(user, key)
    if found is not None:
        return _replay(found, scope=scope, print_=print_)
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(user=user, key=key, scope=scope, fingerprint=print_)
            response = write()
            claim.response = response
            claim.save(update_fields=["response"])
    except IntegrityError:
        found = _stored(user, key)
        if found is None:
            raise
        return _replay(found, scope=scope, print_=print_)
    return Outcome(response, replayed=False)


def _stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def _replay(found: IdempotencyKey, *, scope: str, print_: str) -> Outcome:
    if found.scope != scope or found.fingerprint != print_:
        raise ValidationError(
            {
                FIELD: _("Idempotency key %(key)s was already used for another entry; send this one with a new key")
                % {"key": found.key}
            }
        )
    return Outcome(found.response, replayed=True)
