from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from bekal.people.models import CustodyPeriod


def test_anonymous_is_sent_to_login(client_for, db):
    response = client_for(None).get(reverse("home:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_training_officer_sees_the_units_releases_due(client_for, users, world, make_person):
    soon = make_person(world.martapura, full_name="Segera Bebas")
    CustodyPeriod.objects.filter(person=soon).update(expected_release_date=timezone.localdate() + timedelta(days=30))
    later = make_person(world.martapura, full_name="Masih Lama", birth_date=date(1970, 1, 1))
    CustodyPeriod.objects.filter(person=later).update(expected_release_date=timezone.localdate() + timedelta(days=400))
    body = client_for(users.officer).get(reverse("home:home")).content.decode()
    assert "Segera Bebas" in body and "Masih Lama" not in body


def test_a_pk_sees_their_own_clients(client_for, users, world, make_person):
    mine = make_person(world.muratara, full_name="Klien Saya", custody=False, supervision="pb")
    mine.supervision_periods.update(officer=users.pk)
    make_person(world.muratara, full_name="Klien Lain", custody=False, supervision="pb", birth_date=date(1970, 1, 1))
    body = client_for(users.pk).get(reverse("home:home")).content.decode()
    assert "Klien Saya" in body and "Klien Lain" not in body


def test_the_kanwil_sees_its_units_with_counts(client_for, users, world, make_person):
    make_person(world.martapura)
    body = client_for(users.regional).get(reverse("home:home")).content.decode()
    assert world.martapura.name in body and world.muratara.name in body and world.bandar_lampung.name not in body


def test_ditjenpas_sees_every_kanwil(client_for, users, world):
    body = client_for(users.national).get(reverse("home:home")).content.decode()
    assert world.kanwil_sumsel.name in body and world.kanwil_lampung.name in body


def test_partner_staff_see_no_registry_figure(client_for, users, world, make_person):
    make_person(world.martapura, full_name="Andi Rahasia")
    body = client_for(users.partner).get(reverse("home:home")).content.decode()
    assert "Andi Rahasia" not in body and reverse("organizations:detail", args=[world.blk.pk]) in body


def test_the_home_page_query_count_does_not_grow(client_for, users, world, make_person, django_assert_max_num_queries):
    client = client_for(users.regional)
    for i in range(10):
        make_person(world.martapura, full_name=f"Orang {i}", birth_date=date(1980, 1, i + 1))
    # The figures, the panels and the day's work (units behind the year; partnership actions due and steps overdue).
    with django_assert_max_num_queries(16):
        client.get(reverse("home:home"))
