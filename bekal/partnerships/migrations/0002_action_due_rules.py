"""Who is told when a follow-up action falls due: the person who owns it, or, for an action owned by an
organisation, its staff who act on partnerships (head of unit, officers, partner staff)."""

from django.db import migrations

RULES = [
    ("action_due", "head_of_unit", "named"),
    ("action_due", "training_officer", "named"),
    ("action_due", "probation_officer", "named"),
    ("action_due", "unit_admin", "named"),
    ("action_due", "regional_viewer", "named"),
    ("action_due", "partner_staff", "named"),
    ("action_due", "head_of_unit", "unit"),
    ("action_due", "partner_staff", "unit"),
    ("action_due", "regional_viewer", "unit"),
]


def load(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    for kind, role, relation in RULES:
        NotificationRule.objects.get_or_create(kind=kind, role=role, relation=relation)


def unload(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    for kind, role, relation in RULES:
        NotificationRule.objects.filter(kind=kind, role=role, relation=relation).delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial"), ("notifications", "0005_action_due_kind")]

    operations = [migrations.RunPython(load, unload)]
