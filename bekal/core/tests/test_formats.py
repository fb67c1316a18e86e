"""The one formatting module: Indonesian by default, English in the English interface."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from bekal.core import formats


def test_indonesian_dates_numbers_money_percent_and_hours():
    with translation.override("id"):
        assert formats.date_long(date(2027, 2, 5)) == "5 Februari 2027"
        assert formats.date_short(date(1976, 8, 1)) == "1 Agu 1976"
        assert formats.date_weekday(date(2026, 11, 2)) == "Sen, 2 Nov 2026"
        moment = datetime(2026, 12, 5, 2, 45, tzinfo=ZoneInfo("UTC"))
        assert formats.datetime_short(moment) == "5 Des 2026 09:45"  # Asia/Jakarta
        assert formats.clock(time(7, 5)) == "07:05"
        assert formats.number(216098) == "216.098"
        assert formats.number(Decimal("3.5")) == "3,5"
        assert formats.percent(Decimal("72.5")) == "72,5%"
        assert formats.percent(76) == "76%"
        assert formats.percent(Decimal("76.00")) == "76%"
        assert formats.money(5000000) == "Rp5.000.000"
        assert formats.duration(210) == "3 jam 30 menit"
        assert formats.duration(45) == "45 menit"
        assert formats.duration(-60) == "-1 jam"
        assert formats.duration(None) == "0 menit"
        assert formats.yes_no(True) == "Ya"


def test_english_interface_uses_english_formats():
    with translation.override("en"):
        assert formats.date_long(date(2027, 2, 5)) == "5 February 2027"
        assert formats.number(216098) == "216,098"
        assert formats.percent(Decimal("72.5")) == "72.5%"
        assert formats.money(5000000) == "Rp5,000,000"
        assert formats.duration(210) == "3 hours 30 minutes"
        assert formats.duration(61) == "1 hour 1 minute"


@pytest.mark.parametrize("language", ["id", "en", None])
def test_whole_numbers_are_written_as_django_writes_them(language):
    # number() groups a whole number itself (a national table formats thousands): the same text as Django's.
    from django.utils.formats import number_format

    with translation.override(language):
        for value in (0, 7, -7, 999, 1000, -1000, 216098, -1234567, 10**12, 2**62):
            assert formats.number(value) == number_format(value, force_grouping=True), value
        assert formats.number(True) == number_format(True, force_grouping=True)  # not an int's subclass path


def test_messages_get_dates_in_words_not_iso():
    with translation.override("id"):
        assert formats.readable({"date": date(2027, 2, 5), "n": 3}) == {"date": "5 Februari 2027", "n": 3}


def test_the_filters_are_built_into_every_template():
    template = Template(
        "{{ n|number }} {{ r|money }} {{ p|percent }} {{ m|duration }} {{ d|date_long }} {{ x|number }}"
    )
    with translation.override("id"):
        text = template.render(Context({"n": 216098, "r": 5000000, "p": 72.5, "m": 90, "d": date(2027, 2, 5)}))
    assert text == "216.098 Rp5.000.000 72,5% 1 jam 30 menit 5 Februari 2027 "


def test_forms_read_day_month_year_and_iso():
    from django import forms

    field = forms.DateField()
    with translation.override("id"):
        assert field.clean("05/02/2027") == date(2027, 2, 5)
        assert field.clean("2027-02-05") == date(2027, 2, 5)
    with translation.override("en"):
        assert field.clean("05/02/2027") == date(2027, 2, 5)
