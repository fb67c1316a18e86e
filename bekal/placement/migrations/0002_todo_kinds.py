"""The pre-release to-do kinds of issue 5 as data; a system administrator may add more in the Django admin."""

from django.db import migrations

from bekal.placement.todo_kinds import KINDS, todo_kinds_load


def load(apps, schema_editor):
    todo_kinds_load(apps.get_model("placement", "ToDoKind"))


def unload(apps, schema_editor):
    apps.get_model("placement", "ToDoKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
