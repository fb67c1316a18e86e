from datetime import date

import pytest

from bekal.people.nik import nik_errors, nik_mask

PROVINCES = {"16", "18"}


def errors(nik: str, *, birth: date | None = date(1990, 5, 17), sex: str = "M") -> dict[str, str]:
    return nik_errors(nik, birth_date=birth, sex=sex, province_codes=PROVINCES)


@pytest.mark.django_db
class TestNik:
    def test_it_accepts_a_man_born_on_the_encoded_date(self):
        assert errors("1608011705900001") == {}

    def test_it_accepts_a_woman_whose_day_has_40_added(self):
        assert errors("1608015705900001", sex="F") == {}

    def test_it_refuses_fewer_than_16_digits_and_names_the_count(self):
        assert "16" in errors("16080117059000")["nik"] and "14" in errors("16080117059000")["nik"]

    def test_it_refuses_letters(self):
        assert "nik" in errors("16080117059O0001")

    def test_it_refuses_an_unknown_province(self):
        assert "99" in errors("9908011705900001")["nik"]

    def test_it_refuses_a_month_13(self):
        assert "13" in errors("1608011713900001")["nik"]

    def test_it_refuses_day_32(self):
        assert "nik" in errors("1608013205900001")

    def test_it_refuses_serial_0000(self):
        assert "0000" in errors("1608011705900000")["nik"]

    def test_it_refuses_a_birth_date_that_disagrees(self):
        message = errors("1608011705900001", birth=date(1990, 5, 18))["birth_date"]
        assert "17-05-90" in message and "18-05-90" in message

    def test_it_refuses_a_man_recorded_with_a_womans_day(self):
        assert "sex" in errors("1608015705900001", sex="M")

    def test_it_refuses_a_woman_recorded_with_a_mans_day(self):
        assert "sex" in errors("1608011705900001", sex="F")

    def test_it_accepts_29_february(self):
        assert errors("1608012902000001", birth=date(2000, 2, 29)) == {}


def test_mask_hides_birth_date_and_serial():
    assert nik_mask("1608011705900001") == "•" * 12 + "0001"  # the last 4 digits at most (issue 16)
    assert nik_mask("") == ""
