"""No 500 on any input through the main write pages (issue 16 item 5).

Hypothesis posts generated values (over-length text, NUL bytes, huge numbers and years, odd dates, empty values)
through the registration, custody, supervision and batch pages with the test client, and every answer must be a
page with form errors or a redirect, never a server error. Each example starts from a valid post and replaces up to
three of its fields, so many posts pass the form and reach the service (each page's valid post is checked to redirect
on its own). The tests live in `training` because the batch page sits there and the people pages below it.
FUZZ_EXAMPLES=200 in the environment runs a deeper search than the 25 examples per page of the suite.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bekal.training.tests.fuzz import FUZZ, dates, mutate, numbers, post_answer, texts


@pytest.fixture
def officer_client(users: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(users.officer)
    return client


@pytest.fixture
def pk_client(users: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(users.pk)
    return client


PERSON = {
    "full_name": "Budi Santoso",
    "other_names": "",
    "nik": "",
    "birth_date": "1990-05-17",
    "sex": "M",
    "education": "",
    "home_region": "",
    "phone": "",
    "confirm_new": "1",
}


@FUZZ
@given(data=st.data())
def test_person_registration_never_fails(officer_client: Client, world: Any, data: Any) -> None:
    wild = {
        "full_name": texts,
        "other_names": texts,
        "nik": st.one_of(texts, numbers),
        "birth_date": dates,
        "sex": st.sampled_from(["", "F", "X", "\x00"]),
        "education": st.one_of(texts, st.sampled_from(["sma", "s1"])),
        "phone": st.one_of(texts, numbers),
        "home_region": st.one_of(numbers, texts),
    }
    post = {**mutate(data, PERSON, wild), "registered_unit": world.martapura.pk}
    post_answer(officer_client, reverse("people:create"), post)


def test_person_registration_fuzz_reaches_the_service(officer_client: Client, world: Any) -> None:
    assert (
        post_answer(officer_client, reverse("people:create"), {**PERSON, "registered_unit": world.martapura.pk}) == 302
    )


CUSTODY = {
    "register_number": "BI.01/2025",
    "register_class": "",
    "admission_date": "2025-01-10",
    "offence_category": "theft",
    "sentence_years": "2",
    "sentence_months": "0",
    "sentence_days": "0",
    "expected_release_date": "",
}


@FUZZ
@given(data=st.data())
def test_custody_period_never_fails(officer_client: Client, world: Any, make_person: Any, data: Any) -> None:
    wild = {
        "register_number": texts,
        "register_class": texts,
        "admission_date": dates,
        "offence_category": st.one_of(texts, st.just("narcotics")),
        "sentence_years": numbers,
        "sentence_months": numbers,
        "sentence_days": numbers,
        "expected_release_date": dates,
    }
    person = make_person(world.martapura, custody=False)
    post = {**mutate(data, CUSTODY, wild), "unit": world.martapura.pk}
    post_answer(officer_client, reverse("people:custody-create", args=[person.pk]), post)


def test_custody_period_fuzz_reaches_the_service(officer_client: Client, world: Any, make_person: Any) -> None:
    person = make_person(world.martapura, custody=False)
    url = reverse("people:custody-create", args=[person.pk])
    assert post_answer(officer_client, url, {**CUSTODY, "unit": world.martapura.pk}) == 302


SUPERVISION = {
    "kind": "pb",
    "start_date": "2025-01-10",
    "expected_end_date": "2025-12-31",
    "ended_on": "",
    "end_reason": "",
}


@FUZZ
@given(data=st.data())
def test_supervision_period_never_fails(pk_client: Client, world: Any, users: Any, make_person: Any, data: Any) -> None:
    wild = {
        "kind": st.sampled_from(["cb", "asimilasi", "", "x" * 300, "\x00"]),
        "start_date": dates,
        "expected_end_date": dates,
        "ended_on": dates,
        "end_reason": st.one_of(texts, st.sampled_from(["completed", "revoked"])),
        "officer": numbers,
    }
    person = make_person(world.muratara, custody=False)
    post = {"officer": users.pk.pk, **mutate(data, SUPERVISION, wild), "unit": world.muratara.pk}
    post_answer(pk_client, reverse("people:supervision-create", args=[person.pk]), post)


def test_supervision_period_fuzz_reaches_the_service(
    pk_client: Client, world: Any, users: Any, make_person: Any
) -> None:
    person = make_person(world.muratara, custody=False)
    post = {**SUPERVISION, "officer": users.pk.pk, "unit": world.muratara.pk}
    assert post_answer(pk_client, reverse("people:supervision-create", args=[person.pk]), post) == 302


BATCH = {
    "name": "Barista Angkatan II",
    "venue": "blk",
    "start_date": "2025-03-03",
    "end_date": "2025-03-28",
    "jp_per_day": "",
    "quota": "",
    "confirm_without_agreement": "on",
}


@FUZZ
@given(data=st.data())
def test_batch_creation_never_fails(
    officer_client: Client, world: Any, programme: Any, agreement: Any, data: Any
) -> None:
    wild = {
        "name": texts,
        "venue": st.sampled_from(["inside", "mobile", "", "\x00", "x" * 300]),
        "start_date": dates,
        "end_date": dates,
        "jp_per_day": numbers,
        "quota": numbers,
        "confirm_without_agreement": st.just(""),
    }
    post = {**mutate(data, BATCH, wild), "programme": programme.pk, "units": [world.martapura.pk]}
    post_answer(officer_client, reverse("training:batch-create"), post)


def test_batch_creation_fuzz_reaches_the_service(
    officer_client: Client, world: Any, programme: Any, agreement: Any
) -> None:
    post = {**BATCH, "programme": programme.pk, "units": [world.martapura.pk]}
    assert post_answer(officer_client, reverse("training:batch-create"), post) == 302
