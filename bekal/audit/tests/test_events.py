"""The registry of audit event codes: every code recorded is registered, labelled in both languages and listed in
its app's README; an unregistered code is refused when recorded.

The source is read as text (``ast``), not imported, so this leaf's tests import nothing above ``bekal.core``.
"""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import translation

from bekal.audit import events
from bekal.audit.models import AuditEvent
from bekal.audit.services import audit_record, created_diff

BEKAL = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
FAMILY = re.compile(r"^[a-z_]+\.[a-z_]+\.$")


def _sources() -> list[Path]:
    return [p for p in sorted(BEKAL.rglob("*.py")) if "tests" not in p.parts and "migrations" not in p.parts]


def _code_values(node: ast.expr) -> list[tuple[str, str]]:
    """Return ("code", value) for each literal a code expression can take, ("family", prefix) for an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [("code", node.value)]
    if isinstance(node, ast.IfExp):
        return _code_values(node.body) + _code_values(node.orelse)
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return [("family", str(node.values[0].value))]
    return [("other", ast.unparse(node))]


def _codes_in_source() -> tuple[set[str], set[str], list[str]]:
    """Return the literal codes and f-string prefixes given as ``code`` (to ``audit_record``, to a helper that
    passes it on, or assigned to a variable ``code``), and what could not be read."""
    codes: set[str] = set()
    families: set[str] = set()
    unreadable: list[str] = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            where = f"{path.relative_to(BEKAL.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                for keyword in node.keywords:
                    if keyword.arg != "code":
                        continue
                    for kind, value in _code_values(keyword.value):
                        if kind == "code" and (CODE.match(value) or name == "audit_record"):
                            codes.add(value)
                        elif kind == "family" and (FAMILY.match(value) or name == "audit_record"):
                            families.add(value)
                        elif name == "audit_record" and value != "code":
                            unreadable.append(f"{where}: code={value}")
                if name == "audit_record" and not any(k.arg == "code" for k in node.keywords):
                    unreadable.append(f"{where}: audit_record without code=")
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "code" for t in node.targets):
                for kind, value in _code_values(node.value):
                    if kind == "code" and CODE.match(value):
                        codes.add(value)
                    elif kind == "family" and FAMILY.match(value):
                        families.add(value)
    return codes, families, unreadable


def test_every_code_recorded_in_the_source_is_registered():
    codes, families, unreadable = _codes_in_source()
    assert len(codes) > 60, "the source walk found too few codes: is it still reading the services?"
    assert not unreadable, "audit_record codes this test cannot check (use a literal or an f-string):\n" + "\n".join(
        unreadable
    )
    assert sorted(c for c in codes if not events.is_registered(c)) == []
    registered = [e.code for e in events.all_events()]
    assert sorted(f for f in families if not any(c.startswith(f) for c in registered)) == []


def test_every_registered_code_is_recorded_somewhere():
    codes, families, _ = _codes_in_source()
    unused = [e.code for e in events.all_events() if e.code not in codes and not e.code.startswith(tuple(families))]
    assert unused == []


def test_status_codes_are_generated_from_the_choices():
    class Colour(models.TextChoices):
        RED = "red", "Red"
        BLUE = "blue", "Blue"

    generated = events.choice_events("x.paint", Colour, "Paint: now {status}")
    assert {code: str(label) for code, label in generated.items()} == {
        "x.paint.red": "Paint: now Red",
        "x.paint.blue": "Paint: now Blue",
    }


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_registered_code_has_a_label_in_both_languages(language):
    assert events.all_events()
    with translation.override(language):
        for event in events.all_events():
            label = events.label(event.code)
            assert label and label != event.code and "{" not in label, event.code
            assert str(event.group)


def test_labels_are_translated():
    with translation.override("id"):
        assert events.label("people.person.created") == "Orang didaftarkan"
        assert events.label("training.batch.running") == "Angkatan: status menjadi Berjalan"
    with translation.override("en"):
        assert events.label("people.person.created") == "Person registered"
        assert events.label("training.batch.running") == "Batch: status set to Running"


def test_an_unregistered_code_reads_as_itself():
    assert events.label("people.person.vanished") == "people.person.vanished"
    assert AuditEvent(code="people.person.vanished").label == "people.person.vanished"


@pytest.mark.django_db
def test_recording_an_unregistered_code_is_refused():
    row = AuditEvent(code="people.person.created", object_type="x", object_id="1", object_repr="x")
    with pytest.raises(events.UnknownEventCode, match=r"people\.person\.craeted"), transaction.atomic():
        audit_record(code="people.person.craeted", actor=None, obj=row)
    assert not AuditEvent.objects.exists()


def test_an_app_cannot_register_another_apps_code():
    with pytest.raises(ImproperlyConfigured, match=r"people\.person\.created"):
        events.register("Someone else", {"people.person.created": "Person registered"})


def test_every_app_readme_lists_its_events():
    missing = []
    for event in events.all_events():
        app = event.code.split(".", 1)[0]
        if f"`{event.code}`" not in (BEKAL / app / "README.md").read_text():
            missing.append(event.code)
    assert missing == []


def test_a_created_diff_leaves_out_empty_values_unless_asked():
    values = {"name": "A", "note": "", "end": None, "days": [], "count": 0, "open": False}
    assert created_diff(values) == {"name": [None, "A"], "count": [None, 0], "open": [None, False]}
    assert created_diff(values, keep_empty=True) == {k: [None, v] for k, v in values.items()}
