import pytest
from django import forms

from bekal.core.forms import QuickSelect

GROUPED = [("Kanwil <Aceh>", [("1", "Lapas A & B"), ("2", 'Rutan "C"')]), ("3", "Bapas D")]
ATTRS = {"class": 'x"<', "disabled": True, "hidden": False}


class Plain(forms.Form):
    unit = forms.ChoiceField(choices=GROUPED, required=False, widget=forms.Select(attrs=ATTRS))


class Quick(forms.Form):
    unit = forms.ChoiceField(choices=GROUPED, required=False, widget=QuickSelect(attrs=ATTRS))


@pytest.mark.parametrize("data", [None, {"unit": "2"}, {"unit": "3"}, {"unit": "nope"}])
def test_it_writes_the_html_of_djangos_select_template(data):
    expected = str(Plain(data)["unit"])
    assert str(Quick(data)["unit"]) == expected
    assert "&lt;Aceh&gt;" in expected and "A &amp; B" in expected  # names are escaped, as the template does
    assert ' class="x&quot;&lt;" disabled ' in expected and "hidden" not in expected
