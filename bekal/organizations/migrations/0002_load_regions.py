from django.db import migrations

from bekal.organizations.regions import regions_load


def load_regions(apps, schema_editor):
    regions_load(apps.get_model("organizations", "Region"))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
