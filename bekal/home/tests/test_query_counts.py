"""The home page's blocks do not run a query per row, for each kind of user (see `bekal.core.testing`)."""

import itertools
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from bekal.core.testing import assert_flat_queries, covers
from bekal.people.models import CustodyPeriod
from bekal.training.models import Agreement, AgreementStatus

_n = itertools.count()


@covers("home:home")
class TestHome:
    def test_a_lapas_officer_with_releases_due(self, client_for, users, world, make_person):
        def grow(n):
            names = []
            for _ in range(n):
                i = next(_n)
                person = make_person(world.martapura, full_name=f"Segera {i}", birth_date=date(1980, 1, 1 + i % 28))
                CustodyPeriod.objects.filter(person=person).update(
                    expected_release_date=timezone.localdate() + timedelta(days=30)
                )
                names.append(person.full_name)
            return names

        assert_flat_queries(client_for(users.officer), reverse("home:home"), grow, ceiling=30)

    def test_a_pk_with_their_clients(self, client_for, users, world, make_person):
        def grow(n):
            names = []
            for _ in range(n):
                i = next(_n)
                person = make_person(
                    world.muratara, full_name=f"Klien {i}", custody=False, supervision="pb", birth_date=date(1970, 1, 1)
                )
                person.supervision_periods.update(officer=users.pk)
                names.append(person.full_name)
            return names

        assert_flat_queries(client_for(users.pk), reverse("home:home"), grow, ceiling=30)

    def test_a_regional_viewer_with_units(self, client_for, users, world):
        from bekal.organizations.models import Organization, OrganizationKind

        def grow(n):
            names = []
            for _ in range(n):
                unit = Organization.objects.create(
                    name=f"Lapas Baru {next(_n)}", kind=OrganizationKind.LAPAS, parent=world.kanwil_sumsel
                )
                names.append(unit.name)
            return names

        assert_flat_queries(client_for(users.regional), reverse("home:home"), grow, ceiling=20)

    def test_a_head_with_expiring_agreements(self, client_for, users, world):
        def grow(n):
            names = []
            for _ in range(n):
                i = next(_n)
                agreement = Agreement.objects.create(
                    kind="pks",
                    number=f"PKS/H/{i}",
                    title=f"Segera berakhir {i}",
                    unit=world.martapura,
                    start_date=date(2024, 1, 1),
                    end_date=timezone.localdate() + timedelta(days=10),
                    status=AgreementStatus.ACTIVE,
                )
                agreement.partners.set([world.blk])
                names.append(agreement.number)
            return names

        assert_flat_queries(client_for(users.head), reverse("home:home"), grow, ceiling=30)

    def test_a_national_viewer_with_regional_offices(self, client_for, users, world):
        from bekal.organizations.models import Organization, OrganizationKind

        def grow(n):
            names = []
            for _ in range(n):
                i = next(_n)
                kanwil = Organization.objects.create(
                    name=f"Kanwil Baru {i}", kind=OrganizationKind.KANWIL, parent=world.ditjenpas
                )
                Organization.objects.create(name=f"Lapas di {i}", kind=OrganizationKind.LAPAS, parent=kanwil)
                names.append(kanwil.name)
            return names

        assert_flat_queries(client_for(users.national), reverse("home:home"), grow, ceiling=20)

    def test_a_partner(self, client_for, users, world):
        from bekal.organizations.models import Organization, OrganizationKind

        def grow(n):
            # Nothing on a partner's home page lists rows; what they could see must not leak in as queries either.
            for _ in range(n):
                Organization.objects.create(name=f"BLK {next(_n)}", kind=OrganizationKind.BLK)
            return []

        # 15: with the partnership work items (follow-up actions due, forum commitments open) and the provider's
        # instructors' expiring certificates (the window rule and one query).
        assert_flat_queries(client_for(users.partner), reverse("home:home"), grow, ceiling=15)
