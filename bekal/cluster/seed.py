"""The few rows the cluster tests need, written into the cluster's database by `manage.py shell` (not the test's
transaction): a Lapas under a Kanwil, a training centre, a training officer and a PKS without its signed PDF."""

from datetime import date

from django.db import transaction

from bekal.accounts.models import Role, User, UserRole
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.regions import regions_load
from bekal.training import services

USERNAME = "cluster.officer"
PASSWORD = "cluster-pass-2026"
AGREEMENT_NUMBER = "PKS/CLUSTER/2026"


@transaction.atomic
def seed() -> None:
    if not Region.objects.exists():
        regions_load(Region)
    ditjenpas = Organization.objects.create(name="Ditjenpas (cluster)", kind=OrganizationKind.DITJENPAS)
    kanwil = Organization.objects.create(
        name="Kanwil Sumsel (cluster)", kind=OrganizationKind.KANWIL, parent=ditjenpas, region_id="16"
    )
    lapas = Organization.objects.create(
        name="Lapas Martapura (cluster)", kind=OrganizationKind.LAPAS, parent=kanwil, region_id="16.08"
    )
    blk = Organization.objects.create(name="BLK Lubuklinggau (cluster)", kind=OrganizationKind.BLK, region_id="16.73")
    officer = User.objects.create_user(username=USERNAME, password=PASSWORD, organization=lapas)
    UserRole.objects.create(user=officer, role=Role.TRAINING_OFFICER)
    services.agreement_create(
        actor=User.objects.get(pk=officer.pk),
        unit=lapas,
        partners=[blk],
        kind="pks",
        number=AGREEMENT_NUMBER,
        title="Pelatihan las (cluster)",
        start_date=date(2026, 1, 1),
    )
