import pytest
from django import forms

from bekal.core.forms import QuickSelect

GROUPED = [("Kanwil <Aceh>", [("1", "Lapas A & B"), ("2", 'Rutan "C"')]), ("3", "Bapas D")]


def _pair(field: type[forms.Field], **kwargs: object) -> tuple[type[forms.Form], type[forms.Form]]:
    attrs = {"class": 'x"<', "disabled": True, "hidden": False}
    plain = type("Plain", (forms.Form,), {"unit": field(widget=forms.Select(attrs=attrs), **kwargs)})
    quick = type("Quick", (forms.Form,), {"unit": field(widget=QuickSelect(attrs=attrs), **kwargs)})
    return plain, quick


@pytest.mark.parametrize("data", [None, {"unit": "2"}, {"unit": "3"}, {"unit": "nope"}])
def test_it_writes_the_html_of_djangos_select_template(data):
    plain, quick = _pair(forms.ChoiceField, choices=GROUPED, required=False)
    expected = str(plain(data)["unit"])
    assert str(quick(data)["unit"]) == expected
    assert "&lt;Aceh&gt;" in expected and "A &amp; B" in expected  # names are escaped, as the template does
