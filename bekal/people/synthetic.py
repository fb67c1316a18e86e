"""Invented Indonesian names and valid NIKs for demo and generated data: no real person's record."""

import random
from datetime import date

from bekal.organizations.models import Region

MEN = [
    "Andi",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Rahmat",
    "Agus",
    "Bayu",
    "Dimas",
    "Rudi",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yoga",
    "Zulkifli",
    "Arif",
    "Heri",
    "Iwan",
    "Feri",
    "Sandi",
    "Riko",
    "Bambang",
    "Made",
    "Nyoman",
    "Yusuf",
    "Rizki",
]
WOMEN = ["Ani", "Dewi", "Lestari", "Maya", "Nur", "Putri", "Rina", "Siti", "Wulan", "Yuni", "Fitri", "Sari"]
FAMILY = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Setiawan",
    "Hidayat",
    "Kurniawan",
    "Nugroho",
    "Gunawan",
    "Syahputra",
    "Firmansyah",
    "Ramadhan",
    "Susanto",
    "Harahap",
    "Siregar",
    "Lubis",
    "Purba",
    "Sembiring",
    "Effendi",
    "Simanjuntak",
    "Nasution",
    "Wibowo",
    "Santoso",
    "Hasibuan",
    "Tanjung",
    "Utomo",
    "Halim",
    "Rangkuti",
]


def synthetic_nik(rng: random.Random, *, region: Region, birth: date, female: bool, districts: int = 12) -> str:
    """Return a NIK that validates: regency code, a district, the birth date (+40 for women), a serial."""
    day = birth.day + (40 if female else 0)
    district, serial = rng.randint(1, districts), rng.randint(1, 9999)
    return f"{region.nik_prefix}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
