"""The demo's paperwork: the units' letterheads and number patterns, and the officials who sign (registered in
``apps.OrganizationsConfig.ready``, before the apps whose demo issues letters)."""

from datetime import date
from typing import Any

from bekal.organizations import documents
from bekal.organizations.models import Official, Organization

LETTERHEADS: dict[str, dict[str, Any]] = {
    "Bapas Kelas II Musi Rawas Utara": {
        "address": "Jl. Lintas Sumatera, Rupit, Kabupaten Musi Rawas Utara, Sumatera Selatan 31654",
        "letter_number_pattern": "W6.PAS.PAS.14-PK.01.05.02-{n}/{year}",
        "certificate_number_pattern": "W6.PAS.PAS.14-PK.05.04-{n}/{year}",
    },
    "Lapas Kelas IIB Martapura": {
        "address": "Jl. Lintas Sumatera, Martapura, Kabupaten Ogan Komering Ulu Timur, Sumatera Selatan 32181",
        "letter_number_pattern": "W6.PAS.PAS.8-PK.01.05.02-{n}/{year}",
        "certificate_number_pattern": "W6.PAS.PAS.8-PK.05.04-{n}/{year}",
    },
    "Lapas Narkotika Kelas IIA Bandar Lampung": {
        "address": "Jl. Raya Hajimena, Way Hui, Bandar Lampung, Lampung 35361",
        "letter_number_pattern": "W9.PAS.PAS.3-PK.01.05.02-{n}/{year}",
        "certificate_number_pattern": "W9.PAS.PAS.3-PK.05.04-{n}/{year}",
    },
}
OFFICIALS = [
    # unit, name, NIP, position, signs letters, signs certificates
    (
        "Bapas Kelas II Musi Rawas Utara",
        "Hendra Saputra, S.H., M.H.",
        "197805122003121001",
        "Kepala Bapas Kelas II Musi Rawas Utara",
        True,
        True,
    ),
    (
        "Bapas Kelas II Musi Rawas Utara",
        "Rina Marlina, S.Sos.",
        "198302142006042002",
        "Kepala Subseksi Bimbingan Klien Dewasa",
        False,
        False,
    ),
    (
        "Lapas Kelas IIB Martapura",
        "Agus Priyanto, A.Md.IP., S.H.",
        "197611072000031001",
        "Kepala Lapas Kelas IIB Martapura",
        True,
        True,
    ),
    (
        "Lapas Narkotika Kelas IIA Bandar Lampung",
        "Dwi Santoso, S.H., M.Si.",
        "197409192001121002",
        "Kepala Lapas Narkotika Kelas IIA Bandar Lampung",
        True,
        True,
    ),
    (
        "UPTD BLK Lubuklinggau",
        "Ir. Bambang Wijaya, M.M.",
        "196912031996031004",
        "Kepala UPTD BLK Lubuklinggau",
        True,
        True,
    ),
    (
        "UPTD BLK Bandar Lampung",
        "Sri Wahyuni, S.T., M.T.",
        "197203151998032003",
        "Kepala UPTD BLK Bandar Lampung",
        True,
        True,
    ),
]


def load(*, today: date, users: dict[str, Any]) -> None:
    """Set the demo units' letterheads and officials (once: a second load finds them)."""
    admin = users["admin"]
    units = {o.name: o for o in Organization.objects.filter(name__in={*LETTERHEADS, *(row[0] for row in OFFICIALS)})}
    for name, values in LETTERHEADS.items():
        if name in units and not hasattr(units[name], "letterhead"):
            documents.letterhead_save(actor=admin, unit=units[name], **values)
    for unit_name, name, nip, position, letters, certificates in OFFICIALS:
        unit = units.get(unit_name)
        if unit is None or Official.objects.filter(unit=unit, name=name).exists():
            continue
        documents.official_save(
            actor=admin,
            unit=unit,
            name=name,
            nip=nip,
            position=position,
            signs_letters=letters,
            signs_certificates=certificates,
            is_active=True,
        )
