"""Holidays carry their kind (national holiday or joint leave) and whether the date awaits the decree; the 2027
national holidays and joint leave days are loaded (reference data, `holidays_2027.py`), so that 1 January 2027 is no
longer planned as a training day."""

from django.db import migrations, models

from bekal.training.holidays_2027 import HOLIDAYS_2027


def seed(apps, schema_editor):
    Holiday = apps.get_model("training", "Holiday")
    for day, name, kind, to_confirm in HOLIDAYS_2027:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "kind": kind, "to_confirm": to_confirm})


class Migration(migrations.Migration):
    dependencies = [("training", "0007_agreement_attachments_area_reason")]
    operations = [
        migrations.AddField(
            model_name="holiday",
            name="kind",
            field=models.CharField(
                choices=[("holiday", "National holiday"), ("joint_leave", "Joint leave (cuti bersama)")],
                default="holiday",
                max_length=12,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="holiday",
            name="to_confirm",
            field=models.BooleanField(default=False, verbose_name="to be confirmed"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
