"""Seed the attendance reason codes and the 2025-2026 Indonesian national holidays (SKB 3 Menteri). Both are data,
editable in the admin; a new year's holidays are new rows."""

from datetime import date

from django.db import migrations

REASONS = [
    # code, label, counts as attended, excused
    ("present", "Hadir", True, True),
    ("sick", "Sakit", False, True),
    ("leave", "Izin", False, True),
    ("absent", "Tanpa keterangan", False, False),
    ("removed", "Dikeluarkan", False, False),
]

HOLIDAYS = [
    (date(2025, 1, 1), "Tahun Baru 2025 Masehi"),
    (date(2025, 1, 27), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2025, 1, 29), "Tahun Baru Imlek 2576 Kongzili"),
    (date(2025, 3, 29), "Hari Suci Nyepi Tahun Baru Saka 1947"),
    (date(2025, 3, 31), "Idul Fitri 1446 H"),
    (date(2025, 4, 1), "Idul Fitri 1446 H"),
    (date(2025, 4, 18), "Wafat Yesus Kristus"),
    (date(2025, 4, 20), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2025, 5, 1), "Hari Buruh Internasional"),
    (date(2025, 5, 12), "Hari Raya Waisak 2569 BE"),
    (date(2025, 5, 29), "Kenaikan Yesus Kristus"),
    (date(2025, 6, 1), "Hari Lahir Pancasila"),
    (date(2025, 6, 6), "Idul Adha 1446 H"),
    (date(2025, 6, 27), "Tahun Baru Islam 1447 H"),
    (date(2025, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    (date(2025, 9, 5), "Maulid Nabi Muhammad SAW"),
    (date(2025, 12, 25), "Hari Raya Natal"),
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 20), "Idul Fitri 1447 H"),
    (date(2026, 3, 21), "Idul Fitri 1447 H"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Idul Adha 1447 H"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 H"),
    (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 25), "Hari Raya Natal"),
]


def seed(apps, schema_editor):
    AttendanceReason = apps.get_model("training", "AttendanceReason")
    Holiday = apps.get_model("training", "Holiday")
    for order, (code, label, attended, excused) in enumerate(REASONS):
        AttendanceReason.objects.update_or_create(
            code=code, defaults={"label": label, "counts_as_attended": attended, "excused": excused, "order": order}
        )
    for day, name in HOLIDAYS:
        Holiday.objects.update_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
