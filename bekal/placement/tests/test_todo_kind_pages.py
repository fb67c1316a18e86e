"""The pre-release to-do kinds page and API (issue 15 item 2): list, add, edit, retire and bring back, with labels in
both languages. Kinds are national reference data: no unit owns one, so "another unit's record" does not arise; an
unknown kind answers 404."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from bekal.audit.models import AuditEvent
from bekal.placement.models import PreReleaseToDo, ToDoKind
from bekal.placement.todo_kinds import todo_kinds_load


@pytest.fixture
def ktp(db):
    todo_kinds_load(ToDoKind)
    return ToDoKind.objects.get(code="ktp")


def send(client, method, url, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


class TestPages:
    def test_anonymous_goes_to_login(self, client_for, ktp):
        for url in [reverse("placement:todo-kinds"), reverse("placement:todo-kind-edit", args=[ktp.pk])]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "login" in response["Location"]

    def test_another_role_gets_403(self, client_for, users, ktp):
        for user in [users.unit_admin, users.officer, users.pk]:
            client = client_for(user)
            assert client.get(reverse("placement:todo-kinds")).status_code == 403
            assert client.post(reverse("placement:todo-kind-active", args=[ktp.pk]), {"active": "0"}).status_code == 403
        ktp.refresh_from_db()
        assert ktp.is_active

    def test_an_unknown_kind_is_404(self, client_for, users, ktp):
        client = client_for(users.sysadmin)
        assert client.get(reverse("placement:todo-kind-edit", args=[999999])).status_code == 404

    def test_the_administrator_adds_edits_retires_and_brings_back(self, client_for, users, ktp, make_person, world):
        client = client_for(users.sysadmin)
        page = client.get(reverse("placement:todo-kinds")).content.decode()
        assert "Kartu Tanda Penduduk (KTP)" in page and "Identity card (KTP)" in page
        assert reverse("placement:todo-kinds") in page  # the admin's menu links to it
        data = {"code": "npwp", "name": "Nomor Pokok Wajib Pajak (NPWP)", "name_en": "Tax number (NPWP)", "order": 80}
        assert client.post(reverse("placement:todo-kind-create"), data).status_code == 302
        npwp = ToDoKind.objects.get(code="npwp")
        with translation.override("en"):
            assert str(npwp) == "Tax number (NPWP)"
        with translation.override("id"):
            assert str(npwp) == "Nomor Pokok Wajib Pajak (NPWP)"
        refused = client.post(reverse("placement:todo-kind-create"), data)
        assert refused.status_code == 200 and "npwp" in refused.content.decode()
        edit = reverse("placement:todo-kind-edit", args=[npwp.pk])
        assert client.post(edit, data | {"order": 15}).status_code == 302
        npwp.refresh_from_db()
        assert npwp.order == 15
        person = make_person(world.martapura)
        PreReleaseToDo.objects.create(person=person, kind=npwp, status="open", status_date="2026-12-01")
        client.post(reverse("placement:todo-kind-active", args=[npwp.pk]), {"active": "0"})
        npwp.refresh_from_db()
        assert not npwp.is_active and PreReleaseToDo.objects.filter(kind=npwp).count() == 1  # history kept
        client.post(reverse("placement:todo-kind-active", args=[npwp.pk]), {"active": "1"})
        codes = list(AuditEvent.objects.filter(object_id=str(npwp.pk), code__startswith="placement.todo_kind."))
        assert [e.code for e in sorted(codes, key=lambda e: e.pk)] == [
            "placement.todo_kind.created",
            "placement.todo_kind.updated",
            "placement.todo_kind.retired",
            "placement.todo_kind.reactivated",
        ]


class TestApi:
    def test_anonymous_gets_401(self, client_for, ktp):
        client = client_for(None)
        assert client.get("/api/v1/placement/todo-kinds").status_code == 401
        assert client.post(f"/api/v1/placement/todo-kinds/{ktp.pk}/retire").status_code == 401

    def test_every_signed_in_user_reads_but_only_the_administrator_writes(self, client_for, users, ktp):
        client = client_for(users.officer)
        kinds = client.get("/api/v1/placement/todo-kinds", HTTP_ACCEPT_LANGUAGE="en").json()
        assert {"code": "ktp", "label": "Identity card (KTP)"}.items() <= kinds[0].items()
        assert send(client, "post", "/api/v1/placement/todo-kinds", {"code": "x", "name": "X"}).status_code == 403
        assert send(client, "patch", f"/api/v1/placement/todo-kinds/{ktp.pk}", {"order": 1}).status_code == 403
        assert client.post(f"/api/v1/placement/todo-kinds/{ktp.pk}/retire").status_code == 403

    def test_an_unknown_kind_is_404(self, client_for, users, ktp):
        client = client_for(users.sysadmin)
        assert send(client, "patch", "/api/v1/placement/todo-kinds/999999", {"order": 1}).status_code == 404
        assert client.post("/api/v1/placement/todo-kinds/999999/retire").status_code == 404

    def test_the_administrator_adds_edits_retires_and_brings_back(self, client_for, users, ktp):
        client = client_for(users.sysadmin)
        body = {"code": "npwp", "name": "NPWP", "name_en": "Tax number (NPWP)"}
        created = send(client, "post", "/api/v1/placement/todo-kinds", body)
        assert created.status_code == 201 and created.json()["is_active"] is True
        assert send(client, "post", "/api/v1/placement/todo-kinds", body).status_code == 422
        kind_id = created.json()["id"]
        patched = send(client, "patch", f"/api/v1/placement/todo-kinds/{kind_id}", {"order": 5})
        assert patched.status_code == 200 and patched.json()["order"] == 5 and patched.json()["name"] == "NPWP"
        assert client.post(f"/api/v1/placement/todo-kinds/{kind_id}/retire").json()["is_active"] is False
        assert client.post(f"/api/v1/placement/todo-kinds/{kind_id}/retire").status_code == 422
        active = client.get("/api/v1/placement/todo-kinds?active=true").json()
        assert "npwp" not in {k["code"] for k in active}
        assert client.post(f"/api/v1/placement/todo-kinds/{kind_id}/reactivate").json()["is_active"] is True
