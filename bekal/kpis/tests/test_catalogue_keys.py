"""What the dashboard reads from the catalogue alone (the nation's filter choices, a scope's units and their
Kanwils) is keyed on the catalogue's own version: a certificate or a release leaves it cached, a programme or a
unit saved shows at once."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from bekal.kpis import views
from bekal.organizations import figure_versions
from bekal.organizations.models import Organization, OrganizationKind
from bekal.organizations.scope import UnitScope

NATION = UnitScope(everything=True, unit_ids=frozenset())


def _spy(monkeypatch):
    computed: list[str] = []
    real = views._choices
    monkeypatch.setattr(views, "_choices", lambda user: computed.append("choices") or real(user))
    return computed


def test_an_outcome_write_leaves_the_nations_choices_and_a_programme_saved_shows_at_once(
    users, world, kpi, monkeypatch
):
    batch = kpi.batch(kpi.programme())
    kpi.enrol(batch, certified=True)
    figure_versions.flush()
    computed = _spy(monkeypatch)
    today = timezone.localdate()
    first = views.choices_figures(users.national, today)
    assert computed == ["choices"]
    kpi.enrol(batch, certified=True, released=date(2025, 9, 1))  # facts rewritten: the outcome versions move
    figure_versions.flush()
    again = views.choices_figures(users.national, today)
    assert computed == ["choices"]  # the catalogue did not change: the nation's choices were not recomputed
    assert again["programmes"] == first["programmes"] and again["years"] == first["years"]
    kpi.programme("Las listrik")
    figure_versions.flush()
    names = [name for _pk, name in views.choices_figures(users.national, today)["programmes"]]
    assert "Las listrik" in names and computed == ["choices", "choices"]


def test_a_unit_added_is_in_the_scope_at_once_and_the_writer_reads_its_own_uncommitted_catalogue(users, world):
    figure_versions.flush()  # what the commit of the set-up does
    before = figure_versions.catalogue_token(NATION)
    assert before is not None
    with transaction.atomic():
        Organization.objects.create(name="Lapas Baru", kind=OrganizationKind.LAPAS, parent=world.kanwil_sumsel)
        assert figure_versions.catalogue_token(NATION) is None  # its own write: read afresh, not cached
    figure_versions.flush()
    after = figure_versions.catalogue_token(NATION)
    assert after is not None and after != before


def test_the_years_offered_are_those_of_a_batch_end_a_release_or_a_budget_in_scope(users, world, kpi):
    from bekal.community_service.models import OrderStatus
    from bekal.kpis import selectors
    from bekal.kpis.tests.conftest import TODAY
    from bekal.people.models import CustodyPeriod

    batch = kpi.batch(kpi.programme(), end=date(2023, 6, 30))
    enrolment = kpi.enrol(batch)
    period = CustodyPeriod.objects.get(person=enrolment.person)
    period.admission_date, period.release_date, period.release_reason = date(2020, 1, 6), date(2021, 3, 1), "served"
    period.save()
    kpi.budget(world.martapura, 2019, "1000000", [], batch)
    kpi.order(world.martapura, due=date(2017, 5, 1), status=OrderStatus.COMPLETED)  # an order's year is not offered
    kpi.budget(world.bandar_lampung, 2018, "1000000", [], batch)  # Lampung: outside the officer's unit
    figure_versions.flush()
    assert selectors.years_available(user=users.national, today=TODAY) == [2023, 2021, 2019, 2018]
    assert selectors.years_available(user=users.officer, today=TODAY) == [2023, 2021, 2019]


def test_the_rendered_breakdown_and_filter_form_follow_every_write_and_every_filter(client_for, users, world, kpi):
    import re

    from django.urls import reverse

    from bekal.training.models import Attendance, AttendanceReason, TrainingDay

    batch = kpi.batch(kpi.programme("Barista"))
    kept = kpi.enrol(batch, days=(18, 20))
    figure_versions.flush()
    client = client_for(users.national)
    url = reverse("kpis:dashboard")

    def breakdown(**params):
        body = client.get(url, {"by": "unit", **params}).content.decode()
        form = body[body.index('id="kpi-filters"') :]
        return body[body.index('id="kpi-breakdown"') :], form[: form.index("</form>")]

    table, _form = breakdown()
    assert "(<a" in table and ">18</a>/<a" in table and ">20</a>" in table
    assert breakdown()[0] == table  # read again: the same fragment
    day = TrainingDay.objects.create(batch=batch, date=date(2025, 6, 26), jp=8)
    Attendance.objects.create(enrollment=kept, day=day, reason=AttendanceReason.objects.get(code="present"))
    figure_versions.flush()
    table, form = breakdown()
    assert ">19</a>/<a" in table and ">21</a>" in table  # the mark is in the rendered table at once
    assert not re.search(r'<option value="\d+" selected>Barista', form)
    kpi.programme("Las listrik")
    figure_versions.flush()
    assert ">Las listrik</option>" in breakdown()[1]  # the programme saved since
    chosen = f'<option value="{batch.programme_id}" selected>Barista</option>'
    assert chosen in breakdown(programme=batch.programme_id)[1]  # the same choices, another filter chosen
    assert chosen not in breakdown()[1]


def test_a_programme_renamed_shows_under_its_new_name_in_a_units_cached_breakdown(
    client_for, users, world, kpi, monkeypatch
):
    # The programme's provider is the BLK, not the Lapas: the Lapas's own records did not change, but the names in
    # its breakdown come from the catalogue.
    from django.urls import reverse

    computed: list[int] = []
    real = views._dashboard_figures
    monkeypatch.setattr(views, "_dashboard_figures", lambda *args: computed.append(1) or real(*args))
    programme = kpi.programme("Barista")
    kpi.enrol(kpi.batch(programme), certified=True)
    client = client_for(users.head)
    url = reverse("kpis:dashboard")
    client.get(url, {"by": "programme"})
    figure_versions.flush()
    assert ">Barista<" in client.get(url, {"by": "programme"}).content.decode()
    assert ">Barista<" in client.get(url, {"by": "programme"}).content.decode()
    assert len(computed) == 2  # the last read came from the cache
    programme.name = "Barista dan Kopi"
    programme.save()
    figure_versions.flush()
    body = client.get(url, {"by": "programme"}).content.decode()
    assert ">Barista dan Kopi<" in body and ">Barista<" not in body
