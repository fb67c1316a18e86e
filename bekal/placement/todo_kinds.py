"""The pre-release to-do kinds of issue 5, shipped as data (migration 0002) and reloadable after a test flush."""

from typing import Any

KINDS = [
    ("ktp", "Kartu Tanda Penduduk (KTP)", 10),
    ("bank_account", "Rekening bank", 20),
    ("cv", "Daftar riwayat hidup (CV)", 30),
    ("skck", "Surat Keterangan Catatan Kepolisian (SKCK)", 40),
    ("bpjs_tk", "BPJS Ketenagakerjaan", 50),
    ("work_clothes", "Pakaian kerja", 60),
    ("transport", "Transportasi ke tempat kerja", 70),
]
# Their English labels (migration 0004), edited on the to-do kinds page like any other.
ENGLISH = {
    "ktp": "Identity card (KTP)",
    "bank_account": "Bank account",
    "cv": "Curriculum vitae (CV)",
    "skck": "Police clearance certificate (SKCK)",
    "bpjs_tk": "Employment social security (BPJS Ketenagakerjaan)",
    "work_clothes": "Work clothes",
    "transport": "Transport to the workplace",
}


def todo_kinds_load(model: Any) -> None:
    """Create or refresh the shipped kinds on the model (the real one, or a migration's historical one)."""
    for code, name, order in KINDS:
        defaults = {"name": name, "order": order}
        if any(f.name == "name_en" for f in model._meta.get_fields()):
            defaults["name_en"] = ENGLISH[code]
        model.objects.update_or_create(code=code, defaults=defaults)
