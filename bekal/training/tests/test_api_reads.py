"""Attendance, escorts and incidents read back through the API, by day and by participant: the same scope as the
pages (another unit's record is a 404), voided marks left out."""

from bekal.training import services
from bekal.training.tests.conftest import START

NIP = "198001012005011001"


def test_a_days_escorts_both_kinds_with_the_ladder(client_for, users, open_batch, make_user, world):
    day = open_batch.days.order_by("date").first()
    services.escort_assign(actor=users.officer, day=day, officer=users.officer)
    services.escort_assign(actor=users.officer, day=day, officer_name="Joko Susilo", officer_nip=NIP)
    url = f"/api/v1/days/{day.pk}/escorts"
    assert client_for(None).get(url).status_code == 401
    assert client_for(make_user(world.martapura)).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    rows = client_for(users.officer).get(url).json()
    assert [(r["officer_id"], r["officer_nip"]) for r in rows] == [(users.officer.pk, ""), (None, NIP)]
    assert rows[1]["officer_name"] == "Joko Susilo"


def test_a_participants_incidents_with_the_ladder(client_for, users, enrolled, make_user, world):
    services.incident_record(
        actor=users.officer, enrollment=enrolled, date=START, severity="low", description="Terlambat", action="warning"
    )
    url = f"/api/v1/enrollments/{enrolled.pk}/incidents"
    assert client_for(None).get(url).status_code == 401
    assert client_for(make_user(world.martapura)).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    rows = client_for(users.officer).get(url).json()
    assert [(r["description"], r["ban_until"]) for r in rows] == [("Terlambat", None)]


def test_a_participants_attendance_leaves_voided_marks_out(client_for, users, open_batch, enrolled, make_user, world):
    first, second = open_batch.days.order_by("date")[:2]
    services.attendance_record(actor=users.officer, day=first, marks={enrolled.pk: "present"}, today=first.date)
    services.attendance_record(actor=users.officer, day=second, marks={enrolled.pk: "absent"}, today=second.date)
    mark = enrolled.attendances.get(day=second)
    services.attendance_void(actor=users.officer, attendance=mark, reason="Salah tandai")
    services.attendance_record(actor=users.officer, day=second, marks={enrolled.pk: "sick"}, today=second.date)
    url = f"/api/v1/enrollments/{enrolled.pk}/attendance"
    assert client_for(None).get(url).status_code == 401
    assert client_for(make_user(world.martapura)).get(url).status_code == 403
    assert client_for(users.other_officer).get(url).status_code == 404
    rows = client_for(users.officer).get(url).json()
    assert [(r["day"], r["reason"]) for r in rows] == [(str(first.date), "present"), (str(second.date), "sick")]
    day_rows = client_for(users.officer).get(f"/api/v1/days/{second.pk}/attendance").json()
    assert [r["reason"] for r in day_rows] == ["sick"]
