from bekal.organizations.models import Region


def test_all_38_provinces_are_shipped(db):
    assert Region.objects.filter(level="province").count() == 38


def test_every_regency_of_sumatera_selatan_and_lampung_is_shipped(db):
    assert Region.objects.filter(parent_id="16").count() == 17
    assert Region.objects.filter(parent_id="18").count() == 15
    assert Region.objects.get(code="16.13").name == "Kabupaten Musi Rawas Utara"


def test_the_whole_kemendagri_list_is_shipped(db):
    assert Region.objects.filter(level="regency").count() == 514
    assert Region.objects.get(code="16.13").nik_prefix == "1613"
