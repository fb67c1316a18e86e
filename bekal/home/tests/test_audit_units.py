"""Every audit event of the demo carries the unit it concerns, so unit administrators see all of theirs (issue 16,
item 9). The events listed here are national by nature: no unit is concerned."""

from collections import Counter

from bekal.audit.models import AuditEvent

# (code, what tells it apart or "" for every event of the code) -> why it has no unit
NATIONAL = {
    ("rules.rule_value.set", ""): "a legal figure applies to every unit",
    ("rules.rule_value.deleted", ""): "a legal figure applies to every unit",
    ("accounts.signin.failed", ""): "only when the username tried belongs to nobody (else the user's unit)",
    ("accounts.signin.locked_out", ""): "only when the username tried belongs to nobody (else the user's unit)",
    ("notifications.notice.sent", "holidays_missing"): "next year's holidays are one national calendar",
}


def _national(event: AuditEvent) -> bool:
    kind = (event.changes.get("kind") or [None, ""])[1] if isinstance(event.changes, dict) else ""
    return (event.code, "") in NATIONAL or (event.code, kind) in NATIONAL


def test_no_demo_audit_event_lacks_its_unit_but_national_ones(demo):
    rows = list(AuditEvent.objects.filter(unit__isnull=True))
    missing = Counter(e.code for e in rows if not _national(e))
    assert not missing, {code: [e.object_repr for e in rows if e.code == code][:3] for code in missing}
    assert AuditEvent.objects.count() > 500
