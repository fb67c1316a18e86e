"""The kinds of background job, registered by the apps that own the work in their ``AppConfig.ready()``.

``register(kind, label, run, *, prepare=None, atomic=False, upload=False)``:
- ``run(job, progress) -> JobResult`` does the work as ``job.user`` and returns the file; ``progress(done, total)``
  may be called as often as convenient (it saves at most about once a second);
- ``prepare(user, params) -> params`` runs when the job is started, in the request: it checks that the user may do
  this (raising PermissionDenied, Http404 or ValidationError, so the page or endpoint answers 403, 404 or 422 at
  once) and returns the parameters to store (plain JSON);
- ``atomic``: the kind writes records; its writes and the job's completion commit in one transaction, so a worker
  that dies half-way leaves nothing and the redelivered job writes each row once;
- ``upload``: the kind reads a file uploaded when it was started (``job.input_file``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass
class JobResult:
    """What a job hands back: its file (bytes, a binary file object or an iterator of bytes) and summary lines."""

    name: str
    content: bytes | IO[bytes] | Iterable[bytes]
    summary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: Any
    run: Callable[..., JobResult]
    prepare: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None
    atomic: bool = False
    upload: bool = False


KINDS: dict[str, JobKind] = {}


def register(
    kind: str,
    label: Any,
    run: Callable[..., JobResult],
    *,
    prepare: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None,
    atomic: bool = False,
    upload: bool = False,
) -> None:
    """Add a kind of job; registering one name twice is a programming error."""
    if kind in KINDS and KINDS[kind].run is not run:
        raise ValueError(f"job kind {kind!r} is registered twice")
    KINDS[kind] = JobKind(kind=kind, label=label, run=run, prepare=prepare, atomic=atomic, upload=upload)


def get_kind(kind: str) -> JobKind:
    """Return the registered kind, or raise a ValidationError naming it."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError({"kind": _("%(kind)s is not a kind of background job") % {"kind": kind}}) from None


def label_of(kind: str) -> str:
    """Return a kind's label in the active language (the kind itself when no app registers it any more)."""
    spec = KINDS.get(kind)
    return str(spec.label) if spec else kind
