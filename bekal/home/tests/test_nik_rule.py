"""Issue 16, item 6: one written rule on who sees a full NIK. The README's table and the code agree: the roles that
may reveal a NIK on request, the roles that get it in the BNSP candidate list (partner staff only as staff of the
assessing LSP), and no one else; partner pages show neither a masked NIK nor a birth date."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from bekal.accounts.access import CAPABILITIES, Capability
from bekal.accounts.models import Role
from bekal.certification import services as certification
from bekal.certification.models import AssessmentEvent, Decision
from bekal.conftest import valid_nik
from bekal.people.models import Person
from bekal.training.models import Batch

README = Path(__file__).resolve().parents[3] / "README.md"


def _rule_table() -> dict[str, str]:
    text = README.read_text()
    section = text[text.index("### Who sees a full NIK") :]
    section = section[: section.index("\n\n", section.index("| role | full NIK |"))]
    return dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", section, flags=re.MULTILINE))


def test_the_readme_rule_and_the_capabilities_agree():
    table = _rule_table()
    assert set(table) == set(Role.values)
    assert {r for r, how in table.items() if "on request" in how} == set(CAPABILITIES[Capability.NIK_REVEAL])
    assert {r for r, how in table.items() if "BNSP candidate list" in how} == set(CAPABILITIES[Capability.BNSP_EXPORT])
    assert {r for r, how in table.items() if how.startswith("never")} == (
        set(Role.values) - CAPABILITIES[Capability.NIK_REVEAL] - CAPABILITIES[Capability.BNSP_EXPORT]
    )


def _niks_in(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return {str(c.value) for row in sheet.iter_rows() for c in row if re.fullmatch(r"\d{16}", str(c.value or ""))}


def test_the_bnsp_list_gives_the_full_nik_only_as_the_rule_says(demo, make_user):
    event = (
        AssessmentEvent.objects.filter(batch__units=demo["martapura.bimker"].organization, decisions__isnull=False)
        .select_related("lsp")
        .distinct()
        .first()
    )
    assert event is not None
    niks = set()
    for decision in Decision.objects.filter(event=event).select_related("enrollment__person"):
        person = decision.enrollment.person
        if not person.nik:  # the demo leaves some NIKs out; every candidate here has one
            person.nik = valid_nik(birth=person.birth_date, female=person.sex == "F")
            Person.objects.filter(pk=person.pk).update(nik=person.nik)
        niks.add(person.nik)
    lsp_staff = make_user(event.lsp, Role.PARTNER_STAFF)
    for user in (demo["martapura.bimker"], demo["admin"], lsp_staff):
        assert _niks_in(certification.bnsp_report(actor=user, event=event).read()) == niks
    for username in ("martapura.kalapas", "kanwil.sumsel", "ditjenpas", "blk.lubuklinggau", "kejari.lubuklinggau"):
        with pytest.raises((PermissionDenied, ValidationError)):
            certification.bnsp_report(actor=demo[username], event=event)


def test_partner_pages_show_no_masked_nik_and_no_birth_date(demo, client_for):
    partner = demo["blk.lubuklinggau"]
    batches = Batch.objects.filter(provider=partner.organization).prefetch_related("enrollments__person")
    assert batches
    client = client_for(partner)
    for batch in batches:
        body = client.get(reverse("training:batch-detail", args=[batch.pk])).content.decode()
        people = [e.person for e in batch.enrollments.all()]
        assert any(p.full_name in body for p in people)
        assert "•" not in body
        for person in people:
            assert person.birth_date.isoformat() not in body and (person.nik or "-" * 16) not in body
