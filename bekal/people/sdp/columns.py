"""The columns of an SDP export and the values in them, as Bekal reads them (the mapping is in the app's README).

SDP (Sistem Database Pemasyarakatan) exports name their columns in Indonesian ("Nama", "Tanggal Lahir", "No.
Registrasi"...); Bekal's own English names are accepted too. A header is compared after lower-casing and turning
every run of punctuation into one space, so "No. Registrasi", "no_registrasi" and "NO REGISTRASI" are one column.
"""

import re
from datetime import date, datetime
from typing import Any

from bekal.people.models import Education, OffenceCategory, RegisterClass, Sex, SupervisionKind

# Bekal's field: the headers that name it (Indonesian as SDP writes them first, then English).
HEADERS: dict[str, list[str]] = {
    "nik": ["NIK", "No. KTP", "Nomor Induk Kependudukan"],
    "full_name": ["Nama", "Nama Lengkap", "Nama WBP", "Nama Narapidana", "Nama Klien", "full_name"],
    "other_names": ["Alias", "Nama Alias", "Nama Lain", "other_names"],
    "birth_date": ["Tanggal Lahir", "Tgl Lahir", "birth_date"],
    "sex": ["Jenis Kelamin", "JK", "L/P", "sex"],
    "education": ["Pendidikan", "Pendidikan Terakhir", "education"],
    "home_region": ["Kode Kabupaten/Kota", "Kode Kab/Kota", "Kode Wilayah", "home_region"],
    "phone": ["No. HP", "Nomor HP", "Telepon", "phone"],
    "register_number": ["No. Registrasi", "Nomor Registrasi", "No. Reg", "register_number"],
    "register_class": ["Golongan Registrasi", "Kelas Registrasi", "Golongan", "register_class"],
    "admission_date": ["Tanggal Masuk", "Tgl Masuk", "admission_date"],
    "offence_category": ["Jenis Kejahatan", "Kategori Kejahatan", "Jenis Tindak Pidana", "offence_category"],
    "sentence": ["Lama Pidana", "Pidana", "sentence"],
    "sentence_years": ["Pidana Tahun", "sentence_years"],
    "sentence_months": ["Pidana Bulan", "sentence_months"],
    "sentence_days": ["Pidana Hari", "sentence_days"],
    "expected_release_date": [
        "Tanggal Ekspirasi",
        "Tgl Ekspirasi",
        "Ekspirasi",
        "Tanggal Bebas",
        "expected_release_date",
    ],
    "supervision_kind": ["Jenis Bimbingan", "Jenis Klien", "supervision_kind"],
    "supervision_start": ["Tanggal Mulai Bimbingan", "Awal Bimbingan", "supervision_start"],
    "supervision_expected_end": ["Tanggal Akhir Bimbingan", "Akhir Bimbingan", "supervision_expected_end"],
}
PERSON_REQUIRED = ["full_name", "birth_date", "sex"]
CUSTODY_REQUIRED = ["admission_date", "offence_category"]
SUPERVISION_REQUIRED = ["supervision_kind", "supervision_start"]


def header_key(text: Any) -> str:
    """Return a header as it is compared: lower case, punctuation and spaces as single spaces."""
    return " ".join(re.split(r"[^0-9a-z]+", str(text or "").lower())).strip()


_BY_HEADER = {header_key(alias): name for name, aliases in HEADERS.items() for alias in [name, *aliases]}


def map_headers(headers: list[Any]) -> dict[int, str]:
    """Return {column position: Bekal field} for the headers Bekal knows; the first column naming a field wins."""
    found: dict[int, str] = {}
    for position, header in enumerate(headers):
        name = _BY_HEADER.get(header_key(header))
        if name is not None and name not in found.values():
            found[position] = name
    return found


def _table(pairs: dict[str, list[str]]) -> dict[str, str]:
    return {header_key(alias): code for code, aliases in pairs.items() for alias in [code, *aliases]}


SEXES = _table(
    {Sex.MALE: ["L", "Laki-laki", "Laki laki", "Pria", "Male"], Sex.FEMALE: ["P", "Perempuan", "Wanita", "Female"]}
)
EDUCATIONS = _table(
    {
        Education.NONE: ["Tidak Sekolah", "Tidak Tamat SD", "Belum Sekolah", "-"],
        Education.SD: ["SD", "SD/Sederajat", "MI"],
        Education.SMP: ["SMP", "SLTP", "SMP/Sederajat", "MTs"],
        Education.SMA: ["SMA", "SLTA", "SMA/Sederajat", "MA"],
        Education.SMK: ["SMK", "STM", "SMEA"],
        Education.D3: ["D1", "D2", "D3", "Diploma"],
        Education.S1: ["S1", "D4", "Sarjana"],
        Education.S2: ["S2", "S3", "Magister", "Doktor"],
    }
)
OFFENCES = _table(
    {
        OffenceCategory.NARCOTICS: ["Narkotika", "Narkoba", "Psikotropika"],
        OffenceCategory.THEFT: ["Pencurian", "Curat", "Curas", "Curanmor"],
        OffenceCategory.FRAUD: ["Penipuan", "Penggelapan", "Penipuan/Penggelapan"],
        OffenceCategory.ASSAULT: ["Penganiayaan", "Pengeroyokan"],
        OffenceCategory.HOMICIDE: ["Pembunuhan"],
        OffenceCategory.SEXUAL: ["Kesusilaan", "Pemerkosaan", "Perkosaan", "Pencabulan", "Asusila"],
        OffenceCategory.CORRUPTION: ["Korupsi", "Tipikor"],
        OffenceCategory.GAMBLING: ["Perjudian", "Judi"],
        OffenceCategory.TRAFFIC: ["Lalu Lintas", "Lakalantas"],
        OffenceCategory.CHILD_PROTECTION: ["Perlindungan Anak"],
        OffenceCategory.OTHER: ["Lainnya", "Lain-lain", "Lain lain"],
    }
)
REGISTER_CLASSES = {header_key(c.value).replace(" ", ""): c.value for c in RegisterClass}
SUPERVISION_KINDS = _table(
    {
        SupervisionKind.PAROLE: ["PB", "Pembebasan Bersyarat"],
        SupervisionKind.CONDITIONAL_LEAVE: ["CB", "Cuti Bersyarat"],
        SupervisionKind.LEAVE_BEFORE_RELEASE: ["CMB", "Cuti Menjelang Bebas"],
        SupervisionKind.ASSIMILATION: ["Asimilasi"],
        SupervisionKind.COMMUNITY_SERVICE: ["Pidana Kerja Sosial", "Kerja Sosial"],
        SupervisionKind.SUPERVISION_SENTENCE: ["Pidana Pengawasan", "Pengawasan"],
        SupervisionKind.DIVERSION: ["Diversi"],
    }
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb", "pebruari", "peb"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "ags"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov", "nop"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


def parse_date(value: Any) -> date | None:
    """Return the date of a cell: a spreadsheet date, "2027-02-05", "05-02-2027", "05/02/2027" or "5 Februari 2027";
    None when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if " " in text and ":" in text:  # "2027-02-05 00:00:00" written by some exports
        text = text.split(" ", 1)[0]
    numbers = _DAY_FIRST.match(text) or _YEAR_FIRST.match(text)
    if numbers:
        a, b, c = (int(g) for g in numbers.groups())
        try:
            return date(c, b, a) if numbers.re is _DAY_FIRST else date(a, b, c)
        except ValueError:
            return None
    words = _WORDS.match(text.lower())
    if words and words.group(2) in MONTHS:
        try:
            return date(int(words.group(3)), MONTHS[words.group(2)], int(words.group(1)))
        except ValueError:
            return None
    return None


_SENTENCE_PART = re.compile(r"(\d+)\s*(tahun|thn|th|th\.|bulan|bln|bl|hari|hr|years?|months?|days?)")


def parse_sentence(text: str) -> tuple[int, int, int] | None:
    """Return (years, months, days) from "2 tahun 6 bulan 15 hari", "2 Th 6 Bl", "2 years 6 months"; None when the
    text has no such part or anything else."""
    cleaned = text.lower().strip()
    if not cleaned:
        return None
    parts = _SENTENCE_PART.findall(cleaned)
    if not parts or _SENTENCE_PART.sub("", cleaned).strip(" ,.") != "":
        return None
    years = months = days = 0
    for number, unit in parts:
        if unit.startswith(("t", "y")):
            years += int(number)
        elif unit.startswith(("bu", "bl", "m")):
            months += int(number)
        else:
            days += int(number)
    return years, months, days


def text_of(value: Any) -> str:
    """Return a cell as text: whole numbers without ".0" (a spreadsheet's NIK or count), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
