"""The PK who guides the client is told when a letter of the client's order is issued (issue 14)."""

from django.db import migrations

RULE = ("letter_issued", "probation_officer", "named")


def load(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    kind, role, relation = RULE
    NotificationRule.objects.get_or_create(kind=kind, role=role, relation=relation)


def unload(apps, schema_editor):
    NotificationRule = apps.get_model("notifications", "NotificationRule")
    kind, role, relation = RULE
    NotificationRule.objects.filter(kind=kind, role=role, relation=relation).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_letter_issued_kind")]

    operations = [migrations.RunPython(load, unload)]
