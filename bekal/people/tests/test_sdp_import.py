"""Loading an SDP export: Indonesian headers, semicolons and Windows-1252 as Excel writes them; 990 good rows of 1,000
in, the 10 bad ones back with their reasons; the same file again changes nothing; people found by NIK or register
number are updated, never twinned; a Bapas file gives supervision periods."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from bekal.audit.models import AuditEvent
from bekal.conftest import valid_nik
from bekal.jobs import runner
from bekal.jobs.models import Job, JobStatus
from bekal.jobs.services import job_start
from bekal.people import links
from bekal.people.models import CustodyPeriod, Person, SupervisionPeriod
from bekal.people.sdp.importer import sdp_import

HEADER = [
    "No. Registrasi",
    "Nama",
    "NIK",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Pendidikan",
    "Golongan Registrasi",
    "Tanggal Masuk",
    "Jenis Kejahatan",
    "Lama Pidana",
    "Tanggal Ekspirasi",
]
BAD = {
    17: ("Tanggal Lahir", "31-02-1990"),  # no such day
    101: ("Jenis Kelamin", "X"),
    202: ("Jenis Kejahatan", "Penyelundupan Waktu"),
    303: ("Tanggal Masuk", ""),  # required
    404: ("Lama Pidana", "lama sekali"),
    505: ("Golongan Registrasi", "Z.IX"),
    606: ("Tanggal Masuk", "01-01-2999"),  # in the future
    707: ("Nama", ""),
    808: ("NIK", "1234"),  # too short
    909: ("Tanggal Ekspirasi", "01-01-2000"),  # before admission
}


def sdp_rows(n: int = 1000, *, bad: dict[int, tuple[str, str]] | None = None) -> list[list[str]]:
    rows = []
    for i in range(n):
        born = date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        row = {
            "No. Registrasi": f"B.I-{i:05d}/2024",
            "Nama": f"Warga Binaan Ké {i}",  # a letter Windows-1252 has and ASCII has not
            "NIK": valid_nik(birth=born, female=i % 2 == 1),
            "Tanggal Lahir": born.strftime("%d-%m-%Y"),
            "Jenis Kelamin": "P" if i % 2 else "L",
            "Pendidikan": ["SD", "SLTP", "SLTA", "Tidak Sekolah"][i % 4],
            "Golongan Registrasi": "B.I",
            "Tanggal Masuk": "15-03-2024",
            "Jenis Kejahatan": ["Narkotika", "Pencurian", "Penipuan"][i % 3],
            "Lama Pidana": "2 Tahun 6 Bulan",
            "Tanggal Ekspirasi": "",
        }
        if bad and i in bad:
            column, value = bad[i]
            row[column] = value
        rows.append([row[h] for h in HEADER])
    return rows


def semicolon_cp1252(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue().encode("cp1252")


def run(user, unit, content: bytes, *, name: str = "sdp.csv", dry_run: bool = False):
    return sdp_import(actor=user, unit=unit, filename=name, file=io.BytesIO(content), dry_run=dry_run)


def refused(report) -> list[list[str]]:
    return list(csv.reader(io.StringIO(report.file.read().decode("utf-8-sig")), delimiter=";"))


def test_a_thousand_rows_with_ten_bad_import_990_and_return_the_ten_with_reasons(users, world):
    content = semicolon_cp1252(sdp_rows(bad=BAD))
    report = run(users.officer, world.martapura, content)
    assert report.people_created == report.periods_created == 990
    assert Person.objects.count() == CustodyPeriod.objects.count() == 990
    assert links.differences() == []  # written in bulk: the unit's list holds the 990 people
    lines = refused(report)
    assert lines[0] == [*HEADER, "Alasan"]
    assert [int(line[0].split("-")[1].split("/")[0]) for line in lines[1:]] == sorted(BAD)
    reasons = {int(line[0].split("-")[1].split("/")[0]): line[-1] for line in lines[1:]}
    assert "31-02-1990" in reasons[17]
    assert "X" in reasons[101]
    assert "Penyelundupan Waktu" in reasons[202]
    assert "Tanggal Masuk" in reasons[303]
    assert "lama sekali" in reasons[404]
    assert "Z.IX" in reasons[505]
    assert "2999" in reasons[606]
    assert "Nama" in reasons[707]
    assert "NIK" in reasons[808]
    assert "2000" in reasons[909]
    period = CustodyPeriod.objects.select_related("person").get(register_number="B.I-00002/2024")
    assert period.person.full_name == "Warga Binaan Ké 2"
    assert (period.person.sex, period.person.education) == ("M", "sma")
    assert (period.offence_category, period.sentence_years, period.sentence_months) == ("fraud", 2, 6)
    assert period.expected_release_date == date(2026, 9, 15) and period.parole_date is not None
    event = AuditEvent.objects.get(code="people.sdp_import.completed")
    assert event.changes["people_created"] == [None, 990] and event.changes["refused"] == [None, 10]


def test_the_same_file_again_changes_nothing_and_adds_only_its_summary(users, world):
    content = semicolon_cp1252(sdp_rows(200, bad={5: BAD[17]}))
    run(users.officer, world.martapura, content)
    events = AuditEvent.objects.count()
    stamps = dict(Person.objects.values_list("id", "updated_at"))
    report = run(users.officer, world.martapura, content)
    assert (report.people_created, report.people_updated, report.periods_created, report.periods_updated) == (0,) * 4
    assert report.actions["unchanged"] == 199 and report.actions["refused"] == 1
    assert Person.objects.count() == CustodyPeriod.objects.count() == 199
    assert dict(Person.objects.values_list("id", "updated_at")) == stamps
    assert AuditEvent.objects.count() == events + 1  # the second import's summary, nothing per row


def test_people_are_found_by_nik_then_by_register_number_and_updated(users, world, make_person):
    born = date(1985, 4, 9)
    by_nik = make_person(
        world.martapura, full_name="Budi Lama", birth_date=born, nik=valid_nik(birth=born, female=False), custody=False
    )
    by_register = make_person(world.martapura, full_name="Joko", birth_date=date(1979, 2, 3), nik=None)
    CustodyPeriod.objects.filter(person=by_register).update(register_number="A.II-77/2025")
    rows = [
        ["", "Budi Baru", by_nik.nik, "09-04-1985", "L", "SMK", "", "01-06-2025", "Pencurian", "1 tahun", ""],
        ["a.ii-77/2025", "Joko", "", "03-02-1979", "L", "", "", "", "Narkotika", "", ""],
    ]
    rows[1][7] = CustodyPeriod.objects.get(person=by_register).admission_date.strftime("%d-%m-%Y")
    report = run(users.officer, world.martapura, semicolon_cp1252(rows))
    assert report.people_created == 0 and report.actions["refused"] == 0, refused(report)
    assert Person.objects.count() == 2
    by_nik.refresh_from_db()
    assert (by_nik.full_name, by_nik.education) == ("Budi Baru", "smk")
    assert by_nik.custody_periods.filter(admission_date=date(2025, 6, 1), offence_category="theft").exists()
    assert by_register.custody_periods.get().offence_category == "narcotics"  # the same period, corrected


def test_a_new_period_overlapping_an_open_one_is_refused_not_written(users, world, make_person):
    born = date(1985, 4, 9)
    person = make_person(world.martapura, full_name="Budi", birth_date=born, nik=valid_nik(birth=born, female=False))
    row = ["B.I-9/2025", "Budi", person.nik, "09-04-1985", "L", "", "", "01-06-2025", "Pencurian", "1 tahun", ""]
    report = run(users.officer, world.martapura, semicolon_cp1252([row]))
    assert report.actions["refused"] == 1 and person.custody_periods.count() == 1
    reason = refused(report)[1][-1]
    assert "tumpang tindih" in reason and "Martapura" in reason and "10 Januari 2025" in reason


def test_the_dry_run_says_row_by_row_what_would_happen_and_writes_nothing(users, world, make_person):
    born = date(1985, 4, 9)
    known = make_person(
        world.martapura, full_name="Budi", birth_date=born, nik=valid_nik(birth=born, female=False), custody=False
    )
    rows = sdp_rows(3, bad={1: BAD[101]})
    rows[2][2], rows[2][3], rows[2][1] = known.nik, "09-04-1985", "Budi Santoso"
    before = (Person.objects.count(), CustodyPeriod.objects.count(), AuditEvent.objects.count())
    report = run(users.officer, world.martapura, semicolon_cp1252(rows), dry_run=True)
    assert (Person.objects.count(), CustodyPeriod.objects.count(), AuditEvent.objects.count()) == before
    lines = refused(report)
    assert lines[0][:2] == ["Baris", "Tindakan"]
    assert [line[:2] for line in lines[1:]] == [["2", "dibuat"], ["3", "ditolak"], ["4", "diperbarui"]]
    assert "X" in lines[2][-1] and "nama lengkap" in lines[3][-1].lower()
    assert known.nik not in ";".join(lines[3]) and "••••" in lines[3][3]  # the plan shows NIKs masked


def test_an_xlsx_export_with_english_headers_and_real_dates_loads(users, world):
    born = date(1990, 5, 17)
    book = Workbook()
    sheet = book.active
    sheet.append(["register_number", "full_name", "nik", "birth_date", "sex", "admission_date", "offence_category"])
    sheet.append(["B.I-1/2025", "Andi", int(valid_nik(birth=born, female=False)), born, "M", date(2025, 1, 2), "theft"])
    sheet.append(["B.I-2/2025", "Rina", None, date(1991, 3, 4), "F", date(2025, 1, 3), "Pencurian"])
    out = io.BytesIO()
    book.save(out)
    report = run(users.officer, world.martapura, out.getvalue(), name="sdp.xlsx")
    assert report.people_created == 2, refused(report)
    assert CustodyPeriod.objects.get(register_number="B.I-1/2025").admission_date == date(2025, 1, 2)


def test_a_comma_separated_utf8_file_with_a_bom_loads(users, world):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *sdp_rows(3)])
    report = run(users.officer, world.martapura, out.getvalue().encode("utf-8-sig"))
    assert report.people_created == 3
    assert Person.objects.filter(full_name="Warga Binaan Ké 1").exists()


def test_a_bapas_export_gives_supervision_periods(users, world):
    born = date(1988, 8, 8)
    content = (
        "Nama;NIK;Tanggal Lahir;Jenis Kelamin;Jenis Bimbingan;Tanggal Mulai Bimbingan;Tanggal Akhir Bimbingan\r\n"
        f"Rudi;{valid_nik(birth=born, female=False)};08-08-1988;L;PB;01-02-2026;01-02-2027\r\n"
        "Sari;;09-09-1990;P;Cuti Bersyarat;01-03-2026;\r\n"
    ).encode("cp1252")
    report = run(users.pk, world.muratara, content)
    assert report.periods_created == 2, refused(report)
    assert set(SupervisionPeriod.objects.values_list("kind", flat=True)) == {"pb", "cb"}
    again = run(users.pk, world.muratara, content)
    assert again.actions["unchanged"] == 2 and SupervisionPeriod.objects.count() == 2


def test_a_file_without_the_required_columns_is_refused_naming_them(users, world):
    with pytest.raises(Exception, match="Tanggal Masuk, Jenis Kejahatan"):
        run(users.officer, world.martapura, b"Nama;Tanggal Lahir;Jenis Kelamin\r\nA;01-01-1990;L\r\n")


def test_the_import_job_uses_the_checked_file_and_returns_the_refused_rows(users, world):
    content = semicolon_cp1252(sdp_rows(20, bad={3: BAD[101]}))
    check = job_start(
        actor=users.officer, kind="people.sdp_check", params={"unit": world.martapura.pk}, upload=("s.csv", content)
    )
    assert runner.run(check.pk) == JobStatus.DONE and Person.objects.count() == 0
    check.refresh_from_db()
    assert check.summary[0].startswith("19 ") and check.summary[3].startswith("1 ")
    job = job_start(actor=users.officer, kind="people.sdp_import", params={"check": check.pk})
    assert runner.run(job.pk) == JobStatus.DONE
    job = Job.objects.get(pk=job.pk)
    assert Person.objects.count() == 19
    lines = job.result.read().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("B.I-00003/2024;") and "X" in lines[1].split(";")[-1]


def _job(user, kind, params, upload=None):
    job = job_start(actor=user, kind=kind, params=params, upload=upload)
    assert runner.run(job.pk) == JobStatus.DONE
    return Job.objects.get(pk=job.pk)


def test_through_the_jobs_990_of_1000_import_the_10_come_back_and_a_second_import_changes_nothing(users, world):
    content = semicolon_cp1252(sdp_rows(bad=BAD))
    for attempt in (1, 2):
        check = _job(users.officer, "people.sdp_check", {"unit": world.martapura.pk}, ("sdp.csv", content))
        plan = check.result.read().decode("utf-8-sig").splitlines()
        assert len(plan) == 1001  # the dry run's file: every row with its action, written as it went
        job = _job(users.officer, "people.sdp_import", {"check": check.pk})
        lines = list(csv.reader(io.StringIO(job.result.read().decode("utf-8-sig")), delimiter=";"))
        assert [int(line[0].split("-")[1].split("/")[0]) for line in lines[1:]] == sorted(BAD)
        assert all(line[-1] for line in lines[1:])  # each refused row with its reason
        if attempt == 1:
            assert check.summary[0].startswith("990 ") and job.summary[0].startswith("990 ")
            stamps = dict(Person.objects.values_list("id", "updated_at"))
        else:
            assert check.summary[2].startswith("990 ")  # "990 rows change nothing"
            assert job.summary[:4] == [s for s in job.summary[:4] if s.startswith("0 ")]
    assert Person.objects.count() == CustodyPeriod.objects.count() == 990
    assert dict(Person.objects.values_list("id", "updated_at")) == stamps


def test_a_name_or_register_number_repeated_across_chunks_is_refused_naming_the_first_row(users, world, monkeypatch):
    from bekal.people.sdp import importer

    monkeypatch.setattr(importer, "CHUNK", 7)  # the twin is several chunks after its first row
    rows = sdp_rows(30)
    rows[25][HEADER.index("NIK")] = rows[3][HEADER.index("NIK")]
    rows[26][HEADER.index("No. Registrasi")] = rows[4][HEADER.index("No. Registrasi")]
    report = run(users.officer, world.martapura, semicolon_cp1252(rows), dry_run=True)
    reasons = {line[0]: line[-1] for line in refused(report)[1:]}
    assert report.refused == 2
    assert "row 5" in reasons["27"] or "baris 5" in reasons["27"]  # row numbers as a spreadsheet counts them
    assert "row 6" in reasons["28"] or "baris 6" in reasons["28"]
