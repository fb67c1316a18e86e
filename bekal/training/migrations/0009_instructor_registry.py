"""The per-batch instructor (a name and free text) becomes a provider's registry of instructors with their own
certificates; each batch row now links a registered instructor. Existing rows: one registry entry per provider and
name, the old free text kept as the entry's note (it names no number or dates, so it makes no certificate)."""

import django.db.models.deletion
from django.db import migrations, models


def to_registry(apps, schema_editor):
    BatchInstructor = apps.get_model("training", "BatchInstructor")
    Instructor = apps.get_model("training", "Instructor")
    registry: dict[tuple[int, str], int] = {}
    seen: set[tuple[int, int]] = set()
    for row in BatchInstructor.objects.select_related("batch").order_by("pk"):
        key = (row.batch.provider_id, row.name.strip())
        if key not in registry:
            registry[key] = Instructor.objects.create(
                provider_id=key[0], name=key[1] or "-", note=row.certification.strip()
            ).pk
        pair = (row.batch_id, registry[key])
        if pair in seen:  # the same name twice in one batch: one instructor
            row.delete()
            continue
        seen.add(pair)
        row.instructor_id = registry[key]
        row.save(update_fields=["instructor"])


def from_registry(apps, schema_editor):
    BatchInstructor = apps.get_model("training", "BatchInstructor")
    for row in BatchInstructor.objects.select_related("instructor"):
        row.name, row.certification = row.instructor.name, row.instructor.note[:200]
        row.save(update_fields=["name", "certification"])


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0001_initial"),
        ("training", "0008_holiday_kind_and_2027"),
    ]

    operations = [
        migrations.RenameModel("Instructor", "BatchInstructor"),
        migrations.CreateModel(
            name="Instructor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="instructors",
                        to="organizations.organization",
                        verbose_name="provider",
                    ),
                ),
            ],
            options={
                "verbose_name": "instructor",
                "verbose_name_plural": "instructors",
                "ordering": ["name", "id"],
                "indexes": [models.Index(fields=["provider", "name"], name="instructor_provider_name")],
            },
        ),
        migrations.CreateModel(
            name="InstructorCertificate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scheme", models.CharField(max_length=200, verbose_name="certification scheme")),
                ("scheme_code", models.CharField(blank=True, max_length=60, verbose_name="BNSP scheme code")),
                ("number", models.CharField(max_length=80, verbose_name="certificate number")),
                ("issuer", models.CharField(blank=True, max_length=150, verbose_name="issued by")),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("valid_until", models.DateField(verbose_name="valid until")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "instructor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificates",
                        to="training.instructor",
                    ),
                ),
            ],
            options={
                "verbose_name": "instructor certificate",
                "verbose_name_plural": "instructor certificates",
                "ordering": ["-valid_until", "id"],
                "indexes": [models.Index(fields=["valid_until"], name="instructor_cert_valid_until")],
                "constraints": [
                    models.UniqueConstraint(fields=("instructor", "number"), name="instructor_certificate_once"),
                    models.CheckConstraint(
                        condition=models.Q(("valid_until__gte", models.F("valid_from"))),
                        name="instructor_certificate_until_after_from",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="batchinstructor",
            name="instructor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="training.instructor",
                verbose_name="instructor",
            ),
        ),
        migrations.AddField(
            model_name="batchinstructor",
            name="uncertified_reason",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="reason for an instructor not certified"
            ),
        ),
        migrations.RunPython(to_registry, from_registry),
        migrations.RemoveField(model_name="batchinstructor", name="certification"),
        migrations.RemoveField(model_name="batchinstructor", name="name"),
        migrations.AlterField(
            model_name="batchinstructor",
            name="instructor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="training.instructor",
                verbose_name="instructor",
            ),
        ),
        migrations.AlterModelOptions(
            name="batchinstructor",
            options={
                "ordering": ["batch", "instructor__name"],
                "verbose_name": "batch instructor",
                "verbose_name_plural": "batch instructors",
            },
        ),
        migrations.AddConstraint(
            model_name="batchinstructor",
            constraint=models.UniqueConstraint(fields=("batch", "instructor"), name="batch_instructor_once"),
        ),
    ]
