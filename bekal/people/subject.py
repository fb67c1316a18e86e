"""Everything Bekal holds on one person, for that person (UU 27/2022: the subject may ask what is held on them).

The records are found by walking the database's own relations outward from the person: every table with a foreign
key to the person (custody and supervision periods, enrolments, placements, community-service orders, identity
reviews, KPI facts...), then every table with a key to those rows (attendance, results, certificates, ledger
entries...), to ``DEPTH`` steps. A table added later is in the export without a change here. The audit trail's
events about the person come with them. One query per table and step; each export is audited.
"""

import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.access import Capability, can, require
from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record
from bekal.core.documents import render_pdf
from bekal.people.models import Person

DEPTH = 3
HIDDEN = {"nik_hash", "search_name"}  # derived from what the export shows; the keyed hash is a secret of Bekal


def _value(obj: models.Model, field: models.Field) -> Any:  # type: ignore[type-arg]
    value = getattr(obj, field.attname)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    fields = [f for f in obj._meta.concrete_fields if f.name not in HIDDEN]
    return {f.attname: _value(obj, f) for f in fields}


def _reverse(model: type[models.Model]) -> Iterator[tuple[type[models.Model], str]]:
    """Yield each model with a foreign key (or one-to-one) to ``model``, and the key's name; hidden relations
    (``related_name="+"``, e.g. the two people of an identity review) included."""
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            yield relation.related_model, relation.field.name  # type: ignore[union-attr,misc]


def _walk(person: Person) -> list[tuple[type[models.Model], list[models.Model]]]:
    found: list[tuple[type[models.Model], list[models.Model]]] = [(Person, [person])]
    seen: set[tuple[str, Any]] = {(Person._meta.label_lower, person.pk)}
    frontier: list[tuple[type[models.Model], list[Any]]] = [(Person, [person.pk])]
    for _step in range(DEPTH):
        following: list[tuple[type[models.Model], list[Any]]] = []
        for model, ids in frontier:
            for related, key in _reverse(model):
                rows = [
                    r
                    for r in related._default_manager.filter(**{f"{key}__in": ids}).order_by("pk")
                    if (related._meta.label_lower, r.pk) not in seen
                ]
                if not rows:
                    continue
                seen.update((related._meta.label_lower, r.pk) for r in rows)
                found.append((related, rows))
                following.append((related, [r.pk for r in rows]))
        frontier = following
    return found


def subject_data(person: Person) -> dict[str, Any]:
    """Return every record on the person, by table: {"person": ..., "sections": [{table, title, rows}], ...}."""
    sections: dict[str, dict[str, Any]] = {}
    for model, rows in _walk(person):
        label = model._meta.label_lower
        section = sections.setdefault(
            label, {"table": label, "title": str(model._meta.verbose_name_plural), "rows": []}
        )
        section["rows"].extend(_row(r) for r in rows)
    events = AuditEvent.objects.filter(object_type=Person._meta.label_lower, object_id=str(person.pk)).order_by("at")
    trail = [{"at": e.at, "code": e.code, "actor_id": e.actor_id, "changes": e.changes} for e in events]
    sections["audit.auditevent"] = {"table": "audit.auditevent", "title": str(_("Audit trail")), "rows": trail}
    return {
        "person_id": person.pk,
        "generated_at": timezone.now(),
        "sections": list(sections.values()),
    }


@transaction.atomic
def person_subject_export(*, actor: Any, person: Person, fmt: str) -> tuple[dict[str, Any], bytes]:
    """Return everything held on the person (data, and the file in ``fmt``: "json" or "pdf"), and audit it. The
    caller has checked the person is in the actor's scope (``selectors.get_person_for_user``)."""
    require(actor, Capability.PEOPLE_VIEW)
    data = subject_data(person)
    if not can(actor, Capability.NIK_REVEAL):  # a full NIK only for the roles that may reveal it (README)
        data["sections"][0]["rows"][0]["nik"] = person.nik_masked if person.nik else None
    content = subject_pdf(data, person) if fmt == "pdf" else subject_json(data)
    rows = sum(len(s["rows"]) for s in data["sections"])
    audit_record(
        code="people.subject.exported",
        actor=actor,
        unit=person.registered_unit,
        obj=person,
        changes={"format": [None, fmt], "records": [None, rows]},
    )
    return data, content


def subject_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value)


def subject_pdf(data: dict[str, Any], person: Person) -> bytes:
    """Return the same records as a PDF (the one document engine, ``core.documents``): a heading per table, then
    each row's fields."""
    sections = [
        {"title": section["title"], "rows": [[(k, _text(v)) for k, v in row.items()] for row in section["rows"]]}
        for section in data["sections"]
    ]
    context = {
        "title": _("Everything Bekal holds on %(name)s") % {"name": person.full_name},
        "generated_at": _text(data["generated_at"]),
        "sections": sections,
    }
    return render_pdf("people/documents/subject.html", context)
