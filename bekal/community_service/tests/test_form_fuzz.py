"""No 500 on the community-service session page (issue 16 item 5): generated values posted over a valid session (odd
times and dates, huge minutes, over-length text, NUL bytes) answer a page with form errors or a redirect."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bekal.community_service.models import Outcome
from bekal.training.tests.fuzz import FUZZ, dates, mutate, numbers, post_answer, texts

SESSION = {"date": "2026-03-03", "start": "08:00", "end": "10:00", "outcome": Outcome.ATTENDED_COMPLIED}
times = st.one_of(
    st.just(""),
    st.times().map(lambda t: t.isoformat()),
    st.sampled_from(["24:00", "07:60", "25:61", "-1:00", "\x00", "8"]),
    texts,
)


@pytest.fixture
def pk_client(users: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(users.pk)
    return client


@FUZZ
@given(data=st.data())
def test_session_recording_never_fails(pk_client: Client, order: Any, data: Any) -> None:
    wild = {
        "date": dates,
        "start": times,
        "end": times,
        "outcome": st.one_of(st.sampled_from(list(Outcome.values)), texts),
        "minutes_credited": numbers,
        "absence_reason": texts,
        "work_quality": st.one_of(numbers, st.sampled_from(["1", "5"])),
        "behaviour": st.one_of(numbers, st.sampled_from(["1", "5"])),
        "supervised_by": texts,
        "notes": texts,
        "site_exception": st.sampled_from(["", "on"]),
        "site_exception_reason": texts,
        "idempotency_key": texts,
    }
    post_answer(pk_client, reverse("community_service:session-create", args=[order.pk]), mutate(data, SESSION, wild))


def test_session_fuzz_reaches_the_service(pk_client: Client, order: Any) -> None:
    url = reverse("community_service:session-create", args=[order.pk])
    assert post_answer(pk_client, url, SESSION) == 302
