"""The unit filter of the people list: the options of Django's own ModelChoiceField, read as rows (issue 18)."""

from django import forms

from bekal.organizations.models import Organization
from bekal.people.forms import UnitChoiceField


def test_the_unit_filter_writes_what_a_model_choice_field_writes(db):
    for i in range(3):
        Organization.objects.create(name=f"Lapas <{i}> & co", kind="lapas")
    units = Organization.objects.all()  # ordered by name, as the list's filter is
    plain = type("Plain", (forms.Form,), {"unit": forms.ModelChoiceField(queryset=units, required=False)})
    quick = type("Quick", (forms.Form,), {"unit": UnitChoiceField(queryset=units, required=False)})
    chosen = units[1]
    for data in (None, {"unit": str(chosen.pk)}, {"unit": "0"}):
        assert str(quick(data)["unit"]) == str(plain(data)["unit"])
    form = quick({"unit": str(chosen.pk)})
    assert form.is_valid() and form.cleaned_data["unit"] == chosen
    assert f'value="{chosen.pk}" selected>Lapas &lt;1&gt; &amp; co</option>' in str(form["unit"])
