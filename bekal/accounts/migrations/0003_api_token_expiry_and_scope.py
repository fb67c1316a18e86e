from datetime import timedelta

from django.db import migrations, models


def expire_in_90_days(apps, schema_editor):
    """Tokens made before expiry existed run 90 days from their creation, and keep the writes they could make."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.all():
        token.expires_at = token.created_at + timedelta(days=90)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_prosecutor_and_site_supervisor_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_in_90_days, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=10,
                verbose_name="scope",
            ),
        ),
    ]
