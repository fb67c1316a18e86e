from django.urls import reverse


def test_the_directory_needs_login(client_for, world):
    assert client_for(None).get(reverse("organizations:list")).status_code == 302
    assert client_for(None).get(reverse("organizations:detail", args=[world.martapura.pk])).status_code == 302
    assert client_for(None).get("/api/v1/organizations").status_code == 401


def test_every_signed_in_user_reads_the_directory_including_partners(client_for, users, world):
    for user in [users.partner, users.officer, users.regional]:
        assert client_for(user).get(reverse("organizations:list")).status_code == 200
        assert client_for(user).get(reverse("organizations:detail", args=[world.martapura.pk])).status_code == 200


def test_an_unknown_organisation_is_404(client_for, users):
    assert client_for(users.officer).get(reverse("organizations:detail", args=[999999])).status_code == 404
    assert client_for(users.officer).get("/api/v1/organizations/999999").status_code == 404


def test_filters_by_kind_and_province(client_for, users, world):
    client = client_for(users.partner)
    body = client.get(reverse("organizations:list"), {"kind": "lapas", "province": "18"}).content.decode()
    assert world.bandar_lampung.name in body and world.martapura.name not in body


def test_the_kanwil_page_lists_its_units(client_for, users, world):
    body = client_for(users.officer).get(reverse("organizations:detail", args=[world.kanwil_sumsel.pk])).content
    assert world.martapura.name in body.decode() and world.bandar_lampung.name not in body.decode()


def test_the_api_lists_regions_and_organisations(client_for, users, world):
    client = client_for(users.partner)
    regencies = client.get("/api/v1/regions", {"parent": "16"}).json()
    assert len(regencies) == 17
    items = client.get("/api/v1/organizations", {"kind": "bapas"}).json()["items"]
    assert [o["name"] for o in items] == [world.muratara.name]


def test_the_list_query_count_does_not_grow(client_for, users, world, django_assert_max_num_queries):
    from bekal.organizations.models import Organization

    for i in range(20):
        Organization.objects.create(name=f"UMKM {i}", kind="umkm", parent=world.kanwil_sumsel, region_id="16.08")
    client = client_for(users.officer)
    with django_assert_max_num_queries(8):
        client.get(reverse("organizations:list"))
