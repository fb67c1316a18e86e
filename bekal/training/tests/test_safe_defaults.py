"""No destructive or stated value is preselected: the day editor opens on no kind (removing a day is its own
choice), the nomination form leaves the interest-statement date for the officer to state."""

from django.urls import reverse

from bekal.training import forms


def test_the_day_editor_opens_on_no_kind_and_removal_is_a_choice(client_for, users, batch):
    page = client_for(users.officer).get(reverse("training:batch-detail", args=[batch.pk])).content.decode()
    select = page[page.index('name="kind"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>' in select and 'value="remove"' in select
    assert not forms.DayForm({"date": "2025-03-31"}).is_valid()  # a kind must be chosen
    url = reverse("training:batch-day", args=[batch.pk])
    client = client_for(users.officer)
    assert client.post(url, {"date": "2025-03-31"}).status_code == 302
    assert batch.days.count() == 20
    client.post(url, {"date": "2025-03-31", "kind": "training"})
    assert batch.days.count() == 21
    client.post(url, {"date": "2025-03-31", "kind": "remove"})
    assert batch.days.count() == 20


def test_the_interest_statement_date_is_not_prefilled(client_for, users, open_batch, world, make_person):
    make_person(world.martapura, full_name="Andi Saputra")
    page = client_for(users.officer).get(reverse("training:batch-nominate", args=[open_batch.pk])).content.decode()
    field = page[page.index('name="interest_statement_on"') :]
    assert "value=" not in field[: field.index(">")]
