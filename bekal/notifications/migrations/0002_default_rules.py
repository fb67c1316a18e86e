"""Who is told of what, by default: the rule table's first rows (edited afterwards in the admin, audited)."""

from django.db import migrations

DEFAULT_RULES = [
    # kind, role, relation
    ("agreement_expiring", "head_of_unit", "unit"),
    ("agreement_expired", "head_of_unit", "unit"),
    ("certificate_expiring", "training_officer", "unit"),
    # The officer following the placement up: a training officer of the Lapas or a PK of the Bapas.
    ("follow_up_due", "training_officer", "named"),
    ("follow_up_due", "probation_officer", "named"),
    # The PK who guides the client (KUHP Pasal 85 for community service, Pasal 75-77 for supervision).
    ("order_at_risk", "probation_officer", "named"),
    ("order_overdue", "probation_officer", "named"),
    ("report_missed", "probation_officer", "named"),
    ("holidays_missing", "system_admin", "anywhere"),
]


def load(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    for kind, role, relation in DEFAULT_RULES:
        NotificationRule.objects.get_or_create(kind=kind, role=role, relation=relation)


def unload(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    for kind, role, relation in DEFAULT_RULES:
        NotificationRule.objects.filter(kind=kind, role=role, relation=relation).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
