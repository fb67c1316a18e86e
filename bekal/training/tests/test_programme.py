"""Programmes take the rules' defaults, validate SKKNI codes, and import with a per-row report."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from bekal.audit.models import AuditEvent
from bekal.rules.models import RuleValue
from bekal.training import services


def test_a_new_programme_takes_the_rules_defaults(programme):
    assert (programme.min_days, programme.fmd_days, programme.max_jp_per_day) == (20, 2, 10)
    assert (programme.quota, programme.min_attendance_percent) == (16, 80)
    assert programme.units.count() == 2
    assert AuditEvent.objects.filter(code="training.programme.created").exists()


def test_a_changed_rule_changes_the_default(world, users):
    RuleValue.objects.create(code="training.batch.quota", value="12", valid_from="2020-01-01", source="test")
    programme = services.programme_create(
        actor=users.sysadmin, provider=world.blk, name="Hidroponik", total_jp=160, training_days=20
    )
    assert programme.quota == 12


def test_it_rejects_a_bad_skkni_code(world, users):
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=users.sysadmin,
            provider=world.blk,
            name="Las",
            total_jp=160,
            training_days=20,
            units=[("C.251100.001.01", "ok"), ("C25.001", "bad")],
        )
    assert "C25.001" in str(error.value.message_dict["units"])


def test_it_rejects_more_jp_than_the_daily_cap_allows(world, users):
    with pytest.raises(ValidationError) as error:
        services.programme_create(actor=users.sysadmin, provider=world.blk, name="Las", total_jp=220, training_days=20)
    assert "10 JP" in error.value.message_dict["total_jp"][0]


def test_it_rejects_fewer_days_than_the_minimum(world, users):
    with pytest.raises(ValidationError) as error:
        services.programme_create(actor=users.sysadmin, provider=world.blk, name="Las", total_jp=100, training_days=18)
    assert "18" in error.value.message_dict["training_days"][0] and "20" in error.value.message_dict["training_days"][0]


def test_a_partner_may_add_only_its_own_programmes(world, users, lsp):
    with pytest.raises(ValidationError):
        services.programme_create(actor=users.partner, provider=lsp, name="X", total_jp=160, training_days=20)
    assert services.programme_create(actor=users.partner, provider=world.blk, name="X", total_jp=160, training_days=20)


def test_a_csv_import_saves_good_rows_and_reports_bad_ones(world, users):
    content = (
        b"name,field,total_jp,training_days,units\n"
        b"Barista,Pariwisata,160,20,I.563000.001.01 Espresso\n"
        b"Las,Manufaktur,abc,20,\n"
        b"Tukang Kayu,Konstruksi,160,20,F.45KAY.01 salah\n"
        b"Hidroponik,Pertanian,160,20,\n"
    )
    report = services.programmes_import(actor=users.sysadmin, provider=world.blk, filename="k.csv", content=content)
    assert [p.name for p in report.created] == ["Barista", "Hidroponik"]
    assert [row for row, _reasons in report.errors] == [3, 4]
    assert "abc" in report.errors[0][1][0]


def test_an_xlsx_import_reads_the_first_sheet(world, users):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "total_jp", "training_days", "quota"])
    sheet.append(["Barista", 160, 20, 12])
    sheet.append(["Pendek", 40, 5, None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = services.programmes_import(
        actor=users.sysadmin, provider=world.blk, filename="k.xlsx", content=buffer.getvalue()
    )
    assert [p.quota for p in report.created] == [12]
    assert report.errors[0][0] == 3


def test_an_unreadable_catalogue_is_refused_with_its_reason(world, users):
    with pytest.raises(ValidationError) as refused:
        services.programmes_import(actor=users.sysadmin, provider=world.blk, filename="k.xlsx", content=b"\x00junk")
    assert "file" in refused.value.message_dict


def test_the_catalogue_import_takes_the_kbli_and_kbji_columns(world, users):
    content = (
        b"name,total_jp,training_days,kbli,kbji\n"
        b"Barista,160,20,I Penyediaan makan minum,5\n"
        b"Las,160,20,c,7 Pekerja pengolahan\n"
        b"Salah,160,20,Z,5\n"
    )
    report = services.programmes_import(actor=users.sysadmin, provider=world.blk, filename="k.csv", content=content)
    assert [(p.name, p.kbli, p.kbji) for p in report.created] == [("Barista", "I", "5"), ("Las", "C", "7")]
    assert report.errors[0][0] == 4 and "kbli" in report.errors[0][1][0]
