"""The legal figures page and API (issue 15 item 2): every rule with its figure and legal basis, a rule's history,
and a new figure from a date, by system administrators only. Rules are national: no unit owns one, so "another
unit's record" is an unknown rule code, which answers 404."""

import json
from datetime import date

from django.urls import reverse
from django.utils import translation

from bekal.audit.models import AuditEvent
from bekal.rules.models import RuleValue

CODE = "training.batch.quota"


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


class TestPages:
    def test_anonymous_goes_to_login(self, client_for, db):
        for url in [reverse("rules:list"), reverse("rules:detail", args=[CODE])]:
            response = client_for(None).get(url)
            assert response.status_code == 302 and "login" in response["Location"]

    def test_another_role_gets_403(self, client_for, users):
        for user in [users.unit_admin, users.national, users.officer]:
            client = client_for(user)
            assert client.get(reverse("rules:list")).status_code == 403
            assert client.post(reverse("rules:detail", args=[CODE]), {"value": "20"}).status_code == 403
        assert not RuleValue.objects.exists()

    def test_an_unknown_rule_is_404(self, client_for, users):
        assert client_for(users.sysadmin).get(reverse("rules:detail", args=["no.such.rule"])).status_code == 404

    def test_the_list_shows_every_rule_with_its_figure_and_basis(self, client_for, users):
        RuleValue.objects.create(code=CODE, value="20", valid_from=date(2020, 1, 1), source="Permenaker 8/2014")
        with translation.override("id"):
            page = client_for(users.sysadmin).get(reverse("rules:list")).content.decode()
        assert "Peserta per angkatan" in page and "Permenaker 8/2014" in page
        assert "release.parole.fraction" in page and "KUHP Pasal 72" in page
        assert reverse("rules:list") in page  # the admin's menu links to it

    def test_the_administrator_adds_a_figure_and_sees_the_history(self, client_for, users):
        client = client_for(users.sysadmin)
        url = reverse("rules:detail", args=[CODE])
        response = client.post(url, {"value": "20", "valid_from": "01/02/2027", "source": "Permenaker 8/2014"})
        assert response.status_code == 302
        assert RuleValue.objects.get(code=CODE).valid_from == date(2027, 2, 1)
        assert AuditEvent.objects.filter(code="rules.rule_value.set", actor=users.sysadmin).count() == 1
        refused = client.post(url, {"value": "18", "valid_from": "01/01/2027", "source": "x"})
        assert refused.status_code == 200 and "1 Februari 2027" in refused.content.decode()
        page = client.get(url).content.decode()
        assert "Permenaker 8/2014" in page and "16" in page  # the new figure and the default before it
        assert RuleValue.objects.count() == 1


class TestApi:
    def test_anonymous_gets_401(self, client_for, db):
        client = client_for(None)
        assert client.get("/api/v1/rules").status_code == 401
        assert post_json(client, f"/api/v1/rules/{CODE}/values", {}).status_code == 401

    def test_another_role_gets_403(self, client_for, users):
        client = client_for(users.unit_admin)
        assert client.get("/api/v1/rules").status_code == 403
        assert client.get(f"/api/v1/rules/{CODE}").status_code == 403
        body = {"value": "20", "valid_from": "2027-02-01", "source": "x"}
        assert post_json(client, f"/api/v1/rules/{CODE}/values", body).status_code == 403

    def test_an_unknown_rule_is_404(self, client_for, users):
        client = client_for(users.sysadmin)
        assert client.get("/api/v1/rules/no.such.rule").status_code == 404
        body = {"value": "20", "valid_from": "2027-02-01", "source": "x"}
        assert post_json(client, "/api/v1/rules/no.such.rule/values", body).status_code == 404

    def test_the_administrator_lists_adds_and_reads_the_history(self, client_for, users):
        client = client_for(users.sysadmin)
        rules = client.get("/api/v1/rules").json()
        quota = next(r for r in rules if r["code"] == CODE)
        assert quota["value"] == "16" and quota["since"] is None and quota["next"] is None
        body = {"value": "20", "valid_from": "2027-02-01", "source": "Permenaker 8/2014"}
        created = post_json(client, f"/api/v1/rules/{CODE}/values", body)
        assert created.status_code == 201 and created.json()["valid_from"] == "2027-02-01"
        again = post_json(client, f"/api/v1/rules/{CODE}/values", body | {"value": "18"})
        assert again.status_code == 422 and "20" in json.dumps(again.json())
        history = client.get(f"/api/v1/rules/{CODE}").json()["history"]
        assert [(h["value"], h["source"]) for h in history] == [("20", "Permenaker 8/2014")]
