"""Hypothesis strategies and helpers shared by the page fuzz tests (issue 16 item 5): what careless users and
attackers type, posted through the Django test client; every answer must be a page or a redirect, never a 5xx."""

import os
from datetime import date
from typing import Any

from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(  # 25 examples a page keep the four runs well under a minute
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What careless users and attackers type: empty, NUL bytes, over-length, digits beyond any column, odd dates.
texts = st.one_of(
    st.just(""),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("a\x00 ="), min_size=1, max_size=10),
    st.integers(min_value=201, max_value=5000).map(lambda n: "x" * n),
    st.just('=HYPERLINK("http://evil.example")'),
)
numbers = st.one_of(
    st.just(""),
    st.integers().map(str),
    st.integers(min_value=2**31 - 2, max_value=2**70).map(str),
    st.sampled_from(["-1", "0", "1e40", "NaN", "Infinity", "١٢", "12.5", " 7 ", "\x00"]),
)
dates = st.one_of(
    st.just(""),
    st.dates().map(lambda d: d.isoformat()),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)).map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "99999-01-01", "2025-02-30", "2025-13-01", "31/12/2025", "\x00"]),
    st.text(max_size=12),
)


def post_answer(client: Client, url: str, data: dict[str, Any]) -> int:
    """Post the data; fail unless the answer is a page (form errors) or a redirect."""
    response = client.post(url, data)
    assert response.status_code in (200, 302), (response.status_code, data)
    return response.status_code


def mutate(data: st.DataObject, valid: dict[str, Any], wild: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    """The valid post with up to three of its fields replaced by generated values."""
    fields = data.draw(st.sets(st.sampled_from(sorted(wild)), max_size=3))
    return {**valid, **{name: data.draw(wild[name], label=name) for name in sorted(fields)}}
