"""The few rows the cluster tests need, written into the cluster's database by `manage.py shell` (not the test's
transaction): a Lapas under a Kanwil, a training centre, a training officer and a PKS without its signed PDF; a head
of unit with an email address and an MoU in force that ends within the notice period; a password for the generated
nation's national viewer."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from bekal.accounts.models import Role, User, UserRole
from bekal.organizations.models import Organization, OrganizationKind, Region
from bekal.organizations.regions import regions_load
from bekal.training import services

USERNAME = "cluster.officer"
PASSWORD = "cluster-pass-2026"
AGREEMENT_NUMBER = "PKS/CLUSTER/2026"
EXPIRING_NUMBER = "MOU/CLUSTER/EXPIRING"
HEAD = "cluster.head"
HEAD_EMAIL = "kalapas@cluster.example"
NATIONAL = "bench.national"  # made by generate_national


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
    head = User.objects.create_user(username=HEAD, password=PASSWORD, organization=lapas, email=HEAD_EMAIL)
    UserRole.objects.create(user=head, role=Role.HEAD_OF_UNIT)
    today = timezone.localdate()
    expiring = services.agreement_create(
        actor=User.objects.get(pk=officer.pk),
        unit=lapas,
        partners=[blk],
        kind="mou",
        number=EXPIRING_NUMBER,
        title="Nota kesepahaman (cluster), berakhir dalam masa pemberitahuan",
        start_date=today - timedelta(days=300),
        end_date=today + timedelta(days=30),
    )
    expiring = services.agreement_move(actor=officer, agreement=expiring, status="proposed", on=today)
    services.agreement_move(
        actor=User.objects.get(pk=head.pk), agreement=expiring, status="active", on=today, signing_date=today
    )
    national = User.objects.get(username=NATIONAL)
    national.set_password(PASSWORD)
    national.save(update_fields=["password"])
