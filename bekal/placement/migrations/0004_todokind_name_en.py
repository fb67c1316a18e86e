"""A to-do kind carries its English label beside the Indonesian name; the shipped kinds get theirs."""

from django.db import migrations, models

from bekal.placement.todo_kinds import ENGLISH


def label(apps, schema_editor):
    ToDoKind = apps.get_model("placement", "ToDoKind")
    for code, name_en in ENGLISH.items():
        ToDoKind.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("placement", "0003_vacancy_programmes")]
    operations = [
        migrations.AddField(
            model_name="todokind",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="name in English"),
        ),
        migrations.RunPython(label, migrations.RunPython.noop),
    ]
