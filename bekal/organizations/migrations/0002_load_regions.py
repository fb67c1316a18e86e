import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def load_regions(apps, schema_editor):
    """Load every province and regency/city from the shipped Kemendagri list (see data/README.md)."""
    Region = apps.get_model("organizations", "Region")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(Region.objects.values_list("code", flat=True))
    provinces = [r for r in rows if r["level"] == "province"]
    regencies = [r for r in rows if r["level"] == "regency"]
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"], level="province") for r in provinces if r["code"] not in existing]
    )
    Region.objects.bulk_create(
        [
            Region(code=r["code"], name=r["name"], level="regency", parent_id=r["parent_code"])
            for r in regencies
            if r["code"] not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
