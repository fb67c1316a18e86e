"""The data steps of issue 17's migrations keep what the old free-text fields said: training 0009 turns per-batch
instructor rows into a provider's registry; placement 0005 turns the self-employment free text into structure."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("training", "0008_holiday_kind_and_2027"), ("placement", "0004_todokind_name_en")]
AFTER = [("training", "0009_instructor_registry"), ("placement", "0005_self_employment_and_demand_tags")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_rows_become_registered_instructors_and_structured_businesses():
    old = _migrate(BEFORE)
    try:
        Organization = old.get_model("organizations", "Organization")
        Programme = old.get_model("training", "Programme")
        Batch = old.get_model("training", "Batch")
        Instructor = old.get_model("training", "Instructor")
        Person = old.get_model("people", "Person")
        Placement = old.get_model("placement", "Placement")
        blk = Organization.objects.create(name="BLK Uji", kind="blk")
        disnaker = Organization.objects.create(name="Disnaker OKU Timur", kind="disnaker")
        programme = Programme.objects.create(
            provider=blk,
            name="Las",
            total_jp=160,
            training_days=20,
            min_days=20,
            max_jp_per_day=8,
            fmd_days=2,
            quota=16,
            min_attendance_percent=80,
        )
        batches = [
            Batch.objects.create(
                name=f"Las {i}",
                programme=programme,
                provider=blk,
                start_date=date(2025, 3, 3),
                end_date=date(2025, 3, 28),
                jp_per_day=8,
                quota=16,
            )
            for i in range(2)
        ]
        for batch in batches:
            Instructor.objects.create(batch=batch, name="Budi", certification="Instruktur bersertifikat BNSP")
        Instructor.objects.create(batch=batches[0], name="Budi", certification="")  # the same name twice
        lapas = Organization.objects.create(name="Lapas Uji", kind="lapas")
        person = Person.objects.create(
            full_name="Andi", search_name="andi", birth_date=date(1990, 1, 1), sex="M", registered_unit=lapas
        )
        Placement.objects.create(
            person=person,
            kind="self_employed",
            business_kind="Warung kelontong",
            support_received="Modal usaha dari Disnaker OKU Timur",
            start_date=date(2025, 6, 1),
        )
    finally:
        new = _migrate(AFTER)
    Registered = new.get_model("training", "Instructor")
    BatchInstructor = new.get_model("training", "BatchInstructor")
    [registered] = Registered.objects.all()
    assert registered.name == "Budi" and registered.note == "Instruktur bersertifikat BNSP"
    assert BatchInstructor.objects.count() == 2
    assert set(BatchInstructor.objects.values_list("instructor_id", flat=True)) == {registered.pk}
    placement = new.get_model("placement", "Placement").objects.get()
    assert placement.business_name == "Warung kelontong" and placement.business_type == "trade"
    assert placement.aid_kind == "capital" and placement.aid_from_id == disnaker.pk
    _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
