"""The pre-release to-do kinds of issue 5 as data; a unit admin may add more in the Django admin."""

from django.db import migrations

KINDS = [
    ("ktp", "Kartu Tanda Penduduk (KTP)", 10),
    ("bank_account", "Rekening bank", 20),
    ("cv", "Daftar riwayat hidup (CV)", 30),
    ("skck", "Surat Keterangan Catatan Kepolisian (SKCK)", 40),
    ("bpjs_tk", "BPJS Ketenagakerjaan", 50),
    ("work_clothes", "Pakaian kerja", 60),
    ("transport", "Transportasi ke tempat kerja", 70),
]


def load(apps, schema_editor):
    ToDoKind = apps.get_model("placement", "ToDoKind")
    for code, name, order in KINDS:
        ToDoKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("placement", "ToDoKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
